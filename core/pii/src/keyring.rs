//! The keyring: versioned keys with states, rotation, rewrap, field encryption (unique nonces),
//! deterministic encryption and blind indexes.
//!
//! Each key version holds one 32-byte *root secret*; the keys actually used are derived from it
//! with HKDF-SHA-256 (see [`crate::secret::labels`]), so one configured master secret serves every
//! purpose without reusing a key across algorithms.
//!
//! # Which equality-search method to pick
//!
//! * **Blind index** ([`Keyring::blind_index`]): an HMAC-SHA-256 of the value stored *next to* the
//!   randomly encrypted field. Pick it by default: the field itself keeps full AES-256-GCM security
//!   with a random nonce, and the index can be truncated to tune false positives.
//! * **Deterministic encryption** ([`Keyring::encrypt_deterministic`]): one column that is both the
//!   search key and the recoverable value. Pick it when the schema cannot hold a second column or
//!   when the encrypted value must be joinable across systems that share the keyring.
//!
//! Both reveal which rows hold equal values in the same column, and nothing more; neither is
//! suitable for low-entropy columns (sex, state) where equality reveals the value by frequency.
//!
//! The deterministic mode is AES-256-GCM-SIV (RFC 8452) with a synthetic nonce
//! `HMAC-SHA-256(nonce_key, aad || plaintext)[..12]`. AES-GCM-SIV was chosen over AES-SIV (RFC 5297)
//! because it shares AES-GCM's hardware acceleration (AES-NI + carry-less multiply), has Wycheproof
//! vectors, is misuse resistant even if a nonce repeats, and keeps one envelope layout (a 96-bit nonce
//! and a 128-bit tag) for both modes. Deriving the nonce from the plaintext makes the scheme a
//! deterministic AEAD whose nonces are distinct for distinct inputs, so GCM-SIV's nonce-respecting
//! bounds apply rather than its weaker repeated-nonce bounds.

use crate::context::{write_aad, ColumnContext, FieldContext, InlineAad};
use crate::envelope::{self, header, Algorithm, EnvelopeRef, NONCE_LEN, OVERHEAD, TAG_LEN};
use crate::error::PiiError;
use crate::gcm::Aes256Gcm;
use crate::nonce::{next_nonce, NonceBatch};
use crate::secret::{labels, SecretKey};
use aes_gcm_siv::aead::{AeadInPlace, KeyInit};
use aes_gcm_siv::Aes256GcmSiv;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// A decrypted value; zeroized when dropped.
pub type Plaintext = Zeroizing<Vec<u8>>;

/// The lifecycle state of one key version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyState {
    /// Encrypts new data and decrypts. Exactly one key is primary when the keyring can encrypt.
    Primary,
    /// Decrypts existing data; never encrypts.
    DecryptOnly,
    /// Kept but refused for every operation (reversible: [`Keyring::enable`]).
    Disabled,
    /// Key material erased; data under it is unrecoverable (irreversible).
    Destroyed,
}

impl KeyState {
    /// The state's name as used in key specs and JSON (`primary`, `decrypt-only`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Primary => "primary",
            KeyState::DecryptOnly => "decrypt-only",
            KeyState::Disabled => "disabled",
            KeyState::Destroyed => "destroyed",
        }
    }

    /// Parses a state name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "primary" => Some(KeyState::Primary),
            "decrypt-only" | "active" => Some(KeyState::DecryptOnly),
            "disabled" => Some(KeyState::Disabled),
            "destroyed" => Some(KeyState::Destroyed),
            _ => None,
        }
    }
}

/// Public status of one key version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyStatus {
    /// Key id (version).
    pub id: u32,
    /// State.
    pub state: KeyState,
}

/// The prepared ciphers of one key version.
#[derive(Clone)]
struct Ciphers {
    field: Aes256Gcm,
    det: Aes256GcmSiv,
    det_nonce: HmacSha256,
    blind: HmacSha256,
}

impl Ciphers {
    fn new(root: &SecretKey) -> Self {
        let field_key = root.derive(labels::FIELD_AEAD);
        let det_key = root.derive(labels::DETERMINISTIC_AEAD);
        let nonce_key = root.derive(labels::DETERMINISTIC_NONCE);
        let blind_key = root.derive(labels::BLIND_INDEX);
        Ciphers {
            field: Aes256Gcm::new(field_key.expose()),
            det: Aes256GcmSiv::new(det_key.expose().into()),
            det_nonce: hmac_with_key(nonce_key.expose()),
            blind: hmac_with_key(blind_key.expose()),
        }
    }
}

