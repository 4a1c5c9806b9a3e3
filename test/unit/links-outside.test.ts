import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';

/** Links that leave the workspace root are not followed and reveal nothing about what is there. */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');

const POLICY = (link: string) => `# 情報セキュリティポリシー\n\n対処手順は[手順書](${link})に定める。\n`;
const OUTSIDE_RUNBOOK = '# インシデント対応手順書\n\n## 初動\n\n秘密対策監は、直ちに最高情報セキュリティ責任者に報告する。\n';

function analyze(link: string) {
  const read = new Map([['file:///home/x.md', OUTSIDE_RUNBOOK]]);
  return analyzeWorkspace(new Map([['file:///home/ws/a/p.md', POLICY(link)]]), {
    read: (uri) => read.get(uri),
    exists: (uri) => read.has(uri),
    configFor: () => defaultConfig(),
    roots: ['file:///home/ws'],
  });
}

describe('links outside the workspace', () => {
  it('are not followed, and are reported as information whether or not the target exists', () => {
    for (const link of ['../../x.md#初動', '../../y.md#h']) {
      const r = analyze(link);
      expect([...r.models.keys()]).toEqual(['file:///home/ws/a/p.md']);
      const f = (r.findings.get('file:///home/ws/a/p.md') ?? []).filter((x) => x.rule === 'link-target-missing');
      expect(f.map((x) => [x.severity, x.message.en])).toEqual([['information', `Link target "${link.split('#')[0]}" is outside the workspace; Kijun does not follow it.`]]);
      const all = JSON.stringify([...r.findings.values()]);
      expect(all).not.toContain('秘密対策監');
    }
  });

  it('inside the workspace they are followed as before', () => {
    const r = analyze('../b/r.md');
    expect((r.findings.get('file:///home/ws/a/p.md') ?? []).filter((x) => x.rule === 'link-target-missing').map((x) => x.severity)).toEqual(['error']);
  });

  it('the CLI treats its working directory as the root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kijun-outside-'));
    mkdirSync(join(dir, 'ws'));
    writeFileSync(join(dir, 'x.md'), OUTSIDE_RUNBOOK);
    writeFileSync(join(dir, 'ws', 'p.md'), POLICY('../x.md#初動'));
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '.'], { cwd: join(dir, 'ws'), encoding: 'utf8' });
    const json = JSON.parse(r.stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['p.md']);
    const f = json.files[0].findings.filter((x: { rule: string }) => x.rule === 'link-target-missing');
    expect(f.map((x: { severity: string }) => x.severity)).toEqual(['information']);
    expect(r.stdout).not.toContain('秘密対策監');
  });
});
