import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';

/** Reports built from hostile file names and suppression reasons stay inert. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');

const NAME = 'javascript:alert(1)<!--.md';
const REASON = 'see <img src=x onerror=alert(2)> | [approval](javascript:alert(3)) *now*';

function hostile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kijun-report-'));
  writeFileSync(join(dir, NAME), `<!-- kijun-disable-next-line csirt-defined -- ${REASON} -->\n# 情報セキュリティポリシー\n\n職員は、インシデントを認知した場合、直ちに報告する。\n`);
  return dir;
}
const report = (dir: string, format: string) => spawnSync(process.execPath, [cli, 'report', '.', '--format', format, '--locale', 'en'], { cwd: dir, encoding: 'utf8' });

describe('reports escape what documents put in them', () => {
  it('the HTML report links only to relative files, never to a javascript: URL', () => {
    const r = report(hostile(), 'html');
    expect(r.status).toBe(0);
    const hrefs = [...r.stdout.matchAll(/href="([^"]*)"/gu)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    // Relative file links, or links within the page (#set-0).
    for (const h of hrefs) expect(h).toMatch(/^(?:(?:\.\.?)?\/|#[\w-]+$)/u);
    expect(r.stdout).not.toMatch(/href="\s*javascript:/iu);
    expect(r.stdout).not.toContain('<img');
  });

  it('the Markdown report escapes file names and suppression reasons', () => {
    const r = report(hostile(), 'md');
    expect(r.status).toBe(0);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(r.stdout) as Root;
    const nodes = all(tree);
    expect(nodes.filter((n) => n.type === 'link' || n.type === 'image' || n.type === 'emphasis').map((n) => n.url ?? n.type)).toEqual([]);
    expect(nodes.filter((n) => n.type === 'html').map((n) => n.value).filter((v) => v !== '<br>')).toEqual([]);
    // The name and the reason are shown as written, as text.
    const text = nodes.filter((n) => n.type === 'text').map((n) => n.value).join('');
    expect(text).toContain('javascript:alert(1)<!--.md');
    expect(text).toContain(REASON);
  });
});

interface Node {
  type: string;
  value?: string;
  url?: string;
  children?: Node[];
}

function all(n: Node): Node[] {
  return [n, ...(n.children ?? []).flatMap(all)];
}
