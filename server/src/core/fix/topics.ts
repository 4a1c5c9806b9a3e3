import type { Placement } from './target';

/**
 * Which sections a topic's text belongs under, as heading patterns (matched against normalized
 * heading text, most specific first). Rules pick one of these placements for both the finding
 * and its fix. Kept apart from the rules so that the same topic lands in the same section
 * whichever rule inserts it.
 */

/** Reporting and escalation: 「報告」「連絡体制」「通報」, "Reporting", "Escalation". */
const REPORT = /報告|通報|連絡|reporting|escalat|notification/iu;
/** Incident handling: 「情報セキュリティ事故への対応」「インシデント対処」, "Incident response". */
const INCIDENT = /インシデント|事故|事案|incident|対処|handling|緊急時/iu;
const CSIRT = /csirt/iu;
/** Organization and roles: 「組織体制」「体制」「役割」, "Organization", "Roles". */
const ORGANIZATION = /体制|組織|役割|責任者|organi[sz]ation|roles|responsibilit/iu;
const CONTACT = /窓口|contact|hotline|help ?desk/iu;
const TARGETED = /標的型|targeted/iu;
const TECHNICAL = /技術的|システム|technical|system/iu;
const INTERNAL = /内部対策|internal/iu;

/** A report that someone makes when an incident occurs (to the CISO, the police, NISC, the ministry). */
export const REPORTING: Placement = { under: [REPORT, INCIDENT, CSIRT] };
/** Who the CSIRT is and who belongs to it. */
export const CSIRT_ROLES: Placement = { under: [CSIRT, ORGANIZATION] };
/** The reporting contact point and how staff learn about it. */
export const CONTACT_POINT: Placement = { under: [CONTACT, REPORT, INCIDENT] };
/** Incident handling steps and information sharing. */
export const HANDLING: Placement = { under: [/対処|対応|incident response|handling/iu, INCIDENT, REPORT] };
export const TARGETED_ENTRY: Placement = { under: [TARGETED, TECHNICAL] };
export const TARGETED_INTERNAL: Placement = { under: [TARGETED, INTERNAL, TECHNICAL] };
/** Where a new section about the organization (e.g. the CSIRT itself) is added. */
export const ORGANIZATION_SECTION: Placement = { under: [ORGANIZATION] };
