//! PII protection (medcore-pii) in the C ABI.
//!
//! A keyring is an opaque handle (`medcore_pii_keyring`: from a key spec text, an environment
//! variable, 32 raw bytes, or a wrapped keyring document unwrapped through a host callback
//! such as a KMS or Vault call). Field encryption binds each envelope to a native
//! `medcore_pii_field_context` (tenant, table, column, record id). Envelopes are text
//! (`mc1:...`); plaintexts are byte buffers. Tokens, masks and de-identification take text.

use crate::ffi::{boundary, bytes, cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use crate::strings::out_string;
use medcore::pii::{
    self, deid, ColumnContext, DeidPolicy, Delimiters, FieldContext, Keyring, KeyringDocument,
    PiiError, PiiType, Tokenizer,
};
use std::ffi::{c_char, c_void, CStr};

impl From<PiiError> for Failure {
    fn from(e: PiiError) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

/// Where an encrypted field lives; the envelope is bound to it (moving a ciphertext to another
/// row, column, table or tenant makes it fail to decrypt). Strings borrowed for the call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_pii_field_context {
    /// Tenant (organisation).
    pub tenant: *const c_char,
    /// Table.
    pub table: *const c_char,
    /// Column.
    pub column: *const c_char,
    /// Primary key of the row.
    pub record_id: *const c_char,
}

/// A column, for deterministic encryption and blind indexes. Strings borrowed for the call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_pii_column_context {
    /// Tenant (organisation).
    pub tenant: *const c_char,
    /// Table.
    pub table: *const c_char,
    /// Column.
    pub column: *const c_char,
}

unsafe fn field(c: &medcore_pii_field_context) -> Result<FieldContext, Failure> {
    Ok(FieldContext::new(
        unsafe { cstr(c.tenant, "tenant")? },
        unsafe { cstr(c.table, "table")? },
        unsafe { cstr(c.column, "column")? },
        unsafe { cstr(c.record_id, "record_id")? },
    ))
}

unsafe fn column(c: *const medcore_pii_column_context) -> Result<ColumnContext, Failure> {
    let c = unsafe { handle(c, "column")? };
    Ok(ColumnContext::new(
        unsafe { cstr(c.tenant, "tenant")? },
        unsafe { cstr(c.table, "table")? },
        unsafe { cstr(c.column, "column")? },
    ))
}

unsafe fn kind(s: *const c_char) -> Result<PiiType, Failure> {
    let text = unsafe { cstr(s, "type")? };
    text.parse::<PiiType>()
        .map_err(|_| Failure::invalid(format!("PII type `{text}` is not known")))
}

/// Hands a byte buffer to C: freed with `medcore_bytes_free(data, len)`.
unsafe fn out_bytes(b: &[u8], out_data: *mut *mut u8, out_len: *mut usize) -> Result<(), Failure> {
    if out_data.is_null() || out_len.is_null() {
        return Err(Failure::invalid("`out_data` or `out_len` is NULL"));
    }
    let boxed: Box<[u8]> = b.into();
    let len = boxed.len();
    // SAFETY: both checked non-NULL; the caller guarantees validity.
    unsafe {
        out_data.write(Box::into_raw(boxed).cast());
        out_len.write(len);
    }
    Ok(())
}

/// A keyring. Free with `medcore_pii_keyring_free` (the key material is zeroized).
pub struct medcore_pii_keyring {
    inner: Keyring,
}

fn new_keyring(inner: Keyring) -> *mut medcore_pii_keyring {
    Box::into_raw(Box::new(medcore_pii_keyring { inner }))
}

/// A keyring from a key spec: `id:base64url-key[:state],...` with states `primary`,
/// `decrypt-only`, `disabled`, `destroyed` (e.g. `1:AAEC...:decrypt-only,2:ICEi...`; the highest
/// live id without a state is primary). A malformed spec is `MEDCORE_PII_KEY_FORMAT`. `*out`
/// receives a new caller-owned keyring.
///
/// # Safety
/// `spec` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_from_spec(
    spec: *const c_char,
    out: *mut *mut medcore_pii_keyring,
) -> medcore_status {
    status(|| {
        let k = Keyring::from_spec(unsafe { cstr(spec, "spec")? })?;
        unsafe { write(out, new_keyring(k), "out") }
    })
}

