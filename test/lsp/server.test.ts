import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover, Location, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, repo, scratchPolicies } from '../helpers/lspClient';
import { policyDocument } from '../bench/corpus';

/**
 * Protocol tests: the bundled server over stdio with a real JSON-RPC client. What a policy
 * writer sees in an editor is exactly what these assert.
 */

const rulesOf = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code).sort();

describe('language server (push diagnostics)', () => {
  let client: LspClient;
  let root: string;
  const uri = (p: string) => pathToFileURL(join(root, p)).href;

  beforeAll(async () => {
    root = scratchPolicies();
    client = await LspClient.start({ root });
  });
  afterAll(() => client.stop());

  it('analyzes the whole workspace at start-up, closed files included', async () => {
    const d = await client.until(() => client.diagnostics.get(uri('flawed-ja/security-policy.md')));
    expect(rulesOf(d.diagnostics)).toContain('csirt-defined');
    const csirt = d.diagnostics.find((x) => x.code === 'csirt-defined')!;
    expect(csirt.source).toBe('kijun');
    expect(csirt.codeDescription?.href).toMatch(/docs\/rules\/csirt-defined\.md$/u);
    expect(csirt.data).toMatchObject({ rule: 'csirt-defined', clauses: ['2.1.1(6)(a)'] });
    // The conforming sets publish nothing.
    expect(client.diagnostics.get(uri('conforming-ja/security-policy.md'))?.diagnostics ?? []).toEqual([]);
  });

  it('carries related information for each edge of a broken chain', async () => {
    const d = await client.until(() => client.diagnostics.get(uri('flawed-ja-partial/security-policy.md')));
    const chain = d.diagnostics.find((x) => x.code === 'reporting-chain')!;
    expect(chain.message).toContain('(break)');
    expect(chain.relatedInformation?.length).toBeGreaterThanOrEqual(2);
  });

  it('updates on change and never publishes for a stale version', async () => {
    const u = uri('flawed-ja/security-policy.md');
    const text = readFileSync(join(root, 'flawed-ja/security-policy.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    const versions: Array<number | undefined> = [];
    client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      if (p.uri === u) versions.push(p.version);
      client.diagnostics.set(p.uri, p);
    });
    // Three quick edits: only the last version may be published.
    const addition = '\nCSIRT責任者には、情報セキュリティ監察官を充てる。\n';
    for (let v = 2; v <= 4; v++) {
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version: v },
        contentChanges: [{ text: text + (v === 4 ? addition : '\n'.repeat(v)) }],
      });
    }
    const d = await client.until(() => {
      const p = client.diagnostics.get(u);
      return p?.version === 4 ? p : undefined;
    });
    expect(rulesOf(d.diagnostics)).not.toContain('csirt-lead-assigned');
    expect(versions.every((v) => v === undefined || v === 1 || v === 4)).toBe(true);
  });

  it('hovers a clause reference with its requirement text', async () => {
    const u = uri('conforming-ja/security-policy.md');
    const text = readFileSync(join(root, 'conforming-ja/security-policy.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    const doc = TextDocument.create(u, 'markdown', 1, text);
    const at = doc.positionAt(text.indexOf('2.1.1(6)(b)') + 3);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: at })) as Hover;
    const value = (hover.contents as { value: string }).value;
    const catalog = JSON.parse(readFileSync(join(repo, 'server/src/standards/unified-2014.json'), 'utf8')) as { clauses: Array<{ id: string; requirement: { en: string } | null }> };
    expect(value).toContain('2.1.1(6)(b)');
    expect(value).toContain(catalog.clauses.find((c) => c.id === '2.1.1(6)(b)')!.requirement!.en);
    expect(value).toMatch(/Source: Unified Standard/u);
  });

  it('hovers a role with its holder and reporting lines', async () => {
    const u = uri('conforming-ja/security-policy.md');
    const text = readFileSync(join(root, 'conforming-ja/security-policy.md'), 'utf8');
    const doc = TextDocument.create(u, 'markdown', 1, text);
    const at = doc.positionAt(text.indexOf('CSIRT責任者には') + 2);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: at })) as Hover;
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('csirt-lead');
    expect(value).toContain('情報セキュリティ監察官');
    expect(value).toMatch(/Reports to: .*Chief Information Security Officer/u);
  });

  it('offers the quick fix, and applying it clears the finding', async () => {
    const u = uri('flawed-ja/security-policy.md');
    const text = readFileSync(join(root, 'flawed-ja/security-policy.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 5 }, contentChanges: [{ text }] });
    const d = await client.until(() => {
      const p = client.diagnostics.get(u);
      return p?.version === 5 ? p : undefined;
    });
    const diag = d.diagnostics.find((x) => x.code === 'csirt-lead-assigned')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Designate the CSIRT lead', 'Disable csirt-lead-assigned for this line', 'Disable csirt-lead-assigned for this file', 'Show documentation for csirt-lead-assigned']));
    const fix = actions.find((a) => a.title === 'Designate the CSIRT lead')!;
    expect(fix.isPreferred).toBe(true);
    const edits = fix.edit!.changes![u] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(u, 'markdown', 5, text), edits);
    expect(fixed).toContain('CSIRT責任者には、〔役職名〕を充てる。');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 6 }, contentChanges: [{ text: fixed }] });
    const after = await client.until(() => {
      const p = client.diagnostics.get(u);
      return p?.version === 6 ? p : undefined;
    });
    expect(rulesOf(after.diagnostics)).not.toContain('csirt-lead-assigned');
  });

  it('source.fixAll.kijun applies only safe fixes (the sample has none: the clause replacement needs review)', async () => {
    const u = uri('flawed-ja/security-policy.md');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kijun'] },
    })) as CodeAction[];
    expect(actions).toHaveLength(1);
    const edits = actions[0]!.edit!.changes![u] as TextEdit[];
    expect(edits.map((e) => e.newText)).toEqual([]);
  });

  it('lists sections, assignments and reporting edges as symbols', async () => {
    const u = uri('conforming-ja/security-policy.md');
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })) as DocumentSymbol[];
    const flat = (s: DocumentSymbol[]): string[] => s.flatMap((x) => [x.name, ...flat(x.children ?? [])]);
    const names = flat(symbols);
    expect(names[0]).toBe('架空省情報セキュリティ対策基準');
    expect(names).toContain('CSIRT責任者 ← 情報セキュリティ監察官');
    expect(names.some((n) => n.includes('→ 最高情報セキュリティ責任者'))).toBe(true);
  });

  it('goes to the definition of a role from its holder, and finds its references', async () => {
    const u = uri('conforming-ja/incident-runbook.md');
    const text = readFileSync(join(root, 'conforming-ja/incident-runbook.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    const doc = TextDocument.create(u, 'markdown', 1, text);
    const at = doc.positionAt(text.indexOf('CSIRT責任者') + 1);
    const defs = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: u }, position: at })) as Location[];
    expect(defs.some((l) => l.uri === uri('conforming-ja/security-policy.md'))).toBe(true);
    const refs = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri: u }, position: at, context: { includeDeclaration: true } })) as Location[];
    expect(new Set(refs.map((r) => r.uri)).size).toBe(2);
  });

  it('completes clause ids and role names', async () => {
    const u = uri('conforming-ja/security-policy.md');
    const text = readFileSync(join(root, 'conforming-ja/security-policy.md'), 'utf8') + '\n統一基準2.2.4(';
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text }] });
    const lines = text.split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const items = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position })) as CompletionItem[];
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['2.2.4(1)(a)', '2.2.4(2)(f)']));
    expect(items.map((i) => i.label)).not.toContain('2.1.1(6)');
    const roles = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: 0, character: 0 } })) as CompletionItem[];
    expect(roles.map((i) => i.label)).toContain('CSIRT責任者');
  });

  it('offers no role names after "." or other punctuation (Enter would accept one into the text)', async () => {
    const u = uri('conforming-en/security-policy.md');
    const base = readFileSync(join(root, 'conforming-en/security-policy.md'), 'utf8');
    let version = 100;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version, text: base } });
    const at = async (tail: string, context?: { triggerKind: number; triggerCharacter?: string }) => {
      const text = `${base}\n${tail}`;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: ++version }, contentChanges: [{ text }] });
      const lines = text.split('\n');
      const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
      return ((await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position, ...(context ? { context } : {}) })) as CompletionItem[]).map((i) => i.label);
    };
    expect(await at('Staff are trained every year.', { triggerKind: 2, triggerCharacter: '.' })).toEqual([]);
    expect(await at('Staff are trained every year.')).toEqual([]);
    expect(await at('See (', { triggerKind: 2, triggerCharacter: '(' })).toEqual([]);
    // After a digit the same "." still completes clause ids.
    expect(await at('See 2.2.', { triggerKind: 2, triggerCharacter: '.' })).toEqual(expect.arrayContaining(['2.2.4(1)(a)']));
    // Typing a word, invoked by the user: role names.
    expect(await at('The CSIRT', { triggerKind: 1 })).toContain('CSIRT lead');
  });

  it('folds sections', async () => {
    const u = uri('conforming-ja/security-policy.md');
    const ranges = (await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: u } })) as Array<{ startLine: number; endLine: number }>;
    expect(ranges.length).toBeGreaterThan(5);
  });

  it('ignores changes for documents it was never told about', async () => {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('nope.md'), version: 3 }, contentChanges: [{ text: '# x' }] });
    const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri('conforming-ja/security-policy.md') } });
    expect(Array.isArray(symbols)).toBe(true);
  });
});

