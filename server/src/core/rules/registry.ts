import { cisoReporting } from './ciso-reporting';
import { clauseReference } from './clause-reference';
import { csirtDefined } from './csirt-defined';
import { csirtLeadAssigned } from './csirt-lead-assigned';
import { csirtLeadConflict } from './csirt-lead-conflict';
import { csirtMembersSelected } from './csirt-members-selected';
import { documentSkipped } from './document-skipped';
import { frontMatterInvalid } from './front-matter-invalid';
import { handlingProcedure } from './handling-procedure';
import { linkTargetMissing } from './link-target-missing';
import { placeholderUnfilled } from './placeholder-unfilled';
import { reportToNisc } from './report-to-nisc';
import { reportToPolice } from './report-to-police';
import { reportingChain } from './reporting-chain';
import { reportingContactDefined } from './reporting-contact-defined';
import { reportingProcedureKnown } from './reporting-procedure-known';
import { roleUndefined } from './role-undefined';
import { runbookCoverage } from './runbook-coverage';
import { staffReportingPath } from './staff-reporting-path';
import { supervisorContact } from './supervisor-contact';
import { targetedAttackEntry } from './targeted-attack-entry';
import { targetedAttackInternal } from './targeted-attack-internal';
import { suppressionUnjustified } from './suppression-unjustified';
import { suppressionUnused } from './suppression-unused';
import type { Rule } from './types';

/** Every rule, grouped by clause: 2.1.1(6), 2.2.4, 6.2.4, then text hygiene. */
export const rules: Rule[] = [
  csirtDefined,
  csirtLeadAssigned,
  csirtMembersSelected,
  cisoReporting,
  csirtLeadConflict,
  reportingContactDefined,
  reportingProcedureKnown,
  staffReportingPath,
  handlingProcedure,
  reportToNisc,
  reportToPolice,
  reportingChain,
  roleUndefined,
  runbookCoverage,
  supervisorContact,
  targetedAttackEntry,
  targetedAttackInternal,
  clauseReference,
  linkTargetMissing,
  placeholderUnfilled,
  suppressionUnused,
  suppressionUnjustified,
  documentSkipped,
  frontMatterInvalid,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
