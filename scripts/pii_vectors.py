#!/usr/bin/env python3
"""Generates testdata/vectors/pii_envelopes.json and pii_tokens.json.

This is an independent implementation of the documented medcore-pii formats (envelope layout, AAD,
HKDF sub-keys, token chain, deterministic mode, blind index) on top of the `cryptography` package.
The Rust tests check that the crate decrypts these envelopes and reproduces these tokens, so the
formats are pinned by two implementations. Random nonces are recorded as generated; the files are
committed and must keep decrypting in every later version.

Usage: python3 -m venv .venv && .venv/bin/pip install cryptography
       .venv/bin/python scripts/pii_vectors.py
The keys below are fixed TEST keys (bytes 0..31 and 32..63 etc.) and protect nothing.
"""
import base64, hashlib, hmac, json, os, struct, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESGCMSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "testdata", "vectors")

def b64u(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def derive(root, label):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"medcore-pii/v1", info=label.encode()).derive(root)
def lp(b): return struct.pack(">I", len(b)) + b

def aad(header, tenant, table, column, record_id):
    a = b"medcore-pii/aad/v1" + header + lp(tenant.encode()) + lp(table.encode()) + lp(column.encode())
    return a + (lp(record_id.encode()) if record_id is not None else struct.pack(">I", 0xFFFFFFFF))

def header(alg, key_id): return bytes([1, alg]) + struct.pack(">I", key_id)

def encrypt(root, key_id, ctx, pt):
    h = header(1, key_id)
    nonce = os.urandom(12)
    ct = AESGCM(derive(root, "medcore-pii/field/aes-256-gcm")).encrypt(nonce, pt, aad(h, *ctx))
    return h + nonce + ct

def encrypt_det(root, key_id, col, pt):
    h = header(2, key_id)
    a = aad(h, *col, None)
    nonce = hmac.new(derive(root, "medcore-pii/deterministic/nonce-hmac-sha-256"), a + pt, hashlib.sha256).digest()[:12]
    ct = AESGCMSIV(derive(root, "medcore-pii/deterministic/aes-256-gcm-siv")).encrypt(nonce, pt, a)
    return h + nonce + ct

def blind_index(root, key_id, col, value):
    a = aad(b"blind-index", *col, None)
    d = hmac.new(derive(root, "medcore-pii/blind-index/hmac-sha-256"), a + value, hashlib.sha256).digest()
    return f"bi1:{key_id}:{b64u(d)}"

def text(b): return "mc1:" + b64u(b)

def domain(kind, tenant): return lp(kind.encode()) + lp(tenant.encode())

def token_chain(roots, kind, tenant, normalized):
    keys = [derive(r, "medcore-pii/token/hmac-sha-256") for r in roots]
    t = hmac.new(keys[0], b"medcore-pii/token/v1" + domain(kind, tenant) + normalized.encode(), hashlib.sha256).digest()
    out = [t]
    for k in keys[1:]:
        t = hmac.new(k, b"medcore-pii/token/rekey/v1" + domain(kind, tenant) + t, hashlib.sha256).digest()
        out.append(t)
    return out

def tok_text(kind, key_id, t): return f"mct1:{kind}:{key_id}:{b64u(t)}"

def ctxd(c): return {"tenant": c[0], "table": c[1], "column": c[2], "record_id": c[3]}
def cold(c): return {"tenant": c[0], "table": c[1], "column": c[2]}

