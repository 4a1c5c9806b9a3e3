import type { Locale } from '../types';
import { clausesWith, type Place, type SetReport } from './compliance';
import { L } from './labels';

/**
 * The compliance report as one self-contained HTML page: no scripts, no remote resources, an
 * inline SVG of the reporting graph, colours from the VS Code theme when shown in a webview and
 * from the system's light/dark preference in a browser.
 */

export interface HtmlOptions {
  locale: Locale;
  where: (p: Place) => string;
  href: (p: Place) => string;
  label: (uri: string) => string;
  /** Content-Security-Policy for a webview (a nonce-less, script-free page needs only styles). */
  csp?: string;
}

/**
 * A link of the report: the adapter's `command:` / `vscode:` links as they are; anything else is
 * a file path, made explicitly relative (or kept absolute) so that a file named `javascript:alert(1).md` cannot
 * become a live URL of its own scheme.
 */
export function safeHref(href: string): string {
  if (/^(?:command|vscode):/iu.test(href)) return href;
  return /^(?:\.\.?)?\//u.test(href) ? href : `./${href}`;
}

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

export function renderHtml(reports: SetReport[], o: HtmlOptions): string {
  const t = L[o.locale];
  const csp = o.csp ?? "default-src 'none'; style-src 'unsafe-inline'; img-src data:;";
  const sections = reports.map((r, i) => setSection(r, i, o)).join('\n');
  const summary = summaryTable(reports, o);
  return `<!DOCTYPE html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<style>
:root { color-scheme: light dark; --fg: var(--vscode-foreground, #1f2328); --bg: var(--vscode-editor-background, #ffffff); --muted: var(--vscode-descriptionForeground, #59636e); --line: var(--vscode-panel-border, #d1d9e0); --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --sup: #8250df; --link: var(--vscode-textLink-foreground, #0969da); }
@media (prefers-color-scheme: dark) { :root { --fg: var(--vscode-foreground, #e6edf3); --bg: var(--vscode-editor-background, #0d1117); --muted: var(--vscode-descriptionForeground, #9198a1); --line: var(--vscode-panel-border, #3d444d); --ok: #3fb950; --bad: #f85149; --warn: #d29922; --sup: #a371f7; --link: var(--vscode-textLink-foreground, #4493f8); } }
body { font-family: var(--vscode-font-family, system-ui, "Hiragino Sans", "Noto Sans CJK JP", sans-serif); color: var(--fg); background: var(--bg); margin: 2rem; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid var(--line); }
table.matrix { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
.status { font-weight: 600; white-space: nowrap; }
.satisfied .status { color: var(--ok); } .partly .status { color: var(--warn); font-weight: 500; } .finding .status { color: var(--bad); } .incomplete .status { color: var(--warn); } .suppressed .status { color: var(--sup); } .not-checked .status { color: var(--muted); }
.counts span { margin-right: 1rem; } .err { color: var(--bad); } .wrn { color: var(--warn); }
a { color: var(--link); } .muted { color: var(--muted); }
svg.graph { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
svg.graph { min-width: min(100%, 720px); }
svg .node rect { fill: var(--bg); stroke: var(--fg); } svg .node text { fill: var(--fg); font-size: 14px; }
svg .edge { color: var(--muted); } svg .edge path { stroke: var(--muted); stroke-width: 1.5; } svg .edge text { fill: var(--muted); font-size: 12px; }
svg .edge.delayed { color: var(--warn); } svg .edge.delayed path { stroke: var(--warn); stroke-width: 2; stroke-dasharray: 3 3; } svg .edge.delayed text { fill: var(--warn); font-weight: 700; }
svg .gap path { stroke: var(--bad); stroke-width: 2.5; stroke-dasharray: 6 4; } svg .gap text { fill: var(--bad); font-weight: 700; font-size: 12px; }
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
${summary}
${sections}
<p class="muted">${esc(t.generated)}</p>
</body>
</html>
`;
}


