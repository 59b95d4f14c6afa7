//! `medcore-pii`: protection of personal identifiers in healthcare data.
//!
//! * [`Tokenizer`]: keyed HMAC-SHA-256 pseudonyms with per-type normalization, domain separation
//!   per type and tenant, versioned token text and re-keying without the original values.
//! * [`Keyring`]: AES-256-GCM field encryption in a self-describing [`envelope`] whose AAD binds
//!   the field's tenant, table, column and record id; key versions with states, rotation, rewrap,
//!   a minimum decryption version; deterministic encryption and blind indexes for equality search.
//! * [`keysource`]: keys from an environment variable, a file, raw bytes, or a keyring document
//!   wrapped by a key-encryption key that a host callback can unwrap through a KMS or Vault.
//! * [`mask()`]: display masks per identifier type.
//! * [`deid`]: HIPAA Safe Harbor de-identification, including HL7 v2 PID segments.
//!
//! Secrets live in zeroizing memory, are never printed by `Debug`, and are compared in constant time.
// `unsafe` is denied everywhere except the call that registers the fork handler (`fork`) and the
// zeroing of AES key schedules on drop (`gcm`).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod context;
pub mod deid;
pub mod envelope;
pub mod error;
pub mod fork;
mod gcm;
pub mod keyring;
pub mod keysource;
pub mod kind;
pub mod mask;
pub mod nonce;
pub mod normalize;
pub mod primitives;
pub mod secret;
pub mod token;

pub use context::{ColumnContext, FieldContext};
pub use deid::{deidentify_pid, DeidAction, DeidPolicy, DeidResult, Delimiters, IdentifierKind};
pub use envelope::{Algorithm, EnvelopeInfo, EnvelopeRef};
pub use error::PiiError;
pub use keyring::{KeyState, KeyStatus, Keyring, Plaintext};
pub use keysource::{
    CallbackUnwrapper, KeyUnwrapper, KeyWrapper, KeyringDocument, LocalKek, UnwrappedKeys,
};
pub use kind::PiiType;
pub use mask::{mask, mask_batch};
pub use normalize::normalize;
pub use secret::SecretKey;
pub use token::{Token, Tokenizer};
