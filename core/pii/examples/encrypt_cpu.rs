//! Field and bulk encryption measured in thread CPU time (best of 7 rounds), next to the raw
//! `ring` AES-256-GCM medcore is built on and the portable RustCrypto `aes-gcm`, all in one run.
//! CPU time is not inflated by other processes waiting for the same cores, which wall-clock
//! benchmarks on a shared machine are:
//! `cargo run --release -p medcore-pii --example encrypt_cpu`.
use aes_gcm::aead::{AeadInPlace, KeyInit};
use medcore_pii::{FieldContext, Keyring};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use std::hint::black_box;

/// CPU time of this thread, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Best CPU nanoseconds per call over 7 rounds of `n` calls.
fn best_ns(n: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..n / 4 {
        f();
    }
    (0..7)
        .map(|_| {
            let start = thread_cpu_ns();
            for _ in 0..n {
                f();
            }
            (thread_cpu_ns() - start) as f64 / f64::from(n)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys = Keyring::generate()?;
    let ring_key = LessSafeKey::new(
        UnboundKey::new(&AES_256_GCM, &[7u8; 32]).map_err(|_| "ring rejected the key")?,
    );
    let rustcrypto = aes_gcm::Aes256Gcm::new(&[7u8; 32].into());
    let ring_seal = |buf: &mut [u8]| {
        let nonce = Nonce::assume_unique_for_key([0; 12]);
        black_box(ring_key.seal_in_place_separate_tag(nonce, Aad::empty(), buf))
    };

    let ctx = FieldContext::new("st-mary", "patients", "ssn", "10042");
    let field = *b"123-45-6789";
    let mut out = Vec::with_capacity(64);
    let mut buf = field;
    let n = 400_000;
    let into = best_ns(n, || {
        out.clear();
        black_box(keys.encrypt_into(black_box(&ctx), black_box(&field), &mut out)).ok();
    });
    let alloc = best_ns(n, || {
        black_box(keys.encrypt(black_box(&ctx), black_box(&field))).ok();
    });
    let raw_ring = best_ns(n, || {
        ring_seal(black_box(&mut buf)).ok();
    });
    let raw_rc = best_ns(n, || {
        black_box(rustcrypto.encrypt_in_place_detached(&[0; 12].into(), b"", &mut buf)).ok();
    });
    println!("11-byte field, CPU ns per call (best of 7 rounds of {n}):");
    println!("  medcore encrypt_into (nonce + AAD + envelope, reused buffer) {into:7.1}");
    println!("  medcore encrypt (same, new Vec)                              {alloc:7.1}");
    println!("  raw ring AES-256-GCM, fixed nonce, no AAD, in place          {raw_ring:7.1}");
    println!("  raw RustCrypto aes-gcm, same                                 {raw_rc:7.1}");

    let doc = vec![0x5au8; 64 * 1024];
    let mut big = doc.clone();
    let n = 3_000;
    let gbps = |ns: f64| doc.len() as f64 / ns;
    let bulk = best_ns(n, || {
        out.clear();
        black_box(keys.encrypt_into(black_box(&ctx), black_box(&doc), &mut out)).ok();
    });
    let bulk_ring = best_ns(n, || {
        ring_seal(black_box(&mut big)).ok();
    });
    let bulk_rc = best_ns(n, || {
        black_box(rustcrypto.encrypt_in_place_detached(&[0; 12].into(), b"", &mut big)).ok();
    });
    println!("64 KiB, GB/s of CPU time (best of 7 rounds of {n}):");
    println!("  medcore encrypt_into        {:5.2}", gbps(bulk));
    println!("  raw ring AES-256-GCM        {:5.2}", gbps(bulk_ring));
    println!("  raw RustCrypto aes-gcm      {:5.2}", gbps(bulk_rc));
    Ok(())
}
