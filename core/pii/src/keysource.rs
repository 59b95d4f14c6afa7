//! Key sources: a key spec in an environment variable or file, raw bytes from the host, and
//! keyrings stored as a document whose keys are wrapped by a key-encryption key (KEK), unwrapped
//! locally or by a host callback (KMS, Vault transit).
//!
//! # Key spec format (environment variable `MEDCORE_PII_KEYS`, key files)
//!
//! A key spec is a list of entries separated by commas, semicolons or whitespace (one per line in a
//! file; `#` starts a comment that runs to the end of the line):
//!
//! * `ID:KEY` — key version `ID` (a positive integer) with root secret `KEY`: 32 bytes in base64url
//!   (43 characters, unpadded; padding and standard base64 are accepted).
//! * `ID:KEY:STATE` — the same with an explicit state: `primary`, `decrypt-only` or `disabled`.
//! * `ID:destroyed` — a destroyed version (its envelopes fail with `PII_KEY_DESTROYED`).
//! * `min-decryption-version=N` — refuse decryption under ids below `N`.
//! * `KEY` alone — a single master secret, used as version 1; every sub-key is derived from it with
//!   HKDF-SHA-256.
//!
//! Without an explicit `primary`, the highest id that is not disabled is primary and the others are
//! decrypt-only. Example:
//!
//! ```text
//! MEDCORE_PII_KEYS="1:<43 base64url characters>:decrypt-only,2:<43 base64url characters>,min-decryption-version=1"
//! ```
//!
//! `medcore pii keygen` prints a fresh entry.

use crate::error::PiiError;
use crate::gcm::Aes256Gcm;
use crate::keyring::{KeyState, Keyring};
use crate::secret::{labels, SecretKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroizing;

/// The default environment variable holding a keyring spec.
pub const DEFAULT_KEYS_VAR: &str = "MEDCORE_PII_KEYS";
/// The default environment variable holding a tokenizer spec.
pub const DEFAULT_TOKEN_KEYS_VAR: &str = "MEDCORE_PII_TOKEN_KEYS";

/// One parsed key spec entry.
#[derive(Debug, Clone)]
pub struct SpecEntry {
    /// Key id.
    pub id: u32,
    /// Explicit state, if given.
    pub state: Option<KeyState>,
    /// Root secret (absent for destroyed entries).
    pub key: Option<SecretKey>,
}

/// A parsed key spec.
#[derive(Debug, Clone, Default)]
pub struct KeySpec {
    /// Entries in the order given.
    pub entries: Vec<SpecEntry>,
    /// `min-decryption-version`, if given.
    pub min_decryption_version: Option<u32>,
}

impl KeySpec {
    /// Parses the spec format described in the module documentation. `origin` names the source
    /// (variable or file) in error messages; key text never appears in them.
    pub fn parse(text: &str, origin: &str) -> Result<Self, PiiError> {
        let mut spec = KeySpec::default();
        let mut n = 0usize;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            for item in line.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
                if item.is_empty() {
                    continue;
                }
                n += 1;
                if let Some(v) = item.strip_prefix("min-decryption-version=") {
                    let v = v.parse().map_err(|_| {
                        PiiError::key_format(format!(
                            "{origin}: entry {n}: bad min-decryption-version"
                        ))
                    })?;
                    spec.min_decryption_version = Some(v);
                    continue;
                }
                let parts: Vec<&str> = item.split(':').collect();
                let entry = match parts.as_slice() {
                    [key] => SpecEntry {
                        id: 1,
                        state: None,
                        key: Some(SecretKey::from_base64(key).map_err(|e| at(origin, n, e))?),
                    },
                    [id, "destroyed"] => SpecEntry {
                        id: parse_id(id, origin, n)?,
                        state: Some(KeyState::Destroyed),
                        key: None,
                    },
                    [id, key] => SpecEntry {
                        id: parse_id(id, origin, n)?,
                        state: None,
                        key: Some(SecretKey::from_base64(key).map_err(|e| at(origin, n, e))?),
                    },
                    [id, key, state] => {
                        let st = KeyState::parse(state).filter(|s| *s != KeyState::Destroyed).ok_or_else(|| {
                            PiiError::key_format(format!(
                                "{origin}: entry {n}: unknown state `{state}` (primary, decrypt-only, disabled)"
                            ))
                        })?;
                        SpecEntry {
                            id: parse_id(id, origin, n)?,
                            state: Some(st),
                            key: Some(SecretKey::from_base64(key).map_err(|e| at(origin, n, e))?),
                        }
                    }
                    _ => {
                        return Err(PiiError::key_format(format!(
                            "{origin}: entry {n}: expected ID:KEY[:STATE], ID:destroyed or KEY"
                        )))
                    }
                };
                spec.entries.push(entry);
            }
        }
        if spec.entries.is_empty() {
            return Err(PiiError::key_format(format!("{origin}: no keys")));
        }
        Ok(spec)
    }

    /// Builds a keyring from this spec.
    pub fn into_keyring(self) -> Result<Keyring, PiiError> {
        let explicit_primary = self
            .entries
            .iter()
            .any(|e| e.state == Some(KeyState::Primary));
        let implied_primary = if explicit_primary {
            None
        } else {
            self.entries
                .iter()
                .filter(|e| e.key.is_some() && e.state != Some(KeyState::Disabled))
                .map(|e| e.id)
                .max()
        };
        let mut ring = Keyring::new();
        for e in self.entries {
            match e.key {
                None => ring.add_destroyed(e.id)?,
                Some(k) => {
                    let st = match e.state {
                        Some(s) => s,
                        None if Some(e.id) == implied_primary => KeyState::Primary,
                        None => KeyState::DecryptOnly,
                    };
                    ring.add_key(e.id, k, st)?;
                }
            }
        }
        if let Some(m) = self.min_decryption_version {
            ring.set_min_decryption_version(m)?;
        }
        Ok(ring)
    }
}

