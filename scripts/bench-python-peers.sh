#!/usr/bin/env bash
# Times the Python HL7 peers on the corpus (see benches/python/hl7_peers.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-bench
.venv-bench/bin/pip install -q hl7 hl7apy
.venv-bench/bin/python benches/python/hl7_peers.py
