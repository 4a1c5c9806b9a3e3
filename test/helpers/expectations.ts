/**
 * Inline expectations in fixtures, in the spirit of markdownlint's test scenarios:
 * `<!-- expect: rule-id -->` on the line where a finding of that rule must start;
 * `<!-- expect: rule-a, rule-b x2 -->` for several. A fixture reads like documentation.
 */
export interface Expected {
  line: number; // 1-based
  rule: string;
}

export function readExpectations(text: string): Expected[] {
  const out: Expected[] = [];
  text.split(/\r\n|\r|\n/u).forEach((line, i) => {
    for (const m of line.matchAll(/<!--\s*expect:\s*([^>]*?)\s*-->/gu)) {
      for (const item of m[1]!.split(',')) {
        const [rule, count] = item.trim().split(/\s+x/u);
        if (!rule) continue;
        for (let k = 0; k < Number(count ?? 1); k++) out.push({ line: i + 1, rule });
      }
    }
  });
  return out;
}

export function key(e: Expected): string {
  return `${e.line}:${e.rule}`;
}