def envelopes():
    k1, k2, k3 = bytes(range(32)), bytes(range(32, 64)), bytes(range(64, 96))
    spec = f"1:{b64u(k1)}:decrypt-only,2:{b64u(k2)},3:destroyed"
    fields = [
        ((("st-mary", "patients", "ssn", "10042")), "123-45-6789", 1),
        ((("st-mary", "patients", "ssn", "10043")), "078-05-1120", 2),
        ((("st-mary", "patients", "email", "10042")), "jane.doe@example.com", 2),
        ((("north", "encounters", "notes", "e-77")), "Patient reports chest pain \u2014 \u00e9\u00e8 \u6f22\u5b57", 1),
        ((("north", "patients", "name", "")), "", 2),
        ((("", "", "", "")), "x" * 300, 2),
    ]
    dec = []
    for ctx, pt, kid in fields:
        root = k1 if kid == 1 else k2
        env = encrypt(root, kid, ctx, pt.encode())
        dec.append({"context": ctxd(ctx), "key_id": kid, "plaintext": pt, "envelope": text(env), "envelope_hex": env.hex()})
    det = []
    for col, pt in [(("st-mary", "patients", "ssn"), "123456789"), (("st-mary", "patients", "ssn"), "078051120"),
                    (("st-mary", "patients", "mrn"), "123456789"), (("north", "patients", "ssn"), "123456789")]:
        det.append({"column": cold(col), "key_id": 2, "plaintext": pt, "envelope": text(encrypt_det(k2, 2, col, pt.encode()))})
    bi = [{"column": cold(c), "key_id": kid, "value": v, "index": blind_index(k1 if kid == 1 else k2, kid, c, v.encode())}
          for c, v, kid in [(("st-mary", "patients", "ssn"), "123456789", 2), (("st-mary", "patients", "ssn"), "123456789", 1),
                            (("st-mary", "patients", "email"), "jane.doe@example.com", 2)]]
    ctx = ("st-mary", "patients", "ssn", "10042")
    good = encrypt(k2, 2, ctx, b"123-45-6789")
    flipped = bytearray(good); flipped[20] ^= 0x01
    alg_changed = bytearray(good); alg_changed[1] = 2
    errors = [
        {"name": "flipped ciphertext bit", "context": ctxd(ctx), "envelope": text(bytes(flipped)), "code": "PII_AUTH_FAILED"},
        {"name": "wrong record id", "context": ctxd(("st-mary", "patients", "ssn", "10043")), "envelope": text(good), "code": "PII_AUTH_FAILED"},
        {"name": "wrong column", "context": ctxd(("st-mary", "patients", "mrn", "10042")), "envelope": text(good), "code": "PII_AUTH_FAILED"},
        {"name": "wrong tenant", "context": ctxd(("north", "patients", "ssn", "10042")), "envelope": text(good), "code": "PII_AUTH_FAILED"},
        {"name": "algorithm id changed (header is authenticated)", "context": ctxd(ctx), "envelope": text(bytes(alg_changed)), "code": "PII_AUTH_FAILED"},
        {"name": "encrypted under a key this ring does not have", "context": ctxd(ctx), "envelope": text(encrypt(k3, 2, ctx, b"x")), "code": "PII_AUTH_FAILED"},
        {"name": "destroyed key 3", "context": ctxd(ctx), "envelope": text(encrypt(k3, 3, ctx, b"x")), "code": "PII_KEY_DESTROYED"},
        {"name": "unknown key 9", "context": ctxd(ctx), "envelope": text(encrypt(k3, 9, ctx, b"x")), "code": "PII_KEY_UNKNOWN"},
        {"name": "truncated tag", "context": ctxd(ctx), "envelope": text(good[:30]), "code": "PII_ENVELOPE_FORMAT"},
        {"name": "format version 2", "context": ctxd(ctx), "envelope": text(b"\x02" + good[1:]), "code": "PII_ENVELOPE_FORMAT"},
        {"name": "unknown algorithm 7", "context": ctxd(ctx), "envelope": text(good[:1] + b"\x07" + good[2:]), "code": "PII_ENVELOPE_FORMAT"},
        {"name": "bad base64url", "context": ctxd(ctx), "envelope": "mc1:AQIAAAAC*", "code": "PII_ENVELOPE_FORMAT"},
    ]
    return {
        "description": "medcore-pii envelopes: every `decrypt` case must decrypt to `plaintext` under `keyring_spec` "
                       "in every version and binding; `deterministic` and `blind_index` must be reproduced exactly; "
                       "`errors` must fail with `code`. Keys are fixed test keys.",
        "generator": "scripts/pii_vectors.py (independent implementation with the Python cryptography package)",
        "keyring_spec": spec,
        "decrypt": dec, "deterministic": det, "blind_index": bi, "errors": errors,
    }