describe('language server: what a keystroke re-publishes', () => {
  let client: LspClient;
  let root: string;
  const uri = (p: string) => pathToFileURL(join(root, p)).href;
  const sent = (u: string) => client.events.filter((e) => e === `diagnostics ${u}`).length;
  const publishedVersion = (u: string, v: number) => client.until(() => client.diagnostics.get(u)?.version === v);

  beforeAll(async () => {
    root = scratchPolicies();
    client = await LspClient.start({ root });
    await client.until(() => client.events.includes('progress end'));
    await client.until(() => client.diagnostics.get(uri('flawed-ja-partial/security-policy.md')));
  });
  afterAll(() => client.stop());

  it('does not send a closed document of another policy set again, and answers the edited one every time', async () => {
    const edited = uri('conforming-en/security-policy.md');
    const elsewhere = uri('flawed-ja-partial/security-policy.md');
    const before = sent(elsewhere);
    const text = readFileSync(join(root, 'conforming-en/security-policy.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: edited, languageId: 'markdown', version: 1, text } });
    await publishedVersion(edited, 1);
    for (let v = 2; v <= 3; v++) {
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: edited, version: v }, contentChanges: [{ text: text + '\n'.repeat(v) }] });
      await publishedVersion(edited, v);
    }
    expect(sent(elsewhere)).toBe(before);
    // Clean, and still answered for each version: the client knows the version was checked.
    expect(client.diagnostics.get(edited)?.diagnostics).toEqual([]);
  });

  it('sends a closed document again when an edit of its policy set changes what it is told', async () => {
    const policy = uri('flawed-ja/security-policy.md');
    const runbook = uri('flawed-ja/incident-runbook.md');
    await client.until(() => client.diagnostics.get(policy));
    const before = sent(policy);
    const text = readFileSync(join(root, 'flawed-ja/incident-runbook.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: runbook, languageId: 'markdown', version: 1, text } });
    await publishedVersion(runbook, 1);
    // The policy's CSIRT lead is named in its runbook now: the policy's own findings change.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: runbook, version: 2 }, contentChanges: [{ text: text + '\nCSIRT責任者には、情報セキュリティ監察官を充てる。\n' }] });
    await publishedVersion(runbook, 2);
    await client.until(() => sent(policy) > before);
    expect(client.diagnostics.get(policy)?.version).toBeUndefined();
  });
});

describe('language server (locale, pull diagnostics, crash isolation)', () => {
  it('speaks Japanese when the client does', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, locale: 'ja' });
    const d = await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    expect(d.diagnostics.find((x) => x.code === 'csirt-defined')!.message).toContain('CSIRTが整備されていない');
    await client.stop();
  });

  it('answers pulled diagnostics when the client supports them', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } } });
    const u = pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href;
    const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { kind: string; items: Diagnostic[] };
    expect(report.kind).toBe('full');
    expect(rulesOf(report.items)).toContain('csirt-defined');
    const ws = (await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: Array<{ uri: string }> };
    expect(ws.items.map((i) => i.uri)).toContain(u);
    // Pull mode pushes nothing.
    expect(client.diagnostics.size).toBe(0);
    await client.stop();
  });

  it('keeps serving when one rule crashes, and says so once', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, env: { KIJUN_FAULT_INJECTION: 'csirt-defined' } });
    const d = await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    const codes = rulesOf(d.diagnostics);
    expect(codes).toContain('kijun-internal');
    expect(codes).toContain('csirt-lead-assigned');
    expect(codes).not.toContain('csirt-defined');
    expect(codes.filter((c) => c === 'kijun-internal')).toHaveLength(1);
    await client.stop();
  });

  it('runs as `kijun lsp --stdio` too', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, args: [join(repo, 'dist/cli.js'), 'lsp', '--stdio'] });
    const d = await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    expect(rulesOf(d.diagnostics)).toContain('csirt-defined');
    await client.stop();
  });
});

