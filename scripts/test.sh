#!/usr/bin/env bash
# Runs every test suite of every language. With arguments, only the named steps
# (rust, fuzz, python, node, kotlin, c). Each step installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(rust fuzz)

step_rust() {
  cargo fmt --all --check
  cargo clippy --workspace --all-targets -- -D warnings
  cargo test --workspace
}

step_fuzz() {
  if [ -d fuzz ]; then bash scripts/fuzz.sh smoke; fi
}

for s in "${steps[@]}"; do
  echo "==> $s"
  start=$SECONDS
  "step_$s"
  echo "==> $s ok ($((SECONDS - start)) s)"
done
