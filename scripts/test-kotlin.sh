#!/usr/bin/env bash
# Builds the UniFFI bindings (ffi-mobile), generates the Kotlin sources, compiles them with the
# Kotlin tests and examples/kotlin in one `kotlinc -Werror` run, runs the tests and the example on
# the JVM with JNA, and checks that the committed Swift sources (ffi-mobile/swift/) match what the
# crate generates. MEDCORE_BLESS=1 rewrites the Swift golden files after an intended API change.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

tools=ffi-mobile/.tools
kotlinc="$tools/node_modules/kotlin-compiler/bin/kotlinc"
kotlin_version=2.4.20
jna=/usr/share/java/jna.jar

need_apt=()
[ -f "$jna" ] || need_apt+=(libjna-java)
command -v java >/dev/null || need_apt+=(default-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi
if [ ! -x "$kotlinc" ]; then
  echo "--- install kotlin-compiler $kotlin_version (npm) into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "kotlin-compiler@$kotlin_version"
fi
stdlib="$tools/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar"

out=target/kotlin-tests
bindgen=$debug_dir/uniffi-bindgen
lib=$debug_dir/libmedcore_mobile.so
rm -rf "$out" && mkdir -p "$out"

echo "--- Swift golden files: generate from the released API (no test hook) and compare"
cargo build -p medcore-mobile --features bindgen
"$bindgen" generate --library "$lib" --language swift --no-format --out-dir "$out/swift" >/dev/null
if [ "${MEDCORE_BLESS:-}" = 1 ]; then
  rm -rf ffi-mobile/swift && cp -r "$out/swift" ffi-mobile/swift
  echo "ffi-mobile/swift rewritten"
elif ! diff -ru ffi-mobile/swift "$out/swift" >"$out/swift.diff"; then
  head -40 "$out/swift.diff" >&2
  echo "ffi-mobile/swift is out of date with the crate; regenerate with MEDCORE_BLESS=1 $0" >&2
  exit 1
fi

echo "--- Kotlin: generate (test build, with the panic hook), compile with -Werror"
cargo build -p medcore-mobile --features bindgen,test-panic
"$bindgen" generate --library "$lib" --language kotlin --no-format --out-dir "$out/gen" >/dev/null
"$kotlinc" -Werror -cp "$jna" -d "$out/medcore-tests.jar" \
  $(find "$out/gen" -name '*.kt') ffi-mobile/tests/kotlin/*.kt examples/kotlin/*.kt

run() {
  java -cp "$out/medcore-tests.jar:$jna:$stdlib" -Djna.library.path="$debug_dir" "$@"
}
echo "--- Kotlin tests on the JVM"
RUST_BACKTRACE=0 run org.medcore.tests.VectorsTestKt testdata/vectors
echo "--- examples/kotlin"
run org.medcore.examples.ValidateKt testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7
if run org.medcore.examples.ValidateKt Cargo.toml >"$out/validate-bad.txt"; then
  echo "the example accepted a file that is not an HL7 message" >&2
  exit 1
fi
grep -q "INVALID" "$out/validate-bad.txt"
cat "$out/validate-bad.txt"
echo "Kotlin tests passed"
