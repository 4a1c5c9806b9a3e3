#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) as a user adds it: a git repository of policies with
# the packed tarball installed as a dev dependency and .pre-commit-config.yaml pointing at a clone
# of this repository. A commit with the flawed policy is refused with the findings; the
# conforming one passes. Needs Debian's pre-commit (.ci/run installs it).
# Last line: "pre-commit: N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
command -v pre-commit >/dev/null || { echo "pre-commit not found (apt-get install pre-commit)" >&2; echo "pre-commit: 0 passed, 1 failed"; exit 1; }
T="$(mktemp -d "${TMPDIR:-/tmp}/kijun-pre-commit-XXXXXX")"
trap 'rm -rf "$T"' EXIT
export PRE_COMMIT_HOME="$T/cache" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org LANG=C LC_ALL= KIJUN_LOCALE=
passed=0; failed=0
result() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "✓ $2"; else failed=$((failed + 1)); echo "✗ $2"; fi; }

# The hook repository at a commit holding the working tree's .pre-commit-hooks.yaml.
git clone -q "$ROOT" "$T/hook"
cp "$ROOT/.pre-commit-hooks.yaml" "$T/hook/"
git -C "$T/hook" add .pre-commit-hooks.yaml
git -C "$T/hook" commit -q --allow-empty -m "hooks under test"
rev="$(git -C "$T/hook" rev-parse HEAD)"

(cd "$ROOT" && npm pack --silent --pack-destination "$T" >/dev/null)
mkdir "$T/repo" && cd "$T/repo" && git init -q
echo '{"name":"policies","private":true}' > package.json
npm install --silent --prefer-offline --no-audit --no-fund --save-dev "$T"/kijun-*.tgz
printf 'node_modules/\n' > .gitignore
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: kijun\n' "$T/hook" "$rev" > .pre-commit-config.yaml
pre-commit install >/dev/null
git add .gitignore package.json package-lock.json .pre-commit-config.yaml && git commit -q -m setup --no-verify

set +e
cp -r "$ROOT/policies/conforming-en" conforming && git add conforming
out="$(git commit -q -m conforming 2>&1)"; rc=$?
echo "$out" | grep -E '^Kijun' ; [ $rc -eq 0 ]
result $? "a commit of the conforming policy set passes"

cp -r "$ROOT/policies/flawed-ja" flawed && git add flawed
out="$(git commit -q -m flawed 2>&1)"; rc=$?
echo "$out" | grep -E '^Kijun|✖'
[ $rc -ne 0 ] && echo "$out" | grep -q 'csirt-defined' && echo "$out" | grep -q 'flawed/security-policy.md' && ! git log --oneline | grep -q ' flawed$'
result $? "a commit of the flawed policy set is refused with its findings"
echo "pre-commit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
