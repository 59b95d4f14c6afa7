//! PII protection: a keyring object (from a spec, an environment variable, raw key bytes or a
//! wrapped document whose keys a host KMS/Vault callback unwraps), field encryption bound to its
//! context (single and batch), rewrap after rotation, deterministic encryption and blind
//! indexes, keyed tokenization, masking and HIPAA Safe Harbor de-identification of PID segments.
//!
//! Envelopes are `ByteArray` (binary) or `String` (text, `mc1:...`); every decrypt accepts both
//! forms as bytes. Every cryptographic failure is the same `PII_AUTH_FAILED`.

use crate::{guard, MedcoreError};
use medcore::pii as core;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The kind of an identifier (for masking, normalization and tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PiiType {
    /// US Social Security number.
    Ssn,
    /// Medical record number.
    Mrn,
    /// Telephone number.
    Phone,
    /// Email address.
    Email,
    /// Person name.
    Name,
    /// Date of birth.
    Dob,
    /// Postal code.
    Postcode,
    /// Street address.
    Address,
    /// Any other identifier.
    Other,
}

impl From<PiiType> for core::PiiType {
    fn from(t: PiiType) -> Self {
        match t {
            PiiType::Ssn => core::PiiType::Ssn,
            PiiType::Mrn => core::PiiType::Mrn,
            PiiType::Phone => core::PiiType::Phone,
            PiiType::Email => core::PiiType::Email,
            PiiType::Name => core::PiiType::Name,
            PiiType::Dob => core::PiiType::Dob,
            PiiType::Postcode => core::PiiType::Postcode,
            PiiType::Address => core::PiiType::Address,
            PiiType::Other => core::PiiType::Other,
        }
    }
}

/// Where a value lives: bound into its ciphertext (a value moved to another record, column or
/// tenant does not decrypt).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiFieldContext {
    /// Tenant.
    pub tenant: String,
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// Record id.
    pub record_id: String,
}

impl From<&PiiFieldContext> for core::FieldContext {
    fn from(c: &PiiFieldContext) -> Self {
        core::FieldContext::new(&c.tenant, &c.table, &c.column, &c.record_id)
    }
}

/// A column: the scope of deterministic encryption and blind indexes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiColumnContext {
    /// Tenant.
    pub tenant: String,
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
}

impl From<&PiiColumnContext> for core::ColumnContext {
    fn from(c: &PiiColumnContext) -> Self {
        core::ColumnContext::new(&c.tenant, &c.table, &c.column)
    }
}

/// One result of a batch call that gives bytes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PiiBytesOutcome {
    /// The item succeeded.
    Ok {
        /// The plaintext or envelope.
        value: Vec<u8>,
    },
    /// The item failed.
    Failed {
        /// The stable error code, e.g. `PII_AUTH_FAILED`.
        code: String,
        /// The error message.
        message: String,
    },
}

/// One result of a batch call that gives text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PiiTextOutcome {
    /// The item succeeded.
    Ok {
        /// The token or text.
        value: String,
    },
    /// The item failed.
    Failed {
        /// The stable error code, e.g. `PII_NORMALIZE`.
        code: String,
        /// The error message.
        message: String,
    },
}

fn bytes_outcome<T: AsRef<[u8]>>(r: Result<T, core::PiiError>) -> PiiBytesOutcome {
    match r {
        Ok(v) => PiiBytesOutcome::Ok {
            value: v.as_ref().to_vec(),
        },
        Err(e) => PiiBytesOutcome::Failed {
            code: e.code().to_string(),
            message: e.to_string(),
        },
    }
}

fn text_outcome(r: Result<String, core::PiiError>) -> PiiTextOutcome {
    match r {
        Ok(value) => PiiTextOutcome::Ok { value },
        Err(e) => PiiTextOutcome::Failed {
            code: e.code().to_string(),
            message: e.to_string(),
        },
    }
}

/// The lifecycle state of one key version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PiiKeyState {
    /// Encrypts and decrypts.
    Primary,
    /// Decrypts only (an older version).
    DecryptOnly,
    /// Temporarily refused (reversible).
    Disabled,
    /// Erased (irreversible).
    Destroyed,
}

impl From<core::KeyState> for PiiKeyState {
    fn from(s: core::KeyState) -> Self {
        match s {
            core::KeyState::Primary => PiiKeyState::Primary,
            core::KeyState::DecryptOnly => PiiKeyState::DecryptOnly,
            core::KeyState::Disabled => PiiKeyState::Disabled,
            core::KeyState::Destroyed => PiiKeyState::Destroyed,
        }
    }
}

