//! `medcore.pii`: keyrings (field encryption, rotation, rewrap, deterministic encryption, blind
//! indexes), tokenizers, masking and Safe Harbor de-identification. Keys never cross into
//! Python except as the raw bytes or documents the host supplies.

use crate::conv::{from_py, to_py};
use crate::errors;
use medcore::pii as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use std::borrow::Cow;

/// Registers the `pii` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "pii")?;
    m.add_class::<FieldContext>()?;
    m.add_class::<ColumnContext>()?;
    m.add_class::<Keyring>()?;
    m.add_class::<Tokenizer>()?;
    m.add_function(wrap_pyfunction!(mask, &m)?)?;
    m.add_function(wrap_pyfunction!(mask_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(normalize, &m)?)?;
    m.add_function(wrap_pyfunction!(deidentify_pid, &m)?)?;
    m.add_function(wrap_pyfunction!(zip3, &m)?)?;
    m.add_function(wrap_pyfunction!(age_category, &m)?)?;
    m.add_function(wrap_pyfunction!(envelope_info, &m)?)?;
    parent.add_submodule(&m)?;
    Ok(())
}

fn kind(name: &str) -> PyResult<core::PiiType> {
    name.parse().map_err(errors::pii)
}

/// Bytes of a `bytes`, `bytearray` or `str` (UTF-8) argument.
fn bytes_of<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Cow::Owned(s.to_cow()?.into_owned().into_bytes()));
    }
    if let Ok(b) = obj.extract::<Vec<u8>>() {
        return Ok(Cow::Owned(b));
    }
    Err(PyTypeError::new_err("expected bytes, bytearray or str"))
}

/// Bytes of every item of a sequence (see [`bytes_of`]); borrowed from `bytes` items.
fn bytes_list<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<Cow<'a, [u8]>>> {
    items.iter().map(bytes_of).collect()
}

/// Text of a `str` item, or of a `bytes` item holding UTF-8 (borrowed, no copy).
fn text_of<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return std::str::from_utf8(b.as_bytes())
            .map(Cow::Borrowed)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()));
    }
    Ok(Cow::Owned(obj.cast::<PyString>()?.to_cow()?.into_owned()))
}

/// Texts of every item of a sequence (see [`text_of`]).
fn text_list<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<Cow<'a, str>>> {
    items.iter().map(text_of).collect()
}

fn items<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    obj.try_iter()?.collect()
}

/// Where a value lives: tenant, table, column and record id, bound into its ciphertext.
#[pyclass(frozen, eq, hash, module = "medcore.pii")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct FieldContext {
    inner: core::FieldContext,
}

#[pymethods]
impl FieldContext {
    #[new]
    fn new(tenant: &str, table: &str, column: &str, record_id: &str) -> Self {
        FieldContext {
            inner: core::FieldContext::new(tenant, table, column, record_id),
        }
    }
    /// Tenant.
    #[getter]
    fn tenant(&self) -> &str {
        &self.inner.tenant
    }
    /// Table.
    #[getter]
    fn table(&self) -> &str {
        &self.inner.table
    }
    /// Column.
    #[getter]
    fn column(&self) -> &str {
        &self.inner.column
    }
    /// Record id.
    #[getter]
    fn record_id(&self) -> &str {
        &self.inner.record_id
    }
    /// The column this field belongs to.
    fn column_context(&self) -> ColumnContext {
        ColumnContext {
            inner: self.inner.column_context(),
        }
    }
    fn __repr__(&self) -> String {
        format!(
            "FieldContext(tenant={:?}, table={:?}, column={:?}, record_id={:?})",
            self.inner.tenant, self.inner.table, self.inner.column, self.inner.record_id
        )
    }
}

/// A column (tenant, table, column): the scope of deterministic encryption and blind indexes.
#[pyclass(frozen, eq, hash, module = "medcore.pii")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct ColumnContext {
    inner: core::ColumnContext,
}

