//! Secret key material: 32-byte keys held in zeroizing memory, never printed, and the HKDF
//! derivation of purpose-specific sub-keys from one root secret.

use crate::error::PiiError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hkdf::Hkdf;
use sha2::Sha256;
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
    /// salt `medcore-pii/v1`, input key material = this key, info = `label`.
    pub fn derive(&self, label: &str) -> SecretKey {
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), self.0.as_ref());
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        // 32 bytes is far below HKDF-SHA-256's 8160-byte limit, so expand cannot fail; fall back
        // to an all-zero key would be wrong, so the error branch is structurally unreachable and
        // we keep the zeroed buffer only to satisfy the type.
        if hk.expand(label.as_bytes(), out.as_mut()).is_err() {
            out.as_mut().fill(0);
        }
        SecretKey(out)
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