impl From<PiiKeyState> for core::KeyState {
    fn from(s: PiiKeyState) -> Self {
        match s {
            PiiKeyState::Primary => core::KeyState::Primary,
            PiiKeyState::DecryptOnly => core::KeyState::DecryptOnly,
            PiiKeyState::Disabled => core::KeyState::Disabled,
            PiiKeyState::Destroyed => core::KeyState::Destroyed,
        }
    }
}

/// A key version and its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct PiiKeyStatus {
    /// Key id (version).
    pub id: u32,
    /// State.
    pub state: PiiKeyState,
}

/// One wrapped key version of a keyring document.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiWrappedKey {
    /// Key id.
    pub id: u32,
    /// State.
    pub state: PiiKeyState,
    /// The wrapped root secret, base64url (`null` when destroyed).
    pub wrapped: Option<String>,
}

/// A keyring stored with its keys wrapped by a key-encryption key (KEK).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiKeyringDocument {
    /// The document format name.
    pub format: String,
    /// The KEK's identifier (a local name, a KMS key ARN, a Vault transit key name).
    pub kek_id: String,
    /// Minimum decryption version.
    pub min_decryption_version: u32,
    /// Key versions.
    pub keys: Vec<PiiWrappedKey>,
}

impl From<core::KeyringDocument> for PiiKeyringDocument {
    fn from(d: core::KeyringDocument) -> Self {
        PiiKeyringDocument {
            format: d.format,
            kek_id: d.kek_id,
            min_decryption_version: d.min_decryption_version,
            keys: d
                .keys
                .into_iter()
                .map(|k| PiiWrappedKey {
                    id: k.id,
                    state: k.state.into(),
                    wrapped: k.wrapped,
                })
                .collect(),
        }
    }
}

impl From<PiiKeyringDocument> for core::KeyringDocument {
    fn from(d: PiiKeyringDocument) -> Self {
        core::KeyringDocument {
            format: d.format,
            kek_id: d.kek_id,
            min_decryption_version: d.min_decryption_version,
            keys: d
                .keys
                .into_iter()
                .map(|k| core::keysource::WrappedKey {
                    id: k.id,
                    state: k.state.into(),
                    wrapped: k.wrapped,
                })
                .collect(),
        }
    }
}

/// A keyring document from its JSON text (as stored on disk).
#[uniffi::export]
pub fn pii_keyring_document_from_json(text: String) -> Result<PiiKeyringDocument, MedcoreError> {
    guard(|| {
        let d: core::KeyringDocument = serde_json::from_str(&text)
            .map_err(|e| MedcoreError::invalid(format!("keyring document JSON: {e}")))?;
        Ok(d.into())
    })
}

/// A keyring document as JSON text.
#[uniffi::export]
pub fn pii_keyring_document_to_json(document: PiiKeyringDocument) -> Result<String, MedcoreError> {
    guard(|| {
        let d: core::KeyringDocument = document.into();
        serde_json::to_string(&d).map_err(|e| MedcoreError::invalid(e.to_string()))
    })
}

/// The host's key unwrapper (a KMS or Vault client): returns the 32-byte root secret of key
/// version `key_id` wrapped under the KEK `kek_id`. An exception it throws fails the load with
/// `MedcoreException.Pii` (`PII_KEY_UNWRAP`).
#[uniffi::export(foreign)]
pub trait PiiKeyUnwrapper: Send + Sync {
    /// Unwraps one key.
    fn unwrap_key(
        &self,
        kek_id: String,
        key_id: u32,
        wrapped: Vec<u8>,
    ) -> Result<Vec<u8>, MedcoreError>;
}

/// Public facts of an envelope.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiEnvelopeInfo {
    /// Format version byte.
    pub format_version: u8,
    /// Algorithm name (`aes-256-gcm`, `aes-256-gcm-siv-deterministic`).
    pub algorithm: String,
    /// Key id (key version).
    pub key_id: u32,
    /// Length of the plaintext in bytes.
    pub plaintext_len: u64,
}