describe('what VS Code asks for', () => {
  const init = { headingSymbols: false, openCommand: 'kijun.openLocation', showReading: true, messageLanguage: 'document' };

  it('lists no headings when the client does (one Outline entry per heading), urgency in words', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, locale: 'en', initializationOptions: init });
    await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    const u = pathToFileURL(join(root, 'conforming-ja/security-policy.md')).href;
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })) as DocumentSymbol[];
    const names = symbols.map((x) => x.name);
    expect(names).not.toContain('架空省情報セキュリティ対策基準');
    expect(names).toContain('CSIRT責任者 ← 情報セキュリティ監察官');
    const details = symbols.map((x) => x.detail).filter(Boolean);
    expect(details).toContain('immediately');
    expect(details).not.toContain('prompt');
    expect(details).not.toContain('immediate');
    await client.stop();
  });

  it('shows what it read as inlay hints, with urgency in the UI language', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, locale: 'ja', initializationOptions: init });
    await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    const u = pathToFileURL(join(root, 'conforming-ja/security-policy.md')).href;
    const hints = (await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } })) as Array<{ label: string; position: { line: number } }>;
    const labels = hints.map((h) => h.label);
    expect(labels).toContain('CSIRT責任者 = 情報セキュリティ監察官');
    expect(labels.some((l) => /→ 最高情報セキュリティ責任者 · 直ちに$/u.test(l))).toBe(true);
    await client.stop();
    // Off by default.
    const off = await LspClient.start({ root, locale: 'ja' });
    expect(await off.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } })).toEqual([]);
    await off.stop();
  });

  it('messages in the document language when asked; examples in the document language; no raw clause ids', async () => {
    const root = scratchPolicies();
    const en = await LspClient.start({ root, locale: 'en' });
    const u = pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href;
    const d = await en.until(() => en.diagnostics.get(u));
    const police = d.diagnostics.find((x) => x.code === 'report-to-police')!;
    // An English message quoting the Japanese sentence the fix inserts.
    expect(police.message).toContain('Nothing says that cyber attacks are reported to the police');
    expect(police.message).toContain('"CSIRT責任者は、情報セキュリティ事故がサイバー攻撃又はそのおそれのあるものである場合には、警察に通報する。"');
    const supervisor = d.diagnostics.find((x) => x.code === 'supervisor-contact')!;
    expect(supervisor.message).not.toContain('recommendation-1(4)');
    expect(supervisor.message).toContain('2015 recommendation 1(4)');
    await en.stop();
    const doc = await LspClient.start({ root, locale: 'en', initializationOptions: init });
    const d2 = await doc.until(() => doc.diagnostics.get(u));
    expect(d2.diagnostics.find((x) => x.code === 'report-to-police')!.message).toContain('警察への通報が定められていない');
    await doc.stop();
  });

  it('reports the state of the current policy set for the status bar, and orders the report by it', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root, locale: 'ja', initializationOptions: init });
    const u = pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href;
    await client.until(() => client.diagnostics.get(u));
    const s = (await client.connection.sendRequest('kijun/setStatus', { uri: u })) as { text: string; unmet: number };
    expect(s.unmet).toBeGreaterThan(3);
    expect(s.text).toBe(`基準: 未充足 ${s.unmet} 条項`);
    const ok = (await client.connection.sendRequest('kijun/setStatus', { uri: pathToFileURL(join(root, 'conforming-ja/security-policy.md')).href })) as { unmet: number };
    expect(ok.unmet).toBe(0);
    const { html } = (await client.connection.sendRequest('kijun/complianceReport', { cspSource: 'vscode-webview:', uri: u })) as { html: string };
    expect(html).toContain('command:kijun.openLocation?');
    expect(html).not.toContain('command:vscode.open?');
    const first = (name: string) => html.indexOf(name);
    expect(first('flawed-ja/security-policy.md')).toBeLessThan(first('conforming-en/security-policy.md'));
    await client.stop();
  });
});