/// A keyring from the key spec in environment variable `var` (e.g. `MEDCORE_PII_KEYS`).
/// `*out` receives a new caller-owned keyring.
///
/// # Safety
/// `var` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_from_env(
    var: *const c_char,
    out: *mut *mut medcore_pii_keyring,
) -> medcore_status {
    status(|| {
        let k = Keyring::from_env(unsafe { cstr(var, "var")? })?;
        unsafe { write(out, new_keyring(k), "out") }
    })
}

/// A keyring whose only key is version 1 made of 32 raw bytes (borrowed for the call).
/// `*out` receives a new caller-owned keyring.
///
/// # Safety
/// `key` points to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_from_raw_key(
    key: *const u8,
    len: usize,
    out: *mut *mut medcore_pii_keyring,
) -> medcore_status {
    status(|| {
        let k = Keyring::from_raw_key(unsafe { bytes(key, len, "key")? })?;
        unsafe { write(out, new_keyring(k), "out") }
    })
}

/// The host's key unwrap function (a KMS Decrypt or Vault transit call): given the document's
/// `kek_id`, a key version and its wrapped bytes (borrowed for the call), write the 32-byte
/// root secret to `out_key` and return 0; on failure return non-zero and, when `error_len`
/// allows, a NUL-terminated reason in `error`.
pub type medcore_pii_unwrap_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        kek_id: *const c_char,
        key_id: u32,
        wrapped: *const u8,
        wrapped_len: usize,
        out_key: *mut u8,
        error: *mut c_char,
        error_len: usize,
    ) -> i32,
>;

struct UserData(*mut c_void);
// SAFETY: the callback runs only during `medcore_pii_keyring_from_document`, on the calling
// thread; the wrapper only satisfies the core's `Send + Sync` bound.
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

impl UserData {
    fn get(&self) -> *mut c_void {
        self.0
    }
}

/// A keyring from a wrapped keyring document (JSON: `{format: "medcore-pii-keyring/1",
/// kek_id, min_decryption_version, keys: [{id, state, wrapped (base64url, absent when
/// destroyed)}]}`), each key unwrapped by `unwrap(user_data, ...)` during this call. A refused
/// unwrap is `MEDCORE_PII_UNWRAP` naming the key. `*out` receives a new caller-owned keyring.
///
/// # Safety
/// `document_json` NUL-terminated; `unwrap` a function safe to call with `user_data`; `out`
/// valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_from_document(
    document_json: *const c_char,
    unwrap: medcore_pii_unwrap_fn,
    user_data: *mut c_void,
    out: *mut *mut medcore_pii_keyring,
) -> medcore_status {
    status(|| {
        let doc: KeyringDocument = unsafe { json::parse(document_json, "document_json")? };
        let f = unwrap.ok_or_else(|| Failure::invalid("`unwrap` is NULL"))?;
        let ud = UserData(user_data);
        let unwrapper = pii::CallbackUnwrapper::new(move |kek_id, key_id, wrapped| {
            let kek = std::ffi::CString::new(kek_id).map_err(|e| e.to_string())?;
            let mut key = zeroed_key();
            let mut err = [0 as c_char; 256];
            // SAFETY: the host registered `f` for `ud`; the buffers are valid for the call.
            let rc = unsafe {
                f(
                    ud.get(),
                    kek.as_ptr(),
                    key_id,
                    wrapped.as_ptr(),
                    wrapped.len(),
                    key.as_mut_ptr(),
                    err.as_mut_ptr(),
                    err.len() - 1,
                )
            };
            if rc == 0 {
                Ok(key.to_vec())
            } else {
                // SAFETY: the buffer is NUL-terminated (its last byte is never written).
                let msg = unsafe { CStr::from_ptr(err.as_ptr()) }.to_string_lossy();
                Err(if msg.is_empty() {
                    format!("the host's unwrap function returned {rc}")
                } else {
                    msg.into_owned()
                })
            }
        });
        let k = Keyring::from_document(&doc, &unwrapper)?;
        unsafe { write(out, new_keyring(k), "out") }
    })
}

