#!/usr/bin/env bash
# Runs every test suite of every language. With arguments, only the named steps
# (rust, fuzz, python, node, kotlin, c, and lint, which is not part of the default run: clippy
# builds the workspace a second time, so it runs before commits rather than in every test run).
# Each step installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(rust fuzz python node kotlin c)

step_rust() {
  cargo fmt --all --check
  cargo test --workspace
}

step_lint() {
  cargo fmt --all --check
  # The Python and Node glue is linted as the library it ships as: their test builds do not see the
  # exports the binding macros register, and their suites run in the host languages.
  cargo clippy --workspace --exclude medcore-python --exclude medcore-node --all-targets \
    --features medcore-authz/bench-peers -- -D warnings
  cargo clippy -p medcore-python -p medcore-node -- -D warnings
}

step_fuzz() {
  FUZZ_SECONDS=${FUZZ_SECONDS:-5} bash scripts/fuzz.sh smoke
}

step_python() { bash scripts/test-python.sh; }
step_node() { bash scripts/test-node.sh; }
step_kotlin() { bash scripts/test-kotlin.sh; }
step_c() { bash scripts/test-c.sh; }

for s in "${steps[@]}"; do
  echo "==> $s"
  start=$SECONDS
  "step_$s"
  echo "==> $s ok ($((SECONDS - start)) s)"
done
