import type { Span } from '../types';

/** One end of a reporting edge or an assignment: a lexicon role or a title written in the text. */
export interface Endpoint {
  role: string | undefined;
  title: string | undefined;
  display: string;
  span: Span;
  generic: boolean;
  /** Generic and naming nobody in particular (関係者, "stakeholders"): no edge goes to it. */
  vague?: boolean;
  roleLike: boolean;
  base: string | undefined;
  /** Not written: inferred from the sentence's form (an instruction to whoever notices). */
  implicit?: boolean;
}

export type Urgency = 'immediate' | 'prompt' | 'delayed' | 'none';

export interface Condition {
  text: string;
  /** The condition names cyber attacks (サイバー攻撃, "cyber attack", 不正アクセス …). */
  cyber: boolean;
}

/** The syntactic form an edge was read from — recorded for tests, docs and hovers. */
export type EdgeForm =
  | 'ja-active'
  | 'ja-passive'
  | 'ja-noun'
  | 'ja-receive'
  | 'en-active'
  | 'en-passive'
  | 'arrow'
  | 'table'
  | 'steps'
  | 'colon'
  | 'duty';

export interface Edge {
  /** Undefined when the sentence does not say who reports (and no context does). */
  from: Endpoint | undefined;
  to: Endpoint;
  urgency: Urgency;
  /** A stated deadline as written (「30分以内」, "within 24 hours"). */
  deadline: string | undefined;
  condition: Condition | undefined;
  /** The sentence, list item or table row the edge was read from. */
  span: Span;
  form: EdgeForm;
}

export interface Assignment {
  /** The role (or title) being assigned. */
  role: Endpoint;
  /** The post or person who holds it. */
  holder: Endpoint;
  span: Span;
  /** The written form it was read from (for tests, docs and `kijun inspect`). */
  form?: AssignmentForm;
  /** When the holder is chosen by someone (「…のうちからCISOが指名する者」), who chooses. */
  designatedBy?: Endpoint | undefined;
}

export type AssignmentForm = 'ja-prose' | 'en-prose' | 'table' | 'gloss' | 'colon' | 'membership' | 'duty';

/**
 * What a statement says a post does (readers/responsibilities.ts), for the lead's conflict of
 * interest: it operates the information systems, leads the incident response, is the liaison to
 * others, or is independent of system operation.
 */
export interface Responsibility {
  kind: 'operates' | 'leads' | 'liaison' | 'independent';
  post: Endpoint;
  /** The post is not written in the statement but inherited (its heading, list lead-in or table row). */
  inherited: boolean;
  /** What it operates, as written (operates, independent). */
  object?: Span;
  /** Whom it is the liaison to (liaison). */
  to?: Endpoint[];
  /** The sentence, list item or table cell sentence. */
  span: Span;
}

/** A sentence that plausibly states something no reader could read completely (`kijun inspect` lists it). */
export interface Unread {
  /** What it seems to state. */
  about: 'assignment' | 'edge' | 'csirt';
  /** The lexicon role it concerns, when there is one. */
  role: string | undefined;
  span: Span;
  text: string;
}

export interface ClauseRef {
  /** Canonical id, e.g. 2.2.4(1)(a). */
  id: string;
  /** The section part, e.g. 2.2.4. */
  section: string;
  raw: string;
  span: Span;
}

/** A title the text defines as a role of the organization (role table, heading, alias, duty). */
export interface TitleDefinition {
  key: string;
  display: string;
  span: Span;
}
