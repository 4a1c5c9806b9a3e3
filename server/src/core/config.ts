import type { Severity } from './types';

/**
 * The configuration the core consumes, already loaded and validated by an adapter (the CLI and
 * the server read kijun.json files; the core never touches the file system).
 */
export type OrganizationType = 'government-agency' | 'affiliated-body' | 'private';

export interface RuleSetting {
  severity: Severity | 'off' | undefined;
  options: Record<string, unknown>;
}

export interface KijunConfig {
  standard: string;
  organizationType: OrganizationType;
  /** Extra names for the external authorities: nisc, police, supervisor. */
  authorities: Record<string, string[]>;
  /** Extra aliases per role id (organization-specific names for lexicon roles). */
  roles: Record<string, string[]>;
  rules: Record<string, RuleSetting>;
  /** Where the configuration came from (a file path), for messages. */
  source: string | undefined;
}

export function defaultConfig(): KijunConfig {
  return { standard: 'unified-2014', organizationType: 'government-agency', authorities: {}, roles: {}, rules: {}, source: undefined };
}