describe('disable for this line', () => {
  it('adds the rule to a disable-next-line comment already above the line, with 〔理由〕 in a Japanese document', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root });
    const u = pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href;
    const original = readFileSync(join(root, 'flawed-ja/security-policy.md'), 'utf8');
    const heading = '## 7. 情報セキュリティ事故への対応';
    const text = original.replace(heading, `<!-- kijun-disable-next-line report-to-police -- 例外措置申請 2026-014 -->\n${heading}`);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    const d = await client.until(() => {
      const p = client.diagnostics.get(u);
      return p?.version === 1 && p.diagnostics.some((x) => x.code === 'reporting-chain') && p;
    });
    expect(rulesOf(d.diagnostics)).not.toContain('report-to-police');
    const chain = d.diagnostics.find((x) => x.code === 'reporting-chain')!;
    const line = text.split('\n').findIndex((l) => l === heading);
    expect(chain.range.start.line).toBe(line);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: chain.range, context: { diagnostics: [chain] } })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable reporting-chain for this line')!;
    const edits = disable.edit!.changes![u] as TextEdit[];
    const doc = TextDocument.create(u, 'markdown', 1, text);
    const after = TextDocument.applyEdits(doc, edits);
    expect(after.split('\n')[line - 1]).toBe('<!-- kijun-disable-next-line report-to-police, reporting-chain -- 例外措置申請 2026-014 -->');
    expect(after.split('\n').length).toBe(text.split('\n').length);
    // With no comment above, a new one with the placeholder in the document's language.
    const file = actions.find((a) => a.title === 'Disable reporting-chain for this file')!;
    expect((file.edit!.changes![u] as TextEdit[])[0]!.newText).toContain('〔理由〕');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: after }] });
    const d2 = await client.until(() => {
      const p = client.diagnostics.get(u);
      return p?.version === 2 && p;
    });
    expect(rulesOf(d2.diagnostics)).not.toContain('reporting-chain');
    expect(rulesOf(d2.diagnostics)).not.toContain('suppression-unused');
    await client.stop();
  });
});

