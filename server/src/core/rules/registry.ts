import { cisoReporting } from './ciso-reporting';
import { clauseReference } from './clause-reference';
import { csirtDefined } from './csirt-defined';
import { csirtLeadAssigned } from './csirt-lead-assigned';
import { csirtMembersSelected } from './csirt-members-selected';
import { linkTargetMissing } from './link-target-missing';
import type { Rule } from './types';

/** Every rule, in the order their findings are most useful to read. */
export const rules: Rule[] = [csirtDefined, csirtLeadAssigned, csirtMembersSelected, cisoReporting, clauseReference, linkTargetMissing];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
