"""PII vectors (testdata/vectors/pii_*.json): the committed golden envelopes decrypt here,
tokens, deterministic envelopes and blind indexes are reproduced exactly."""

from __future__ import annotations

import os

import pytest

from conftest import load_vectors
from medcore import errors, pii

ENV = load_vectors("pii_envelopes.json")
TOK = load_vectors("pii_tokens.json")
MASK = load_vectors("pii_mask.json")["cases"]
DEID = load_vectors("pii_deid.json")


def field(c: dict) -> pii.FieldContext:
    return pii.FieldContext(c["tenant"], c["table"], c["column"], c["record_id"])


def column(c: dict) -> pii.ColumnContext:
    return pii.ColumnContext(c["tenant"], c["table"], c["column"])


RING = pii.Keyring.from_spec(ENV["keyring_spec"])


def test_golden_envelopes_decrypt() -> None:
    assert len(ENV["decrypt"]) >= 6
    for c in ENV["decrypt"]:
        ctx = field(c["context"])
        assert RING.decrypt(ctx, c["envelope"]) == c["plaintext"].encode()
        assert RING.decrypt(ctx, bytes.fromhex(c["envelope_hex"])) == c["plaintext"].encode()
        assert pii.envelope_info(c["envelope"])["key_id"] == c["key_id"]
    ctxs = [field(c["context"]) for c in ENV["decrypt"]]
    envs = [c["envelope"] for c in ENV["decrypt"]]
    assert RING.decrypt_batch(ctxs, envs) == [c["plaintext"].encode() for c in ENV["decrypt"]]


def test_deterministic_and_blind_index_vectors() -> None:
    for c in ENV["deterministic"]:
        col = column(c["column"])
        env = RING.encrypt_deterministic_text(col, c["plaintext"])
        assert env == c["envelope"]
        assert RING.decrypt_deterministic(col, env) == c["plaintext"].encode()
        assert RING.encrypt_deterministic(col, c["plaintext"].encode())
    for c in ENV["blind_index"]:
        assert RING.blind_index_with(c["key_id"], column(c["column"]), c["value"]) == c["index"]


@pytest.mark.parametrize("case", ENV["errors"], ids=[c["name"] for c in ENV["errors"]])
def test_error_vectors(case: dict) -> None:
    with pytest.raises(errors.PiiError) as info:
        RING.decrypt(field(case["context"]), case["envelope"])
    assert info.value.code == case["code"]


def test_round_trip_rotation_and_rewrap() -> None:
    ring = pii.Keyring.generate()
    ctx = pii.FieldContext("t", "patients", "ssn", "42")
    env = ring.encrypt_text(ctx, "123-45-6789")
    assert ring.decrypt(ctx, env) == b"123-45-6789"
    with pytest.raises(errors.PiiAuthFailedError):
        ring.decrypt(pii.FieldContext("t", "patients", "ssn", "43"), env)
    old = ring.primary_id
    new = ring.rotate()
    assert new != old and ring.primary_id == new
    moved = ring.rewrap(ctx, env)
    assert isinstance(moved, str) and pii.envelope_info(moved)["key_id"] == new
    assert ring.decrypt(ctx, moved) == b"123-45-6789"
    binary = ring.encrypt(ctx, b"x")
    assert isinstance(ring.rewrap(ctx, binary), bytes)
    assert ring.rewrap_batch([ctx], [env])[0] != env
    ring.destroy(old)
    with pytest.raises(errors.PiiKeyDestroyedError):
        ring.decrypt(ctx, env)
    states = {s["id"]: s["state"] for s in ring.status()}
    assert states[old] == "destroyed" and states[new] == "primary"


def test_batches_match_single_calls() -> None:
    ring = pii.Keyring.generate()
    col = pii.ColumnContext("t", "patients", "ssn")
    ids = [str(i) for i in range(20)]
    vals = [f"123-45-{i:04d}" for i in range(20)]
    envs = ring.encrypt_column(col, ids, vals)
    ctxs = [col.field(i) for i in ids]
    assert ring.decrypt_batch(ctxs, envs) == [v.encode() for v in vals]
    bins = ring.encrypt_batch(ctxs, [v.encode() for v in vals])
    assert [ring.decrypt(c, b) for c, b in zip(ctxs, bins)] == [v.encode() for v in vals]
    with pytest.raises(errors.PiiAuthFailedError) as info:
        ring.decrypt_batch(list(reversed(ctxs)), envs)
    assert "item 0" in info.value.message