/// Public facts of an envelope (binary or text bytes): format, algorithm, key id, length.
#[uniffi::export]
pub fn pii_envelope_info(envelope: Vec<u8>) -> Result<PiiEnvelopeInfo, MedcoreError> {
    guard(|| {
        let bin = core::envelope::decode_any(&envelope)?;
        let info = core::EnvelopeRef::parse(&bin)?.info();
        let algorithm = serde_json::to_value(info.algorithm)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| format!("{:?}", info.algorithm));
        Ok(PiiEnvelopeInfo {
            format_version: info.format_version,
            algorithm,
            key_id: info.key_id,
            plaintext_len: info.plaintext_len as u64,
        })
    })
}

/// Versioned AES-256 keys with states; encrypts and decrypts fields bound to their context.
/// Share it between threads; key management calls wait for running operations.
#[derive(uniffi::Object)]
pub struct PiiKeyring {
    inner: RwLock<core::Keyring>,
}

impl PiiKeyring {
    fn wrap(k: core::Keyring) -> Arc<Self> {
        Arc::new(PiiKeyring {
            inner: RwLock::new(k),
        })
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&core::Keyring) -> Result<T, core::PiiError>,
    ) -> Result<T, MedcoreError> {
        guard(|| {
            let k = self
                .inner
                .read()
                .map_err(|_| MedcoreError::invalid("the keyring was poisoned by a panic"))?;
            Ok(f(&k)?)
        })
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut core::Keyring) -> Result<T, core::PiiError>,
    ) -> Result<T, MedcoreError> {
        guard(|| {
            let mut k = self
                .inner
                .write()
                .map_err(|_| MedcoreError::invalid("the keyring was poisoned by a panic"))?;
            Ok(f(&mut k)?)
        })
    }
}

fn contexts(c: &[PiiFieldContext]) -> Vec<core::FieldContext> {
    c.iter().map(Into::into).collect()
}

