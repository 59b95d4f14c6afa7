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
  bash scripts/feature-drift.sh
}

step_fuzz() {
  FUZZ_SECONDS=${FUZZ_SECONDS:-5} bash scripts/fuzz.sh smoke
}

step_python() { bash scripts/test-python.sh; }
step_node() { bash scripts/test-node.sh; }
step_kotlin() { bash scripts/test-kotlin.sh; }
step_c() { bash scripts/test-c.sh; }

run_step() {
  echo "==> $1"
  local start=$SECONDS
  "step_$1"
  echo "==> $1 ok ($((SECONDS - start)) s)"
}

# The fuzz step builds in its own workspace (fuzz/), so it runs alongside the host steps, which
# spend much of their time on one core (package installs, kotlinc, valgrind); its output is shown
# when it ends.
background_fuzz=0
if [ ${#steps[@]} -gt 1 ] && [[ " ${steps[*]} " == *" fuzz "* ]]; then
  background_fuzz=1
  fuzz_log=$(mktemp)
  # A failing host step ends the run: stop the fuzz step with it.
  trap 'if [ -n "${fuzz_pid:-}" ]; then kill -- "$fuzz_pid" 2>/dev/null || true; fi; rm -f "$fuzz_log"' EXIT
fi
for s in "${steps[@]}"; do
  if [ "$s" = fuzz ] && [ "$background_fuzz" = 1 ]; then
    echo "==> fuzz (in the background)"
    run_step fuzz >"$fuzz_log" 2>&1 &
    fuzz_pid=$!
    continue
  fi
  run_step "$s"
done
if [ "$background_fuzz" = 1 ]; then
  fuzz_status=0
  wait "$fuzz_pid" || fuzz_status=$?
  fuzz_pid=
  cat "$fuzz_log"
  if [ "$fuzz_status" -ne 0 ]; then
    echo "==> fuzz FAILED" >&2
    exit "$fuzz_status"
  fi
fi
