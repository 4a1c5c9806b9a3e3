import type { Lexicon } from '../../lexicon';
import type { ClauseCatalog } from '../../standards';
import type { KijunConfig } from '../config';
import type { DocumentModel } from '../model/document';
import type { PolicySet } from '../set/policySet';
import type { SetIndex } from '../set/resolve';
import type { UnfilledRequirements } from '../set/unfilled';
import type { Suppression } from '../suppress';
import type { Fix, FixApplicability, Localized, RelatedLocation, Severity, Span } from '../types';

/**
 * What a rule is: metadata (the single source of its documentation) and a pure check over one
 * policy set. Rules never see the file system, the editor or the command line.
 */
export interface RuleMeta {
  id: string;
  /** Canonical clause ids the rule enforces (first is the primary one). */
  clauses: string[];
  severity: Severity;
  /**
   * `policy-set`: judged once per set whose root is a policy (completeness: "is X anywhere?").
   * `document`: judged in every member document of every set (text hygiene, runbook content).
   * `suppression`: judged on a document's suppression comments after all other rules ran.
   */
  scope: 'policy-set' | 'document' | 'suppression';
  /** Whether the rule offers fixes, and how safe they are. */
  fix: FixApplicability | undefined;
  title: Localized;
  /** What it checks and why it matters, for hovers and docs. */
  description: Localized;
  messages: Record<string, Localized>;
}

export interface Report {
  /** Overrides the rule's default severity for this finding (a user setting still wins). */
  severity?: Severity;
  /** The clauses of this finding, when they depend on it (placeholder-unfilled: the requirement a placeholder blocks). */
  clauses?: string[];
  doc: DocumentModel;
  span: Span;
  message: Localized;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface RuleContext {
  set: PolicySet;
  index: SetIndex;
  config: KijunConfig;
  catalog: ClauseCatalog;
  lexicon: Lexicon;
  /** All documents the engine knows (for link targets and anchors). */
  documents: Map<string, DocumentModel>;
  /** Whether a non-Markdown (or unloaded) link target exists. */
  exists(uri: string): boolean;
  /** Whether a link target lies in the workspace (documents passed in always do). */
  inWorkspace(uri: string): boolean;
  report(r: Report): void;
  /**
   * What each placeholder of the set keeps unmet (set/unfilled.ts), from the findings of the
   * set's other rules: computed on first use, so only for a `late` rule.
   */
  unfilled(): UnfilledRequirements;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
  /** Runs after the set's other rules, whose findings `ctx.unfilled()` compares (placeholder-unfilled). */
  late?: boolean;
  /** For `suppression` rules: judge the document's suppression comments once all findings are known. */
  checkSuppressions?(doc: DocumentModel, suppressions: Suppression[], report: (r: Report) => void): void;
}

/** Fills `{name}` placeholders in both languages. Values may be localized themselves. */
export function fill(msg: Localized, params: Record<string, string | Localized> = {}): Localized {
  const sub = (s: string, lang: 'en' | 'ja'): string =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = params[k];
      return v === undefined ? `{${k}}` : typeof v === 'string' ? v : v[lang];
    });
  return { en: sub(msg.en, 'en'), ja: sub(msg.ja, 'ja') };
}