fn zeroed_key() -> zeroize_buf::Key {
    zeroize_buf::Key([0; 32])
}

mod zeroize_buf {
    /// A 32-byte key buffer cleared on drop.
    pub struct Key(pub [u8; 32]);
    impl Key {
        pub fn as_mut_ptr(&mut self) -> *mut u8 {
            self.0.as_mut_ptr()
        }
        pub fn to_vec(&self) -> Vec<u8> {
            self.0.to_vec()
        }
    }
    impl Drop for Key {
        fn drop(&mut self) {
            for b in self.0.iter_mut() {
                // SAFETY: a volatile write to an owned byte keeps the clearing from being
                // optimised away.
                unsafe { std::ptr::write_volatile(b, 0) };
            }
        }
    }
}

/// The keyring's primary key id (0 when it has none, e.g. only decrypt-only keys).
///
/// # Safety
/// `keyring` NULL or a live keyring.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_primary_id(
    keyring: *const medcore_pii_keyring,
) -> u32 {
    boundary(|| {
        unsafe { keyring.as_ref() }
            .and_then(|k| k.inner.primary_id())
            .unwrap_or(0)
    })
}

/// The keyring's keys and their states as JSON: `*out_json` receives a new caller-owned string
/// `[{id, state, ...}, ..]` (no key material).
///
/// # Safety
/// `keyring` a live keyring; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_status(
    keyring: *const medcore_pii_keyring,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        unsafe { write_json(&k.inner.status(), out_json) }
    })
}

/// Frees a keyring (its key material is zeroized). NULL is allowed.
///
/// # Safety
/// `keyring` NULL or a live keyring not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_keyring_free(keyring: *mut medcore_pii_keyring) {
    boundary(|| {
        if !keyring.is_null() {
            // SAFETY: made by Box::into_raw in `new_keyring`.
            drop(unsafe { Box::from_raw(keyring) });
        }
    })
}

/// Encrypts `len` bytes for one field under the primary key (AES-256-GCM, fresh nonce):
/// `*out_envelope` receives a new caller-owned text envelope (`mc1:...`).
///
/// # Safety
/// `keyring` live; `context` valid; `data` points to `len` bytes; `out_envelope` valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_encrypt(
    keyring: *const medcore_pii_keyring,
    context: *const medcore_pii_field_context,
    data: *const u8,
    len: usize,
    out_envelope: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let ctx = unsafe { field(handle(context, "context")?)? };
        let env = k
            .inner
            .encrypt_text(&ctx, unsafe { bytes(data, len, "data")? })?;
        unsafe { out_string(Some(&env), out_envelope, std::ptr::null_mut()) }
    })
}

/// Decrypts a text (or binary-as-text) envelope for one field: `*out_data` receives a new
/// caller-owned buffer of `*out_len` bytes (free with `medcore_bytes_free`; clear it first if
/// it must not linger). Tampering, a wrong key or a wrong context is
/// `MEDCORE_PII_AUTH_FAILED`; key states give `MEDCORE_PII_KEY_*`.
///
/// # Safety
/// `keyring` live; `context` valid; `envelope` NUL-terminated; outputs valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_decrypt(
    keyring: *const medcore_pii_keyring,
    context: *const medcore_pii_field_context,
    envelope: *const c_char,
    out_data: *mut *mut u8,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let ctx = unsafe { field(handle(context, "context")?)? };
        let env = unsafe { cstr(envelope, "envelope")? };
        let p = k.inner.decrypt_text(&ctx, env)?;
        unsafe { out_bytes(&p, out_data, out_len) }
    })
}

