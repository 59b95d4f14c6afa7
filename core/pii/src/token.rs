//! Keyed tokenization: HMAC-SHA-256 pseudonyms of normalized identifiers.
//!
//! # Construction
//!
//! Token keys form a *chain* of versions `k1 < k2 < ... < kn` (ids ascending; the last is primary).
//! For type `T`, tenant `N` and normalized value `v`:
//!
//! ```text
//! t1 = HMAC-SHA-256(k1, "medcore-pii/token/v1" || len32(T) || T || len32(N) || N || v)
//! ti = HMAC-SHA-256(ki, "medcore-pii/token/rekey/v1" || len32(T) || T || len32(N) || N || t(i-1))
//! ```
//!
//! The token under version `i` is `ti`. This makes re-keying possible without the original value:
//! an old token under version `i` becomes the token under version `j > i` by applying the steps
//! `i+1..j` ([`Tokenizer::rekey`]). Someone holding only an old key cannot link new tokens to values,
//! and someone holding only the newest key cannot enumerate values (the first step needs `k1`).
//! Tokenizing a fresh value costs one HMAC per version in the chain, so keep chains short and start
//! a fresh chain (re-tokenizing from the values) when one grows long.
//!
//! Domain separation: the type and the tenant are hashed in, so the same SSN gets unrelated tokens
//! in two tenants or as an SSN and as an MRN.
//!
//! # Text format
//!
//! `mct1:<type>:<key id>:<43 base64url characters of the 32-byte token>`,
//! e.g. `mct1:ssn:2:...`.

use crate::error::PiiError;
use crate::keyring::hmac_with_key;
use crate::keysource::{read_secret_file, KeySpec};
use crate::kind::PiiType;
use crate::normalize::normalize;
use crate::secret::{labels, SecretKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// Prefix of token text.
pub const TOKEN_PREFIX: &str = "mct1";

/// A parsed token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Identifier type.
    pub kind: PiiType,
    /// Key id (version) the token was made under.
    pub key_id: u32,
    /// The 32 token bytes.
    pub bytes: [u8; 32],
}

impl Token {
    /// The text form `mct1:<type>:<key id>:<base64url>`.
    pub fn to_text(&self) -> String {
        let kind = self.kind.as_str();
        // prefix, 3 colons, up to 10 digits, 43 base64url characters
        let mut s = String::with_capacity(TOKEN_PREFIX.len() + kind.len() + 56);
        s.push_str(TOKEN_PREFIX);
        s.push(':');
        s.push_str(kind);
        s.push(':');
        push_decimal(&mut s, self.key_id);
        s.push(':');
        URL_SAFE_NO_PAD.encode_string(self.bytes, &mut s);
        s
    }

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Token, PiiError> {
        let bad = |why: &str| PiiError::TokenFormat {
            reason: format!("{why} (expected {TOKEN_PREFIX}:<type>:<key id>:<base64url>)"),
        };
        let mut it = text.trim().splitn(4, ':');
        if it.next() != Some(TOKEN_PREFIX) {
            return Err(bad("wrong prefix"));
        }
        let kind: PiiType = it.next().ok_or_else(|| bad("missing type"))?.parse()?;
        let key_id: u32 = it
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("missing or bad key id"))?;
        let body = it.next().ok_or_else(|| bad("missing token body"))?;
        let raw = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| bad("token body is not base64url"))?;
        let bytes: [u8; 32] = raw
            .as_slice()
            .try_into()
            .map_err(|_| bad("token body is not 32 bytes"))?;
        Ok(Token {
            kind,
            key_id,
            bytes,
        })
    }
}

#[derive(Clone)]
struct TokenKey {
    id: u32,
    mac: HmacSha256,
}

/// A tokenizer: a chain of HMAC-SHA-256 token keys (see the module documentation). A long-lived,
/// `Send + Sync` handle. `Debug` prints key ids only.
#[derive(Clone)]
pub struct Tokenizer {
    keys: Vec<TokenKey>,
}

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer")
            .field("key_ids", &self.key_ids())
            .finish()
    }
}

