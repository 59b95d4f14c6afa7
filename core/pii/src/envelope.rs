//! The self-describing ciphertext envelope, in binary and text form.
//!
//! Binary layout (all envelopes of format version 1):
//!
//! | offset | length | field |
//! |---|---|---|
//! | 0 | 1 | format version, `0x01` |
//! | 1 | 1 | algorithm id ([`Algorithm`]) |
//! | 2 | 4 | key id, big-endian `u32` |
//! | 6 | 12 | nonce |
//! | 18 | n + 16 | ciphertext followed by the 16-byte tag |
//!
//! The first six bytes (version, algorithm, key id) are the *header*; they are part of the
//! additional authenticated data, so changing the algorithm or key id is detected.
//!
//! Text form: `mc1:` followed by the unpadded base64url encoding of the binary form. It is safe in
//! URLs, JSON, CSV and SQL text columns.

use crate::error::PiiError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Format version byte of every envelope this version writes.
pub const FORMAT_VERSION: u8 = 1;
/// Length of the header (version, algorithm, key id).
pub const HEADER_LEN: usize = 6;
/// Nonce length (96 bits).
pub const NONCE_LEN: usize = 12;
/// Tag length (128 bits).
pub const TAG_LEN: usize = 16;
/// Bytes an envelope adds to the plaintext.
pub const OVERHEAD: usize = HEADER_LEN + NONCE_LEN + TAG_LEN;
/// Prefix of the text form.
pub const TEXT_PREFIX: &str = "mc1:";

/// The encryption algorithm recorded in an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// AES-256-GCM with a unique 96-bit nonce (id 1); see [`crate::nonce`].
    Aes256Gcm,
    /// Deterministic AES-256-GCM-SIV with a synthetic nonce (id 2); see `Keyring::encrypt_deterministic`.
    Aes256GcmSivDeterministic,
}

impl Algorithm {
    /// The algorithm id byte.
    pub fn id(self) -> u8 {
        match self {
            Algorithm::Aes256Gcm => 1,
            Algorithm::Aes256GcmSivDeterministic => 2,
        }
    }

    /// The algorithm for an id byte.
    pub fn from_id(id: u8) -> Option<Self> {
        match id {
            1 => Some(Algorithm::Aes256Gcm),
            2 => Some(Algorithm::Aes256GcmSivDeterministic),
            _ => None,
        }
    }
}

/// The header bytes for an algorithm and key id.
pub(crate) fn header(alg: Algorithm, key_id: u32) -> [u8; HEADER_LEN] {
    let k = key_id.to_be_bytes();
    [FORMAT_VERSION, alg.id(), k[0], k[1], k[2], k[3]]
}

/// A parsed envelope borrowing the input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeRef<'a> {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The key id (key version) that encrypted it.
    pub key_id: u32,
    /// The six header bytes as they appear in the input.
    pub header: &'a [u8],
    /// The nonce.
    pub nonce: &'a [u8],
    /// Ciphertext followed by the tag.
    pub ciphertext_and_tag: &'a [u8],
}

impl<'a> EnvelopeRef<'a> {
    /// Parses the binary form. Reports the byte offset of the first problem.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, PiiError> {
        let version = *bytes
            .first()
            .ok_or_else(|| PiiError::envelope(0, "empty input"))?;
        if version != FORMAT_VERSION {
            return Err(PiiError::envelope(
                0,
                format!("unsupported format version {version} (expected {FORMAT_VERSION})"),
            ));
        }
        let alg_id = *bytes
            .get(1)
            .ok_or_else(|| PiiError::envelope(1, "truncated before the algorithm id"))?;
        let algorithm = Algorithm::from_id(alg_id)
            .ok_or_else(|| PiiError::envelope(1, format!("unknown algorithm id {alg_id}")))?;
        let header = bytes
            .get(..HEADER_LEN)
            .ok_or_else(|| PiiError::envelope(bytes.len(), "truncated inside the key id"))?;
        let key_id = u32::from_be_bytes([header[2], header[3], header[4], header[5]]);
        let nonce = bytes
            .get(HEADER_LEN..HEADER_LEN + NONCE_LEN)
            .ok_or_else(|| PiiError::envelope(bytes.len(), "truncated inside the nonce"))?;
        let rest = bytes.get(HEADER_LEN + NONCE_LEN..).unwrap_or_default();
        if rest.len() < TAG_LEN {
            return Err(PiiError::envelope(
                bytes.len(),
                format!(
                    "truncated: {} bytes left for a {TAG_LEN}-byte tag",
                    rest.len()
                ),
            ));
        }
        Ok(EnvelopeRef {
            algorithm,
            key_id,
            header,
            nonce,
            ciphertext_and_tag: rest,
        })
    }

    /// Public facts about this envelope (no secrets).
    pub fn info(&self) -> EnvelopeInfo {
        EnvelopeInfo {
            format_version: FORMAT_VERSION,
            algorithm: self.algorithm,
            key_id: self.key_id,
            plaintext_len: self.ciphertext_and_tag.len() - TAG_LEN,
        }
    }
}

/// Public facts about an envelope, for inspection and audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeInfo {
    /// Format version byte.
    pub format_version: u8,
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Key id (key version).
    pub key_id: u32,
    /// Length of the plaintext in bytes.
    pub plaintext_len: usize,
}

/// Encodes a binary envelope as text: `mc1:` + unpadded base64url.
pub fn to_text(binary: &[u8]) -> String {
    let mut s = String::with_capacity(TEXT_PREFIX.len() + binary.len().div_ceil(3) * 4);
    s.push_str(TEXT_PREFIX);
    URL_SAFE_NO_PAD.encode_string(binary, &mut s);
    s
}

/// Decodes the text form into the binary form. Offsets in errors are character offsets in `text`.
pub fn from_text(text: &str) -> Result<Vec<u8>, PiiError> {
    let body = text.strip_prefix(TEXT_PREFIX).ok_or_else(|| {
        PiiError::envelope(0, format!("text envelope must start with `{TEXT_PREFIX}`"))
    })?;
    URL_SAFE_NO_PAD.decode(body).map_err(|e| {
        let (off, why) = match e {
            base64::DecodeError::InvalidByte(i, b) => {
                (i, format!("invalid base64url byte 0x{b:02x}"))
            }
            base64::DecodeError::InvalidLength(n) => (n, "invalid base64url length".to_string()),
            base64::DecodeError::InvalidLastSymbol(i, b) => {
                (i, format!("invalid last base64url symbol 0x{b:02x}"))
            }
            base64::DecodeError::InvalidPadding => {
                (body.len(), "padding is not allowed".to_string())
            }
        };
        PiiError::envelope(TEXT_PREFIX.len() + off, why)
    })
}

/// Parses either form: text if it starts with `mc1:`, binary otherwise. Returns the binary form.
pub fn decode_any(input: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, PiiError> {
    if input.starts_with(TEXT_PREFIX.as_bytes()) {
        let text = std::str::from_utf8(input)
            .map_err(|e| PiiError::envelope(e.valid_up_to(), "text envelope is not UTF-8"))?;
        Ok(std::borrow::Cow::Owned(from_text(text.trim_end())?))
    } else {
        Ok(std::borrow::Cow::Borrowed(input))
    }
}