/// Encrypts `count` fields: `datas[i]` of `lens[i]` bytes under `contexts[i]`;
/// `out_envelopes[i]` receives a new caller-owned envelope or NULL, `out_statuses[i]` its
/// status. `MEDCORE_OK` when the arguments were usable.
///
/// # Safety
/// Every array holds `count` items; each `datas[i]` points to `lens[i]` bytes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_encrypt_batch(
    keyring: *const medcore_pii_keyring,
    contexts: *const medcore_pii_field_context,
    datas: *const *const u8,
    lens: *const usize,
    count: usize,
    out_envelopes: *mut *mut c_char,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        if count == 0 {
            return Ok(());
        }
        if contexts.is_null()
            || datas.is_null()
            || lens.is_null()
            || out_envelopes.is_null()
            || out_statuses.is_null()
        {
            return Err(Failure::invalid("a NULL array was passed to encrypt_batch"));
        }
        for i in 0..count {
            // SAFETY: the caller guarantees `count` items in every array.
            let r = unsafe {
                field(&*contexts.add(i)).and_then(|ctx| {
                    let d = bytes(*datas.add(i), *lens.add(i), "data")?;
                    Ok(k.inner.encrypt_text(&ctx, d)?)
                })
            };
            let (p, st) = match r {
                Ok(e) => (crate::strings::new_string(&e), medcore_status::MEDCORE_OK),
                Err(f) => {
                    let st = f.status;
                    let _ = status(|| Err(f));
                    (std::ptr::null_mut(), st)
                }
            };
            unsafe {
                out_envelopes.add(i).write(p);
                out_statuses.add(i).write(st);
            }
        }
        Ok(())
    })
}

/// Decrypts `count` envelopes under their contexts: `out_datas[i]` receives a new caller-owned
/// buffer of `out_lens[i]` bytes (free with `medcore_bytes_free`) or NULL, `out_statuses[i]`
/// its status. `MEDCORE_OK` when the arguments were usable.
///
/// # Safety
/// Every array holds `count` items; each envelope is NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_decrypt_batch(
    keyring: *const medcore_pii_keyring,
    contexts: *const medcore_pii_field_context,
    envelopes: *const *const c_char,
    count: usize,
    out_datas: *mut *mut u8,
    out_lens: *mut usize,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        if count == 0 {
            return Ok(());
        }
        if contexts.is_null()
            || envelopes.is_null()
            || out_datas.is_null()
            || out_lens.is_null()
            || out_statuses.is_null()
        {
            return Err(Failure::invalid("a NULL array was passed to decrypt_batch"));
        }
        for i in 0..count {
            // SAFETY: the caller guarantees `count` items in every array.
            let r = unsafe {
                field(&*contexts.add(i)).and_then(|ctx| {
                    let e = cstr(*envelopes.add(i), "envelope")?;
                    Ok(k.inner.decrypt_text(&ctx, e)?)
                })
            };
            unsafe {
                match r {
                    Ok(p) => {
                        out_bytes(&p, out_datas.add(i), out_lens.add(i))?;
                        out_statuses.add(i).write(medcore_status::MEDCORE_OK);
                    }
                    Err(f) => {
                        out_datas.add(i).write(std::ptr::null_mut());
                        out_lens.add(i).write(0);
                        out_statuses.add(i).write(f.status);
                        let _ = status(|| Err(f));
                    }
                }
            }
        }
        Ok(())
    })
}

/// Re-encrypts an envelope under the primary key without handing out the plaintext (key
/// rotation): `*out_envelope` receives a new caller-owned envelope (deterministic stays
/// deterministic).
///
/// # Safety
/// `keyring` live; `context` valid; `envelope` NUL-terminated; `out_envelope` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_rewrap(
    keyring: *const medcore_pii_keyring,
    context: *const medcore_pii_field_context,
    envelope: *const c_char,
    out_envelope: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let ctx = unsafe { field(handle(context, "context")?)? };
        let env = unsafe { cstr(envelope, "envelope")? };
        let out = k.inner.rewrap(&ctx, env.as_bytes())?;
        let text = String::from_utf8(out)
            .map_err(|_| Failure::invalid("the rewrapped envelope is not text"))?;
        unsafe { out_string(Some(&text), out_envelope, std::ptr::null_mut()) }
    })
}

