#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, and runs each one.
#   scripts/fuzz.sh smoke            every target for FUZZ_SECONDS (default 15) seconds
#   scripts/fuzz.sh run TARGET SECS  one target, for a long run
# The instrumentation flags are the ones cargo-fuzz uses; the one stable toolchain accepts the
# sanitizer flag with RUSTC_BOOTSTRAP=1. Seeds come from testdata; findings go to fuzz/artifacts.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
mode=${1:-smoke}
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Zsanitizer=address -Cdebug-assertions"
# Long runs use the optimized release build; the smoke run a quicker one (profile `smoke`).
profile=release
[ "$mode" = smoke ] && profile=smoke
cargo build --profile "$profile" --quiet --target "$triple" --bins
targets=$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | grep -v '^medcore-fuzz$')

seeds() {
  local t=$1 dir=corpus/$1
  mkdir -p "$dir" artifacts/"$t"
  case $t in
    hl7_*) find ../testdata/hl7 -name '*.hl7' -size -64k -exec cp -n {} "$dir"/ \; ;;
    routing_pbf) cp -n ../testdata/maps/andorra.osm.pbf "$dir"/ ;;
  esac
  echo "$dir"
}

run() {
  local t=$1 secs=$2
  echo "fuzz $t for ${secs}s"
  # Inputs up to 64 KiB, except whole map files (the Andorra seed is 565 KB).
  local max_len=65536
  [ "$t" = routing_pbf ] && max_len=1048576
  "target/$triple/$profile/$t" "$(seeds "$t")" -max_total_time="$secs" -max_len="$max_len" \
    -artifact_prefix=artifacts/"$t"/ -print_final_stats=1 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|panicked|SUMMARY|Done' || true
  # libFuzzer writes crash-*/leak-*/timeout-* files on any finding.
  if ls artifacts/"$t"/ 2>/dev/null | grep -qE '^(crash|leak|timeout|oom)-'; then
    echo "fuzz target $t found a problem: see fuzz/artifacts/$t" >&2
    return 1
  fi
}

case $mode in
  smoke) for t in $targets; do run "$t" "${FUZZ_SECONDS:-15}"; done ;;
  run) run "$2" "$3" ;;
  *) echo "usage: scripts/fuzz.sh smoke | run TARGET SECONDS" >&2; exit 2 ;;
esac