/// An HMAC-SHA-256 instance keyed with a 32-byte key (any key length is valid for HMAC).
pub(crate) fn hmac_with_key(key: &[u8]) -> HmacSha256 {
    match <HmacSha256 as Mac>::new_from_slice(key) {
        Ok(m) => m,
        // HMAC accepts keys of every length; this branch cannot be taken.
        Err(_) => <HmacSha256 as KeyInit>::new(&Default::default()),
    }
}

#[derive(Clone)]
struct KeyVersion {
    id: u32,
    state: KeyState,
    root: Option<SecretKey>,
    ciphers: Option<Box<Ciphers>>,
}

/// A set of versioned keys: one primary, older decrypt-only, disabled or destroyed versions, and a
/// minimum decryption version. A long-lived handle: build it once, share it (`Send + Sync`), call
/// it from many threads.
///
/// `Debug` lists key ids and states only.
#[derive(Clone, Default)]
pub struct Keyring {
    versions: Vec<KeyVersion>,
    min_decryption_version: u32,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("keys", &self.status())
            .field("min_decryption_version", &self.min_decryption_version)
            .finish()
    }
}

impl Keyring {
    /// An empty keyring (no keys; cannot encrypt until a key is added).
    pub fn new() -> Self {
        Keyring::default()
    }

    /// A keyring with one freshly generated primary key, version 1.
    pub fn generate() -> Result<Self, PiiError> {
        Ok(Keyring::from_master(SecretKey::generate()?))
    }

    /// A keyring whose only key (version 1, primary) is the given master secret; every sub-key is
    /// derived from it with HKDF.
    pub fn from_master(master: SecretKey) -> Self {
        let mut k = Keyring::new();
        k.versions.push(KeyVersion {
            id: 1,
            state: KeyState::Primary,
            ciphers: Some(Box::new(Ciphers::new(&master))),
            root: Some(master),
        });
        k
    }

    fn index(&self, id: u32) -> Option<usize> {
        self.versions.binary_search_by_key(&id, |v| v.id).ok()
    }

    fn get(&self, id: u32) -> Option<&KeyVersion> {
        self.index(id).and_then(|i| self.versions.get(i))
    }

    fn get_mut(&mut self, id: u32) -> Result<&mut KeyVersion, PiiError> {
        let i = self.index(id).ok_or(PiiError::KeyUnknown { key_id: id })?;
        self.versions
            .get_mut(i)
            .ok_or(PiiError::KeyUnknown { key_id: id })
    }

    /// Adds a key version with its root secret. `Primary` demotes the current primary to
    /// decrypt-only. Ids start at 1 and must be new.
    pub fn add_key(&mut self, id: u32, root: SecretKey, state: KeyState) -> Result<(), PiiError> {
        if id == 0 {
            return Err(PiiError::KeyState {
                reason: "key id 0 is reserved".into(),
            });
        }
        if self.index(id).is_some() {
            return Err(PiiError::KeyState {
                reason: format!("key {id} already exists"),
            });
        }
        if state == KeyState::Destroyed {
            return Err(PiiError::KeyState {
                reason: format!("key {id}: use add_destroyed for a destroyed key"),
            });
        }
        if state == KeyState::Primary {
            self.demote_primary();
        }
        let v = KeyVersion {
            id,
            state,
            ciphers: Some(Box::new(Ciphers::new(&root))),
            root: Some(root),
        };
        let pos = self.versions.partition_point(|x| x.id < id);
        self.versions.insert(pos, v);
        Ok(())
    }

    /// Records a destroyed key version (so its envelopes fail with `PII_KEY_DESTROYED`).
    pub fn add_destroyed(&mut self, id: u32) -> Result<(), PiiError> {
        if id == 0 || self.index(id).is_some() {
            return Err(PiiError::KeyState {
                reason: format!("key {id} is reserved or already exists"),
            });
        }
        let pos = self.versions.partition_point(|x| x.id < id);
        self.versions.insert(
            pos,
            KeyVersion {
                id,
                state: KeyState::Destroyed,
                root: None,
                ciphers: None,
            },
        );
        Ok(())
    }

    fn demote_primary(&mut self) {
        for v in &mut self.versions {
            if v.state == KeyState::Primary {
                v.state = KeyState::DecryptOnly;
            }
        }
    }