impl Tokenizer {
    /// A tokenizer whose chain is the given versions (any order; ids must be distinct and
    /// positive). Each token key is HKDF-derived from the given root secret.
    pub fn from_keys(keys: Vec<(u32, SecretKey)>) -> Result<Self, PiiError> {
        let mut out: Vec<TokenKey> = Vec::with_capacity(keys.len());
        for (id, root) in keys {
            if id == 0 || out.iter().any(|k| k.id == id) {
                return Err(PiiError::KeyState {
                    reason: format!("token key id {id} is zero or repeated"),
                });
            }
            let k = root.derive(labels::TOKEN);
            out.push(TokenKey {
                id,
                mac: hmac_with_key(k.expose()),
            });
        }
        if out.is_empty() {
            return Err(PiiError::KeyState {
                reason: "a tokenizer needs at least one key".into(),
            });
        }
        out.sort_by_key(|k| k.id);
        Ok(Tokenizer { keys: out })
    }

    /// A tokenizer with one version (1) derived from a master secret.
    pub fn from_master(master: &SecretKey) -> Self {
        let k = master.derive(labels::TOKEN);
        Tokenizer {
            keys: vec![TokenKey {
                id: 1,
                mac: hmac_with_key(k.expose()),
            }],
        }
    }

    /// A tokenizer with one freshly generated key.
    pub fn generate() -> Result<Self, PiiError> {
        Ok(Self::from_master(&SecretKey::generate()?))
    }

    /// From a key spec text (same format as keyrings, see [`crate::keysource`]; states other than
    /// destroyed are ignored: every key of the chain is needed).
    pub fn from_spec(text: &str) -> Result<Self, PiiError> {
        Self::from_key_spec(KeySpec::parse(text, "token key spec")?)
    }

    /// From an environment variable holding a key spec (usually `MEDCORE_PII_TOKEN_KEYS`).
    pub fn from_env(var: &str) -> Result<Self, PiiError> {
        let value = Zeroizing::new(std::env::var(var).map_err(|_| {
            PiiError::key_format(format!(
                "environment variable {var} is not set or not UTF-8"
            ))
        })?);
        Self::from_key_spec(KeySpec::parse(&value, var)?)
    }

    /// From a file holding a key spec.
    pub fn from_file(path: &std::path::Path) -> Result<Self, PiiError> {
        let text = read_secret_file(path)?;
        Self::from_key_spec(KeySpec::parse(&text, &path.display().to_string())?)
    }

    fn from_key_spec(spec: KeySpec) -> Result<Self, PiiError> {
        let mut keys = Vec::new();
        for e in spec.entries {
            match e.key {
                Some(k) => keys.push((e.id, k)),
                None => return Err(PiiError::KeyDestroyed { key_id: e.id }),
            }
        }
        Self::from_keys(keys)
    }

    /// Appends a new version (must be above every existing id) that becomes primary.
    pub fn rotate_with(&mut self, id: u32, root: &SecretKey) -> Result<(), PiiError> {
        if self.keys.last().is_some_and(|k| k.id >= id) {
            return Err(PiiError::KeyState {
                reason: format!("token key id {id} must be above the primary id"),
            });
        }
        let k = root.derive(labels::TOKEN);
        self.keys.push(TokenKey {
            id,
            mac: hmac_with_key(k.expose()),
        });
        Ok(())
    }

    /// Key ids of the chain, ascending; the last is primary.
    pub fn key_ids(&self) -> Vec<u32> {
        self.keys.iter().map(|k| k.id).collect()
    }

    /// The primary key id.
    pub fn primary_id(&self) -> u32 {
        self.keys.last().map_or(0, |k| k.id)
    }

    /// The first key's HMAC state after the token label and the domain (type and tenant): what
    /// every value of one type and tenant starts from.
    fn first_state(&self, kind: PiiType, tenant: &str) -> Option<HmacSha256> {
        let k = self.keys.first()?;
        let mut mac = k.mac.clone();
        mac.update(b"medcore-pii/token/v1");
        domain(&mut mac, kind, tenant);
        Some(mac)
    }

    fn first_step(&self, kind: PiiType, tenant: &str, normalized: &[u8]) -> Option<[u8; 32]> {
        let mut mac = self.first_state(kind, tenant)?;
        mac.update(normalized);
        Some(mac.finalize().into_bytes().into())
    }

    fn steps(
        &self,
        kind: PiiType,
        tenant: &str,
        mut t: [u8; 32],
        from: usize,
        to: usize,
    ) -> [u8; 32] {
        for k in self.keys.iter().take(to + 1).skip(from + 1) {
            let mut mac = k.mac.clone();
            mac.update(b"medcore-pii/token/rekey/v1");
            domain(&mut mac, kind, tenant);
            mac.update(&t);
            t = mac.finalize().into_bytes().into();
        }
        t
    }

