import { afterMention } from '../grammar';
import type { Assignment, Endpoint } from '../types';
import type { Unit } from '../units';
import type { ReadingContext } from './context';

/**
 * What a duty says about who someone is:
 * - 「リーダーは、弘前大学CSIRTの業務を掌理する」「CSIRT長は、CSIRTの業務を統括する」, "X leads
 *   the CSIRT": X is the CSIRT's lead, whatever the post is called (a role identity);
 * - a duty list of a team or office that includes receiving reports (「(1) …通報受付及び…」
 *   under 「CSIRTは、次の各号に掲げる業務を行う。」), or "X receives incident reports": X is the
 *   reporting contact point;
 * - 「…司令塔部署(CSIRT)を決め、社内にインシデント報告窓口として周知している」: the thing
 *   made known as the contact point is it.
 */

export interface RoleIdentity {
  /** Title key of the post. */
  key: string;
  role: string;
}

const LEADS_TEAM_JA = /^(?:は|が)、?(?:[^、。]{0,20}の|[\p{Script=Han}\p{Script=Katakana}ー]{0,12})?$/u;
const LEADS_VERB_JA = /^の(?:業務|事務|活動|運営)?を(?:掌理|統括|総括|総理|指揮|統率|主宰)/u;
const LEADS_EN = /\b(?:leads?|heads?|directs?|manages?|is in charge of|is responsible for leading|commands?)\s+(?:the\s+|our\s+)?$/u;
const DUTY_LEAD = /(?:業務|事務|所掌|任務|役割|責務|機能)|次(?:の各号)?に掲げる|次のとおり|following (?:duties|functions|tasks|responsibilities)/u;
const RECEIVES_REPORTS_JA = /通報(?:の)?受付|報告(?:の)?受付|相談(?:の)?受付|通報を受け付け|報告を受け付け|受付窓口|報告を一元的に受け/u;
const RECEIVES_REPORTS_EN = /^\s+(?:receives?|takes?|accepts?|collects?)\s+(?:all\s+)?(?:(?:information\s+)?security\s+)?(?:incident\s+)?reports\b/u;
const MADE_KNOWN_AS = /^として(?:周知|指定|定め|位置付|位置づ|設置|置)/u;

export function readRoleIdentities(ctx: ReadingContext, u: Unit, out: RoleIdentity[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  for (const team of ms) {
    if (team.role !== 'csirt') continue;
    const between = (m: { end: number }): string => norm.slice(m.end, team.start);
    const after = norm.slice(team.end);
    const lead = ms.find((m) => m.title && m.roleLike && m.end <= team.start && (LEADS_TEAM_JA.test(between(m)) || LEADS_EN.test(norm.slice(m.end, team.start).replace(/^\s*/u, ' '))));
    if (!lead) continue;
    if (LEADS_TEAM_JA.test(between(lead)) && !LEADS_VERB_JA.test(after)) continue;
    out.push({ key: lead.title!, role: 'csirt-lead' });
  }
}

export function readContactDuties(ctx: ReadingContext, u: Unit, out: Assignment[]): void {
  const norm = u.snippet.norm;
  const ms = ctx.mentionsOf(u);
  const contact = (holder: Endpoint, role: Endpoint): void => {
    if (holder.role === 'contact-point') return;
    out.push({ role, holder, span: u.snippet.span, form: 'duty' });
  };
  const contactRole = (span: Endpoint['span']): Endpoint => ctx.implied('contact-point', span, 'ja');
  const lead = u.list?.leadIn;
  if (lead && RECEIVES_REPORTS_JA.test(norm) && DUTY_LEAD.test(lead.snippet.norm)) {
    const owner = ctx.topicOf(lead);
    if (owner && !owner.generic) contact(owner, contactRole(u.snippet.span));
  }
  for (const m of ms) {
    if (m.generic || m.role === 'contact-point') continue;
    if (RECEIVES_REPORTS_EN.test(norm.slice(m.end))) contact(ctx.endpoint(u, m), contactRole(u.snippet.span));
  }
  for (const r of ms) {
    if (r.role !== 'contact-point' || !MADE_KNOWN_AS.test(afterMention(norm, r))) continue;
    const object = [...ms].reverse().find((m) => m.end <= r.start && m !== r && !m.generic && /^\)?を/u.test(afterMention(norm, m)));
    if (object) contact(ctx.endpoint(u, object), ctx.endpoint(u, r));
  }
}
