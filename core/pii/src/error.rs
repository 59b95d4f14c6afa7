//! The one error type of the crate, with a stable machine-readable code per variant.

use std::fmt;

/// Everything that can go wrong in `medcore-pii`.
///
/// Each variant has a stable code ([`PiiError::code`]) that bindings map to host exceptions, and a
/// human message ([`fmt::Display`]) that names the location of the problem. No variant ever carries
/// key material or plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PiiError {
    /// Decryption or verification failed. Deliberately opaque: a wrong key, a wrong field context,
    /// a modified byte and a truncated ciphertext all give this same error.
    AuthFailed,
    /// The envelope names a key that was destroyed; its data cannot be recovered.
    KeyDestroyed {
        /// The destroyed key's id.
        key_id: u32,
    },
    /// The envelope names a key that is disabled (or below the minimum decryption version).
    KeyDisabled {
        /// The disabled key's id.
        key_id: u32,
        /// Why the key may not be used.
        reason: &'static str,
    },
    /// The envelope names a key this keyring does not hold.
    KeyUnknown {
        /// The unknown key id.
        key_id: u32,
    },
    /// An envelope (binary or text) is malformed.
    EnvelopeFormat {
        /// Byte offset (in the binary form, or character offset in the text form) of the problem.
        offset: usize,
        /// What is wrong there.
        reason: String,
    },
    /// A token string is malformed or was made for another type.
    TokenFormat {
        /// What is wrong.
        reason: String,
    },
    /// A value could not be normalized for its identifier type.
    Normalize {
        /// The identifier type (`ssn`, `phone`, ...).
        kind: &'static str,
        /// Why the value was rejected.
        reason: String,
    },
    /// Key material or a key source is invalid (wrong length, bad encoding, unknown variable).
    KeyFormat {
        /// Where the key came from (variable name, file path, record) and what is wrong.
        reason: String,
    },
    /// A keyring operation is not allowed in the keyring's current state.
    KeyState {
        /// What was attempted and why it is refused.
        reason: String,
    },
    /// The operating system's random number generator failed.
    Random,
    /// A host key unwrapper (KMS, Vault) failed.
    Unwrap {
        /// The host's message.
        reason: String,
    },
    /// An HL7 segment or other structured input given for de-identification is malformed.
    Deidentify {
        /// Location and problem.
        reason: String,
    },
    /// Reading a key file failed.
    Io {
        /// Path and operating system message.
        reason: String,
    },
}

impl PiiError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            PiiError::AuthFailed => "PII_AUTH_FAILED",
            PiiError::KeyDestroyed { .. } => "PII_KEY_DESTROYED",
            PiiError::KeyDisabled { .. } => "PII_KEY_DISABLED",
            PiiError::KeyUnknown { .. } => "PII_KEY_UNKNOWN",
            PiiError::EnvelopeFormat { .. } => "PII_ENVELOPE_FORMAT",
            PiiError::TokenFormat { .. } => "PII_TOKEN_FORMAT",
            PiiError::Normalize { .. } => "PII_NORMALIZE",
            PiiError::KeyFormat { .. } => "PII_KEY_FORMAT",
            PiiError::KeyState { .. } => "PII_KEY_STATE",
            PiiError::Random => "PII_RANDOM",
            PiiError::Unwrap { .. } => "PII_UNWRAP",
            PiiError::Deidentify { .. } => "PII_DEIDENTIFY",
            PiiError::Io { .. } => "PII_IO",
        }
    }

    pub(crate) fn envelope(offset: usize, reason: impl Into<String>) -> Self {
        PiiError::EnvelopeFormat {
            offset,
            reason: reason.into(),
        }
    }

    pub(crate) fn normalize(kind: &'static str, reason: impl Into<String>) -> Self {
        PiiError::Normalize {
            kind,
            reason: reason.into(),
        }
    }

    pub(crate) fn key_format(reason: impl Into<String>) -> Self {
        PiiError::KeyFormat {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for PiiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PiiError::AuthFailed => {
                f.write_str("decryption failed (wrong key, wrong field context, or modified data)")
            }
            PiiError::KeyDestroyed { key_id } => {
                write!(
                    f,
                    "key {key_id} was destroyed; data encrypted under it cannot be decrypted"
                )
            }
            PiiError::KeyDisabled { key_id, reason } => {
                write!(f, "key {key_id} is disabled: {reason}")
            }
            PiiError::KeyUnknown { key_id } => write!(f, "key {key_id} is not in this keyring"),
            PiiError::EnvelopeFormat { offset, reason } => {
                write!(f, "malformed envelope at offset {offset}: {reason}")
            }
            PiiError::TokenFormat { reason } => write!(f, "malformed token: {reason}"),
            PiiError::Normalize { kind, reason } => write!(f, "cannot normalize {kind}: {reason}"),
            PiiError::KeyFormat { reason } => write!(f, "invalid key material: {reason}"),
            PiiError::KeyState { reason } => write!(f, "keyring operation refused: {reason}"),
            PiiError::Random => f.write_str("the operating system random number generator failed"),
            PiiError::Unwrap { reason } => write!(f, "key unwrap failed: {reason}"),
            PiiError::Deidentify { reason } => write!(f, "de-identification failed: {reason}"),
            PiiError::Io { reason } => write!(f, "cannot read key source: {reason}"),
        }
    }
}

impl std::error::Error for PiiError {}