fn parse_id(id: &str, origin: &str, n: usize) -> Result<u32, PiiError> {
    match id.parse::<u32>() {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(PiiError::key_format(format!(
            "{origin}: entry {n}: key id must be a positive integer"
        ))),
    }
}

fn at(origin: &str, n: usize, e: PiiError) -> PiiError {
    PiiError::key_format(format!("{origin}: entry {n}: {e}"))
}

impl Keyring {
    /// Builds a keyring from a key spec text (see [`crate::keysource`] for the format).
    pub fn from_spec(text: &str) -> Result<Self, PiiError> {
        KeySpec::parse(text, "key spec")?.into_keyring()
    }

    /// Loads a keyring from an environment variable holding a key spec (usually
    /// [`DEFAULT_KEYS_VAR`]). The variable's value is zeroized after parsing.
    pub fn from_env(var: &str) -> Result<Self, PiiError> {
        let value = Zeroizing::new(std::env::var(var).map_err(|_| {
            PiiError::key_format(format!(
                "environment variable {var} is not set or not UTF-8"
            ))
        })?);
        KeySpec::parse(&value, var)?.into_keyring()
    }

    /// Loads a keyring from a file holding a key spec.
    pub fn from_file(path: &std::path::Path) -> Result<Self, PiiError> {
        let text = read_secret_file(path)?;
        KeySpec::parse(&text, &path.display().to_string())?.into_keyring()
    }

    /// Builds a keyring whose only key is version 1 made of 32 raw bytes from the host.
    pub fn from_raw_key(bytes: &[u8]) -> Result<Self, PiiError> {
        Ok(Keyring::from_master(SecretKey::from_bytes(bytes)?))
    }

    /// Exports this keyring as a document whose root secrets are wrapped by `kek` (envelope
    /// encryption: the document can be stored next to the data; only the KEK holder can use it).
    pub fn to_document(&self, kek: &dyn KeyWrapper) -> Result<KeyringDocument, PiiError> {
        let mut keys = Vec::new();
        for s in self.status() {
            let wrapped = match self.root(s.id) {
                Some(root) => Some(URL_SAFE_NO_PAD.encode(kek.wrap_key(s.id, root.expose())?)),
                None => None,
            };
            keys.push(WrappedKey {
                id: s.id,
                state: s.state,
                wrapped,
            });
        }
        Ok(KeyringDocument {
            format: KEYRING_FORMAT.to_string(),
            kek_id: kek.kek_id().to_string(),
            min_decryption_version: self.min_decryption_version(),
            keys,
        })
    }

