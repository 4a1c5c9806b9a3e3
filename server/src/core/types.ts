/**
 * Shared value types of the analysis core. Positions are LSP-style: 0-based line, and the
 * character offset counted in UTF-16 code units (which is what JavaScript string indices are).
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of UTF-16 offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information';
export type Locale = 'en' | 'ja';

/** A message in both languages; adapters pick one by locale. */
export interface Localized {
  en: string;
  ja: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type FixApplicability = 'safe' | 'review';

export interface Fix {
  title: Localized;
  applicability: FixApplicability;
  /** Edits to one document (the finding's document). */
  edits: TextEdit[];
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: Localized;
}

export interface Finding {
  rule: string;
  clauses: string[];
  severity: Severity;
  message: Localized;
  uri: string;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
}
