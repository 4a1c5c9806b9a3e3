import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';

/**
 * The two conflicts of interest of issue 13 on the real documents of the vendored corpus
 * (test/corpus/realworld/), read as their handbooks are meant to be read. Neither is judged by
 * `kijun check` on the corpus folder as it stands: the Tuist and FlowFuse "Information Security
 * Roles and Responsibilities" pages have no kind keyword in their titles (checks.md "Which
 * documents are judged"), and FlowFuse's two pages do not link each other. Here the Tuist page
 * is classified by configuration (`documents` globs, as a user would), and the FlowFuse pages are
 * joined by a handbook index that links them (its security page lists them by name).
 */
const corpus = join(fileURLToPath(new URL('.', import.meta.url)), '../corpus/realworld');
const url = (p: string): string => pathToFileURL(join(corpus, p)).href;
const config = () => ({ standard: 'unified-2014' as const, organizationType: 'government-agency' as const, authorities: {}, roles: {}, rules: {}, source: undefined });

function conflicts(documents: Map<string, string>, policies: string[]): Finding[] {
  const result = analyzeWorkspace(documents, {
    read: (uri) => {
      try {
        return readFileSync(fileURLToPath(uri), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: () => true,
    configFor: config,
    kindFor: (uri) => (policies.includes(uri) ? 'policy' : undefined),
  });
  expect(result.failures).toEqual([]);
  return [...result.findings.values()].flat().filter((f) => f.rule === 'csirt-lead-conflict');
}

const lineOf = (f: { range: { start: { line: number } } }): number => f.range.start.line + 1;

describe('csirt-lead-conflict on the real documents', () => {
  it('Tuist: the IT Manager operates the IT security controls and is the liaison to the board and law enforcement', () => {
    const page = url('tuist-handbook/handbook/security/information-security-framework/information-security-roles-and-responsibilities.md');
    const found = conflicts(new Map([[page, readFileSync(fileURLToPath(page), 'utf8')]]), [page]);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f!.uri).toBe(page);
    expect(lineOf(f!)).toBe(34);
    expect(f!.message.en).toMatch(/^The IT Manager is the one who carries incidents upward and is responsible for operating IT security controls/u);
    expect(f!.related.map((r) => [lineOf(r), r.message.en])).toEqual([[34, 'Here the same post carries incidents to the Board of Directors and Law Enforcement.']]);
  });

  it('FlowFuse: the CTO operates the hosting security controls and, with the CEO, decides the mitigations of every incident', () => {
    const roles = url('admyral/data/policies/flowfuse/information_security_roles_and_responsibilities.md');
    const plan = url('admyral/data/policies/flowfuse/incident_response_plan.md');
    const index = url('admyral/data/policies/flowfuse/index.md');
    const text = '# Security Policies\n\n- [Information Security Roles and Responsibilities](./information_security_roles_and_responsibilities.md)\n- [Incident Response Plan](./incident_response_plan.md)\n';
    const found = conflicts(new Map([[index, text]]), [index, roles]);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f!.uri).toBe(roles);
    expect(lineOf(f!)).toBe(27);
    expect(f!.message.en).toMatch(/^The CTO leads the incident response and is responsible for operating development and commercial cloud hosting security controls\./u);
    expect(f!.related.map((r) => [r.uri, lineOf(r)])).toEqual([[plan, 94]]);
  });

  it('FlowFuse: the plan alone names a lead but nothing it runs, and stays clean', () => {
    const plan = url('admyral/data/policies/flowfuse/incident_response_plan.md');
    expect(conflicts(new Map([[plan, readFileSync(fileURLToPath(plan), 'utf8')]]), [plan])).toEqual([]);
  });
});
