#!/usr/bin/env python3
"""Python peer figures for the PII benchmarks (BENCHMARKS.md, "PII protection").

Times, per value, what a Python service does today without medcore:
  * AES-256-GCM encryption of an 11-byte field with the `cryptography` package, with a fresh random
    nonce (os.urandom(12)) per field, as `AESGCM.encrypt` requires for safety;
  * the same with a fixed nonce (the primitive alone, unsafe in production, for reference);
  * HMAC-SHA-256 tokenization of an SSN-like value with `hmac.digest`.
The medcore side of the ratios (Python batch encryption and tokenization through the bindings) is
measured by the binding benchmarks; run this script in the same session to get the peer figures.

Usage: python3 -m venv .venv && .venv/bin/pip install cryptography && .venv/bin/python scripts/pii_bench.py
"""
import hmac, json, os, sys, timeit
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

N = int(os.environ.get("PII_BENCH_N", "200000"))
REPEAT = 5

def best(stmt, number):
    return min(timeit.repeat(stmt, number=number, repeat=REPEAT)) / number

def main():
    key = AESGCM.generate_key(bit_length=256)
    aes = AESGCM(key)
    field = b"123-45-6789"
    aad = b"st-mary/patients/ssn/10042"
    fixed = bytes(12)
    hkey = os.urandom(32)
    values = [f"123-45-{i % 10000:04d}".encode() for i in range(1000)]

    res = {}
    res["aesgcm_encrypt_11B_random_nonce_ns"] = best(lambda: aes.encrypt(os.urandom(12), field, aad), N) * 1e9
    res["aesgcm_encrypt_11B_fixed_nonce_ns"] = best(lambda: aes.encrypt(fixed, field, aad), N) * 1e9
    res["aesgcm_encrypt_batch_1000_random_nonce_ns_per_field"] = best(
        lambda: [aes.encrypt(os.urandom(12), v, aad) for v in values], max(1, N // 1000)) * 1e9 / len(values)
    res["hmac_digest_sha256_ns"] = best(lambda: hmac.digest(hkey, field, "sha256"), N) * 1e9
    res["hmac_digest_batch_1000_ns_per_value"] = best(
        lambda: [hmac.digest(hkey, v, "sha256") for v in values], max(1, N // 1000)) * 1e9 / len(values)
    bulk = os.urandom(64 * 1024)
    t = best(lambda: aes.encrypt(fixed, bulk, None), max(1, N // 100))
    res["aesgcm_encrypt_64KiB_GBps"] = len(bulk) / t / 1e9
    res["python"] = sys.version.split()[0]
    import cryptography
    res["cryptography"] = cryptography.__version__
    for k, v in res.items():
        print(f"{k:55s} {v:.1f}" if isinstance(v, float) else f"{k:55s} {v}")
    if "--json" in sys.argv:
        print(json.dumps(res))

if __name__ == "__main__":
    main()