describe('compliance report request', () => {
  it('returns a self-contained page whose links open documents in the editor', async () => {
    const root = scratchPolicies();
    const client = await LspClient.start({ root });
    await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href));
    const { html } = (await client.connection.sendRequest('kijun/complianceReport', { cspSource: 'vscode-webview:' })) as { html: string };
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
    expect(html).toContain('command:vscode.open?');
    expect(html).toContain('flawed-ja/security-policy.md');
    await client.stop();
  });
});

describe('a broken kijun.json', () => {
  it('is a diagnostic on the file, at the key, when the editor opens it (pull)', async () => {
    const root = scratchPolicies();
    writeFileSync(join(root, 'flawed-ja/kijun.json'), '{\n  "organizationType": "ministry"\n}\n');
    const client = await LspClient.start({ root, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const u = pathToFileURL(join(root, 'flawed-ja/kijun.json')).href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'json', version: 1, text: readFileSync(join(root, 'flawed-ja/kijun.json'), 'utf8') } });
    const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { items: Diagnostic[] };
    expect(report.items).toHaveLength(1);
    expect(report.items[0]!.message).toContain('kijun.json');
    expect(report.items[0]!.message).toContain('organizationType');
    expect(report.items[0]!.range.start).toEqual({ line: 1, character: 2 });
    // kijun.json is not analyzed as a document.
    const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } });
    expect(symbols).toEqual([]);
    await client.stop();
  });
});