function descendants(r: SetReport, i: number): SetReport['clauses'] {
  const out: SetReport['clauses'] = [];
  for (let j = i + 1; j < r.clauses.length && r.clauses[j]!.depth > r.clauses[i]!.depth; j++) out.push(r.clauses[j]!);
  return out;
}

/** One line per set, before the details: where the problems are. */
function summaryTable(reports: SetReport[], o: HtmlOptions): string {
  const t = L[o.locale];
  const rows = reports
    .map((r, i) => {
      const n = clausesWith(r, 'finding');
      const m = clausesWith(r, 'incomplete');
      const status = [n ? t.unmet(n) : '', m ? t.incomplete(m) : ''].filter(Boolean).join(' · ') || t.allMet;
      return `<tr class="${n ? 'finding' : m ? 'incomplete' : 'satisfied'}"><td><a href="#set-${i}">${esc(o.label(r.root))}</a></td><td class="status">${esc(status)}</td><td><span class="err">${r.counts.errors} ${esc(t.errors)}</span> · <span class="wrn">${r.counts.warnings} ${esc(t.warnings)}</span></td></tr>`;
    })
    .join('\n');
  return `<h2>${esc(t.summary)}</h2>\n<table class="matrix summary"><tbody>\n${rows}\n</tbody></table>`;
}

function setSection(r: SetReport, i: number, o: HtmlOptions): string {
  const t = L[o.locale];
  const rows = r.clauses
    .map((c, ci) => {
      // A parent "satisfied" by the few items Kijun checks says so, not more.
      const below = descendants(r, ci).filter((d) => d.depth === c.depth + 1);
      const unchecked = below.filter((d) => d.status === 'not-checked').length;
      const statusText = c.status === 'satisfied' && below.length && unchecked * 2 >= below.length ? t.partly(below.length - unchecked, below.length) : t.statuses[c.status];
      const statusClass = statusText === t.statuses[c.status] ? c.status : 'partly';
      const name = `${c.id}${c.title ? ` ${c.title[o.locale]}` : ''}`;
      const links =
        c.status === 'finding' || c.status === 'incomplete'
          ? c.findings.map((f) => `<a href="${esc(safeHref(o.href(f.place)))}" title="${esc(f.message[o.locale])}"><code>${esc(f.rule)}</code> ${esc(o.where(f.place))}</a>`).join('<br>')
          : c.status === 'suppressed'
            ? c.suppressed.map((s) => `<a href="${esc(safeHref(o.href(s.place)))}"><code>${esc(s.rule)}</code> ${esc(o.where(s.place))}</a> — ${esc(t.justification)}: ${esc(s.justification || '—')}`).join('<br>')
            : c.evidence
              ? `<a href="${esc(safeHref(o.href(c.evidence)))}">${esc(o.where(c.evidence))}</a>`
              : '';
      return `<tr class="${statusClass}" data-clause="${esc(c.id)}"><td style="padding-left:${0.5 + c.depth * 1.2}rem">${esc(name)}</td><td class="status">${esc(statusText)}</td><td>${links}</td></tr>`;
    })
    .join('\n');
  return `<section class="set" id="set-${i}">
<h2>${esc(t.set)}: ${esc(o.label(r.root))}</h2>
<p class="muted">${esc(t.members)}: ${r.members.map((m) => esc(o.label(m))).join(', ')}</p>
<p class="counts"><span class="err">${r.counts.errors} ${esc(t.errors)}</span><span class="wrn">${r.counts.warnings} ${esc(t.warnings)}</span><span>${r.counts.information} ${esc(t.information)}</span><span>${r.counts.suppressed} ${esc(t.suppressed)}</span></p>
<table class="matrix"><thead><tr><th>${esc(t.clause)}</th><th>${esc(t.status)}</th><th>${esc(t.detail)}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h3>${esc(t.graph)}</h3>
${graphSvg(r, i, o)}
<p>${r.gap ? `<strong class="err">${esc(t.gap)}:</strong> ${esc(nameOf(r, r.gap.from, o.locale))} → ✖ → ${esc(nameOf(r, r.gap.to, o.locale))}` : esc(t.noBreak)}</p>
</section>`;
}

