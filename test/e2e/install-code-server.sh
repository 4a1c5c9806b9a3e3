#!/usr/bin/env bash
# Installs code-server 4.96.4 (VS Code 1.96.4, the last line that runs on Node 20) into a cache
# folder outside the repository, offline: only the npm registry and Debian packages are used.
# Follows shared/guides/vscode-e2e.md, steps 1–6. Idempotent: does nothing when the cached
# code-server already answers --version. Prints the code-server binary's path as its last line.
#
#   KIJUN_E2E_CACHE   cache folder (default: $HOME/.cache/kijun-e2e)
set -euo pipefail

VERSION=4.96.4
CACHE="${KIJUN_E2E_CACHE:-$HOME/.cache/kijun-e2e}"
HOST="$CACHE/code-server-$VERSION"
BIN="$HOST/node_modules/code-server/out/node/entry.js"
VSCODE="$HOST/node_modules/code-server/lib/vscode"
NATIVES=(@parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid)

STEP="start"
trap 'rc=$?; echo "install-code-server: FAILED at step: $STEP (exit $rc)" >&2; exit $rc' ERR
step() { STEP="$1"; echo "install-code-server: $1" >&2; }
log() { echo "install-code-server: $*" >&2; }

# Native builds use Node's own headers, never downloaded ones.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# 1. Debian packages (Chromium for the browser, rg for VS Code's search, krb5 headers for the
#    kerberos module, Neovim for the second client).
step "1. apt packages"
need=()
fc-list :lang=ja 2>/dev/null | grep -q . || need+=(fonts-ipafont-gothic)  # readable screenshots
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need+=(libkrb5-dev)
command -v nvim >/dev/null || need+=(neovim)
command -v make >/dev/null && command -v g++ >/dev/null && command -v python3 >/dev/null || need+=(build-essential python3)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -x "$BIN" ] && XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" node "$BIN" --version >/dev/null 2>&1; then
  log "code-server $VERSION already installed in $HOST"
  echo "$BIN"
  exit 0
fi

# 2. The package itself, without its postinstall (which would run an online npm install).
step "2. npm install code-server@$VERSION"
mkdir -p "$HOST"
cd "$HOST"
cat > package.json <<EOF
{ "name": "kijun-e2e-code-server", "private": true,
  "dependencies": { "code-server": "$VERSION" },
  "allowScripts": { "argon2": true } }
EOF
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
step "2. npm rebuild argon2"
npm rebuild argon2 --loglevel=error >&2
node -e "require('argon2')"

# 3. lib/vscode's shrinkwrap pins @vscode/proxy-agent to a git URL: use the registry tarball.
step "3. shrinkwrap: @vscode/proxy-agent from the registry"
cd "$VSCODE"
PA_VERSION=$(node -p "require('./npm-shrinkwrap.json').packages['node_modules/@vscode/proxy-agent'].version")
PA_TARBALL=$(npm view "@vscode/proxy-agent@$PA_VERSION" dist.tarball)
[ -n "$PA_TARBALL" ]
node -e '
  const fs = require("fs"); const f = "npm-shrinkwrap.json";
  const j = JSON.parse(fs.readFileSync(f, "utf8"));
  j.packages["node_modules/@vscode/proxy-agent"].resolved = process.argv[1];
  fs.writeFileSync(f, JSON.stringify(j, null, 2) + "\n");' "$PA_TARBALL"

# 4. VS Code's own dependencies, Debian's rg, and the native modules built against Node's headers.
step "4. npm install in lib/vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
step "4. ripgrep symlink"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
node_modules/@vscode/ripgrep/bin/rg --version >/dev/null
step "4. npm rebuild ${NATIVES[*]}"
node -e '
  const fs = require("fs"); const j = JSON.parse(fs.readFileSync("package.json", "utf8"));
  j.allowScripts = Object.fromEntries(process.argv.slice(1).map((n) => [n, true]));
  fs.writeFileSync("package.json", JSON.stringify(j, null, 2) + "\n");' "${NATIVES[@]}"
npm rebuild "${NATIVES[@]}" --loglevel=error >&2
for m in "${NATIVES[@]}"; do
  step "4. require('$m')"
  node -e "require(process.argv[1])" "$m"
done

# 5. Built-in extensions.
step "5. npm install in lib/vscode/extensions"
cd "$VSCODE/extensions"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
step "5. extensions postinstall"
node ./postinstall.mjs >&2

# 6. What code-server's postinstall does last.
step "6. final symlinks"
cd "$VSCODE"
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

step "6. code-server --version"
XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" node "$BIN" --version >&2
log "installed code-server $VERSION in $HOST"
echo "$BIN"