#[uniffi::export]
impl PiiKeyring {
    /// An empty keyring (add keys with `rotate`).
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        PiiKeyring::wrap(core::Keyring::new())
    }

    /// A keyring with one freshly generated primary key (OS CSPRNG).
    #[uniffi::constructor]
    pub fn generate() -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiKeyring::wrap(core::Keyring::generate()?)))
    }

    /// A keyring from its text spec: `id:base64url[:state],...`.
    #[uniffi::constructor]
    pub fn from_spec(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiKeyring::wrap(core::Keyring::from_spec(&text)?)))
    }

    /// A keyring from an environment variable holding a spec.
    #[uniffi::constructor]
    pub fn from_env(var: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiKeyring::wrap(core::Keyring::from_env(&var)?)))
    }

    /// A keyring of one primary key given as 32 raw bytes.
    #[uniffi::constructor]
    pub fn from_raw_key(key: Vec<u8>) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiKeyring::wrap(core::Keyring::from_raw_key(&key)?)))
    }

    /// A keyring from a wrapped document whose keys a local 32-byte KEK unwraps.
    #[uniffi::constructor]
    pub fn from_document(
        document: PiiKeyringDocument,
        kek: Vec<u8>,
    ) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let doc: core::KeyringDocument = document.into();
            let secret = core::SecretKey::from_bytes(&kek)?;
            let local = core::LocalKek::new(doc.kek_id.clone(), &secret);
            Ok(PiiKeyring::wrap(core::Keyring::from_document(
                &doc, &local,
            )?))
        })
    }

    /// A keyring from a wrapped document whose keys the host unwraps (KMS, Vault).
    #[uniffi::constructor]
    pub fn from_document_with(
        document: PiiKeyringDocument,
        unwrapper: Arc<dyn PiiKeyUnwrapper>,
    ) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let doc: core::KeyringDocument = document.into();
            let host = core::CallbackUnwrapper::new(move |kek_id: &str, key_id, wrapped: &[u8]| {
                unwrapper
                    .unwrap_key(kek_id.to_string(), key_id, wrapped.to_vec())
                    .map_err(|e| e.to_string())
            });
            Ok(PiiKeyring::wrap(core::Keyring::from_document(&doc, &host)?))
        })
    }

    /// The keyring as a document with every key wrapped by a local 32-byte KEK named `kek_id`.
    pub fn to_document(
        &self,
        kek_id: String,
        kek: Vec<u8>,
    ) -> Result<PiiKeyringDocument, MedcoreError> {
        self.read(|k| {
            let secret = core::SecretKey::from_bytes(&kek)?;
            Ok(k.to_document(&core::LocalKek::new(kek_id, &secret))?.into())
        })
    }

    /// Adds a fresh primary key; the previous primary becomes decrypt-only. Returns its id.
    pub fn rotate(&self) -> Result<u32, MedcoreError> {
        self.write(|k| k.rotate())
    }

    /// Makes key `id` the primary.
    pub fn set_primary(&self, id: u32) -> Result<(), MedcoreError> {
        self.write(|k| k.set_primary(id))
    }

    /// Disables key `id` (reversible).
    pub fn disable(&self, id: u32) -> Result<(), MedcoreError> {
        self.write(|k| k.disable(id))
    }

    /// Re-enables a disabled key.
    pub fn enable(&self, id: u32) -> Result<(), MedcoreError> {
        self.write(|k| k.enable(id))
    }

    /// Erases key `id` (irreversible).
    pub fn destroy(&self, id: u32) -> Result<(), MedcoreError> {
        self.write(|k| k.destroy(id))
    }

    /// Refuses envelopes of key versions below `version`.
    pub fn set_min_decryption_version(&self, version: u32) -> Result<(), MedcoreError> {
        self.write(|k| k.set_min_decryption_version(version))
    }

    /// The minimum decryption version.
    pub fn min_decryption_version(&self) -> Result<u32, MedcoreError> {
        self.read(|k| Ok(k.min_decryption_version()))
    }

    /// The primary key's id, `null` when there is none.
    pub fn primary_id(&self) -> Result<Option<u32>, MedcoreError> {
        self.read(|k| Ok(k.primary_id()))
    }

    /// Every key's id and state.
    pub fn status(&self) -> Result<Vec<PiiKeyStatus>, MedcoreError> {
        self.read(|k| {
            Ok(k.status()
                .into_iter()
                .map(|s| PiiKeyStatus {
                    id: s.id,
                    state: s.state.into(),
                })
                .collect())
        })
    }

    /// Encrypts one field (AES-256-GCM, random nonce); the binary envelope.
    pub fn encrypt(
        &self,
        context: PiiFieldContext,
        plaintext: Vec<u8>,
    ) -> Result<Vec<u8>, MedcoreError> {
        self.read(|k| k.encrypt(&(&context).into(), &plaintext))
    }

    /// Encrypts one field; the text envelope (`mc1:...`).
    pub fn encrypt_text(
        &self,
        context: PiiFieldContext,
        plaintext: Vec<u8>,
    ) -> Result<String, MedcoreError> {
        self.read(|k| k.encrypt_text(&(&context).into(), &plaintext))
    }

    /// Decrypts a binary or text envelope (as bytes).
    pub fn decrypt(
        &self,
        context: PiiFieldContext,
        envelope: Vec<u8>,
    ) -> Result<Vec<u8>, MedcoreError> {
        self.read(|k| Ok(k.decrypt(&(&context).into(), &envelope)?.to_vec()))
    }

    /// Decrypts a text envelope.
    pub fn decrypt_text(
        &self,
        context: PiiFieldContext,
        envelope: String,
    ) -> Result<Vec<u8>, MedcoreError> {
        self.read(|k| Ok(k.decrypt_text(&(&context).into(), &envelope)?.to_vec()))
    }

    /// Encrypts many fields, `values[i]` bound to `contexts[i]`; binary envelopes.
    pub fn encrypt_batch(
        &self,
        contexts: Vec<PiiFieldContext>,
        values: Vec<Vec<u8>>,
    ) -> Result<Vec<Vec<u8>>, MedcoreError> {
        let ctx = self::contexts(&contexts);
        let v: Vec<&[u8]> = values.iter().map(Vec::as_slice).collect();
        self.read(|k| k.encrypt_batch(&ctx, &v))
    }

    /// Encrypts one column of many rows, `values[i]` belonging to record `record_ids[i]`; text
    /// envelopes.
    pub fn encrypt_column(
        &self,
        column: PiiColumnContext,
        record_ids: Vec<String>,
        values: Vec<Vec<u8>>,
    ) -> Result<Vec<String>, MedcoreError> {
        let ids: Vec<&str> = record_ids.iter().map(String::as_str).collect();
        let v: Vec<&[u8]> = values.iter().map(Vec::as_slice).collect();
        self.read(|k| k.encrypt_column(&(&column).into(), &ids, &v))
    }

    /// Decrypts many envelopes (binary or text bytes); one outcome per envelope, in order.
    pub fn decrypt_batch(
        &self,
        contexts: Vec<PiiFieldContext>,
        envelopes: Vec<Vec<u8>>,
    ) -> Result<Vec<PiiBytesOutcome>, MedcoreError> {
        let ctx = self::contexts(&contexts);
        let e: Vec<&[u8]> = envelopes.iter().map(Vec::as_slice).collect();
        self.read(|k| {
            Ok(k.decrypt_batch(&ctx, &e)?
                .into_iter()
                .map(bytes_outcome)
                .collect())
        })
    }

    /// Re-encrypts an envelope under the primary key without handing out the plaintext; text
    /// in, text out (as bytes); binary in, binary out.
    pub fn rewrap(
        &self,
        context: PiiFieldContext,
        envelope: Vec<u8>,
    ) -> Result<Vec<u8>, MedcoreError> {
        self.read(|k| k.rewrap(&(&context).into(), &envelope))
    }

    /// Rewraps many envelopes; one outcome per envelope, in order.
    pub fn rewrap_batch(
        &self,
        contexts: Vec<PiiFieldContext>,
        envelopes: Vec<Vec<u8>>,
    ) -> Result<Vec<PiiBytesOutcome>, MedcoreError> {
        let ctx = self::contexts(&contexts);
        let e: Vec<&[u8]> = envelopes.iter().map(Vec::as_slice).collect();
        self.read(|k| {
            Ok(k.rewrap_batch(&ctx, &e)?
                .into_iter()
                .map(bytes_outcome)
                .collect())
        })
    }

    /// Deterministic encryption (AES-256-GCM-SIV) bound to a column: equal plaintexts give equal
    /// envelopes; the text envelope.
    pub fn encrypt_deterministic_text(
        &self,
        column: PiiColumnContext,
        plaintext: Vec<u8>,
    ) -> Result<String, MedcoreError> {
        self.read(|k| k.encrypt_deterministic_text(&(&column).into(), &plaintext))
    }

    /// Decrypts a deterministic envelope (binary or text bytes) bound to a column.
    pub fn decrypt_deterministic(
        &self,
        column: PiiColumnContext,
        envelope: Vec<u8>,
    ) -> Result<Vec<u8>, MedcoreError> {
        self.read(|k| {
            Ok(k.decrypt_deterministic(&(&column).into(), &envelope)?
                .to_vec())
        })
    }

    /// The HMAC-SHA-256 blind index of `value` in `column` under the primary key (`bi1:...`).
    pub fn blind_index(
        &self,
        column: PiiColumnContext,
        value: Vec<u8>,
    ) -> Result<String, MedcoreError> {
        self.read(|k| k.blind_index(&(&column).into(), &value))
    }

    /// The blind index under a given key id (for queries during a key migration).
    pub fn blind_index_with(
        &self,
        key_id: u32,
        column: PiiColumnContext,
        value: Vec<u8>,
    ) -> Result<String, MedcoreError> {
        self.read(|k| k.blind_index_with(key_id, &(&column).into(), &value))
    }
}