describe('a large workspace', () => {
  // 600 filler policies beside the conforming English set: reading them takes the server many
  // event-loop turns, and an open document must not wait for all of them.
  const root = scratchPolicies();
  mkdirSync(join(root, 'filler'));
  for (let i = 0; i < 600; i++) writeFileSync(join(root, 'filler', `policy-${i}.md`), policyDocument(i + 1, 4_000, i % 2 ? 'en' : 'ja'));
  const plan = pathToFileURL(join(root, 'conforming-en/incident-response-plan.md')).href;

  it('answers an open document before the scan of the rest ends, already as part of the policy that links it', async () => {
    const client = await LspClient.start({ root });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: plan, languageId: 'markdown', version: 1, text: readFileSync(join(root, 'conforming-en/incident-response-plan.md'), 'utf8') } });
    const first = await client.until(() => client.diagnostics.get(plan), 60_000);
    // Analyzed alone, the plan would be the root of its own set (three findings); found with
    // security-policy.md, which links it, it is clean — as after the full scan.
    expect(first.version).toBe(1);
    expect(first.diagnostics).toEqual([]);
    await client.until(() => client.events.includes('progress end'), 120_000);
    const end = client.events.indexOf('progress end');
    expect(client.events.indexOf(`diagnostics ${plan}`)).toBeLessThan(end);
    // The first answer did not wait for an analysis of the whole workspace: no filler document
    // was judged (published) while the scan was still reading (before its last progress report).
    const lastReport = client.events.lastIndexOf(client.events.filter((e) => e === 'progress report').pop()!);
    expect(client.events.indexOf(`diagnostics ${plan}`)).toBeLessThan(lastReport);
    expect(client.events.slice(0, lastReport).filter((e) => e.includes('/filler/'))).toEqual([]);
    expect(client.events.filter((e) => e.startsWith('progress report')).length).toBeGreaterThan(1);
    // The full analysis after the scan publishes the filler documents' findings too.
    await client.until(() => client.diagnostics.get(pathToFileURL(join(root, 'filler/policy-1.md')).href), 60_000);
    expect(client.diagnostics.get(plan)!.diagnostics).toEqual([]);
    await client.stop();
  }, 180_000);

  it('gives a pulled document its diagnostics while the scan is still running', async () => {
    const client = await LspClient.start({ root, capabilities: { window: { workDoneProgress: true }, textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const flawed = pathToFileURL(join(root, 'flawed-ja/security-policy.md')).href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: flawed, languageId: 'markdown', version: 1, text: readFileSync(join(root, 'flawed-ja/security-policy.md'), 'utf8') } });
    const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: flawed } })) as { items: Diagnostic[] };
    expect(client.events).not.toContain('progress end');
    expect(report.items.map((d) => d.code)).toEqual(expect.arrayContaining(['csirt-defined', 'csirt-lead-assigned', 'supervisor-contact']));
    await client.stop();
  }, 180_000);
});
