import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLexicon, Lexicon } from '../../server/src/lexicon';
import type { ChunkCache } from '../../server/src/core/model/chunkedUnits';
import { analyzeDocument, type DocumentModel } from '../../server/src/core/model/document';
import { policyDocument } from '../bench/corpus';

/**
 * An edited document is read again only in the sections the edit touched (sectionReading.ts);
 * what it reads must be exactly what one reading of the whole document gives, whatever the edit.
 */

/** What the readers read, with the CSIRT's units by place (units themselves differ in list ids). */
const reading = (m: DocumentModel) => ({
  aliases: m.aliases,
  mentions: m.mentions,
  edges: m.edges,
  assignments: m.assignments,
  definitions: m.definitions,
  clauseRefs: m.clauseRefs,
  csirt: { ...m.csirt, establishedAt: m.csirt.establishedAt?.snippet.span, tasksAt: m.csirt.tasksAt?.snippet.span },
  measures: m.measures,
  responsibilities: m.responsibilities,
  unread: m.unread,
});
const lexicon = defaultLexicon();
const whole = (t: string, lx: Lexicon = lexicon) => reading(analyzeDocument('file:///t.md', t, { lexicon: lx }));
const bySection = (t: string, chunks: ChunkCache, lx: Lexicon = lexicon) => reading(analyzeDocument('file:///t.md', t, { lexicon: lx, chunks }));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return markdownFiles(p);
    return n.endsWith('.md') ? [p] : [];
  });
}
const documents = ['policies', 'test/corpus/cases', 'test/corpus/realworld', 'test/fixtures'].flatMap(markdownFiles).map((p) => ({ p, text: readFileSync(p, 'utf8') }));

/** Edits that move sections, rename the headings above them and change what a sentence says. */
const EDITS: Array<(t: string, at: number) => string> = [
  (t, at) => t.slice(0, at) + 'x' + t.slice(at),
  (t, at) => t.slice(0, at) + '報' + t.slice(at),
  (t, at) => t.slice(0, at) + t.slice(at + 1),
  (t, at) => t.slice(0, at) + '\n\n## 報告\n\n' + t.slice(at),
  (t, at) => t.slice(0, at) + '\n\n# CSIRT\n\nThe CSIRT lead reports to the CISO.\n' + t.slice(at),
  (t, at) => {
    // A heading's text or depth changes: the sections under it are read again.
    const h = t.indexOf('\n#', at);
    return h < 0 ? t : t.slice(0, h + 1) + '#' + t.slice(h + 1);
  },
  (t, at) => {
    const h = t.indexOf('\n#', at);
    const e = h < 0 ? -1 : t.indexOf('\n', h + 1);
    return e < 0 ? t : t.slice(0, e) + ' CSIRT責任者' + t.slice(e);
  },
  (t, at) => {
    // A line removed: a section may merge with the next.
    const s = t.lastIndexOf('\n', at);
    const e = t.indexOf('\n', at);
    return e < 0 ? t : t.slice(0, Math.max(0, s)) + t.slice(e);
  },
];

describe('reading section by section', () => {
  it('reads what one reading of the whole document reads (policies, corpus, fixtures)', () => {
    expect(documents.length).toBeGreaterThan(50);
    for (const { p, text } of documents) {
      const chunks: ChunkCache = new Map();
      expect(bySection(text, chunks), p).toEqual(whole(text));
      // The second time every section is reused, moved by nothing.
      expect(bySection(text, chunks), p).toEqual(whole(text));
    }
  });

  it('reads what one reading reads after each of a run of edits with one cache (policies, corpus)', () => {
    fc.assert(
      fc.property(fc.nat({ max: documents.length - 1 }), fc.array(fc.record({ kind: fc.nat({ max: EDITS.length - 1 }), at: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 }), (d, edits) => {
        const chunks: ChunkCache = new Map();
        let text = documents[d]!.text;
        bySection(text, chunks);
        for (const e of edits) {
          text = EDITS[e.kind]!(text, Math.floor(e.at * text.length));
          expect(bySection(text, chunks)).toEqual(whole(text));
        }
      }),
      { seed: 23, numRuns: 250 },
    );
  });

  it('reads what one reading reads over random keystrokes in large generated policies (ja, en)', () => {
    for (const language of ['ja', 'en'] as const) {
      let text = policyDocument(language === 'ja' ? 4 : 5, 40_000, language);
      const chunks: ChunkCache = new Map();
      bySection(text, chunks);
      let seed = 99;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      for (let i = 0; i < 30; i++) {
        text = EDITS[Math.floor(rnd() * EDITS.length)]!(text, Math.floor(rnd() * text.length));
        expect(bySection(text, chunks), `${language} edit ${i}`).toEqual(whole(text));
      }
    }
  });

  it('reads every section again under another lexicon', () => {
    const text = '# 体制\n\n## 責任者\n\n統括責任者は、情報システム部長をもって充てる。\n\n## 報告\n\n職員は、統括責任者に報告する。\n';
    const other = new Lexicon({ 'csirt-lead': ['統括責任者'] });
    const chunks: ChunkCache = new Map();
    expect(bySection(text, chunks)).toEqual(whole(text));
    expect(bySection(text, chunks, other)).toEqual(whole(text, other));
    expect(bySection(text, chunks, other).assignments.map((a) => a.role.role)).toContain('csirt-lead');
    expect(bySection(text, chunks)).toEqual(whole(text));
  });

  it('keeps each reading as read when another section\'s identity changes what it names (ja, en)', () => {
    const texts = [
      '# 体制\n\n## 統括\n\n対応統括責任者は、CSIRTの業務を掌理する。\n\n## 指名\n\n対応統括責任者には、情報政策課長をもって充てる。\n\n## 報告\n\n職員は、対応統括責任者に報告する。\n',
      '# Organization\n\n## Lead\n\nThe Response Director leads the CSIRT.\n\n## Appointment\n\nThe Response Director is the Head of IT Security.\n\n## Reporting\n\nStaff report incidents to the Response Director.\n',
    ];
    for (const text of texts) {
      const chunks: ChunkCache = new Map();
      const lead = bySection(text, chunks);
      expect(lead).toEqual(whole(text));
      expect(lead.assignments.map((a) => a.role.role)).toContain('csirt-lead');
      // The identity withdrawn, then restated: the sections that name the post are not read again.
      const withdrawn = text.replace('CSIRTの業務を掌理する', '会議を開く').replace('leads the CSIRT', 'chairs the board');
      expect(bySection(withdrawn, chunks)).toEqual(whole(withdrawn));
      expect(bySection(withdrawn, chunks).assignments.map((a) => a.role.role)).not.toContain('csirt-lead');
      expect(bySection(text, chunks)).toEqual(lead);
    }
  });

  it('reads again only the section an edit touched', () => {
    const sections = Array.from({ length: 12 }, (_, i) => `## Section ${i}\n\nStaff report incidents to the CSIRT.\n`);
    const text = '# Policy\n\n' + sections.join('\n');
    const chunks: ChunkCache = new Map();
    bySection(text, chunks);
    const before = new Map([...chunks].map(([k, c]) => [k, c.reading]));
    const after = text.replace('Section 7\n\nStaff', 'Section 7\n\nAll staff');
    expect(bySection(after, chunks)).toEqual(whole(after));
    const readAgain = [...chunks].filter(([k, c]) => before.get(k) !== c.reading).map(([k]) => k);
    expect(readAgain).toHaveLength(1);
    expect(readAgain[0]).toContain('All staff');
  });
});