/// Keyed tokenization (HMAC-SHA-256, domain-separated per identifier type and tenant).
#[derive(uniffi::Object)]
pub struct PiiTokenizer {
    inner: RwLock<core::Tokenizer>,
}

impl PiiTokenizer {
    /// The tokenizer for a call (shared read access).
    pub(crate) fn lock(
        &self,
    ) -> Result<std::sync::RwLockReadGuard<'_, core::Tokenizer>, MedcoreError> {
        self.inner
            .read()
            .map_err(|_| MedcoreError::invalid("the tokenizer was poisoned by a panic"))
    }

    fn wrap(t: core::Tokenizer) -> Arc<Self> {
        Arc::new(PiiTokenizer {
            inner: RwLock::new(t),
        })
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&core::Tokenizer) -> Result<T, core::PiiError>,
    ) -> Result<T, MedcoreError> {
        guard(|| {
            let t = self
                .inner
                .read()
                .map_err(|_| MedcoreError::invalid("the tokenizer was poisoned by a panic"))?;
            Ok(f(&t)?)
        })
    }
}

#[uniffi::export]
impl PiiTokenizer {
    /// A tokenizer with one fresh key.
    #[uniffi::constructor]
    pub fn generate() -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiTokenizer::wrap(core::Tokenizer::generate()?)))
    }

    /// A tokenizer from its spec `id:base64url,...` (oldest first, the last is primary).
    #[uniffi::constructor]
    pub fn from_spec(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiTokenizer::wrap(core::Tokenizer::from_spec(&text)?)))
    }

    /// A tokenizer from an environment variable holding a spec.
    #[uniffi::constructor]
    pub fn from_env(var: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(PiiTokenizer::wrap(core::Tokenizer::from_env(&var)?)))
    }

    /// A tokenizer whose key is derived (HKDF) from one 32-byte master secret.
    #[uniffi::constructor]
    pub fn from_master(master: Vec<u8>) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let m = core::SecretKey::from_bytes(&master)?;
            Ok(PiiTokenizer::wrap(core::Tokenizer::from_master(&m)))
        })
    }

    /// Adds key `id` (32 raw bytes) as the new primary.
    pub fn rotate_with(&self, id: u32, root: Vec<u8>) -> Result<(), MedcoreError> {
        guard(|| {
            let r = core::SecretKey::from_bytes(&root)?;
            let mut t = self
                .inner
                .write()
                .map_err(|_| MedcoreError::invalid("the tokenizer was poisoned by a panic"))?;
            Ok(t.rotate_with(id, &r)?)
        })
    }

    /// Key ids, oldest first.
    pub fn key_ids(&self) -> Result<Vec<u32>, MedcoreError> {
        self.read(|t| Ok(t.key_ids()))
    }

    /// The primary key's id.
    pub fn primary_id(&self) -> Result<u32, MedcoreError> {
        self.read(|t| Ok(t.primary_id()))
    }

    /// The token (`mct1:<type>:<key id>:<base64url>`) of `value` normalized as `kind`.
    pub fn tokenize(
        &self,
        kind: PiiType,
        tenant: String,
        value: String,
    ) -> Result<String, MedcoreError> {
        self.read(|t| t.tokenize_text(kind.into(), &tenant, &value))
    }

    /// Tokens of many values of one type; one outcome per value, in order.
    pub fn tokenize_batch(
        &self,
        kind: PiiType,
        tenant: String,
        values: Vec<String>,
    ) -> Result<Vec<PiiTextOutcome>, MedcoreError> {
        let v: Vec<&str> = values.iter().map(String::as_str).collect();
        self.read(|t| {
            Ok(t.tokenize_batch(kind.into(), &tenant, &v)
                .into_iter()
                .map(text_outcome)
                .collect())
        })
    }

    /// Moves a token made under an older key to the primary key.
    pub fn rekey(&self, tenant: String, token: String) -> Result<String, MedcoreError> {
        self.read(|t| t.rekey(&tenant, &token))
    }

    /// Re-keys many tokens; one outcome per token, in order.
    pub fn rekey_batch(
        &self,
        tenant: String,
        tokens: Vec<String>,
    ) -> Result<Vec<PiiTextOutcome>, MedcoreError> {
        let v: Vec<&str> = tokens.iter().map(String::as_str).collect();
        self.read(|t| {
            Ok(t.rekey_batch(&tenant, &v)
                .into_iter()
                .map(text_outcome)
                .collect())
        })
    }

    /// Whether `token` (under any key of the chain) is the token of `value`.
    pub fn verify(
        &self,
        kind: PiiType,
        tenant: String,
        value: String,
        token: String,
    ) -> Result<bool, MedcoreError> {
        self.read(|t| t.verify(kind.into(), &tenant, &value, &token))
    }
}