/** A node label in at most three lines (the box grows no wider; nothing is cut off but a very long tail). */
function wrap(label: string, width: number): string[] {
  const out: string[] = [];
  let rest = label;
  while (rest.length > width && out.length < 2) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  out.push(rest.length > width + 4 ? `${rest.slice(0, width + 3)}…` : rest);
  return out;
}

function nameOf(r: SetReport, id: string, locale: Locale): string {
  return r.nodes.find((n) => n.id === id)?.name[locale] ?? id;
}

/** Layered layout: one column per distance from staff, nodes stacked in each column. */
function graphSvg(r: SetReport, index: number, o: HtmlOptions): string {
  const marker = `arrow-${index}`;
  const t = L[o.locale];
  const W = 210;
  const H = 52;
  const GX = 90;
  const GY = 30;
  const layers = [...new Set(r.nodes.map((n) => n.layer))].sort((a, b) => a - b);
  const pos = new Map<string, { x: number; y: number }>();
  let maxRows = 1;
  layers.forEach((layer, col) => {
    const inLayer = r.nodes.filter((n) => n.layer === layer).sort((a, b) => (a.id < b.id ? -1 : 1));
    maxRows = Math.max(maxRows, inLayer.length);
    inLayer.forEach((n, row) => pos.set(n.id, { x: 20 + col * (W + GX), y: 20 + row * (H + GY) }));
  });
  const width = 40 + layers.length * (W + GX) - GX + 60;
  const height = 40 + maxRows * (H + GY) - GY + 20;
  // Forward edges are straight; edges within a column or backwards curve around the boxes.
  const path = (a: { x: number; y: number }, b: { x: number; y: number }) => {
    if (b.x > a.x) {
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      // Labels sit near the target so that crossing edges keep them apart.
      return { d: `M${x1},${y1} L${x2},${y2}`, mx: x1 + (x2 - x1) * 0.62, my: y1 + (y2 - y1) * 0.62 - 5 };
    }
    const x1 = a.x + W;
    const y1 = a.y + H / 2;
    const x2 = b.x + W;
    const y2 = b.y + H / 2;
    const bulge = Math.max(x1, x2) + 28 + Math.abs(y2 - y1) * 0.15;
    return { d: `M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2},${y2}`, mx: bulge - 6, my: (y1 + y2) / 2 };
  };
  const edges = r.edges
    .filter((e) => pos.has(e.from) && pos.has(e.to))
    .map((e) => {
      const l = path(pos.get(e.from)!, pos.get(e.to)!);
      return `<g class="edge${e.urgency === 'delayed' ? ' delayed' : ''}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><path d="${l.d}" fill="none" marker-end="url(#${marker})"/><text x="${l.mx}" y="${l.my}" text-anchor="middle">${esc(t.urgency[e.urgency] ?? '')}</text></g>`;
    })
    .join('\n');
  const gap =
    r.gap && pos.has(r.gap.from) && pos.has(r.gap.to)
      ? (() => {
          const l = path(pos.get(r.gap.from)!, pos.get(r.gap.to)!);
          return `<g class="gap"><path d="${l.d}" fill="none"/><text x="${l.mx}" y="${l.my - 4}" text-anchor="middle">✖ ${esc(t.gap)}</text></g>`;
        })()
      : '';
  const nodes = r.nodes
    .filter((n) => pos.has(n.id))
    .map((n) => {
      const p = pos.get(n.id)!;
      const label = n.name[o.locale];
      const lines = wrap(label, o.locale === 'ja' || /[\u3040-\u9fff]/u.test(label) ? 14 : 26);
      const top = p.y + H / 2 - (lines.length - 1) * 8 + 5;
      const tspans = lines.map((l, k) => `<tspan x="${p.x + W / 2}" y="${top + k * 16}">${esc(l)}</tspan>`).join('');
      return `<g class="node" data-node="${esc(n.id)}"><title>${esc(label)}</title><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="6"/><text text-anchor="middle">${tspans}</text></g>`;
    })
    .join('\n');
  return `<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(t.graph)}">
<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>
${edges}
${gap}
${nodes}
</svg>`;
}