/// Deterministic encryption bound to a column (AES-256-GCM-SIV: equal plaintexts give equal
/// envelopes in one column, for equality lookups). `*out_envelope` receives a new caller-owned
/// envelope.
///
/// # Safety
/// `keyring` live; `column` valid; `data` points to `len` bytes; `out_envelope` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_encrypt_deterministic(
    keyring: *const medcore_pii_keyring,
    column: *const medcore_pii_column_context,
    data: *const u8,
    len: usize,
    out_envelope: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let col = unsafe { self::column(column)? };
        let env = k
            .inner
            .encrypt_deterministic_text(&col, unsafe { bytes(data, len, "data")? })?;
        unsafe { out_string(Some(&env), out_envelope, std::ptr::null_mut()) }
    })
}

/// Decrypts a deterministic envelope of a column (outputs as `medcore_pii_decrypt`).
///
/// # Safety
/// As for `medcore_pii_decrypt`.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_decrypt_deterministic(
    keyring: *const medcore_pii_keyring,
    column: *const medcore_pii_column_context,
    envelope: *const c_char,
    out_data: *mut *mut u8,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let col = unsafe { self::column(column)? };
        let env = unsafe { cstr(envelope, "envelope")? };
        let p = k.inner.decrypt_deterministic(&col, env.as_bytes())?;
        unsafe { out_bytes(&p, out_data, out_len) }
    })
}

/// The blind index of a value in a column (`bi1:<key id>:...`, a keyed hash for equality
/// search over encrypted data) under key `key_id` (0: the primary key; other live ids serve
/// migration queries). `*out` receives a new caller-owned string.
///
/// # Safety
/// `keyring` live; `column` valid; `data` points to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_blind_index(
    keyring: *const medcore_pii_keyring,
    key_id: u32,
    column: *const medcore_pii_column_context,
    data: *const u8,
    len: usize,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let k = unsafe { handle(keyring, "keyring")? };
        let col = unsafe { self::column(column)? };
        let value = unsafe { bytes(data, len, "data")? };
        let bi = if key_id == 0 {
            k.inner.blind_index(&col, value)?
        } else {
            k.inner.blind_index_with(key_id, &col, value)?
        };
        unsafe { out_string(Some(&bi), out, std::ptr::null_mut()) }
    })
}

/// A tokenizer (keyed, deterministic tokens per tenant and PII type). Free with
/// `medcore_pii_tokenizer_free`.
pub struct medcore_pii_tokenizer {
    pub(crate) inner: Tokenizer,
}