#[pymethods]
impl ColumnContext {
    #[new]
    fn new(tenant: &str, table: &str, column: &str) -> Self {
        ColumnContext {
            inner: core::ColumnContext::new(tenant, table, column),
        }
    }
    /// Tenant.
    #[getter]
    fn tenant(&self) -> &str {
        &self.inner.tenant
    }
    /// Table.
    #[getter]
    fn table(&self) -> &str {
        &self.inner.table
    }
    /// Column.
    #[getter]
    fn column(&self) -> &str {
        &self.inner.column
    }
    /// The field context of one record of this column.
    fn field(&self, record_id: &str) -> FieldContext {
        FieldContext {
            inner: self.inner.field(record_id),
        }
    }
    fn __repr__(&self) -> String {
        format!(
            "ColumnContext(tenant={:?}, table={:?}, column={:?})",
            self.inner.tenant, self.inner.table, self.inner.column
        )
    }
}

fn contexts(items: &Bound<'_, PyAny>) -> PyResult<Vec<core::FieldContext>> {
    items
        .try_iter()?
        .map(|c| Ok(c?.cast::<FieldContext>()?.get().inner.clone()))
        .collect()
}

/// A keyring: versioned AES-256 keys with states (primary, decrypt-only, disabled, destroyed).
#[pyclass(module = "medcore.pii")]
struct Keyring {
    inner: core::Keyring,
}

/// Calls the host's unwrap function `(kek_id, key_id, wrapped) -> bytes`.
fn host_unwrapper(callback: Py<PyAny>) -> core::CallbackUnwrapper {
    core::CallbackUnwrapper::new(move |kek_id: &str, key_id: u32, wrapped: &[u8]| {
        Python::attach(|py| {
            callback
                .call1(py, (kek_id, key_id, PyBytes::new(py, wrapped)))
                .and_then(|r| r.extract::<Vec<u8>>(py))
                .map_err(|e| e.to_string())
        })
    })
}

