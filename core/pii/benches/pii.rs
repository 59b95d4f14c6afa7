//! Field encryption, bulk encryption and tokenization, each next to the raw primitive it is built on
//! (`ring`'s AES-256-GCM, RustCrypto's HMAC-SHA-256) and, for AES-GCM, the portable RustCrypto
//! `aes-gcm` (same run), so the envelope/nonce/AAD overhead and the choice of cipher show as ratios.
//!
//! `cargo bench -p medcore-pii --bench pii -- --warm-up-time 1 --measurement-time 3`

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::Aes256Gcm;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use hmac::{Hmac, Mac};
use medcore_pii::{FieldContext, Keyring, PiiType, Tokenizer};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use sha2::Sha256;

fn ring_key() -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[7u8; 32]).unwrap())
}

fn ring_seal(key: &LessSafeKey, buf: &mut [u8]) -> ring::aead::Tag {
    key.seal_in_place_separate_tag(Nonce::assume_unique_for_key([0; 12]), Aad::empty(), buf)
        .unwrap()
}

fn field(c: &mut Criterion) {
    let keys = Keyring::generate().unwrap();
    let ctx = FieldContext::new("st-mary", "patients", "ssn", "10042");
    let pt = b"123-45-6789"; // 11 bytes
    let raw = Aes256Gcm::new(&[7u8; 32].into());
    let mut g = c.benchmark_group("field_11B");
    g.throughput(Throughput::Elements(1));
    g.bench_function("medcore_encrypt_envelope", |b| {
        b.iter(|| keys.encrypt(black_box(&ctx), black_box(pt)).unwrap())
    });
    g.bench_function("medcore_encrypt_into_reused_buffer", |b| {
        let mut out = Vec::with_capacity(64);
        b.iter(|| {
            out.clear();
            keys.encrypt_into(black_box(&ctx), black_box(pt), &mut out)
                .unwrap();
            out.len()
        })
    });
    g.bench_function("medcore_encrypt_text", |b| {
        b.iter(|| keys.encrypt_text(black_box(&ctx), black_box(pt)).unwrap())
    });
    g.bench_function("rustcrypto_aes_gcm_fixed_nonce", |b| {
        b.iter(|| {
            let mut buf = pt.to_vec();
            let tag = raw
                .encrypt_in_place_detached(&[0u8; 12].into(), b"", &mut buf)
                .unwrap();
            buf.extend_from_slice(&tag);
            buf
        })
    });
    let rk = ring_key();
    g.bench_function("raw_ring_fixed_nonce_in_place", |b| {
        let mut buf = *pt;
        b.iter(|| ring_seal(&rk, black_box(&mut buf)))
    });
    g.bench_function("rustcrypto_aes_gcm_fixed_nonce_in_place", |b| {
        let mut buf = *pt;
        b.iter(|| {
            raw.encrypt_in_place_detached(&[0u8; 12].into(), b"", black_box(&mut buf))
                .unwrap()
        })
    });
    g.bench_function("rustcrypto_aes_gcm_random_nonce", |b| {
        b.iter(|| {
            let mut n = [0u8; 12];
            getrandom::getrandom(&mut n).unwrap();
            let mut buf = pt.to_vec();
            let tag = raw
                .encrypt_in_place_detached(&n.into(), b"", &mut buf)
                .unwrap();
            buf.extend_from_slice(&tag);
            buf
        })
    });
    g.bench_function("os_getrandom_12B", |b| {
        b.iter(|| {
            let mut n = [0u8; 12];
            getrandom::getrandom(&mut n).unwrap();
            n
        })
    });
    g.bench_function("os_getpid", |b| b.iter(std::process::id));
    let env = keys.encrypt(&ctx, pt).unwrap();
    g.bench_function("medcore_decrypt", |b| {
        b.iter(|| keys.decrypt(black_box(&ctx), black_box(&env)).unwrap())
    });
    g.bench_function("medcore_encrypt_deterministic", |b| {
        let col = ctx.column_context();
        b.iter(|| {
            keys.encrypt_deterministic(black_box(&col), black_box(pt))
                .unwrap()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("field_11B_batch_1000");
    let ids: Vec<String> = (0..1000).map(|i| format!("{}", 10000 + i)).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let ctxs: Vec<FieldContext> = ids
        .iter()
        .map(|i| FieldContext::new("st-mary", "patients", "ssn", i.as_str()))
        .collect();
    let vals: Vec<&[u8]> = vec![pt.as_slice(); 1000];
    let col = ctx.column_context();
    g.throughput(Throughput::Elements(1000));
    g.bench_function("medcore_encrypt_batch", |b| {
        b.iter(|| {
            keys.encrypt_batch(black_box(&ctxs), black_box(&vals))
                .unwrap()
        })
    });
    g.bench_function("medcore_encrypt_column_text", |b| {
        b.iter(|| {
            keys.encrypt_column(black_box(&col), black_box(&id_refs), black_box(&vals))
                .unwrap()
        })
    });
    g.bench_function("rustcrypto_aes_gcm_fixed_nonce", |b| {
        b.iter(|| {
            vals.iter()
                .map(|v| {
                    let mut buf = v.to_vec();
                    let tag = raw
                        .encrypt_in_place_detached(&[0u8; 12].into(), b"", &mut buf)
                        .unwrap();
                    buf.extend_from_slice(&tag);
                    buf
                })
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

fn bulk(c: &mut Criterion) {
    let keys = Keyring::generate().unwrap();
    let ctx = FieldContext::new("st-mary", "documents", "body", "d-1");
    let pt = vec![0x5au8; 64 * 1024];
    let raw = Aes256Gcm::new(&[7u8; 32].into());
    let mut g = c.benchmark_group("bulk_64KiB");
    g.throughput(Throughput::Bytes(pt.len() as u64));
    g.bench_function("medcore_encrypt", |b| {
        b.iter(|| keys.encrypt(black_box(&ctx), black_box(&pt)).unwrap())
    });
    let rk = ring_key();
    g.bench_function("raw_ring", |b| {
        let mut buf = pt.clone();
        b.iter(|| ring_seal(&rk, black_box(&mut buf)))
    });
    g.bench_function("rustcrypto_aes_gcm", |b| {
        let mut buf = pt.clone();
        b.iter(|| {
            raw.encrypt_in_place_detached(&[0u8; 12].into(), b"", black_box(&mut buf))
                .unwrap()
        })
    });
    g.finish();
}

fn tokenize(c: &mut Criterion) {
    let tok = Tokenizer::generate().unwrap();
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Elements(1));
    g.bench_function("medcore_tokenize_ssn_text", |b| {
        b.iter(|| {
            tok.tokenize_text(PiiType::Ssn, black_box("st-mary"), black_box("123-45-6789"))
                .unwrap()
        })
    });
    g.bench_function("medcore_tokenize_normalized_bytes", |b| {
        b.iter(|| {
            tok.tokenize_normalized(PiiType::Ssn, black_box("st-mary"), black_box("123456789"))
                .unwrap()
        })
    });
    let key = [9u8; 32];
    g.bench_function("raw_hmac_sha256_with_key_setup", |b| {
        b.iter(|| {
            let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
            m.update(black_box(b"123456789"));
            m.finalize().into_bytes()
        })
    });
    let values: Vec<String> = (0..1000)
        .map(|i| format!("123-45-{:04}", 1000 + i))
        .collect();
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("medcore_tokenize_batch_1000", |b| {
        b.iter(|| tok.tokenize_batch(PiiType::Ssn, "st-mary", black_box(&refs)))
    });
    g.finish();
}

criterion_group!(benches, field, bulk, tokenize);
criterion_main!(benches);