    /// Generates a new key version (highest id + 1), makes it primary and demotes the old primary
    /// to decrypt-only. Returns the new id.
    pub fn rotate(&mut self) -> Result<u32, PiiError> {
        self.rotate_with(SecretKey::generate()?)
    }

    /// Like [`Keyring::rotate`] with host-supplied key material.
    pub fn rotate_with(&mut self, root: SecretKey) -> Result<u32, PiiError> {
        let id = self.versions.last().map_or(1, |v| v.id.saturating_add(1));
        self.add_key(id, root, KeyState::Primary)?;
        Ok(id)
    }

    /// Makes an existing, usable key the primary.
    pub fn set_primary(&mut self, id: u32) -> Result<(), PiiError> {
        let state = self
            .get(id)
            .map(|v| v.state)
            .ok_or(PiiError::KeyUnknown { key_id: id })?;
        match state {
            KeyState::Destroyed => Err(PiiError::KeyDestroyed { key_id: id }),
            KeyState::Disabled => Err(PiiError::KeyDisabled {
                key_id: id,
                reason: "enable it before making it primary",
            }),
            _ if id < self.min_decryption_version => Err(PiiError::KeyState {
                reason: format!("key {id} is below the minimum decryption version"),
            }),
            _ => {
                self.demote_primary();
                self.get_mut(id)?.state = KeyState::Primary;
                Ok(())
            }
        }
    }

    /// Disables a key (refused for every use until enabled). The primary cannot be disabled.
    pub fn disable(&mut self, id: u32) -> Result<(), PiiError> {
        let v = self.get_mut(id)?;
        match v.state {
            KeyState::Primary => Err(PiiError::KeyState {
                reason: format!("key {id} is primary; rotate before disabling it"),
            }),
            KeyState::Destroyed => Err(PiiError::KeyDestroyed { key_id: id }),
            _ => {
                v.state = KeyState::Disabled;
                Ok(())
            }
        }
    }

