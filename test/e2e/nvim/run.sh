#!/usr/bin/env bash
# Neovim smoke test of `node dist/cli.js lsp --stdio` (see smoke.lua; KIJUN_CMD runs another server
# command, such as an installed `kijun lsp --stdio`). Needs dist/ built and
# Debian's neovim (test/e2e/install-code-server.sh installs it). Last line: "Neovim: N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
if ! command -v nvim >/dev/null; then
  echo "nvim not found: install Debian's neovim (apt-get install neovim, or run test/e2e/install-code-server.sh)" >&2
  echo "Neovim: 0 passed, 1 failed"
  exit 1
fi
[ -f "$ROOT/dist/cli.js" ] || { echo "dist/cli.js is missing: run npm run build" >&2; echo "Neovim: 0 passed, 1 failed"; exit 1; }

WS="$(mktemp -d "${TMPDIR:-/tmp}/kijun-nvim-XXXXXX")"
trap 'rm -rf "$WS"' EXIT
cp -r "$ROOT/policies/." "$WS/"
cp -r "$ROOT/test/e2e/fixtures/chain-ja" "$WS/chain-ja"

set +e
KIJUN_ROOT="$ROOT" KIJUN_WS="$WS" KIJUN_CMD="${KIJUN_CMD:-}" timeout 60 nvim --headless -u NONE -i NONE -n \
  -c "luafile $ROOT/test/e2e/nvim/smoke.lua" >"$WS/out.txt" 2>"$WS/err.txt"
rc=$?
set -e
cat "$WS/out.txt"
if ! tail -n 1 "$WS/out.txt" | grep -q '^Neovim: '; then
  echo "nvim exited ($rc) before the end of the smoke test:" >&2
  cat "$WS/err.txt" >&2
  echo "Neovim: 0 passed, 1 failed"
  exit 1
fi
[ -s "$WS/err.txt" ] && [ "$rc" -ne 0 ] && cat "$WS/err.txt" >&2
exit "$rc"
