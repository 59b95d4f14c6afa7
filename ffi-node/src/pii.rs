//! `pii`: conversions between `medcore::pii` and JS values. A `Keyring` and a `Tokenizer` are
//! long-lived handles holding their keys in Rust (zeroized on drop, never visible to JS);
//! envelopes cross as the core's text form (`Buffer` input accepts the binary form too),
//! plaintexts as `Buffer`s (or strings, taken as UTF-8). Batch calls return one
//! `{ value, error }` per item and have async variants run on the libuv thread pool.

use crate::errors::{self, guard, Result};
use crate::hl7::ErrorInfo;
use crate::names;
use crate::task::{self, Work};
use medcore::pii as core;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either, FnArgs, Function};
use napi_derive::napi;
use std::sync::{Arc, RwLock};

/// The 32-byte local key-encryption key, or the host's unwrap call `(kekId, keyId, wrapped)`.
type Unwrap<'a> = Either<Buffer, Function<'a, FnArgs<(String, u32, Buffer)>, Buffer>>;

/// Bytes of a `Buffer`, or of a string as UTF-8.
fn data(d: &Either<Buffer, String>) -> &[u8] {
    match d {
        Either::A(b) => b.as_ref(),
        Either::B(s) => s.as_bytes(),
    }
}

fn pii_type(kind: &str) -> Result<core::PiiType> {
    kind.parse::<core::PiiType>().map_err(errors::pii)
}

fn error_info(e: &core::PiiError) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.to_string(),
    }
}

/// Where an encrypted field lives: bound into the envelope, so a value decrypts only in its
/// own place.
#[napi(object)]
#[derive(Clone)]
pub struct FieldContext {
    /// Tenant (hospital, organisation).
    pub tenant: String,
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// Record id.
    pub record_id: String,
}

fn field(c: &FieldContext) -> core::FieldContext {
    core::FieldContext::new(
        c.tenant.as_str(),
        c.table.as_str(),
        c.column.as_str(),
        c.record_id.as_str(),
    )
}

/// A column (deterministic encryption and blind indexes are per column, not per record).
#[napi(object)]
#[derive(Clone)]
pub struct ColumnContext {
    /// Tenant.
    pub tenant: String,
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
}

fn column(c: &ColumnContext) -> core::ColumnContext {
    core::ColumnContext::new(c.tenant.as_str(), c.table.as_str(), c.column.as_str())
}

/// The public status of one key version.
#[napi(object)]
pub struct KeyStatus {
    /// Key id (version).
    pub id: u32,
    /// `primary`, `decrypt-only`, `disabled` or `destroyed`.
    pub state: String,
}

/// One decrypted item of a batch: `value` (the plaintext) or `error`.
#[napi(object)]
pub struct BufferResult {
    /// The bytes.
    pub value: Option<Buffer>,
    /// Why the item failed (`PII_AUTH_FAILED`...).
    pub error: Option<ErrorInfo>,
}

/// One text item of a batch (a token, an envelope): `value` or `error`.
#[napi(object)]
pub struct TextResult {
    /// The text.
    pub value: Option<String>,
    /// Why the item failed.
    pub error: Option<ErrorInfo>,
}

