#!/usr/bin/env bash
# Builds the C ABI (ffi-c), checks that include/medcore.h matches the crate, and runs the C tests
# (the shared vectors, error reporting, ownership, the panic boundary) compiled as C11 with gcc
# and as C++17 with g++ (the C build under valgrind); then runs examples/c/validate.c (parse, validate, ACK).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

need_apt=()
command -v gcc >/dev/null || need_apt+=(gcc)
command -v g++ >/dev/null || need_apt+=(g++)
command -v valgrind >/dev/null || need_apt+=(valgrind)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi

echo "--- build medcore-c (with the test-only panic entry point)"
cargo build -p medcore-c --features test-panic
echo "--- header drift check and Rust tests of medcore-c"
cargo test -p medcore-c --features test-panic

out=target/c-tests
lib=$debug_dir/libmedcore_c.a
libs=(-lpthread -ldl -lm)
mkdir -p "$out"
python3 ffi-c/tests/gen_vectors.py testdata/vectors "$out/vectors.h"
python3 ffi-c/tests/gen_triage_vectors.py testdata/vectors "$out/vectors_triage.h"
python3 ffi-c/tests/gen_authz_vectors.py testdata/vectors "$out/vectors_authz.h"
python3 ffi-c/tests/gen_routing_vectors.py testdata/vectors "$out/vectors_routing.h"
python3 ffi-c/tests/gen_pii_vectors.py testdata/vectors "$out/vectors_pii.h"
python3 ffi-c/tests/gen_billing_vectors.py testdata/vectors "$out/vectors_billing.h"
python3 ffi-c/tests/gen_fhir_vectors.py testdata/vectors "$out/vectors_fhir.h"

echo "--- compile the C tests: gcc -std=c11 and g++ -std=c++17"
tests=(test_hl7 test_triage test_triage_acuity test_authz test_routing test_pii test_billing test_fhir)
for t in "${tests[@]}"; do
  gcc -std=c11 -Wall -Wextra -Werror -g -DMEDCORE_TEST_PANIC -Iinclude -Iffi-c/tests -I"$out" \
    "ffi-c/tests/$t.c" "$lib" "${libs[@]}" -o "$out/${t}_c"
  g++ -std=c++17 -Wall -Wextra -Werror -g -DMEDCORE_TEST_PANIC -Iinclude -Iffi-c/tests -I"$out" \
    -x c++ "ffi-c/tests/$t.c" -x none "$lib" "${libs[@]}" -o "$out/${t}_cpp"
done
gcc -std=c11 -Wall -Wextra -Werror -g -Iinclude examples/c/validate.c "$lib" "${libs[@]}" \
  -o "$out/validate"

# The panic test prints the panic message on stderr by design; no backtrace needed.
export RUST_BACKTRACE=0
# The C build runs under valgrind; the C++ build (the same calls through the header compiled as
# C++) runs natively. Lookup tables built once per process (hash maps in statics, e.g. the FHIR
# concept maps) stay reachable only through a pointer into their block, which valgrind calls
# "possibly lost"; definite leaks are errors.
for t in "${tests[@]}"; do
  echo "--- valgrind ${t}_c"
  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --show-possibly-lost=no "$out/${t}_c"
  echo "--- ${t}_cpp"
  "$out/${t}_cpp"
done

echo "--- examples/c/validate"
valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  "$out/validate" testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7
if "$out/validate" Cargo.toml >"$out/validate-bad.txt"; then
  echo "validate accepted a file that is not an HL7 message" >&2
  exit 1
fi
grep -q "INVALID HL7_PARSE_NO_MSH" "$out/validate-bad.txt"
# The strict profile finds errors in the same file: exit 1, ACK code AE.
if "$out/validate" testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7 strict \
  >"$out/validate-strict.txt"; then
  echo "validate reported no errors under the strict profile" >&2
  exit 1
fi
grep -q "^MSA|AE|MSG00001" "$out/validate-strict.txt"
cat "$out/validate-bad.txt"
echo "C tests passed"
