import { concepts, conceptPattern } from '../../../lexicon';
import type { Mention } from '../mentions';
import type { Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * The reporter a sentence leaves implicit because it is an instruction to whoever notices an
 * incident: 「…を発見した場合は、情報セキュリティ責任者に報告します。」「…開いてしまった場合は、
 * すぐにシステム管理部門へ連絡する。」「…下記フォームよりご報告ください。」, "If you suspect …,
 * contact …", "you must report it via …". That reader is the organization's staff.
 */

const JA_DISCOVERER = /(?:発見|気付|気づ|認知|覚知|察知|目撃|開いてしまっ|受信し|紛失し|盗難に遭|感染し|被害に遭|遭遇し|疑われる(?:兆候|事象|場合)|疑いのある(?:事象|場合))[^。]{0,40}(?:場合|とき|時|際|たら|ら、)/u;
const JA_REQUEST = /(?:ください|下さい|願います|お願いします)[。.]?$/u;
const EN_YOU = /\b(?:if|when|should|once)\s+you\b|\byou\s+(?:must|should|shall|will|need|are|have)\b|^(?:\W*|\d+[.)]\s*)(?:please\s+)?(?:immediately\s+|promptly\s+)?(?:report|contact|notify|call|email|e-mail|inform|tell|alert)\b/iu;

/**
 * "All suspected incidents must be reported to the Security Team", "If a password is compromised
 * the incident should be escalated to …", "Any known violations of this policy should be reported
 * to …": a duty passive whose subject is the incident itself and that no agent, section or earlier
 * sentence claims is addressed to whoever notices it — the staff. `before` is the text before the
 * verb, ending in the modal and "be".
 */
const EN_DUTY_PASSIVE = /\b(?:must|shall|should|is to|are to|needs? to|has to|have to)\s+(?:\w+ly\s+|also\s+|always\s+)*be\s+(?:\w+ly\s+)?$/iu;
const EN_INCIDENT_SUBJECT = /(?:\b(?:all|any|every|each|suspected|known|actual|potential|possible|observed|detected|discovered)\s+(?:[\w-]+\s+){0,3}?(?:incidents?|breach(?:es)?|violations?|weakness(?:es)?|events?|compromises?|loss(?:es)?|thefts?)|^\W*(?:if|when|where|should)\b[^.;]{3,120}?\b(?:it|this|the (?:incident|breach|event|loss|compromise)))(?:\s+(?:of|involving|affecting|regarding|concerning|to)\s+[^,;]{1,60}?)?\s+(?:must|shall|should|is to|are to|needs? to|has to|have to)\s/iu;
/** Reports that go outside (the police, the regulator, "Parliament") are the organization's, not the staff's. */
const OUTSIDE = new Set(['nisc', 'police', 'supervisor']);
const RECEIVING_UNIT = conceptPattern(concepts.receivingUnit);
export function implicitPassiveReporter(ctx: ReadingContext, u: Unit, before: string, recipients: readonly Mention[]): Endpoint | undefined {
  if (!EN_DUTY_PASSIVE.test(before) || !EN_INCIDENT_SUBJECT.test(before)) return undefined;
  if (!recipients.length || recipients.some((r) => (r.role ? OUTSIDE.has(r.role) : !(r.roleLike || RECEIVING_UNIT.test(r.display))) || r.generic)) return undefined;
  return ctx.implied('staff', u.snippet.spanOfNorm(0, 0), 'en');
}

export function implicitReporter(ctx: ReadingContext, u: Unit): Endpoint | undefined {
  const norm = u.snippet.norm;
  const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(norm);
  const said = japanese ? JA_DISCOVERER.exec(norm) ?? JA_REQUEST.exec(norm) : EN_YOU.exec(norm);
  if (!said) return undefined;
  const span = u.snippet.spanOfNorm(said.index, said.index + said[0].length);
  return ctx.implied('staff', span, japanese ? 'ja' : 'en');
}