#[pymethods]
impl Keyring {
    /// An empty keyring (add keys with `rotate`).
    #[new]
    fn new() -> Self {
        Keyring {
            inner: core::Keyring::new(),
        }
    }
    /// A keyring with one freshly generated primary key (from the OS CSPRNG).
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        Ok(Keyring {
            inner: core::Keyring::generate().map_err(errors::pii)?,
        })
    }
    /// A keyring from its text spec: `id:base64url[:state],...`.
    #[staticmethod]
    fn from_spec(text: &str) -> PyResult<Self> {
        Ok(Keyring {
            inner: core::Keyring::from_spec(text).map_err(errors::pii)?,
        })
    }
    /// A keyring from an environment variable holding a spec.
    #[staticmethod]
    fn from_env(var: &str) -> PyResult<Self> {
        Ok(Keyring {
            inner: core::Keyring::from_env(var).map_err(errors::pii)?,
        })
    }
    /// A keyring from a file holding a spec.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<Self> {
        Ok(Keyring {
            inner: core::Keyring::from_file(&path).map_err(errors::pii)?,
        })
    }
    /// A keyring of one primary key given as 32 raw bytes by the host.
    #[staticmethod]
    fn from_raw_key(key: &[u8]) -> PyResult<Self> {
        Ok(Keyring {
            inner: core::Keyring::from_raw_key(key).map_err(errors::pii)?,
        })
    }
    /// A keyring from a wrapped document (a dict, as `to_document` returns). `unwrap` is the
    /// 32-byte local key-encryption key, or a host function `(kek_id, key_id, wrapped) ->
    /// bytes` that asks a KMS or Vault.
    #[staticmethod]
    fn from_document(document: &Bound<'_, PyAny>, unwrap: &Bound<'_, PyAny>) -> PyResult<Self> {
        let doc: core::KeyringDocument = from_py(document)?;
        let inner = if unwrap.is_callable() {
            core::Keyring::from_document(&doc, &host_unwrapper(unwrap.clone().unbind()))
        } else {
            let secret = core::SecretKey::from_bytes(&bytes_of(unwrap)?).map_err(errors::pii)?;
            let kek = core::LocalKek::new(doc.kek_id.clone(), &secret);
            core::Keyring::from_document(&doc, &kek)
        }
        .map_err(errors::pii)?;
        Ok(Keyring { inner })
    }
    /// The keyring as a document (a dict) with every key wrapped by the 32-byte local KEK.
    fn to_document<'py>(
        &self,
        py: Python<'py>,
        kek_id: &str,
        kek: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let secret = core::SecretKey::from_bytes(&bytes_of(kek)?).map_err(errors::pii)?;
        let doc = self
            .inner
            .to_document(&core::LocalKek::new(kek_id, &secret))
            .map_err(errors::pii)?;
        to_py(py, &doc)
    }
    /// Adds a fresh primary key; the previous primary becomes decrypt-only. Returns its id.
    fn rotate(&mut self) -> PyResult<u32> {
        self.inner.rotate().map_err(errors::pii)
    }
    /// Makes key `id` the primary.
    fn set_primary(&mut self, id: u32) -> PyResult<()> {
        self.inner.set_primary(id).map_err(errors::pii)
    }
    /// Disables key `id` (reversible).
    fn disable(&mut self, id: u32) -> PyResult<()> {
        self.inner.disable(id).map_err(errors::pii)
    }
    /// Re-enables a disabled key.
    fn enable(&mut self, id: u32) -> PyResult<()> {
        self.inner.enable(id).map_err(errors::pii)
    }
    /// Erases key `id` (irreversible).
    fn destroy(&mut self, id: u32) -> PyResult<()> {
        self.inner.destroy(id).map_err(errors::pii)
    }
    /// Refuses envelopes of key versions below `version`.
    fn set_min_decryption_version(&mut self, version: u32) -> PyResult<()> {
        self.inner
            .set_min_decryption_version(version)
            .map_err(errors::pii)
    }
    /// The minimum decryption version.
    #[getter]
    fn min_decryption_version(&self) -> u32 {
        self.inner.min_decryption_version()
    }
    /// The primary key's id, if any.
    #[getter]
    fn primary_id(&self) -> Option<u32> {
        self.inner.primary_id()
    }
    /// Every key's id and state, as dicts.
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.status())
    }
    /// Encrypts one field (AES-256-GCM, random nonce); returns the binary envelope.
    fn encrypt<'py>(
        &self,
        py: Python<'py>,
        context: PyRef<'_, FieldContext>,
        plaintext: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let env = self
            .inner
            .encrypt(&context.inner, &bytes_of(plaintext)?)
            .map_err(errors::pii)?;
        Ok(PyBytes::new(py, &env))
    }
    /// Encrypts one field; returns the text envelope (`mc1:...`).
    fn encrypt_text(
        &self,
        context: PyRef<'_, FieldContext>,
        plaintext: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        self.inner
            .encrypt_text(&context.inner, &bytes_of(plaintext)?)
            .map_err(errors::pii)
    }
    /// Decrypts a binary or text envelope. Every cryptographic failure is the same
    /// `PiiAuthFailedError`.
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        context: PyRef<'_, FieldContext>,
        envelope: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let plain = self
            .inner
            .decrypt(&context.inner, &bytes_of(envelope)?)
            .map_err(errors::pii)?;
        Ok(PyBytes::new(py, &plain))
    }
    /// Encrypts many fields: `values[i]` bound to `contexts[i]`; binary envelopes. The GIL is
    /// released while encrypting.
    fn encrypt_batch<'py>(
        &self,
        py: Python<'py>,
        contexts: &Bound<'py, PyAny>,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ctxs = self::contexts(contexts)?;
        let held = items(values)?;
        let vals = bytes_list(&held)?;
        let refs: Vec<&[u8]> = vals.iter().map(|v| v.as_ref()).collect();
        let ring = &self.inner;
        let out = py
            .detach(|| ring.encrypt_batch(&ctxs, &refs))
            .map_err(errors::pii)?;
        PyList::new(py, out.iter().map(|e| PyBytes::new(py, e)))
    }
    /// Encrypts one column of many rows: `values[i]` belongs to record `record_ids[i]`; text
    /// envelopes. The GIL is released while encrypting.
    fn encrypt_column<'py>(
        &self,
        py: Python<'py>,
        column: PyRef<'py, ColumnContext>,
        record_ids: &Bound<'py, PyAny>,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ids: Vec<String> = record_ids.extract()?;
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let held = items(values)?;
        let vals = bytes_list(&held)?;
        let refs: Vec<&[u8]> = vals.iter().map(|v| v.as_ref()).collect();
        let ring = &self.inner;
        let col = &column.inner;
        let out = py
            .detach(|| ring.encrypt_column(col, &id_refs, &refs))
            .map_err(errors::pii)?;
        PyList::new(py, out)
    }
    /// Decrypts many envelopes (binary or text); the first failure raises, naming its index.
    /// The GIL is released while decrypting.
    fn decrypt_batch<'py>(
        &self,
        py: Python<'py>,
        contexts: &Bound<'py, PyAny>,
        envelopes: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ctxs = self::contexts(contexts)?;
        let held = items(envelopes)?;
        let envs = bytes_list(&held)?;
        let refs: Vec<&[u8]> = envs.iter().map(|v| v.as_ref()).collect();
        let ring = &self.inner;
        let out = py
            .detach(|| ring.decrypt_batch(&ctxs, &refs))
            .map_err(errors::pii)?;
        let list = PyList::empty(py);
        for (i, r) in out.into_iter().enumerate() {
            let plain = r.map_err(|e| errors::pii_at(i, e))?;
            list.append(PyBytes::new(py, &plain))?;
        }
        Ok(list)
    }
    /// Re-encrypts an envelope under the primary key without returning the plaintext; text in,
    /// text out (`str`), binary in, binary out (`bytes`).
    fn rewrap<'py>(
        &self,
        py: Python<'py>,
        context: PyRef<'_, FieldContext>,
        envelope: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let out = self
            .inner
            .rewrap(&context.inner, &bytes_of(envelope)?)
            .map_err(errors::pii)?;
        same_form(py, envelope, out)
    }
    /// Rewraps many envelopes (the GIL released); the first failure raises, naming its index.
    fn rewrap_batch<'py>(
        &self,
        py: Python<'py>,
        contexts: &Bound<'py, PyAny>,
        envelopes: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ctxs = self::contexts(contexts)?;
        let held = items(envelopes)?;
        let envs = bytes_list(&held)?;
        let refs: Vec<&[u8]> = envs.iter().map(|v| v.as_ref()).collect();
        let ring = &self.inner;
        let out = py
            .detach(|| ring.rewrap_batch(&ctxs, &refs))
            .map_err(errors::pii)?;
        let list = PyList::empty(py);
        for ((i, r), original) in out.into_iter().enumerate().zip(&held) {
            let env = r.map_err(|e| errors::pii_at(i, e))?;
            list.append(same_form(py, original, env)?)?;
        }
        Ok(list)
    }
    /// Deterministic encryption (AES-256-GCM-SIV) bound to a column: equal plaintexts give
    /// equal envelopes. Binary envelope.
    fn encrypt_deterministic<'py>(
        &self,
        py: Python<'py>,
        column: PyRef<'_, ColumnContext>,
        plaintext: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let env = self
            .inner
            .encrypt_deterministic(&column.inner, &bytes_of(plaintext)?)
            .map_err(errors::pii)?;
        Ok(PyBytes::new(py, &env))
    }
    /// Deterministic encryption; text envelope.
    fn encrypt_deterministic_text(
        &self,
        column: PyRef<'_, ColumnContext>,
        plaintext: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        self.inner
            .encrypt_deterministic_text(&column.inner, &bytes_of(plaintext)?)
            .map_err(errors::pii)
    }
    /// Decrypts a deterministic envelope bound to a column.
    fn decrypt_deterministic<'py>(
        &self,
        py: Python<'py>,
        column: PyRef<'_, ColumnContext>,
        envelope: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let plain = self
            .inner
            .decrypt_deterministic(&column.inner, &bytes_of(envelope)?)
            .map_err(errors::pii)?;
        Ok(PyBytes::new(py, &plain))
    }
    /// HMAC-SHA-256 blind index of `value` in `column` under the primary key (`bi1:...`).
    fn blind_index(
        &self,
        column: PyRef<'_, ColumnContext>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        self.inner
            .blind_index(&column.inner, &bytes_of(value)?)
            .map_err(errors::pii)
    }
    /// The blind index under a given key id (for queries during a key migration).
    fn blind_index_with(
        &self,
        key_id: u32,
        column: PyRef<'_, ColumnContext>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        self.inner
            .blind_index_with(key_id, &column.inner, &bytes_of(value)?)
            .map_err(errors::pii)
    }
    fn __repr__(&self) -> String {
        format!(
            "Keyring(primary_id={:?}, keys={})",
            self.inner.primary_id(),
            self.inner.status().len()
        )
    }
}