    /// Loads a keyring from a wrapped document, unwrapping each key with `unwrapper` (a local KEK
    /// or a host callback that asks a KMS or Vault).
    pub fn from_document(
        doc: &KeyringDocument,
        unwrapper: &dyn KeyUnwrapper,
    ) -> Result<Self, PiiError> {
        if doc.format != KEYRING_FORMAT {
            return Err(PiiError::key_format(format!(
                "keyring document format `{}` is not `{KEYRING_FORMAT}`",
                doc.format
            )));
        }
        let mut ring = Keyring::new();
        for k in &doc.keys {
            match (&k.wrapped, k.state) {
                (_, KeyState::Destroyed) => ring.add_destroyed(k.id)?,
                (Some(w), st) => {
                    let blob = decode_wrapped(k.id, w)?;
                    let raw = unwrapper.unwrap_key(&doc.kek_id, k.id, &blob)?;
                    ring.add_key(k.id, SecretKey::from_bytes(&raw)?, st)?;
                }
                (None, _) => {
                    return Err(PiiError::key_format(format!(
                        "keyring document: key {} has no wrapped key material",
                        k.id
                    )))
                }
            }
        }
        ring.set_min_decryption_version(doc.min_decryption_version)?;
        Ok(ring)
    }
}

/// The wrapped bytes of key `id` from their base64url text.
fn decode_wrapped(id: u32, text: &str) -> Result<Vec<u8>, PiiError> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| {
            PiiError::key_format(format!(
                "keyring document: key {id}: wrapped key is not base64url"
            ))
        })
}

impl KeyringDocument {
    /// The first phase of a two-phase load, for hosts whose unwrap call cannot run on another
    /// thread or be shared between threads (a JavaScript function, for example): the decoded
    /// wrapped material of every key that is not destroyed, as `(key id, wrapped bytes)` in
    /// document order. The host unwraps each on its own thread, then loads the keyring with
    /// [`Keyring::from_document`] and an [`UnwrappedKeys`] holding the results.
    pub fn wrapped_keys(&self) -> Result<Vec<(u32, Vec<u8>)>, PiiError> {
        self.keys
            .iter()
            .filter(|k| k.state != KeyState::Destroyed)
            .filter_map(|k| k.wrapped.as_ref().map(|w| (k.id, w)))
            .map(|(id, w)| Ok((id, decode_wrapped(id, w)?)))
            .collect()
    }
}

/// The second phase of a two-phase load (see [`KeyringDocument::wrapped_keys`]): a
/// [`KeyUnwrapper`] answering from root secrets the host has already unwrapped. A key it was
/// not given fails with `PII_UNWRAP`.
pub struct UnwrappedKeys {
    keys: Vec<(u32, Zeroizing<Vec<u8>>)>,
}

impl UnwrappedKeys {
    /// The host's results, as `(key id, raw root secret)`.
    pub fn new(keys: Vec<(u32, Vec<u8>)>) -> Self {
        UnwrappedKeys {
            keys: keys
                .into_iter()
                .map(|(id, raw)| (id, Zeroizing::new(raw)))
                .collect(),
        }
    }
}

impl fmt::Debug for UnwrappedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnwrappedKeys")
    }
}

impl KeyUnwrapper for UnwrappedKeys {
    fn unwrap_key(
        &self,
        kek_id: &str,
        key_id: u32,
        _wrapped: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        self.keys
            .iter()
            .find(|(id, _)| *id == key_id)
            .map(|(_, raw)| raw.clone())
            .ok_or_else(|| PiiError::Unwrap {
                reason: format!("key {key_id} under {kek_id}: not unwrapped by the host"),
            })
    }
}

/// Reads a secret file into zeroizing memory.
pub(crate) fn read_secret_file(path: &std::path::Path) -> Result<Zeroizing<String>, PiiError> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| PiiError::Io {
        reason: format!("{}: {e}", path.display()),
    })?);
    let s = std::str::from_utf8(&bytes)
        .map_err(|_| PiiError::key_format(format!("{}: not UTF-8", path.display())))?;
    Ok(Zeroizing::new(s.to_string()))
}

/// Format tag of [`KeyringDocument`].
pub const KEYRING_FORMAT: &str = "medcore-pii-keyring/1";

/// A keyring stored with its keys wrapped by a key-encryption key (JSON via serde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyringDocument {
    /// Always [`KEYRING_FORMAT`].
    pub format: String,
    /// Identifier of the KEK (a local name, a KMS key ARN, a Vault transit key name).
    pub kek_id: String,
    /// Minimum decryption version.
    pub min_decryption_version: u32,
    /// Key versions.
    pub keys: Vec<WrappedKey>,
}

/// One wrapped key version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// Key id.
    pub id: u32,
    /// State.
    pub state: KeyState,
    /// The wrapped root secret, base64url (absent when destroyed).
    pub wrapped: Option<String>,
}

