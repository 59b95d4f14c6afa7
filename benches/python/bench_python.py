"""Every capability from Python, batch calls against Python peers, same run, ratios printed.

Build the binding in release mode into a separate venv, install the peers, run:

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install maturin==1.16.0 cryptography msdrg cedarpy
    (cd ffi-python && VIRTUAL_ENV=$PWD/../.venv-bench ../.venv-bench/bin/maturin develop --release)
    .venv-bench/bin/python benches/python/bench_python.py

Each figure is the best of several rounds of thread CPU time (the machine is shared, so wall
time would measure the queue), per item, with the batch built beforehand. A peer that does not install is
reported as missing, not guessed.
"""

from __future__ import annotations

import hmac
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

from medcore import authz, billing, fhir, pii, routing, triage

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "testdata" / "vectors"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def per_item(fn: Callable[[], object], items: int, rounds: int = ROUNDS) -> float:
    """Best CPU time of this thread over `rounds` calls of `fn`, divided by the items one call
    handles (seconds). CPU time, not wall time: on a shared, loaded machine a long call is
    preempted and its wall time measures the queue, not the work. Batch calls release the GIL
    but run on the calling thread, so their work is counted."""
    fn()
    best = float("inf")
    for _ in range(rounds):
        t = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t)
    return best / items


def us(seconds: float) -> str:
    return f"{seconds * 1e6:8.3f} us"


def line(name: str, seconds: float, note: str = "") -> None:
    print(f"  {name:58s} {us(seconds)}  {note}")


def verdict(ok: bool) -> str:
    return "target met" if ok else "target NOT met"


def bench_pii() -> None:
    print("pii (11-byte fields, 2,000 per batch)")
    n = 2000
    values = [f"123-45-{i:04d}".encode() for i in range(n)]
    ids = [str(100000 + i) for i in range(n)]
    ring = pii.Keyring.generate()
    col = pii.ColumnContext("st-mary", "patients", "ssn")
    ctxs = [col.field(i) for i in ids]
    t_column = per_item(lambda: ring.encrypt_column(col, ids, values), n)
    t_batch = per_item(lambda: ring.encrypt_batch(ctxs, values), n)
    line("medcore Keyring.encrypt_column (text envelopes)", t_column)
    line("medcore Keyring.encrypt_batch (binary envelopes)", t_batch)
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        print("  cryptography: not installed, no peer")
    else:
        aes = AESGCM(os.urandom(32))

        def peer() -> list[bytes]:
            out = []
            for v in values:
                nonce = os.urandom(12)
                out.append(nonce + aes.encrypt(nonce, v, None))
            return out

        t_peer = per_item(peer, n)
        line("cryptography AESGCM + os.urandom(12) per field (no AAD)", t_peer)
        best = min(t_column, t_batch)
        r = t_peer / best
        print(f"  ratio peer/medcore: {r:.1f}x (column {t_peer / t_column:.1f}x, "
              f"batch {t_peer / t_batch:.1f}x); >= 3x: {verdict(r >= 3)}")

    tok = pii.Tokenizer.generate()
    ssns = [f"123-45-{i + 1:04d}" for i in range(n)]
    others = [f"A{i:010d}" for i in range(n)]
    t_ssn = per_item(lambda: tok.tokenize_batch("ssn", "st-mary", ssns), n)
    t_other = per_item(lambda: tok.tokenize_batch("other", "st-mary", others), n)
    line("medcore Tokenizer.tokenize_batch ssn (normalize+HMAC+text)", t_ssn)
    line("medcore Tokenizer.tokenize_batch other", t_other)
    ssn_bytes = [v.encode() for v in ssns]
    t_ssn_b = per_item(lambda: tok.tokenize_batch("ssn", "st-mary", ssn_bytes), n)
    line("medcore Tokenizer.tokenize_batch ssn, values as UTF-8 bytes", t_ssn_b)
    key = os.urandom(32)
    raw = [s.encode() for s in ssns]
    t_hmac = per_item(lambda: [hmac.digest(key, v, "sha256") for v in raw], n)
    line('hmac.digest(key, value, "sha256") per value', t_hmac)
    t_mask = per_item(lambda: pii.mask_batch("ssn", ssn_bytes), n)
    line("(binding floor) pii.mask_batch ssn: same conversions, cheap core", t_mask)
    r = t_hmac / t_ssn
    rb = t_hmac / t_ssn_b
    print(f"  ratio peer/medcore: ssn str {r:.1f}x, ssn bytes {rb:.1f}x, other "
          f"{t_hmac / t_other:.1f}x; >= 5x (bytes, as the peer gets): {verdict(rb >= 5)}")