def test_keyring_document_with_local_kek_and_host_callback() -> None:
    ring = pii.Keyring.generate()
    kek = os.urandom(32)
    doc = ring.to_document("local-kek", kek)
    ctx = pii.FieldContext("t", "a", "b", "1")
    env = ring.encrypt(ctx, b"secret")
    assert pii.Keyring.from_document(doc, kek).decrypt(ctx, env) == b"secret"
    calls = []
    local = pii.Keyring.from_document(doc, kek)

    # The callback is called with the document's KEK id, the key id and the wrapped bytes;
    # an exception in it surfaces as PiiUnwrapError carrying the host's message.
    def failing(kek_id: str, key_id: int, wrapped: bytes) -> bytes:
        calls.append((kek_id, key_id))
        raise RuntimeError("vault sealed")

    with pytest.raises(errors.PiiUnwrapError) as info:
        pii.Keyring.from_document(doc, failing)
    assert "vault sealed" in info.value.message
    assert calls and calls[0][0] == "local-kek"
    assert local.primary_id == ring.primary_id


def test_host_callback_unwraps() -> None:
    kek = os.urandom(32)
    ring = pii.Keyring.generate()
    doc = ring.to_document("kms-key-1", kek)
    ctx = pii.FieldContext("t", "a", "b", "1")
    env = ring.encrypt(ctx, b"secret")
    raw_keys = {}
    # A host KMS client answering unwrap requests: it knows the raw key of each key id.
    seen = []

    def kms(kek_id: str, key_id: int, wrapped: bytes) -> bytes:
        seen.append((kek_id, key_id, len(wrapped)))
        return raw_keys[key_id]

    key = os.urandom(32)
    direct = pii.Keyring.from_raw_key(key)
    raw_keys[direct.primary_id] = key
    direct_doc = direct.to_document("kms-key-1", kek)
    via_host = pii.Keyring.from_document(direct_doc, kms)
    assert seen and seen[0][0] == "kms-key-1"
    e2 = direct.encrypt(ctx, b"via host")
    assert via_host.decrypt(ctx, e2) == b"via host"
    assert pii.Keyring.from_document(doc, kek).decrypt(ctx, env) == b"secret"


def test_token_vectors() -> None:
    t1 = pii.Tokenizer.from_spec(TOK["token_keys_v1"])
    t2 = pii.Tokenizer.from_spec(TOK["token_keys_v2"])
    assert len(TOK["cases"]) >= 30
    for c in TOK["cases"]:
        kind, tenant, value = c["type"], c["tenant"], c["value"]
        assert pii.normalize(kind, value) == c["normalized"]
        assert t1.tokenize(kind, tenant, value) == c["token_v1"]
        assert t2.tokenize(kind, tenant, value) == c["token_v2"]
        assert t2.rekey(tenant, c["token_v1"]) == c["token_v2"]
        assert t2.verify(kind, tenant, value, c["token_v1"])
        assert not t2.verify(kind, "another-tenant", value, c["token_v2"])
    ssn = [c for c in TOK["cases"] if c["type"] == "ssn" and c["tenant"] == "st-mary"]
    assert t2.tokenize_batch("ssn", "st-mary", [c["value"] for c in ssn]) == [
        c["token_v2"] for c in ssn
    ]
    assert t2.rekey_batch("st-mary", [c["token_v1"] for c in ssn]) == [c["token_v2"] for c in ssn]
    for c in TOK["normalize_errors"]:
        with pytest.raises(errors.PiiError) as info:
            pii.normalize(c["type"], c["value"])
        assert info.value.code == c["code"]


@pytest.mark.parametrize("case", MASK, ids=[f"{c['type']}:{c['value']}" for c in MASK])
def test_mask_vector(case: dict) -> None:
    assert pii.mask(case["type"], case["value"]) == case["masked"]
    assert pii.mask_batch(case["type"], [case["value"]]) == [case["masked"]]


def test_deid_vectors() -> None:
    for c in DEID["pid"]:
        if "error" in c:
            with pytest.raises(errors.PiiError) as info:
                pii.deidentify_pid(c["segment"], as_of=DEID["as_of"])
            assert info.value.code == c["error"], c["name"]
            continue
        r = pii.deidentify_pid(c["segment"], as_of=DEID["as_of"])
        assert r["segment"] == c["expected"], c["name"]
        assert r["age"] == c["age"]
        assert [ch["field"] for ch in r["changes"]] == c["changed"]
    for c in DEID["zip3"]:
        assert pii.zip3(c["zip"]) == c["expected"]
    for c in DEID["age"]:
        assert pii.age_category(c["age"]) == c["expected"]
