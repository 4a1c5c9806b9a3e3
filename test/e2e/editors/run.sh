#!/usr/bin/env bash
# Other editors against the installed package: packs Kijun (npm pack), installs the tarball into an
# empty folder, puts its node_modules/.bin on PATH, and runs, headless, the README's Neovim 0.7
# block and its eglot block (taken from README.md, not copied), then the Neovim smoke test with
# KIJUN_CMD set to the installed `kijun lsp --stdio`. Needs Debian's neovim, emacs-nox,
# elpa-eglot and elpa-markdown-mode (.ci/run installs them). Last line: "Editors: N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/kijun-editors-XXXXXX")"
trap 'rm -rf "$T"' EXIT
passed=0; failed=0
result() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "✓ $2"; else failed=$((failed + 1)); echo "✗ $2"; fi; }

(cd "$ROOT" && npm pack --silent --pack-destination "$T" >/dev/null)
mkdir "$T/app" && echo '{"name":"editors-test","private":true}' > "$T/app/package.json"
(cd "$T/app" && npm install --silent --prefer-offline --no-audit --no-fund "$T"/kijun-*.tgz)
export PATH="$T/app/node_modules/.bin:$PATH"
echo "kijun $(kijun --version) from $(command -v kijun)"
cp -r "$ROOT/policies" "$T/ws"

# The README's code blocks, by their first line.
block() { node -e '
  const md = require("fs").readFileSync(process.argv[1], "utf8");
  const b = md.split(/^```\w*\n/mu).map((x) => x.split(/^```$/mu)[0]).find((x) => x.startsWith(process.argv[2]));
  if (!b) { console.error("README has no block starting with " + process.argv[2]); process.exit(1); }
  process.stdout.write(b);' "$ROOT/README.md" "$1"; }
block '-- kijun: Neovim 0.7' > "$T/init.lua"
block ';; kijun: eglot' > "$T/eglot.el"

set +e
if command -v nvim >/dev/null; then
  (cd "$T/ws" && timeout 60 nvim --headless -u "$T/init.lua" -i NONE -n -c "luafile $ROOT/test/e2e/editors/nvim-check.lua" flawed-ja/security-policy.md 2>"$T/nvim.err")
  rc=$?; [ $rc -eq 0 ] || cat "$T/nvim.err" >&2
  result $rc "Neovim 0.7 README setup publishes Kijun's diagnostics"
  KIJUN_CMD="kijun lsp --stdio" bash "$ROOT/test/e2e/nvim/run.sh" | tail -n 1
  result "${PIPESTATUS[0]}" "Neovim smoke test against the installed kijun"
else
  result 1 "Neovim: nvim not found (apt-get install neovim)"
fi
if command -v emacs >/dev/null; then
  (cd "$T/ws" && KIJUN_EGLOT_EL="$T/eglot.el" KIJUN_FILE="$T/ws/flawed-ja/security-policy.md" timeout 90 emacs --batch -l "$ROOT/test/e2e/editors/eglot-check.el" 2>"$T/emacs.err")
  rc=$?; [ $rc -eq 0 ] || tail -n 20 "$T/emacs.err" >&2
  result $rc "Emacs eglot README setup publishes Kijun's diagnostics"
else
  result 1 "Emacs: emacs not found (apt-get install emacs-nox elpa-eglot elpa-markdown-mode)"
fi
echo "Editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