    /// Re-enables a disabled key as decrypt-only.
    pub fn enable(&mut self, id: u32) -> Result<(), PiiError> {
        let v = self.get_mut(id)?;
        match v.state {
            KeyState::Destroyed => Err(PiiError::KeyDestroyed { key_id: id }),
            KeyState::Disabled => {
                v.state = KeyState::DecryptOnly;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Erases a key's material (irreversible). The primary cannot be destroyed.
    pub fn destroy(&mut self, id: u32) -> Result<(), PiiError> {
        let v = self.get_mut(id)?;
        if v.state == KeyState::Primary {
            return Err(PiiError::KeyState {
                reason: format!("key {id} is primary; rotate before destroying it"),
            });
        }
        v.state = KeyState::Destroyed;
        v.root = None; // SecretKey zeroizes on drop
        v.ciphers = None; // AES key schedules zeroize on drop
        Ok(())
    }

    /// Refuses decryption under any key id below `version` (Vault's `min_decryption_version`).
    pub fn set_min_decryption_version(&mut self, version: u32) -> Result<(), PiiError> {
        if let Some(p) = self.primary_id() {
            if version > p {
                return Err(PiiError::KeyState {
                    reason: format!(
                        "minimum decryption version {version} is above the primary key {p}"
                    ),
                });
            }
        }
        self.min_decryption_version = version;
        Ok(())
    }

    /// The minimum decryption version (0 or 1: no restriction).
    pub fn min_decryption_version(&self) -> u32 {
        self.min_decryption_version
    }

    /// The primary key id, if any.
    pub fn primary_id(&self) -> Option<u32> {
        self.versions
            .iter()
            .find(|v| v.state == KeyState::Primary)
            .map(|v| v.id)
    }

    /// Ids and states of every key version, in id order.
    pub fn status(&self) -> Vec<KeyStatus> {
        self.versions
            .iter()
            .map(|v| KeyStatus {
                id: v.id,
                state: v.state,
            })
            .collect()
    }

    /// The root secret of a key version (for wrapping it under a KEK). Never exposed for destroyed keys.
    pub(crate) fn root(&self, id: u32) -> Option<&SecretKey> {
        self.get(id).and_then(|v| v.root.as_ref())
    }

    fn primary(&self) -> Result<(u32, &Ciphers), PiiError> {
        self.versions
            .iter()
            .find(|v| v.state == KeyState::Primary)
            .and_then(|v| v.ciphers.as_deref().map(|c| (v.id, c)))
            .ok_or_else(|| PiiError::KeyState {
                reason: "the keyring has no primary key".into(),
            })
    }

    /// The ciphers of a key allowed to decrypt; clear errors naming the key otherwise.
    fn for_decrypt(&self, id: u32) -> Result<&Ciphers, PiiError> {
        let v = self.get(id).ok_or(PiiError::KeyUnknown { key_id: id })?;
        match v.state {
            KeyState::Destroyed => return Err(PiiError::KeyDestroyed { key_id: id }),
            KeyState::Disabled => {
                return Err(PiiError::KeyDisabled {
                    key_id: id,
                    reason: "the key is disabled",
                })
            }
            _ => {}
        }
        if id < self.min_decryption_version {
            return Err(PiiError::KeyDisabled {
                key_id: id,
                reason: "the key is below the minimum decryption version",
            });
        }
        v.ciphers
            .as_deref()
            .ok_or(PiiError::KeyDestroyed { key_id: id })
    }

    // ----- field encryption (unique nonces, see crate::nonce) -----

    /// Encrypts one field under the primary key with AES-256-GCM and a fresh 96-bit nonce (this
    /// thread's nonce stream, seeded from the OS CSPRNG and re-seeded after `fork`; see
    /// [`crate::nonce`] for why nonces never repeat); returns the binary envelope.
    pub fn encrypt(&self, ctx: &FieldContext, plaintext: &[u8]) -> Result<Vec<u8>, PiiError> {
        let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
        self.encrypt_into(ctx, plaintext, &mut out)?;
        Ok(out)
    }

    /// [`Keyring::encrypt`] appending the binary envelope to `out` (unchanged on error), so a
    /// caller reusing one buffer encrypts without allocating.
    pub fn encrypt_into(
        &self,
        ctx: &FieldContext,
        plaintext: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), PiiError> {
        let (id, c) = self.primary()?;
        seal_random_into(&c.field, id, ctx, plaintext, out)
    }

    /// [`Keyring::encrypt`] returning the text form (`mc1:...`).
    pub fn encrypt_text(&self, ctx: &FieldContext, plaintext: &[u8]) -> Result<String, PiiError> {
        Ok(envelope::to_text(&self.encrypt(ctx, plaintext)?))
    }

    /// Decrypts a binary or text (`mc1:`) envelope. Every cryptographic failure is
    /// [`PiiError::AuthFailed`]; key states give errors naming the key id.
    pub fn decrypt(
        &self,
        ctx: &FieldContext,
        envelope: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        let bin = envelope::decode_any(envelope)?;
        let env = EnvelopeRef::parse(&bin)?;
        let c = self.for_decrypt(env.key_id)?;
        open(c, &env, ctx)
    }

    /// [`Keyring::decrypt`] of a text envelope.
    pub fn decrypt_text(
        &self,
        ctx: &FieldContext,
        envelope: &str,
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        self.decrypt(ctx, envelope.as_bytes())
    }

    /// Encrypts many fields: `values[i]` is bound to `contexts[i]`. Returns binary envelopes.
    pub fn encrypt_batch(
        &self,
        contexts: &[FieldContext],
        values: &[&[u8]],
    ) -> Result<Vec<Vec<u8>>, PiiError> {
        check_lengths(contexts.len(), values.len())?;
        let (id, c) = self.primary()?;
        let mut aad = Vec::with_capacity(128);
        let mut nonces = NonceBatch::new(values.len())?;
        contexts
            .iter()
            .zip(values)
            .map(|(ctx, v)| {
                let hdr = header(Algorithm::Aes256Gcm, id);
                write_aad(
                    &mut aad,
                    &hdr,
                    &ctx.tenant,
                    &ctx.table,
                    &ctx.column,
                    Some(&ctx.record_id),
                );
                seal_with_nonce(&c.field, &hdr, &nonces.next()?, &aad, v)
            })
            .collect()
    }

    /// Encrypts one column of many rows: `values[i]` belongs to row `record_ids[i]`. Returns text
    /// envelopes, the form most databases store. Nonces for the whole batch are one run of this
    /// thread's nonce stream ([`crate::nonce`]).
    pub fn encrypt_column(
        &self,
        column: &ColumnContext,
        record_ids: &[&str],
        values: &[&[u8]],
    ) -> Result<Vec<String>, PiiError> {
        check_lengths(record_ids.len(), values.len())?;
        let (id, c) = self.primary()?;
        let mut aad = Vec::with_capacity(128);
        let mut scratch = Vec::new();
        let mut nonces = NonceBatch::new(values.len())?;
        let hdr = header(Algorithm::Aes256Gcm, id);
        record_ids
            .iter()
            .zip(values)
            .map(|(rid, v)| {
                write_aad(
                    &mut aad,
                    &hdr,
                    &column.tenant,
                    &column.table,
                    &column.column,
                    Some(rid),
                );
                scratch.clear();
                seal_with_nonce_into(&c.field, &hdr, &nonces.next()?, &aad, v, &mut scratch)?;
                Ok(envelope::to_text(&scratch))
            })
            .collect()
    }

    /// Decrypts many envelopes (binary or text); one result per input.
    pub fn decrypt_batch(
        &self,
        contexts: &[FieldContext],
        envelopes: &[&[u8]],
    ) -> Result<Vec<Result<Plaintext, PiiError>>, PiiError> {
        check_lengths(contexts.len(), envelopes.len())?;
        Ok(contexts
            .iter()
            .zip(envelopes)
            .map(|(ctx, e)| self.decrypt(ctx, e))
            .collect())
    }

    /// Re-encrypts an envelope under the primary key without returning the plaintext (it is
    /// zeroized inside). The output keeps the input's form (text in, text out) and mode
    /// (deterministic stays deterministic).
    pub fn rewrap(&self, ctx: &FieldContext, envelope: &[u8]) -> Result<Vec<u8>, PiiError> {
        let text = envelope.starts_with(envelope::TEXT_PREFIX.as_bytes());
        let bin = envelope::decode_any(envelope)?;
        let env = EnvelopeRef::parse(&bin)?;
        let plain = self.decrypt(ctx, &bin)?;
        let out = match env.algorithm {
            Algorithm::Aes256Gcm => self.encrypt(ctx, &plain)?,
            Algorithm::Aes256GcmSivDeterministic => {
                self.encrypt_deterministic(&ctx.column_context(), &plain)?
            }
        };
        Ok(if text {
            envelope::to_text(&out).into_bytes()
        } else {
            out
        })
    }

    /// Rewraps many envelopes; one result per input.
    pub fn rewrap_batch(
        &self,
        contexts: &[FieldContext],
        envelopes: &[&[u8]],
    ) -> Result<Vec<Result<Vec<u8>, PiiError>>, PiiError> {
        check_lengths(contexts.len(), envelopes.len())?;
        Ok(contexts
            .iter()
            .zip(envelopes)
            .map(|(ctx, e)| self.rewrap(ctx, e))
            .collect())
    }

    // ----- deterministic encryption and blind indexes -----

    /// Deterministic encryption (AES-256-GCM-SIV with a synthetic nonce) bound to a column: equal
    /// plaintexts in the same column give equal envelopes. Decrypt with [`Keyring::decrypt`] (the
    /// record id of the field context is not bound) or [`Keyring::decrypt_deterministic`].
    pub fn encrypt_deterministic(
        &self,
        column: &ColumnContext,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, PiiError> {
        let (id, c) = self.primary()?;
        let hdr = header(Algorithm::Aes256GcmSivDeterministic, id);
        let mut aad = Vec::with_capacity(64);
        write_aad(
            &mut aad,
            &hdr,
            &column.tenant,
            &column.table,
            &column.column,
            None,
        );
        let mut mac = c.det_nonce.clone();
        mac.update(&aad);
        mac.update(plaintext);
        let tag_full = mac.finalize().into_bytes();
        let nonce = tag_full.get(..NONCE_LEN).unwrap_or_default();
        let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
        out.extend_from_slice(&hdr);
        out.extend_from_slice(nonce);
        out.extend_from_slice(plaintext);
        let start = hdr.len() + NONCE_LEN;
        let tag = c
            .det
            .encrypt_in_place_detached(nonce.into(), &aad, out.get_mut(start..).unwrap_or_default())
            .map_err(|_| PiiError::AuthFailed)?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// Text form of [`Keyring::encrypt_deterministic`].
    pub fn encrypt_deterministic_text(
        &self,
        column: &ColumnContext,
        plaintext: &[u8],
    ) -> Result<String, PiiError> {
        Ok(envelope::to_text(
            &self.encrypt_deterministic(column, plaintext)?,
        ))
    }

    /// Decrypts a deterministic envelope bound to a column.
    pub fn decrypt_deterministic(
        &self,
        column: &ColumnContext,
        envelope: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, PiiError> {
        self.decrypt(&column.field(""), envelope)
    }

    /// An HMAC-SHA-256 blind index of `value` for equality search in `column`, under the primary
    /// key: `bi1:<key id>:<base64url>`. The index changes when the primary key rotates; during a
    /// migration query with [`Keyring::blind_index_with`] for every live key id.
    pub fn blind_index(&self, column: &ColumnContext, value: &[u8]) -> Result<String, PiiError> {
        let (id, _) = self.primary()?;
        self.blind_index_with(id, column, value)
    }

    /// The blind index of `value` under a given key id.
    pub fn blind_index_with(
        &self,
        key_id: u32,
        column: &ColumnContext,
        value: &[u8],
    ) -> Result<String, PiiError> {
        let c = self.for_decrypt(key_id)?;
        let mut aad = Vec::with_capacity(64);
        write_aad(
            &mut aad,
            b"blind-index",
            &column.tenant,
            &column.table,
            &column.column,
            None,
        );
        let mut mac = c.blind.clone();
        mac.update(&aad);
        mac.update(value);
        let d = mac.finalize().into_bytes();
        Ok(format!("bi1:{key_id}:{}", URL_SAFE_NO_PAD.encode(d)))
    }
}

fn check_lengths(a: usize, b: usize) -> Result<(), PiiError> {
    if a == b {
        Ok(())
    } else {
        Err(PiiError::KeyState {
            reason: format!("batch inputs differ in length: {a} contexts, {b} values"),
        })
    }
}

/// AES-256-GCM seal with the next nonce of this thread's stream, appended to `out`.
fn seal_random_into(
    cipher: &Aes256Gcm,
    key_id: u32,
    ctx: &FieldContext,
    plaintext: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), PiiError> {
    let hdr = header(Algorithm::Aes256Gcm, key_id);
    let mut aad = InlineAad::new();
    write_aad(
        &mut aad,
        &hdr,
        &ctx.tenant,
        &ctx.table,
        &ctx.column,
        Some(&ctx.record_id),
    );
    let nonce = next_nonce()?;
    seal_with_nonce_into(cipher, &hdr, &nonce, aad.as_slice(), plaintext, out)
}

/// Builds `header || nonce || ciphertext || tag`.
pub(crate) fn seal_with_nonce(
    cipher: &Aes256Gcm,
    hdr: &[u8],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, PiiError> {
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    seal_with_nonce_into(cipher, hdr, nonce, aad, plaintext, &mut out)?;
    Ok(out)
}

/// Appends `header || nonce || ciphertext || tag` to `out` (left as it was on error).
fn seal_with_nonce_into(
    cipher: &Aes256Gcm,
    hdr: &[u8],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), PiiError> {
    let base = out.len();
    out.reserve(OVERHEAD + plaintext.len());
    out.extend_from_slice(hdr);
    out.extend_from_slice(nonce);
    out.extend_from_slice(plaintext);
    let start = base + hdr.len() + NONCE_LEN;
    match cipher.seal_in_place(nonce, aad, out.get_mut(start..).unwrap_or_default()) {
        Ok(tag) => {
            out.extend_from_slice(&tag);
            Ok(())
        }
        Err(_) => {
            out.truncate(base);
            Err(PiiError::AuthFailed)
        }
    }
}

/// Opens an envelope; any cryptographic failure is `AuthFailed`.
fn open(
    c: &Ciphers,
    env: &EnvelopeRef<'_>,
    ctx: &FieldContext,
) -> Result<Zeroizing<Vec<u8>>, PiiError> {
    let mut aad = InlineAad::new();
    let record = match env.algorithm {
        Algorithm::Aes256Gcm => Some(ctx.record_id.as_str()),
        Algorithm::Aes256GcmSivDeterministic => None,
    };
    write_aad(
        &mut aad,
        env.header,
        &ctx.tenant,
        &ctx.table,
        &ctx.column,
        record,
    );
    let split = env.ciphertext_and_tag.len() - TAG_LEN;
    let (ct, tag) = env.ciphertext_and_tag.split_at(split);
    let mut buf = Zeroizing::new(ct.to_vec());
    let ok = match env.algorithm {
        Algorithm::Aes256Gcm => env.nonce.try_into().is_ok_and(|nonce| {
            c.field
                .open_in_place(nonce, aad.as_slice(), &mut buf, tag)
                .is_ok()
        }),
        Algorithm::Aes256GcmSivDeterministic => c
            .det
            .decrypt_in_place_detached(env.nonce.into(), aad.as_slice(), &mut buf, tag.into())
            .is_ok(),
    };
    if ok {
        Ok(buf)
    } else {
        Err(PiiError::AuthFailed)
    }
}
