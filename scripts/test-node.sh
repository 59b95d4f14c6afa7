#!/usr/bin/env bash
# Builds the Node binding (debug, with the test-only panic hook) and runs its checks: the
# generated binding.d.ts and binding.js must equal the committed ones (drift check), index.d.ts is
# type-checked with tsc --strict against a typed usage file, then the node --test suite (shared
# vectors, errors, async tasks, panic boundary, the MLLP server example). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cd ffi-node

npm install --no-audit --no-fund --loglevel=error

committed=$(mktemp -d)
trap 'rm -rf "$committed"' EXIT
cp binding.d.ts binding.js "$committed/"

echo "--> build (napi build, debug, test-panic)"
npx napi build --platform --no-const-enum --js binding.js --dts binding.d.ts --features test-panic

echo "--> drift check (generated binding.d.ts, binding.js vs committed)"
drift=0
for f in binding.d.ts binding.js; do
  if ! diff -u "$committed/$f" "$f"; then
    echo "error: $f differs from the committed file; review the diff above and commit it" >&2
    drift=1
  fi
done
[ "$drift" -eq 0 ]

echo "--> tsc --noEmit --strict"
npx tsc --noEmit --strict -p tsconfig.json

echo "--> node --test"
node --test __test__/