/// Masks `value` as an identifier of `kind` (SSN `***-**-6789`, phone last four, ...); a value
/// that cannot be read as its kind is fully masked.
#[uniffi::export]
pub fn pii_mask(kind: PiiType, value: String) -> String {
    core::mask(kind.into(), &value)
}

/// Masks many values of one kind.
#[uniffi::export]
pub fn pii_mask_batch(kind: PiiType, values: Vec<String>) -> Vec<String> {
    let v: Vec<&str> = values.iter().map(String::as_str).collect();
    core::mask_batch(kind.into(), &v)
}

/// The normalized form of `value` as `kind` (what is tokenized).
#[uniffi::export]
pub fn pii_normalize(kind: PiiType, value: String) -> Result<String, MedcoreError> {
    guard(|| Ok(core::normalize(kind.into(), &value)?))
}

/// A HIPAA Safe Harbor identifier category (45 CFR 164.514(b)(2)(i)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
#[allow(missing_docs)]
pub enum PiiIdentifierKind {
    Names,
    GeographicSubdivisions,
    Dates,
    TelephoneNumbers,
    FaxNumbers,
    EmailAddresses,
    SocialSecurityNumbers,
    MedicalRecordNumbers,
    HealthPlanBeneficiaryNumbers,
    AccountNumbers,
    CertificateLicenseNumbers,
    VehicleIdentifiers,
    DeviceIdentifiers,
    WebUrls,
    IpAddresses,
    BiometricIdentifiers,
    FullFacePhotographs,
    OtherUniqueIdentifiers,
}