AUTHZ_POLICY = """
permit(principal, action == Action::"read", resource)
when { principal.department == resource.department };
"""


def bench_authz() -> None:
    print("authz (default policy set, the 31 vector requests cycled to 3,100)")
    cases = load("authz_default.json")["cases"]
    reqs = [authz.Request.from_dict(c["request"]) for c in cases] * 100
    ps = authz.PolicySet.default()
    t = per_item(lambda: ps.authorize_batch(reqs), len(reqs))
    line("medcore PolicySet.authorize_batch (Request objects)", t, f"<= 3 us: {verdict(t <= 3e-6)}")
    dicts = [c["request"] for c in cases] * 100
    t_dicts = per_item(lambda: ps.authorize_batch(dicts), len(dicts))
    line("medcore PolicySet.authorize_batch (dicts converted per call)", t_dicts)
    try:
        import cedarpy
    except ImportError:
        print("  cedarpy: not installed, no peer")
        return
    # A one-rule Cedar policy (same-department read), much smaller than the default set: the
    # peer's cost is mostly its per-request entity and JSON handling.
    entities = []
    requests = []
    for i, c in enumerate(cases * 10):
        r = c["request"]
        p = f'User::"u{i}"'
        res = f'Record::"r{i}"'
        entities.append({"uid": {"__entity": {"type": "User", "id": f"u{i}"}},
                         "attrs": {"department": r["principal"]["attributes"].get("department", "")},
                         "parents": []})
        entities.append({"uid": {"__entity": {"type": "Record", "id": f"r{i}"}},
                         "attrs": {"department": str(r["resource"]["attributes"].get("department", ""))},
                         "parents": []})
        requests.append({"principal": p, "action": 'Action::"read"', "resource": res, "context": {}})
    # Pre-parsed handles, so the peer pays neither policy parsing nor entity JSON per call.
    pol = cedarpy.PolicySet.from_str(AUTHZ_POLICY)
    ents = cedarpy.Entities.from_json_str(json.dumps(entities))
    results = cedarpy.is_authorized_batch(requests, pol, ents)
    assert len(results) == len(requests)
    t_cedar = per_item(lambda: cedarpy.is_authorized_batch(requests, pol, ents),
                       len(requests), rounds=3)
    line("cedarpy.is_authorized_batch (1 rule, pre-parsed handles)", t_cedar)
    print(f"  ratio cedarpy/medcore: {t_cedar / t:.1f}x")


def bench_triage() -> None:
    print("triage (NEWS2, 10,000 patients from the vectors)")
    cases = load("triage_news2.json")["cases"][:10000]
    keys = ("respiration_rate", "spo2", "spo2_scale2", "supplemental_oxygen", "systolic_bp",
            "pulse", "consciousness", "temperature")
    rows = [tuple(c["input"].get(k, False if k == "spo2_scale2" else None) for k in keys)
            for c in cases]
    dicts = [c["input"] for c in cases]
    t_rows = per_item(lambda: triage.news2_totals(rows), len(rows))
    line("medcore triage.news2_totals (tuples -> (total, max, partial, risk))", t_rows,
         f"<= 0.5 us: {verdict(t_rows <= 0.5e-6)}")
    t_sum = per_item(lambda: triage.news2_summary_batch(dicts), len(dicts), rounds=3)
    line("medcore triage.news2_summary_batch (dicts -> dicts)", t_sum)
    t_full = per_item(lambda: triage.news2_batch(dicts), len(dicts), rounds=3)
    line("medcore triage.news2_batch (dicts -> explained dicts)", t_full)


def bench_billing() -> None:
    print("billing (MS-DRG v43 grouping, the first 2,000 vector claims)")
    claims = load("billing_grouper.json")["claims"][:2000]
    g = billing.Grouper()
    t_all = per_item(lambda: g.group_batch(claims), len(claims), rounds=3)
    line("medcore Grouper.group_batch (2,000 claims)", t_all)
    sample = claims[:300]
    t = per_item(lambda: g.group_batch(sample), len(sample))
    line("medcore Grouper.group_batch (the 300 claims msdrg groups)", t)
    try:
        import msdrg
    except ImportError:
        print("  msdrg: not installed, no peer")
        return
    sexes = {"M": 0, "F": 1, "U": 2}
    with msdrg.MsdrgGrouper() as mg:
        def peer() -> None:
            for c in sample:
                mg.group(msdrg.create_claim(
                    version=430, age=c["age"], sex=sexes[c["sex"]],
                    discharge_status=int(c["discharge_status"]), pdx=c["pdx"], pdx_poa="Y",
                    sdx=[(x, "Y") for x in c["sdx"]], procedures=c["procedures"]))

        t_peer = per_item(peer, len(sample), rounds=1)
    line("msdrg MsdrgGrouper.group per claim (300 claims)", t_peer)
    r = t_peer / t
    print(f"  ratio msdrg/medcore: {r:.0f}x; >= 20x: {verdict(r >= 20)}")