/// A tokenizer from a key spec `id:base64url-key,...` (the highest id tokenizes; the others
/// still verify and rekey). `*out` receives a new caller-owned tokenizer.
///
/// # Safety
/// `spec` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_tokenizer_from_spec(
    spec: *const c_char,
    out: *mut *mut medcore_pii_tokenizer,
) -> medcore_status {
    status(|| {
        let inner = Tokenizer::from_spec(unsafe { cstr(spec, "spec")? })?;
        let h = Box::into_raw(Box::new(medcore_pii_tokenizer { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// A tokenizer from the key spec in environment variable `var`. `*out` receives a new
/// caller-owned tokenizer.
///
/// # Safety
/// `var` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_tokenizer_from_env(
    var: *const c_char,
    out: *mut *mut medcore_pii_tokenizer,
) -> medcore_status {
    status(|| {
        let inner = Tokenizer::from_env(unsafe { cstr(var, "var")? })?;
        let h = Box::into_raw(Box::new(medcore_pii_tokenizer { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// Frees a tokenizer. NULL is allowed.
///
/// # Safety
/// `tokenizer` NULL or a live tokenizer not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_tokenizer_free(tokenizer: *mut medcore_pii_tokenizer) {
    boundary(|| {
        if !tokenizer.is_null() {
            // SAFETY: made by Box::into_raw above.
            drop(unsafe { Box::from_raw(tokenizer) });
        }
    })
}

/// The token of a value: `type` is a PII type (`ssn`, `mrn`, `email`, `phone`, `name`, `dob`,
/// `zip`, ...); the value is normalised first (a value that cannot be read as its type is
/// `MEDCORE_PII_NORMALIZE`). `*out` receives a new caller-owned token text
/// (`mct1:<type>:<key id>:...`).
///
/// # Safety
/// `tokenizer` live; strings NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_tokenize(
    tokenizer: *const medcore_pii_tokenizer,
    pii_type: *const c_char,
    tenant: *const c_char,
    value: *const c_char,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let t = unsafe { handle(tokenizer, "tokenizer")? };
        let tok = t.inner.tokenize(
            unsafe { kind(pii_type)? },
            unsafe { cstr(tenant, "tenant")? },
            unsafe { cstr(value, "value")? },
        )?;
        unsafe { out_string(Some(&tok.to_text()), out, std::ptr::null_mut()) }
    })
}

/// A token re-made under the tokenizer's current key (without the original value). `*out`
/// receives a new caller-owned token text.
///
/// # Safety
/// `tokenizer` live; strings NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_rekey(
    tokenizer: *const medcore_pii_tokenizer,
    tenant: *const c_char,
    token: *const c_char,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let t = unsafe { handle(tokenizer, "tokenizer")? };
        let tok = t.inner.rekey(unsafe { cstr(tenant, "tenant")? }, unsafe {
            cstr(token, "token")?
        })?;
        unsafe { out_string(Some(&tok), out, std::ptr::null_mut()) }
    })
}

/// A value masked for display (`***-**-6789` for an SSN); a value that cannot be read as its
/// type is fully masked. `*out` receives a new caller-owned string.
///
/// # Safety
/// Strings NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_mask(
    pii_type: *const c_char,
    value: *const c_char,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let m = pii::mask(unsafe { kind(pii_type)? }, unsafe { cstr(value, "value")? });
        unsafe { out_string(Some(&m), out, std::ptr::null_mut()) }
    })
}

/// De-identifies an HL7 v2 PID segment (HIPAA Safe Harbor): `policy_json` is `{as_of:
/// "YYYY-MM-DD", overrides: {identifier kind: action}, tenant}`; `tokenizer` may be NULL unless
/// an action tokenizes. `*out_json` receives a new caller-owned string `{segment, changes:
/// [{field, kind, action}], age}`.
///
/// # Safety
/// `segment`, `policy_json` NUL-terminated; `tokenizer` NULL or live; `out_json` valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_deidentify_pid(
    segment: *const c_char,
    policy_json: *const c_char,
    tokenizer: *const medcore_pii_tokenizer,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let seg = unsafe { cstr(segment, "segment")? };
        let policy: DeidPolicy = unsafe { json::parse(policy_json, "policy_json")? };
        let tok = unsafe { tokenizer.as_ref() }.map(|t| &t.inner);
        let r = pii::deidentify_pid(seg, Delimiters::default(), &policy, tok)?;
        unsafe { write_json(&r, out_json) }
    })
}

/// The Safe Harbor three-digit ZIP area of a ZIP code (`000` for restricted areas): `*out`
/// receives a new caller-owned string, or NULL when `zip` is not a ZIP code.
///
/// # Safety
/// `zip` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_zip3(
    zip: *const c_char,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let z = deid::zip3(unsafe { cstr(zip, "zip")? });
        unsafe { out_string(z.as_deref(), out, std::ptr::null_mut()) }
    })
}

/// The Safe Harbor age category (`90+` above 89, the age otherwise): `*out` receives a new
/// caller-owned string.
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_pii_age_category(
    age: u32,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| unsafe { out_string(Some(&deid::age_category(age)), out, std::ptr::null_mut()) })
}