/// Wraps (encrypts) root secrets under a key-encryption key.
pub trait KeyWrapper {
    /// The KEK's identifier, recorded in the document.
    fn kek_id(&self) -> &str;
    /// Wraps the 32-byte root secret of key version `key_id`.
    fn wrap_key(&self, key_id: u32, key: &[u8]) -> Result<Vec<u8>, PiiError>;
}

/// Unwraps root secrets. Hosts implement this to unwrap through a KMS or Vault; the crate ships
/// [`LocalKek`] and [`CallbackUnwrapper`].
pub trait KeyUnwrapper: Send + Sync {
    /// Returns the 32-byte root secret of key version `key_id` from its wrapped form.
    fn unwrap_key(
        &self,
        kek_id: &str,
        key_id: u32,
        wrapped: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError>;
}

/// The signature of a host unwrap callback: `(kek_id, key_id, wrapped) -> raw key or message`.
pub type UnwrapFn = dyn Fn(&str, u32, &[u8]) -> Result<Vec<u8>, String> + Send + Sync;

/// A [`KeyUnwrapper`] that calls a host function (a binding passes the host's KMS/Vault call).
pub struct CallbackUnwrapper(Box<UnwrapFn>);

impl CallbackUnwrapper {
    /// Wraps a host function.
    pub fn new(
        f: impl Fn(&str, u32, &[u8]) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    ) -> Self {
        CallbackUnwrapper(Box::new(f))
    }
}

impl fmt::Debug for CallbackUnwrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackUnwrapper")
    }
}

impl KeyUnwrapper for CallbackUnwrapper {
    fn unwrap_key(
        &self,
        kek_id: &str,
        key_id: u32,
        wrapped: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        (self.0)(kek_id, key_id, wrapped)
            .map(Zeroizing::new)
            .map_err(|reason| PiiError::Unwrap {
                reason: format!("key {key_id} under {kek_id}: {reason}"),
            })
    }
}

/// A local key-encryption key: AES-256-GCM over the root secret, blob = nonce (12) || ciphertext
/// || tag (16), AAD = `"medcore-pii/keywrap/v1" || len32(kek_id) || kek_id || key_id (BE u32)`.
pub struct LocalKek {
    id: String,
    cipher: Aes256Gcm,
}

impl LocalKek {
    /// A KEK named `id` from a 32-byte secret (the AES key is HKDF-derived from it).
    pub fn new(id: impl Into<String>, secret: &SecretKey) -> Self {
        let k = secret.derive(labels::KEK);
        LocalKek {
            id: id.into(),
            cipher: Aes256Gcm::new(k.expose()),
        }
    }

    fn aad(&self, key_id: u32) -> Vec<u8> {
        let mut a = b"medcore-pii/keywrap/v1".to_vec();
        crate::context::push_len_prefixed(&mut a, self.id.as_bytes());
        a.extend_from_slice(&key_id.to_be_bytes());
        a
    }
}

impl fmt::Debug for LocalKek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalKek")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl KeyWrapper for LocalKek {
    fn kek_id(&self) -> &str {
        &self.id
    }

    fn wrap_key(&self, key_id: u32, key: &[u8]) -> Result<Vec<u8>, PiiError> {
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(|_| PiiError::Random)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(key);
        let tag = self.cipher.seal_in_place(
            &nonce,
            &self.aad(key_id),
            out.get_mut(12..).unwrap_or_default(),
        )?;
        out.extend_from_slice(&tag);
        Ok(out)
    }
}

impl KeyUnwrapper for LocalKek {
    fn unwrap_key(
        &self,
        kek_id: &str,
        key_id: u32,
        wrapped: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        if kek_id != self.id {
            return Err(PiiError::Unwrap {
                reason: format!(
                    "document was wrapped by KEK `{kek_id}`, this KEK is `{}`",
                    self.id
                ),
            });
        }
        if wrapped.len() < 12 + 16 {
            return Err(PiiError::AuthFailed);
        }
        let (nonce, rest) = wrapped.split_at(12);
        let nonce: &[u8; 12] = nonce.try_into().map_err(|_| PiiError::AuthFailed)?;
        let (ct, tag) = rest.split_at(rest.len() - 16);
        let mut buf = Zeroizing::new(ct.to_vec());
        self.cipher
            .open_in_place(nonce, &self.aad(key_id), &mut buf, tag)?;
        Ok(buf)
    }
}
