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

export function implicitReporter(ctx: ReadingContext, u: Unit): Endpoint | undefined {
  const norm = u.snippet.norm;
  const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(norm);
  const said = japanese ? JA_DISCOVERER.exec(norm) ?? JA_REQUEST.exec(norm) : EN_YOU.exec(norm);
  if (!said) return undefined;
  const span = u.snippet.spanOfNorm(said.index, said.index + said[0].length);
  return { role: 'staff', title: undefined, display: ctx.lexicon.roleName('staff')[japanese ? 'ja' : 'en'], span, generic: false, roleLike: false, base: undefined, implicit: true };
}
