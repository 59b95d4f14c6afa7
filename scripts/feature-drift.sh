#!/usr/bin/env bash
# Lists third-party crates that a host binding build would compile with other features than the
# workspace test build (`cargo test --workspace`). Each one is compiled twice, and so is everything
# above it; add the missing features to workspace-hack/Cargo.toml until this prints nothing.
# Uses cargo's unit graph (an unstable flag, accepted with RUSTC_BOOTSTRAP=1; nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export RUSTC_BOOTSTRAP=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
graph() { cargo "$@" --unit-graph -Z unstable-options 2>/dev/null; }
graph test --workspace >"$tmp/workspace.json"
graph build -p medcore-python --features test-panic >"$tmp/python.json"
graph build -p medcore-node --features test-panic >"$tmp/node.json"
graph build -p medcore-mobile --features bindgen,test-panic >"$tmp/kotlin.json"
graph test -p medcore-c --features test-panic >"$tmp/c.json"
graph build -p medcore-c --features test-panic >"$tmp/c-lib.json"
python3 - "$tmp" <<'PY'
import json, sys
def units(path):
    out = {}
    for u in json.load(open(path))["units"]:
        if "registry" not in u["pkg_id"] or u["mode"] != "build":
            continue
        key = (u["pkg_id"].split("#")[-1], u["target"]["name"], u.get("platform") or "host")
        out.setdefault(key, set()).add(tuple(u["features"]))
    return out
base = units(f"{sys.argv[1]}/workspace.json")
drift = 0
for host in ("python", "node", "kotlin", "c", "c-lib"):
    for key, feats in sorted(units(f"{sys.argv[1]}/{host}.json").items()):
        # The Kotlin build adds uniffi's generator to uniffi: one small crate, accepted.
        if host == "kotlin" and key[0].startswith("uniffi@"):
            continue
        if key in base and not feats & base[key]:
            drift += 1
            name, _, platform = key
            print(f"{host}: {name} ({platform}) {sorted(feats)[0]} vs workspace {sorted(base[key])}")
print(f"{drift} crate builds differ")
sys.exit(1 if drift else 0)
PY
