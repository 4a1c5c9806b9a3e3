// Bundles the three entry points into dist/: the VS Code client, the language server and the CLI.
// Everything is bundled (remark & co. are ESM-only; the bundles are CommonJS so that VS Code and
// plain `node` can load them without a loader), except `vscode`, which the editor provides.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/lsp/main.ts' } },
  { entryPoints: { cli: 'server/src/cli/main.ts' } },
].map((b) => ({ ...common, ...b, outdir: 'dist' }));

// Data the bundles read at run time: rule documentation (linked from diagnostics, printed by
// `kijun explain`) and the configuration schema (VS Code's jsonValidation).
function copyAssets() {
  fs.mkdirSync('dist/docs/rules', { recursive: true });
  for (const f of fs.readdirSync('docs/rules')) fs.copyFileSync(`docs/rules/${f}`, `dist/docs/rules/${f}`);
  fs.copyFileSync('server/src/config/kijun.schema.json', 'dist/kijun.schema.json');
}

copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