/// `out` as `str` when `original` was a `str`, as `bytes` otherwise.
fn same_form<'py>(
    py: Python<'py>,
    original: &Bound<'py, PyAny>,
    out: Vec<u8>,
) -> PyResult<Bound<'py, PyAny>> {
    if original.is_instance_of::<PyString>() {
        let text = String::from_utf8(out)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(PyString::new(py, &text).into_any())
    } else {
        Ok(PyBytes::new(py, &out).into_any())
    }
}

/// Keyed tokenization (HMAC-SHA-256, domain-separated per identifier type and tenant).
#[pyclass(module = "medcore.pii")]
pub(crate) struct Tokenizer {
    inner: core::Tokenizer,
}

impl Tokenizer {
    /// The core tokenizer.
    pub(crate) fn core(&self) -> &core::Tokenizer {
        &self.inner
    }
}

#[pymethods]
impl Tokenizer {
    /// A tokenizer with one fresh key.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        Ok(Tokenizer {
            inner: core::Tokenizer::generate().map_err(errors::pii)?,
        })
    }
    /// A tokenizer from its spec `id:base64url,...` (oldest first, the last is primary).
    #[staticmethod]
    fn from_spec(text: &str) -> PyResult<Self> {
        Ok(Tokenizer {
            inner: core::Tokenizer::from_spec(text).map_err(errors::pii)?,
        })
    }
    /// A tokenizer from an environment variable holding a spec.
    #[staticmethod]
    fn from_env(var: &str) -> PyResult<Self> {
        Ok(Tokenizer {
            inner: core::Tokenizer::from_env(var).map_err(errors::pii)?,
        })
    }
    /// A tokenizer from a file holding a spec.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<Self> {
        Ok(Tokenizer {
            inner: core::Tokenizer::from_file(&path).map_err(errors::pii)?,
        })
    }
    /// A tokenizer whose key is derived (HKDF) from one 32-byte master secret.
    #[staticmethod]
    fn from_master(master: &Bound<'_, PyAny>) -> PyResult<Self> {
        let secret = core::SecretKey::from_bytes(&bytes_of(master)?).map_err(errors::pii)?;
        Ok(Tokenizer {
            inner: core::Tokenizer::from_master(&secret),
        })
    }
    /// Adds key `id` (32 raw bytes) as the new primary.
    fn rotate_with(&mut self, id: u32, root: &Bound<'_, PyAny>) -> PyResult<()> {
        let secret = core::SecretKey::from_bytes(&bytes_of(root)?).map_err(errors::pii)?;
        self.inner.rotate_with(id, &secret).map_err(errors::pii)
    }
    /// Key ids, oldest first.
    #[getter]
    fn key_ids(&self) -> Vec<u32> {
        self.inner.key_ids()
    }
    /// The primary key's id.
    #[getter]
    fn primary_id(&self) -> u32 {
        self.inner.primary_id()
    }
    /// The token (`mct1:<type>:<key id>:<base64url>`) of `value` normalized as `type`.
    #[pyo3(name = "tokenize")]
    fn tokenize_text(&self, r#type: &str, tenant: &str, value: &str) -> PyResult<String> {
        self.inner
            .tokenize_text(kind(r#type)?, tenant, value)
            .map_err(errors::pii)
    }
    /// Tokens of many values of one type (`str`, or `bytes` holding UTF-8, read without a
    /// copy), the GIL released; the first value that does not normalize raises, naming its
    /// index.
    fn tokenize_batch<'py>(
        &self,
        py: Python<'py>,
        r#type: &str,
        tenant: &str,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let k = kind(r#type)?;
        let held = items(values)?;
        let vals = text_list(&held)?;
        let refs: Vec<&str> = vals.iter().map(|v| v.as_ref()).collect();
        let t = &self.inner;
        let out = py.detach(|| t.tokenize_batch(k, tenant, &refs));
        let tokens = out
            .into_iter()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| errors::pii_at(i, e)))
            .collect::<PyResult<Vec<String>>>()?;
        PyList::new(py, tokens)
    }
    /// Moves a token made under an older key to the primary key.
    fn rekey(&self, tenant: &str, token: &str) -> PyResult<String> {
        self.inner.rekey(tenant, token).map_err(errors::pii)
    }
    /// Re-keys many tokens (the GIL released); the first failure raises, naming its index.
    fn rekey_batch<'py>(
        &self,
        py: Python<'py>,
        tenant: &str,
        tokens: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let toks: Vec<String> = tokens.extract()?;
        let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
        let t = &self.inner;
        let out = py.detach(|| t.rekey_batch(tenant, &refs));
        let list = PyList::empty(py);
        for (i, r) in out.into_iter().enumerate() {
            list.append(r.map_err(|e| errors::pii_at(i, e))?)?;
        }
        Ok(list)
    }
    /// Whether `token` (under any key of the chain) is the token of `value`.
    fn verify(&self, r#type: &str, tenant: &str, value: &str, token: &str) -> PyResult<bool> {
        self.inner
            .verify(kind(r#type)?, tenant, value, token)
            .map_err(errors::pii)
    }
    fn __repr__(&self) -> String {
        format!("Tokenizer(key_ids={:?})", self.inner.key_ids())
    }
}

/// Masks `value` as an identifier of `type` (SSN `***-**-6789`, phone last four, ...).
#[pyfunction]
#[pyo3(name = "mask")]
fn mask(r#type: &str, value: &str) -> PyResult<String> {
    Ok(core::mask(kind(r#type)?, value))
}

/// Masks many values of one type.
#[pyfunction]
fn mask_batch(py: Python<'_>, r#type: &str, values: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let k = kind(r#type)?;
    let held = items(values)?;
    let vals = text_list(&held)?;
    let refs: Vec<&str> = vals.iter().map(|v| v.as_ref()).collect();
    Ok(py.detach(|| core::mask_batch(k, &refs)))
}

/// The normalized form of `value` as `type` (what is tokenized).
#[pyfunction]
fn normalize(r#type: &str, value: &str) -> PyResult<String> {
    core::normalize(kind(r#type)?, value).map_err(errors::pii)
}

/// De-identifies an HL7 v2 PID segment (Safe Harbor). `policy` is a dict like the core's
/// `DeidPolicy` (`as_of`, optional `overrides` and `tenant`); `as_of` alone gives the Safe
/// Harbor defaults. `tokenizer` is needed when an action is `tokenize`. Returns a dict:
/// `segment`, `changes`, `age`.
#[pyfunction]
#[pyo3(signature = (segment, as_of = None, policy = None, tokenizer = None, delimiters = None))]
fn deidentify_pid<'py>(
    py: Python<'py>,
    segment: &str,
    as_of: Option<&str>,
    policy: Option<&Bound<'py, PyAny>>,
    tokenizer: Option<PyRef<'py, Tokenizer>>,
    delimiters: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let policy: core::DeidPolicy = match (policy, as_of) {
        (Some(p), _) => from_py(p)?,
        (None, Some(d)) => core::DeidPolicy::safe_harbor(d),
        (None, None) => {
            return Err(PyTypeError::new_err(
                "deidentify_pid needs `as_of` (YYYY-MM-DD) or a `policy`",
            ))
        }
    };
    let delims: core::Delimiters = delimiters.map(from_py).transpose()?.unwrap_or_default();
    let r = core::deidentify_pid(
        segment,
        delims,
        &policy,
        tokenizer.as_ref().map(|t| &t.inner),
    )
    .map_err(errors::pii)?;
    to_py(py, &r)
}

/// The Safe Harbor form of a ZIP code: its first three digits, `000` for restricted areas;
/// None when it is not a ZIP code.
#[pyfunction]
fn zip3(zip: &str) -> Option<String> {
    core::deid::zip3(zip)
}

/// The Safe Harbor form of an age: the number, or `90+` above 89.
#[pyfunction]
fn age_category(age: u32) -> String {
    core::deid::age_category(age)
}

/// Public facts of an envelope (binary or text): format version, algorithm, key id and
/// plaintext length.
#[pyfunction]
fn envelope_info<'py>(
    py: Python<'py>,
    envelope: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let raw = bytes_of(envelope)?;
    let bin = core::envelope::decode_any(&raw).map_err(errors::pii)?;
    let info = core::EnvelopeRef::parse(&bin).map_err(errors::pii)?.info();
    to_py(py, &info)
}