    /// The token of an already normalized value under the primary key.
    pub fn tokenize_normalized(
        &self,
        kind: PiiType,
        tenant: &str,
        normalized: &str,
    ) -> Result<Token, PiiError> {
        let start = self.first_state(kind, tenant).ok_or_else(no_token_keys)?;
        Ok(self.token_from(&start, kind, tenant, normalized))
    }

    /// The primary-key token of a normalized value, from the first key's state after the label
    /// and domain ([`Tokenizer::first_state`]).
    fn token_from(
        &self,
        start: &HmacSha256,
        kind: PiiType,
        tenant: &str,
        normalized: &str,
    ) -> Token {
        let mut mac = start.clone();
        mac.update(normalized.as_bytes());
        let t0: [u8; 32] = mac.finalize().into_bytes().into();
        let last = self.keys.len().saturating_sub(1);
        Token {
            kind,
            key_id: self.primary_id(),
            bytes: self.steps(kind, tenant, t0, 0, last),
        }
    }

    /// Normalizes `value` as `kind` and returns its token under the primary key.
    pub fn tokenize(&self, kind: PiiType, tenant: &str, value: &str) -> Result<Token, PiiError> {
        let n = Zeroizing::new(normalize(kind, value)?);
        self.tokenize_normalized(kind, tenant, &n)
    }

    /// [`Tokenizer::tokenize`] returning the text form.
    pub fn tokenize_text(
        &self,
        kind: PiiType,
        tenant: &str,
        value: &str,
    ) -> Result<String, PiiError> {
        Ok(self.tokenize(kind, tenant, value)?.to_text())
    }

    /// Tokenizes many values of one type; one result per input (a value that fails to normalize
    /// does not stop the batch).
    pub fn tokenize_batch(
        &self,
        kind: PiiType,
        tenant: &str,
        values: &[&str],
    ) -> Vec<Result<String, PiiError>> {
        let Some(start) = self.first_state(kind, tenant) else {
            return values.iter().map(|_| Err(no_token_keys())).collect();
        };
        values
            .iter()
            .map(|v| {
                let n = Zeroizing::new(normalize(kind, v)?);
                Ok(self.token_from(&start, kind, tenant, &n).to_text())
            })
            .collect()
    }

    /// Moves a token made under an older key of this chain to the primary key, without the
    /// original value.
    pub fn rekey(&self, tenant: &str, token: &str) -> Result<String, PiiError> {
        let t = Token::parse(token)?;
        let from = self
            .keys
            .iter()
            .position(|k| k.id == t.key_id)
            .ok_or(PiiError::KeyUnknown { key_id: t.key_id })?;
        let last = self.keys.len().saturating_sub(1);
        Ok(Token {
            kind: t.kind,
            key_id: self.primary_id(),
            bytes: self.steps(t.kind, tenant, t.bytes, from, last),
        }
        .to_text())
    }

    /// Re-keys many tokens; one result per input.
    pub fn rekey_batch(&self, tenant: &str, tokens: &[&str]) -> Vec<Result<String, PiiError>> {
        tokens.iter().map(|t| self.rekey(tenant, t)).collect()
    }

    /// Whether `token` (under any key of the chain) is the token of `value`; constant-time
    /// comparison of the token bytes.
    pub fn verify(
        &self,
        kind: PiiType,
        tenant: &str,
        value: &str,
        token: &str,
    ) -> Result<bool, PiiError> {
        let t = Token::parse(token)?;
        if t.kind != kind {
            return Ok(false);
        }
        let to = self
            .keys
            .iter()
            .position(|k| k.id == t.key_id)
            .ok_or(PiiError::KeyUnknown { key_id: t.key_id })?;
        let n = Zeroizing::new(normalize(kind, value)?);
        let t0 = self
            .first_step(kind, tenant, n.as_bytes())
            .ok_or(PiiError::KeyUnknown { key_id: t.key_id })?;
        let expect = self.steps(kind, tenant, t0, 0, to);
        Ok(expect.ct_eq(&t.bytes).into())
    }
}

fn no_token_keys() -> PiiError {
    PiiError::KeyState {
        reason: "no token keys".into(),
    }
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        out.push(char::from(*d));
    }
}

fn domain(mac: &mut HmacSha256, kind: PiiType, tenant: &str) {
    for part in [kind.as_str().as_bytes(), tenant.as_bytes()] {
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX - 1);
        mac.update(&len.to_be_bytes());
        mac.update(part);
    }
}