fn buffer_results(items: Vec<std::result::Result<Vec<u8>, core::PiiError>>) -> Vec<BufferResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => BufferResult {
                value: Some(v.into()),
                error: None,
            },
            Err(e) => BufferResult {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

fn text_results(items: Vec<std::result::Result<String, core::PiiError>>) -> Vec<TextResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => TextResult {
                value: Some(v),
                error: None,
            },
            Err(e) => TextResult {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

type Bytes = Vec<std::result::Result<Vec<u8>, core::PiiError>>;
type Texts = Vec<std::result::Result<String, core::PiiError>>;

fn pii_failure(e: core::PiiError) -> task::Failure {
    task::failure(e.code(), e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Keyring

/// AES-256-GCM field encryption keys: versions with states, rotation, rewrap, a minimum
/// decryption version, deterministic encryption and blind indexes.
#[napi]
pub struct Keyring {
    inner: Arc<RwLock<core::Keyring>>,
}

fn ring(inner: core::Keyring) -> Keyring {
    Keyring {
        inner: Arc::new(RwLock::new(inner)),
    }
}

fn poisoned() -> napi::Error<String> {
    errors::error(
        errors::PANIC_CODE,
        "keyring lock poisoned by an earlier panic".into(),
    )
}

impl Keyring {
    fn read<T>(&self, f: impl FnOnce(&core::Keyring) -> Result<T>) -> Result<T> {
        guard(|| f(&*self.inner.read().map_err(|_| poisoned())?))
    }

    fn write<T>(&self, f: impl FnOnce(&mut core::Keyring) -> Result<T>) -> Result<T> {
        guard(|| f(&mut *self.inner.write().map_err(|_| poisoned())?))
    }
}

/// Plaintexts copied for a job on the thread pool.
fn owned(values: &[Either<Buffer, String>]) -> Vec<Vec<u8>> {
    values.iter().map(|v| data(v).to_vec()).collect()
}

#[napi]
impl Keyring {
    /// A keyring with one fresh random key (from the OS CSPRNG).
    #[napi(factory)]
    pub fn generate() -> Result<Keyring> {
        guard(|| core::Keyring::generate().map(ring).map_err(errors::pii))
    }

    /// A keyring from a key spec (`1:active:<base64url key>,...`).
    #[napi(factory)]
    pub fn from_spec(spec: String) -> Result<Keyring> {
        guard(|| {
            core::Keyring::from_spec(&spec)
                .map(ring)
                .map_err(errors::pii)
        })
    }

    /// A keyring from the key spec in an environment variable.
    #[napi(factory)]
    pub fn from_env(variable: String) -> Result<Keyring> {
        guard(|| {
            core::Keyring::from_env(&variable)
                .map(ring)
                .map_err(errors::pii)
        })
    }

    /// A keyring from the key spec in a file.
    #[napi(factory)]
    pub fn from_file(path: String) -> Result<Keyring> {
        guard(|| {
            core::Keyring::from_file(std::path::Path::new(&path))
                .map(ring)
                .map_err(errors::pii)
        })
    }

    /// A keyring whose one key derives from 32 raw key bytes.
    #[napi(factory)]
    pub fn from_raw_key(key: Buffer) -> Result<Keyring> {
        guard(|| {
            core::Keyring::from_raw_key(&key)
                .map(ring)
                .map_err(errors::pii)
        })
    }

    /// A keyring from a wrapped keyring document (the JSON text `toDocument` writes, the same
    /// in every host). `unwrap` is either the 32-byte local key-encryption key, or the host's
    /// KMS/Vault call `(kekId, keyId, wrapped) => Buffer` returning each 32-byte root secret.
    /// The call runs synchronously on the JS thread, once per key that is not destroyed,
    /// before the keyring is built; an exception it throws fails the load with `PII_UNWRAP`.
    #[napi(factory)]
    pub fn from_document(
        document: String,
        #[napi(
            ts_arg_type = "Buffer | ((kekId: string, keyId: number, wrapped: Buffer) => Buffer)"
        )]
        unwrap: Unwrap<'_>,
    ) -> Result<Keyring> {
        guard(|| {
            let doc: core::KeyringDocument = serde_json::from_str(&document).map_err(|e| {
                errors::error(
                    "PII_KEY_FORMAT",
                    format!("keyring document is not valid JSON: {e}"),
                )
            })?;
            let ring_result = match unwrap {
                Either::A(kek) => {
                    let secret = core::SecretKey::from_bytes(&kek).map_err(errors::pii)?;
                    core::Keyring::from_document(
                        &doc,
                        &core::LocalKek::new(doc.kek_id.clone(), &secret),
                    )
                }
                Either::B(call) => {
                    let mut answers = Vec::new();
                    for (id, wrapped) in doc.wrapped_keys().map_err(errors::pii)? {
                        let raw = call
                            .call((doc.kek_id.clone(), id, Buffer::from(wrapped)).into())
                            .map_err(|e| {
                                errors::error(
                                    "PII_UNWRAP",
                                    format!(
                                        "unwrapping key {id} under {}: the host call threw: {}",
                                        doc.kek_id, e.reason
                                    ),
                                )
                            })?;
                        answers.push((id, raw.to_vec()));
                    }
                    core::Keyring::from_document(&doc, &core::UnwrappedKeys::new(answers))
                }
            };
            ring_result.map(ring).map_err(errors::pii)
        })
    }

    /// The keyring as a document (JSON text) with every key wrapped by the 32-byte local
    /// key-encryption key `kek`, recorded under `kekId`.
    #[napi]
    pub fn to_document(&self, kek_id: String, kek: Buffer) -> Result<String> {
        self.read(|r| {
            let secret = core::SecretKey::from_bytes(&kek).map_err(errors::pii)?;
            let doc = r
                .to_document(&core::LocalKek::new(kek_id, &secret))
                .map_err(errors::pii)?;
            serde_json::to_string(&doc).map_err(|e| errors::error("PII_KEY_FORMAT", e.to_string()))
        })
    }

    /// Every key version and its state.
    #[napi]
    pub fn status(&self) -> Result<Vec<KeyStatus>> {
        self.read(|r| {
            Ok(r.status()
                .iter()
                .map(|s| KeyStatus {
                    id: s.id,
                    state: s.state.as_str().to_string(),
                })
                .collect())
        })
    }

    /// The key version that encrypts, absent when none is active.
    #[napi(getter)]
    pub fn primary_id(&self) -> Result<Option<u32>> {
        self.read(|r| Ok(r.primary_id()))
    }

    /// The lowest key version allowed to decrypt.
    #[napi(getter)]
    pub fn min_decryption_version(&self) -> Result<u32> {
        self.read(|r| Ok(r.min_decryption_version()))
    }

    /// Adds a fresh random key version and makes it primary; returns its id.
    #[napi]
    pub fn rotate(&self) -> Result<u32> {
        self.write(|r| r.rotate().map_err(errors::pii))
    }

    /// Makes version `id` primary.
    #[napi]
    pub fn set_primary(&self, id: u32) -> Result<()> {
        self.write(|r| r.set_primary(id).map_err(errors::pii))
    }

    /// Disables version `id` (it no longer decrypts).
    #[napi]
    pub fn disable(&self, id: u32) -> Result<()> {
        self.write(|r| r.disable(id).map_err(errors::pii))
    }

    /// Re-enables version `id`.
    #[napi]
    pub fn enable(&self, id: u32) -> Result<()> {
        self.write(|r| r.enable(id).map_err(errors::pii))
    }

    /// Destroys version `id`: its key material is erased.
    #[napi]
    pub fn destroy(&self, id: u32) -> Result<()> {
        self.write(|r| r.destroy(id).map_err(errors::pii))
    }

    /// Refuses to decrypt envelopes of versions below `version`.
    #[napi]
    pub fn set_min_decryption_version(&self, version: u32) -> Result<()> {
        self.write(|r| r.set_min_decryption_version(version).map_err(errors::pii))
    }

    /// Encrypts one field value; returns the envelope's text form.
    #[napi]
    pub fn encrypt(
        &self,
        context: FieldContext,
        plaintext: Either<Buffer, String>,
    ) -> Result<String> {
        self.read(|r| {
            r.encrypt_text(&field(&context), data(&plaintext))
                .map_err(errors::pii)
        })
    }

    /// Decrypts one envelope (text or binary form) in its context.
    #[napi]
    pub fn decrypt(
        &self,
        context: FieldContext,
        envelope: Either<Buffer, String>,
    ) -> Result<Buffer> {
        self.read(|r| {
            r.decrypt(&field(&context), data(&envelope))
                .map(|p| p.to_vec().into())
                .map_err(errors::pii)
        })
    }

    /// Decrypts one envelope to a UTF-8 string (`PII_ENVELOPE_FORMAT` when it is not UTF-8).
    #[napi]
    pub fn decrypt_text(
        &self,
        context: FieldContext,
        envelope: Either<Buffer, String>,
    ) -> Result<String> {
        self.read(|r| {
            let p = r
                .decrypt(&field(&context), data(&envelope))
                .map_err(errors::pii)?;
            String::from_utf8(p.to_vec()).map_err(|_| {
                errors::invalid_arg("the decrypted value is not UTF-8; use decrypt()".into())
            })
        })
    }

    /// Encrypts many values, one context each (the same number); returns the envelopes' text
    /// forms. Throws for mismatched lengths or an unusable keyring.
    #[napi]
    pub fn encrypt_batch(
        &self,
        contexts: Vec<FieldContext>,
        values: Vec<Either<Buffer, String>>,
    ) -> Result<Vec<String>> {
        self.read(|r| {
            let ctx: Vec<_> = contexts.iter().map(field).collect();
            let vals: Vec<&[u8]> = values.iter().map(data).collect();
            r.encrypt_batch(&ctx, &vals)
                .map(|envs| envs.iter().map(|e| core::envelope::to_text(e)).collect())
                .map_err(errors::pii)
        })
    }

    /// Encrypts one column of many rows: `values[i]` belongs to record `recordIds[i]`; text
    /// envelopes. Throws for mismatched lengths or an unusable keyring.
    #[napi]
    pub fn encrypt_column(
        &self,
        column: ColumnContext,
        record_ids: Vec<String>,
        values: Vec<Either<Buffer, String>>,
    ) -> Result<Vec<String>> {
        self.read(|r| {
            let ids: Vec<&str> = record_ids.iter().map(String::as_str).collect();
            let vals: Vec<&[u8]> = values.iter().map(data).collect();
            r.encrypt_column(&self::column(&column), &ids, &vals)
                .map_err(errors::pii)
        })
    }

    /// `encryptColumn` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<string>>")]
    pub fn encrypt_column_async(
        &self,
        column: ColumnContext,
        record_ids: Vec<String>,
        values: Vec<Either<Buffer, String>>,
    ) -> AsyncTask<Work<Vec<String>, Vec<String>>> {
        let inner = Arc::clone(&self.inner);
        let col = self::column(&column);
        let vals = owned(&values);
        task::run(
            move || {
                let r = inner
                    .read()
                    .map_err(|_| task::failure(errors::PANIC_CODE, "keyring lock poisoned"))?;
                let ids: Vec<&str> = record_ids.iter().map(String::as_str).collect();
                let refs: Vec<&[u8]> = vals.iter().map(Vec::as_slice).collect();
                r.encrypt_column(&col, &ids, &refs).map_err(pii_failure)
            },
            |v| v,
        )
    }

    /// `encryptBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<string>>")]
    pub fn encrypt_batch_async(
        &self,
        contexts: Vec<FieldContext>,
        values: Vec<Either<Buffer, String>>,
    ) -> AsyncTask<Work<Vec<String>, Vec<String>>> {
        let inner = Arc::clone(&self.inner);
        let ctx: Vec<_> = contexts.iter().map(field).collect();
        let vals = owned(&values);
        task::run(
            move || {
                let r = inner
                    .read()
                    .map_err(|_| task::failure(errors::PANIC_CODE, "keyring lock poisoned"))?;
                let refs: Vec<&[u8]> = vals.iter().map(Vec::as_slice).collect();
                r.encrypt_batch(&ctx, &refs)
                    .map(|envs| envs.iter().map(|e| core::envelope::to_text(e)).collect())
                    .map_err(pii_failure)
            },
            |v| v,
        )
    }

    /// Decrypts many envelopes, one context each: one `{ value, error }` per envelope.
    #[napi]
    pub fn decrypt_batch(
        &self,
        contexts: Vec<FieldContext>,
        envelopes: Vec<Either<Buffer, String>>,
    ) -> Result<Vec<BufferResult>> {
        self.read(|r| {
            let ctx: Vec<_> = contexts.iter().map(field).collect();
            let envs: Vec<&[u8]> = envelopes.iter().map(data).collect();
            r.decrypt_batch(&ctx, &envs)
                .map(|items| {
                    buffer_results(items.into_iter().map(|i| i.map(|p| p.to_vec())).collect())
                })
                .map_err(errors::pii)
        })
    }

    /// `decryptBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<BufferResult>>")]
    pub fn decrypt_batch_async(
        &self,
        contexts: Vec<FieldContext>,
        envelopes: Vec<Either<Buffer, String>>,
    ) -> AsyncTask<Work<Bytes, Vec<BufferResult>>> {
        let inner = Arc::clone(&self.inner);
        let ctx: Vec<_> = contexts.iter().map(field).collect();
        let envs = owned(&envelopes);
        task::run(
            move || {
                let r = inner
                    .read()
                    .map_err(|_| task::failure(errors::PANIC_CODE, "keyring lock poisoned"))?;
                let refs: Vec<&[u8]> = envs.iter().map(Vec::as_slice).collect();
                r.decrypt_batch(&ctx, &refs)
                    .map(|items| items.into_iter().map(|i| i.map(|p| p.to_vec())).collect())
                    .map_err(pii_failure)
            },
            buffer_results,
        )
    }

    /// Re-encrypts one envelope under the primary key (same form as given: text or binary).
    #[napi]
    pub fn rewrap(
        &self,
        context: FieldContext,
        envelope: Either<Buffer, String>,
    ) -> Result<Buffer> {
        self.read(|r| {
            r.rewrap(&field(&context), data(&envelope))
                .map(Buffer::from)
                .map_err(errors::pii)
        })
    }

    /// Re-encrypts many envelopes under the primary key: one `{ value, error }` per envelope.
    #[napi]
    pub fn rewrap_batch(
        &self,
        contexts: Vec<FieldContext>,
        envelopes: Vec<Either<Buffer, String>>,
    ) -> Result<Vec<BufferResult>> {
        self.read(|r| {
            let ctx: Vec<_> = contexts.iter().map(field).collect();
            let envs: Vec<&[u8]> = envelopes.iter().map(data).collect();
            r.rewrap_batch(&ctx, &envs)
                .map(buffer_results)
                .map_err(errors::pii)
        })
    }

    /// `rewrapBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<BufferResult>>")]
    pub fn rewrap_batch_async(
        &self,
        contexts: Vec<FieldContext>,
        envelopes: Vec<Either<Buffer, String>>,
    ) -> AsyncTask<Work<Bytes, Vec<BufferResult>>> {
        let inner = Arc::clone(&self.inner);
        let ctx: Vec<_> = contexts.iter().map(field).collect();
        let envs = owned(&envelopes);
        task::run(
            move || {
                let r = inner
                    .read()
                    .map_err(|_| task::failure(errors::PANIC_CODE, "keyring lock poisoned"))?;
                let refs: Vec<&[u8]> = envs.iter().map(Vec::as_slice).collect();
                r.rewrap_batch(&ctx, &refs).map_err(pii_failure)
            },
            buffer_results,
        )
    }

    /// Deterministic encryption (AES-256-GCM-SIV) for equality search within a column;
    /// returns the envelope's text form.
    #[napi]
    pub fn encrypt_deterministic(
        &self,
        column: ColumnContext,
        plaintext: Either<Buffer, String>,
    ) -> Result<String> {
        self.read(|r| {
            r.encrypt_deterministic_text(&self::column(&column), data(&plaintext))
                .map_err(errors::pii)
        })
    }

    /// Decrypts a deterministic envelope (text or binary form).
    #[napi]
    pub fn decrypt_deterministic(
        &self,
        column: ColumnContext,
        envelope: Either<Buffer, String>,
    ) -> Result<Buffer> {
        self.read(|r| {
            r.decrypt_deterministic(&self::column(&column), data(&envelope))
                .map(|p| p.to_vec().into())
                .map_err(errors::pii)
        })
    }

    /// The blind index (keyed hash for equality search) of a value, under the primary key or
    /// under version `keyId`.
    #[napi]
    pub fn blind_index(
        &self,
        column: ColumnContext,
        value: Either<Buffer, String>,
        key_id: Option<u32>,
    ) -> Result<String> {
        self.read(|r| {
            let col = self::column(&column);
            match key_id {
                Some(id) => r.blind_index_with(id, &col, data(&value)),
                None => r.blind_index(&col, data(&value)),
            }
            .map_err(errors::pii)
        })
    }
}

/// An envelope's public header: algorithm and key version (no decryption).
#[napi(object)]
pub struct EnvelopeInfo {
    /// The algorithm (the core's name, e.g. `aes-256-gcm`).
    pub algorithm: String,
    /// The key version that sealed it.
    pub key_id: u32,
}

/// Reads an envelope's header (text or binary form) without decrypting it.
#[napi]
pub fn envelope_info(envelope: Either<Buffer, String>) -> Result<EnvelopeInfo> {
    guard(|| {
        let bin = core::envelope::decode_any(data(&envelope)).map_err(errors::pii)?;
        let info = core::EnvelopeRef::parse(&bin).map_err(errors::pii)?.info();
        Ok(EnvelopeInfo {
            algorithm: names::name(&info.algorithm),
            key_id: info.key_id,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// Keyed HMAC-SHA-256 pseudonyms, per identifier type and tenant, with re-keying.
#[napi]
pub struct Tokenizer {
    inner: Arc<core::Tokenizer>,
}

fn tokenizer(t: core::Tokenizer) -> Tokenizer {
    Tokenizer { inner: Arc::new(t) }
}

impl Tokenizer {
    /// The core tokenizer, shared (for calls that run off the JS thread).
    pub(crate) fn shared(&self) -> Arc<core::Tokenizer> {
        Arc::clone(&self.inner)
    }
}

#[napi]
impl Tokenizer {
    /// A tokenizer with one fresh random key.
    #[napi(factory)]
    pub fn generate() -> Result<Tokenizer> {
        guard(|| {
            core::Tokenizer::generate()
                .map(tokenizer)
                .map_err(errors::pii)
        })
    }

    /// A tokenizer from a key spec (`1:active:<base64url key>,...`).
    #[napi(factory)]
    pub fn from_spec(spec: String) -> Result<Tokenizer> {
        guard(|| {
            core::Tokenizer::from_spec(&spec)
                .map(tokenizer)
                .map_err(errors::pii)
        })
    }

    /// A tokenizer from the key spec in an environment variable.
    #[napi(factory)]
    pub fn from_env(variable: String) -> Result<Tokenizer> {
        guard(|| {
            core::Tokenizer::from_env(&variable)
                .map(tokenizer)
                .map_err(errors::pii)
        })
    }

    /// A tokenizer from the key spec in a file.
    #[napi(factory)]
    pub fn from_file(path: String) -> Result<Tokenizer> {
        guard(|| {
            core::Tokenizer::from_file(std::path::Path::new(&path))
                .map(tokenizer)
                .map_err(errors::pii)
        })
    }

    /// A tokenizer whose key is derived (HKDF) from one 32-byte master secret.
    #[napi(factory)]
    pub fn from_master(master: Buffer) -> Result<Tokenizer> {
        guard(|| {
            let secret = core::SecretKey::from_bytes(&master).map_err(errors::pii)?;
            Ok(tokenizer(core::Tokenizer::from_master(&secret)))
        })
    }

    /// Adds key `id` (32 raw bytes) as the new primary; tokens under older keys still verify
    /// and can be moved with `rekey`.
    #[napi]
    pub fn rotate_with(&mut self, id: u32, root: Buffer) -> Result<()> {
        guard(|| {
            let secret = core::SecretKey::from_bytes(&root).map_err(errors::pii)?;
            Arc::make_mut(&mut self.inner)
                .rotate_with(id, &secret)
                .map_err(errors::pii)
        })
    }

    /// The key versions, oldest first.
    #[napi(getter)]
    pub fn key_ids(&self) -> Vec<u32> {
        self.inner.key_ids()
    }

    /// The key version new tokens are made with.
    #[napi(getter)]
    pub fn primary_id(&self) -> u32 {
        self.inner.primary_id()
    }

    /// The token of a value of type `kind` (`ssn`, `mrn`, `phone`, `email`, `name`, `dob`,
    /// `other`...) for `tenant`.
    #[napi]
    pub fn tokenize(&self, kind: String, tenant: String, value: String) -> Result<String> {
        guard(|| {
            self.inner
                .tokenize_text(pii_type(&kind)?, &tenant, &value)
                .map_err(errors::pii)
        })
    }

    /// Tokens of many values of one type: one `{ value, error }` per value.
    #[napi]
    pub fn tokenize_batch(
        &self,
        kind: String,
        tenant: String,
        values: Vec<String>,
    ) -> Result<Vec<TextResult>> {
        guard(|| {
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            Ok(text_results(self.inner.tokenize_batch(
                pii_type(&kind)?,
                &tenant,
                &refs,
            )))
        })
    }

    /// `tokenizeBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<TextResult>>")]
    pub fn tokenize_batch_async(
        &self,
        kind: String,
        tenant: String,
        values: Vec<String>,
    ) -> Result<AsyncTask<Work<Texts, Vec<TextResult>>>> {
        guard(|| {
            let kind = pii_type(&kind)?;
            let inner = Arc::clone(&self.inner);
            Ok(task::run(
                move || {
                    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                    Ok(inner.tokenize_batch(kind, &tenant, &refs))
                },
                text_results,
            ))
        })
    }

    /// Re-keys a token made with an older key to the primary key, without the original value.
    #[napi]
    pub fn rekey(&self, tenant: String, token: String) -> Result<String> {
        guard(|| self.inner.rekey(&tenant, &token).map_err(errors::pii))
    }

    /// Re-keys many tokens: one `{ value, error }` per token.
    #[napi]
    pub fn rekey_batch(&self, tenant: String, tokens: Vec<String>) -> Vec<TextResult> {
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        text_results(self.inner.rekey_batch(&tenant, &refs))
    }

    /// Whether `token` is the token of `value` (constant-time comparison).
    #[napi]
    pub fn verify(
        &self,
        kind: String,
        tenant: String,
        value: String,
        token: String,
    ) -> Result<bool> {
        guard(|| {
            self.inner
                .verify(pii_type(&kind)?, &tenant, &value, &token)
                .map_err(errors::pii)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization, masking, de-identification

/// The normalized form of a value of type `kind` (what tokens are computed from).
#[napi]
pub fn normalize(kind: String, value: String) -> Result<String> {
    guard(|| core::normalize(pii_type(&kind)?, &value).map_err(errors::pii))
}

/// The display mask of a value of type `kind`, e.g. `***-**-6789` for an SSN.
#[napi]
pub fn mask(kind: String, value: String) -> Result<String> {
    guard(|| Ok(core::mask(pii_type(&kind)?, &value)))
}

/// Masks of many values of one type.
#[napi]
pub fn mask_batch(kind: String, values: Vec<String>) -> Result<Vec<String>> {
    guard(|| {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        Ok(core::mask_batch(pii_type(&kind)?, &refs))
    })
}

/// A de-identification policy (HIPAA Safe Harbor by default).
#[napi(object)]
pub struct DeidPolicy {
    /// The date (`YYYY-MM-DD`) at which ages are computed.
    pub as_of: String,
    /// Actions that differ from each identifier kind's default, by kind name
    /// (e.g. `{ names: "tokenize" }`).
    pub overrides: Option<std::collections::HashMap<String, String>>,
    /// Tenant for tokens when an action is `tokenize`.
    pub tenant: Option<String>,
}

pub(crate) fn deid_policy(p: &DeidPolicy) -> Result<core::DeidPolicy> {
    let mut policy = core::DeidPolicy::safe_harbor(p.as_of.as_str());
    if let Some(t) = &p.tenant {
        policy.tenant = t.clone();
    }
    for (kind, action) in p.overrides.iter().flatten() {
        policy.overrides.insert(
            names::parse("overrides key", kind)?,
            names::parse("overrides value", action)?,
        );
    }
    Ok(policy)
}

/// One field the de-identification changed.
#[napi(object)]
pub struct FieldChange {
    /// The field, e.g. `PID-5`.
    pub field: String,
    /// The Safe Harbor identifier kind, e.g. `names`.
    pub kind: String,
    /// What was done, e.g. `remove`.
    pub action: String,
}

/// A de-identified PID segment.
#[napi(object)]
pub struct DeidResult {
    /// The segment text after de-identification.
    pub segment: String,
    /// Every field changed.
    pub changes: Vec<FieldChange>,
    /// The age category at `asOf` (`90+` above 89), when the birth date was present.
    pub age: Option<String>,
}

/// De-identifies an HL7 v2 PID segment under `policy`; `tokenizer` is needed only when an
/// action is `tokenize`.
#[napi]
pub fn deidentify_pid(
    segment: String,
    policy: DeidPolicy,
    tokenizer: Option<&Tokenizer>,
) -> Result<DeidResult> {
    guard(|| {
        let policy = deid_policy(&policy)?;
        let r = core::deidentify_pid(
            &segment,
            core::Delimiters::default(),
            &policy,
            tokenizer.map(|t| &*t.inner),
        )
        .map_err(errors::pii)?;
        Ok(DeidResult {
            segment: r.segment,
            changes: r
                .changes
                .iter()
                .map(|c| FieldChange {
                    field: c.field.clone(),
                    kind: names::name(&c.kind),
                    action: names::name(&c.action),
                })
                .collect(),
            age: r.age,
        })
    })
}

/// The first three digits of a ZIP code as Safe Harbor allows them (`000` for the
/// restricted areas), absent when the ZIP is not a US ZIP.
#[napi]
pub fn zip3(zip: String) -> Option<String> {
    core::deid::zip3(&zip)
}

/// The Safe Harbor age category (`90+` above 89).
#[napi]
pub fn age_category(age: u32) -> String {
    core::deid::age_category(age)
}
