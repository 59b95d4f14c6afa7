//! Secret key material: 32-byte keys held in zeroizing memory, never printed, and the HKDF
//! derivation of purpose-specific sub-keys from one root secret.

use crate::error::PiiError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::Mac;
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Length in bytes of every key the crate uses (AES-256, HMAC-SHA-256 keys, root secrets).
pub const KEY_LEN: usize = 32;

/// A 32-byte secret key. The bytes are zeroized on drop; `Debug` prints `SecretKey(<redacted>)`
/// and there is no `Display`.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl SecretKey {
    /// Wraps exactly 32 bytes supplied by the host.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PiiError> {
        let arr: [u8; KEY_LEN] = bytes.try_into().map_err(|_| {
            PiiError::key_format(format!(
                "a key must be {KEY_LEN} bytes, got {}",
                bytes.len()
            ))
        })?;
        Ok(SecretKey(Zeroizing::new(arr)))
    }

    /// A fresh key from the operating system CSPRNG.
    pub fn generate() -> Result<Self, PiiError> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::getrandom(k.as_mut()).map_err(|_| PiiError::Random)?;
        Ok(SecretKey(k))
    }

    /// Parses unpadded (or padded) base64url, or standard base64, text of 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, PiiError> {
        let t = text.trim().trim_end_matches('=');
        let bytes = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(t)
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(t))
                .map_err(|_| PiiError::key_format("key text is not base64url"))?,
        );
        Self::from_bytes(&bytes)
    }

    /// The key as unpadded base64url text (for `medcore pii keygen` and key files). The result is
    /// zeroized on drop.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(URL_SAFE_NO_PAD.encode(self.0.as_ref()))
    }

    /// The raw bytes. Keep the borrow short.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Derives a purpose-specific 32-byte sub-key with HKDF-SHA-256 (RFC 5869):
    /// salt `medcore-pii/v1`, input key material = this key, info = `label`, length 32.
    ///
    /// For a 32-byte output HKDF-Expand is a single block, `T(1) = HMAC(PRK, info || 0x01)`, which
    /// is computed directly so the derivation cannot fail.
    pub fn derive(&self, label: &str) -> SecretKey {
        let mut extract = crate::keyring::hmac_with_key(HKDF_SALT);
        extract.update(self.0.as_ref());
        let prk = Zeroizing::new(<[u8; KEY_LEN]>::from(extract.finalize().into_bytes()));
        let mut expand = crate::keyring::hmac_with_key(prk.as_ref());
        expand.update(label.as_bytes());
        expand.update(&[1u8]);
        SecretKey(Zeroizing::new(expand.finalize().into_bytes().into()))
    }
}

/// The HKDF salt of every sub-key derivation.
pub const HKDF_SALT: &[u8] = b"medcore-pii/v1";

impl PartialEq for SecretKey {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        self.0.as_ref().ct_eq(other.0.as_ref()).into()
    }
}
impl Eq for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// HKDF info labels of the sub-keys derived from one root secret per key version.
pub mod labels {
    /// AES-256-GCM field encryption key.
    pub const FIELD_AEAD: &str = "medcore-pii/field/aes-256-gcm";
    /// AES-256-GCM-SIV deterministic encryption key.
    pub const DETERMINISTIC_AEAD: &str = "medcore-pii/deterministic/aes-256-gcm-siv";
    /// HMAC-SHA-256 key that derives the synthetic nonce of deterministic encryption.
    pub const DETERMINISTIC_NONCE: &str = "medcore-pii/deterministic/nonce-hmac-sha-256";
    /// HMAC-SHA-256 blind index key.
    pub const BLIND_INDEX: &str = "medcore-pii/blind-index/hmac-sha-256";
    /// HMAC-SHA-256 tokenization key.
    pub const TOKEN: &str = "medcore-pii/token/hmac-sha-256";
    /// AES-256-GCM key-encryption key (wrapping data keys).
    pub const KEK: &str = "medcore-pii/kek/aes-256-gcm";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_is_rfc5869_hkdf() {
        let root = SecretKey::from_bytes(&[0x42; KEY_LEN]).unwrap();
        let want = crate::primitives::hkdf_sha256(
            HKDF_SALT,
            &[0x42; KEY_LEN],
            labels::TOKEN.as_bytes(),
            32,
        )
        .unwrap();
        assert_eq!(&root.derive(labels::TOKEN).expose()[..], &want[..]);
        assert_ne!(root.derive(labels::TOKEN), root.derive(labels::BLIND_INDEX));
    }
}