/// What de-identification does to one identifier category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PiiDeidAction {
    /// Remove the value.
    Remove,
    /// Keep it.
    Keep,
    /// Keep the year of a date.
    YearOnly,
    /// Keep state and the three-digit ZIP (000 for restricted areas).
    StateAndZip3,
    /// Replace it by its token.
    Tokenize,
}

/// A de-identification policy: Safe Harbor defaults at `as_of` (YYYY-MM-DD), with overrides.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiDeidPolicy {
    /// The date ages are computed at (YYYY-MM-DD).
    pub as_of: String,
    /// Actions replacing the Safe Harbor default per category.
    #[uniffi(default)]
    pub overrides: HashMap<PiiIdentifierKind, PiiDeidAction>,
    /// Tenant for tokens.
    #[uniffi(default = "")]
    pub tenant: String,
}

impl PiiDeidPolicy {
    /// The core policy: Safe Harbor with the overrides.
    pub(crate) fn to_core(&self) -> Result<core::DeidPolicy, MedcoreError> {
        let mut p = core::DeidPolicy::safe_harbor(self.as_of.clone());
        p.tenant = self.tenant.clone();
        for (k, a) in &self.overrides {
            // The host enums mirror the core's serde names.
            let kind: core::IdentifierKind =
                serde_json::from_value(serde_json::json!(snake(&format!("{k:?}"))))
                    .map_err(|e| MedcoreError::invalid(e.to_string()))?;
            let action: core::DeidAction =
                serde_json::from_value(serde_json::json!(snake(&format!("{a:?}"))))
                    .map_err(|e| MedcoreError::invalid(e.to_string()))?;
            p.overrides.insert(kind, action);
        }
        Ok(p)
    }
}

/// What was done to one field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiFieldChange {
    /// The field, e.g. `PID-7`.
    pub field: String,
    /// The identifier category name (`names`, `dates`, ...).
    pub kind: String,
    /// The action applied (`remove`, `year_only`, ...).
    pub action: String,
}

/// The de-identified segment with what changed and the Safe Harbor age.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PiiDeidResult {
    /// The segment text.
    pub segment: String,
    /// One entry per changed field.
    pub changes: Vec<PiiFieldChange>,
    /// The age at `as_of` (`90+` above 89), when the birth date was readable.
    pub age: Option<String>,
}

pub(crate) fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// De-identifies an HL7 v2 PID segment (Safe Harbor) with the standard delimiters;
/// `tokenizer` is needed when an action is `Tokenize`.
#[uniffi::export(default(tokenizer = None))]
pub fn pii_deidentify_pid(
    segment: String,
    policy: PiiDeidPolicy,
    tokenizer: Option<Arc<PiiTokenizer>>,
) -> Result<PiiDeidResult, MedcoreError> {
    guard(|| {
        let p = policy.to_core()?;
        let tok = match &tokenizer {
            Some(t) => Some(t.lock()?),
            None => None,
        };
        let r = core::deidentify_pid(&segment, core::Delimiters::default(), &p, tok.as_deref())?;
        Ok(PiiDeidResult {
            segment: r.segment,
            changes: r
                .changes
                .iter()
                .map(|c| PiiFieldChange {
                    field: c.field.clone(),
                    kind: serde_name(&c.kind),
                    action: serde_name(&c.action),
                })
                .collect(),
            age: r.age,
        })
    })
}

/// `CamelCase` to `snake_case`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The Safe Harbor form of a ZIP code: its first three digits, `000` for restricted areas;
/// `null` when it is not a ZIP code.
#[uniffi::export]
pub fn pii_zip3(zip: String) -> Option<String> {
    core::deid::zip3(&zip)
}

/// The Safe Harbor form of an age: the number, or `90+` above 89.
#[uniffi::export]
pub fn pii_age_category(age: u32) -> String {
    core::deid::age_category(age)
}
