#!/usr/bin/env bash
# Builds the Python binding (debug, with the test-only panic hook) into the repository's .venv
# and runs its checks: mypy.stubtest over the hand-written stubs, then the pytest suite (shared
# vectors, errors, panic boundary, the FastAPI and Django examples). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
root=$PWD

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
export VIRTUAL_ENV="$root/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
python -m pip install -q --disable-pip-version-check -r ffi-python/requirements-dev.txt

echo "--> build (maturin develop, debug, test-panic)"
(cd ffi-python && maturin develop -q --features test-panic)

echo "--> stubs (mypy.stubtest)"
(cd ffi-python && python -m mypy.stubtest medcore --allowlist stubtest-allowlist.txt)

echo "--> pytest"
python -m pytest -q ffi-python/tests