def bench_routing(rust_us: Optional[float]) -> None:
    print("routing (Andorra, car, 10,000 random node pairs)")
    g = routing.Graph.andorra("car")
    rnd = random.Random(7)
    n = g.num_nodes
    pairs = [(rnd.randrange(n), rnd.randrange(n)) for _ in range(10000)]
    t = per_item(lambda: g.travel_time_batch(pairs), len(pairs))
    line("medcore Graph.travel_time_batch", t)
    t_single = per_item(lambda: [g.travel_time(a, b) for a, b in pairs[:2000]], 2000, rounds=3)
    line("medcore Graph.travel_time, one call per query", t_single)
    # The binding's input cost without the queries: the same list with an out-of-range node
    # last converts and checks every pair, then fails before querying.
    bad = pairs[:-1] + [(0, n + 1)]

    def convert_only() -> None:
        try:
            g.travel_time_batch(bad)
        except Exception:
            pass

    t_in = per_item(convert_only, len(bad))
    line("(binding input cost) same list, rejected before querying", t_in)
    rust = t - t_in
    print(f"  same-run estimate of Rust per query {us(rust)}: Python/Rust {t / rust:.2f}x; "
          f"within 2x: {verdict(t / rust <= 2)}")
    if rust_us is not None:
        print(f"  (Rust criterion point-to-point, BENCHMARKS.md routing, wall time on a loaded "
              f"machine: {rust_us} us)")


# The typical 8-segment admission of core/fhir/benches/convert.rs (the Rust figure's input).
TYPICAL_ADT_A01 = "\r".join([
    "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|20240302081500+0100||ADT^A01^ADT_A01|"
    "MSG00001|P|2.5.1",
    "EVN|A01|20240302081500+0100",
    "PID|1||PATID1234^^^GHH^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E||19620320|F|||"
    "153 FERNWOOD DR.^^STATESVILLE^OH^35292||(206)3345232|(206)752-121||||AC555444444",
    "NK1|1|NUCLEAR^NELDA^W|SPO^Spouse^HL70063||(206)3345232",
    "PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0|||||||||||||||||||||||||"
    "20240302080000+0100",
    "OBX|1|NM|8867-4^Heart rate^LN||72|/min^per minute^UCUM|60-100|N|||F|||20240302081000+0100",
    "AL1|1|DA|70618^Penicillin^RXNORM|SV|hives",
    "DG1|1||I10^Essential (primary) hypertension^I10||20240302",
])


def bench_fhir() -> None:
    print("fhir (ADT^A01 v2 -> FHIR R4 Bundle JSON, 1,000 messages per batch)")
    big = next(c for c in load("fhir_convert.json")["cases"] if c["name"] == "ADT-A01-01")
    for name, text in [("typical ADT^A01", TYPICAL_ADT_A01), ("ADT-A01-01", big["message"])]:
        msgs = [text] * 1000
        t_single = per_item(lambda: [fhir.v2_to_bundle_json(m) for m in msgs[:200]], 200)
        line(f"{name}: fhir.v2_to_bundle_json, one call each", t_single,
             f"{1 / t_single:,.0f} msg/s")
        t_batch = per_item(lambda: fhir.v2_to_bundle_json_batch(msgs), len(msgs))
        note = f"{1 / t_batch:,.0f} msg/s"
        if name.startswith("typical"):
            note += f"; >= 10,000 msg/s: {verdict(t_batch <= 1e-4)}"
        line(f"{name}: fhir.v2_to_bundle_json_batch", t_batch, note)


def main() -> None:
    only = set(sys.argv[1:])
    rust_us = float(os.environ.get("ROUTING_RUST_US", "2.9"))
    for name, fn in [
        ("pii", bench_pii),
        ("authz", bench_authz),
        ("triage", bench_triage),
        ("billing", bench_billing),
        ("routing", lambda: bench_routing(rust_us)),
        ("fhir", bench_fhir),
    ]:
        if not only or name in only:
            fn()


if __name__ == "__main__":
    main()
