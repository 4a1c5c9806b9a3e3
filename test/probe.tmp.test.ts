import { it } from 'vitest';
import { analyzeTexts } from './helpers/workspace';
const variants = (process.env.PROBE ?? '').split('|||');
it('probe', () => {
  for (const v of variants) {
    const r = analyzeTexts({ 'p.md': v.replace(/\\n/g, '\n') });
    const f = [...r.findings.values()].flat().map((x: any) => `${x.range.start.line + 1}:${x.rule}`);
    console.log(JSON.stringify(v.slice(0, 90)), '=>', f.join(' '));
  }
});