TOKEN_CASES = [
    ("ssn", "123-45-6789", "123456789"), ("ssn", "123 45 6789", "123456789"), ("ssn", "078051120", "078051120"),
    ("mrn", " mrn-0012/345 ", "MRN0012345"),
    ("phone", "(555) 867-5309", "+15558675309"), ("phone", "1-555-867-5309", "+15558675309"),
    ("phone", "+44 20 7946 0958", "+442079460958"), ("phone", "0044 20 7946 0958", "+442079460958"),
    ("email", " Jane.Doe@Example.COM ", "jane.doe@example.com"),
    ("name", "Jane  Q. Doe", "jane q doe"), ("name", "Doe, Jane Q", "jane q doe"), ("name", "DOE^JANE^Q", "jane q doe"),
    ("name", "Zo\u00eb O'Brien-Smith", "zo\u00eb o'brien-smith"),
    ("dob", "1987-03-04", "1987-03-04"), ("dob", "19870304", "1987-03-04"), ("dob", "03/04/1987", "1987-03-04"),
    ("dob", "2000-02-29", "2000-02-29"),
    ("postcode", "62704-1234", "627041234"), ("postcode", "sw1a 1aa", "SW1A1AA"),
    ("other", "  Plan  AB 123 ", "plan ab 123"),
]
NORMALIZE_ERRORS = [
    ("ssn", "123-45-678"), ("ssn", "000-12-3456"), ("ssn", "666-12-3456"), ("ssn", "912-12-3456"), ("ssn", "123-00-4567"),
    ("ssn", "123-45-0000"), ("ssn", "12a-45-6789"), ("phone", "555-1234"), ("phone", "call me"), ("email", "jane.doe"),
    ("email", "a@b@example.com"), ("email", "jane@localhost"), ("dob", "1987-02-29"), ("dob", "1987-13-01"), ("dob", "yesterday"),
    ("postcode", "12"), ("mrn", "  "), ("name", "..."), ("other", "   "),
]

def tokens():
    r1, r2 = bytes(range(100, 132)), bytes(range(132, 164))
    cases = []
    for kind, value, norm in TOKEN_CASES:
        for tenant in ["st-mary", "north"]:
            t1, t2 = token_chain([r1, r2], kind, tenant, norm)
            cases.append({"type": kind, "tenant": tenant, "value": value, "normalized": norm,
                          "token_v1": tok_text(kind, 1, t1), "token_v2": tok_text(kind, 2, t2)})
    return {
        "description": "medcore-pii tokens: `token_v1` under `token_keys_v1`, `token_v2` under `token_keys_v2`; "
                       "rekeying `token_v1` with `token_keys_v2` gives `token_v2`. Keys are fixed test keys.",
        "generator": "scripts/pii_vectors.py (independent implementation with Python hmac and cryptography HKDF)",
        "token_keys_v1": f"1:{b64u(r1)}", "token_keys_v2": f"1:{b64u(r1)},2:{b64u(r2)}",
        "cases": cases,
        "normalize_errors": [{"type": k, "value": v, "code": "PII_NORMALIZE"} for k, v in NORMALIZE_ERRORS],
    }

def main():
    os.makedirs(OUT, exist_ok=True)
    which = sys.argv[1:] or ["envelopes", "tokens"]
    if "envelopes" in which:
        path = os.path.join(OUT, "pii_envelopes.json")
        if os.path.exists(path) and "--force" not in sys.argv:
            print(f"{path} exists: golden envelopes are generated once (pass --force to replace)")
        else:
            json.dump(envelopes(), open(path, "w"), indent=1, ensure_ascii=False); print("wrote", path)
    if "tokens" in which:
        path = os.path.join(OUT, "pii_tokens.json")
        json.dump(tokens(), open(path, "w"), indent=1, ensure_ascii=False); print("wrote", path)

if __name__ == "__main__":
    main()
