//! The cryptographic primitives the crate is built on, with raw keys and nonces, for known-answer
//! and Wycheproof testing and for hosts that need to interoperate at the primitive level.
//! Application code uses [`crate::Keyring`] and [`crate::Tokenizer`] instead: these functions take
//! caller-chosen nonces, and a repeated AES-GCM nonce destroys its security.

use crate::error::PiiError;
use crate::gcm::Aes256Gcm;
use crate::keyring::{hmac_with_key, Plaintext};
use aes_gcm_siv::aead::{AeadInPlace, KeyInit};
use aes_gcm_siv::Aes256GcmSiv;
use hkdf::Hkdf;
use hmac::Mac;
use sha2::Sha256;
use zeroize::Zeroizing;

/// Which AEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aead {
    /// AES-256-GCM (NIST SP 800-38D), 96-bit nonce, 128-bit tag.
    Aes256Gcm,
    /// AES-256-GCM-SIV (RFC 8452), 96-bit nonce, 128-bit tag.
    Aes256GcmSiv,
}

fn key32(key: &[u8]) -> Result<&[u8; 32], PiiError> {
    key.try_into().map_err(|_| {
        PiiError::key_format(format!("AES-256 needs a 32-byte key, got {}", key.len()))
    })
}

fn nonce12(nonce: &[u8]) -> Result<&[u8; 12], PiiError> {
    nonce.try_into().map_err(|_| PiiError::AuthFailed)
}

/// Encrypts: returns ciphertext || 16-byte tag.
pub fn aead_seal(
    alg: Aead,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, PiiError> {
    let key = key32(key)?;
    let nonce = nonce12(nonce)?;
    let mut buf = plaintext.to_vec();
    let tag = match alg {
        Aead::Aes256Gcm => Aes256Gcm::new(key).seal_in_place(nonce, aad, &mut buf)?,
        Aead::Aes256GcmSiv => Aes256GcmSiv::new(key.into())
            .encrypt_in_place_detached(nonce.into(), aad, &mut buf)
            .map_err(|_| PiiError::AuthFailed)?
            .into(),
    };
    buf.extend_from_slice(&tag);
    Ok(buf)
}

/// Decrypts ciphertext || 16-byte tag. Any failure (including a nonce that is not 96 bits) is
/// [`PiiError::AuthFailed`].
pub fn aead_open(
    alg: Aead,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Plaintext, PiiError> {
    let key = key32(key)?;
    let nonce = nonce12(nonce)?;
    let split = ciphertext_and_tag
        .len()
        .checked_sub(16)
        .ok_or(PiiError::AuthFailed)?;
    let (ct, tag) = ciphertext_and_tag.split_at(split);
    let mut buf = Zeroizing::new(ct.to_vec());
    match alg {
        Aead::Aes256Gcm => Aes256Gcm::new(key).open_in_place(nonce, aad, &mut buf, tag)?,
        Aead::Aes256GcmSiv => Aes256GcmSiv::new(key.into())
            .decrypt_in_place_detached(nonce.into(), aad, &mut buf, tag.into())
            .map_err(|_| PiiError::AuthFailed)?,
    }
    Ok(buf)
}

/// HMAC-SHA-256 (RFC 2104) of `msg` under `key` (any length).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = hmac_with_key(key);
    m.update(msg);
    m.finalize().into_bytes().into()
}

/// Verifies an HMAC-SHA-256 tag, possibly truncated (at least 10 bytes, per RFC 2104 section 5),
/// in constant time.
pub fn hmac_sha256_verify(key: &[u8], msg: &[u8], tag: &[u8]) -> bool {
    if tag.len() < 10 || tag.len() > 32 {
        return false;
    }
    let mut m = hmac_with_key(key);
    m.update(msg);
    m.verify_truncated_left(tag).is_ok()
}

/// HKDF-SHA-256 (RFC 5869) of `len` bytes.
pub fn hkdf_sha256(
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    len: usize,
) -> Result<Plaintext, PiiError> {
    let hk = Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut out = Zeroizing::new(vec![0u8; len]);
    hk.expand(info, &mut out)
        .map_err(|_| PiiError::key_format(format!("HKDF-SHA-256 cannot produce {len} bytes")))?;
    Ok(out)
}
