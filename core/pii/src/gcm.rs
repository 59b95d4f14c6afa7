//! AES-256-GCM (NIST SP 800-38D, 96-bit nonces, 128-bit tags): the one implementation behind the
//! field envelopes, the local key-encryption keys and [`crate::primitives`].
//!
//! The cipher is `ring`'s, whose x86-64 and AArch64 code interleaves AES and GHASH in hardware
//! instructions (AES-NI/VAES with carry-less multiply). On the reference machine it seals 64 KiB at
//! about 7 GB/s against 1.2 GB/s for the portable RustCrypto `aes-gcm`, and an 11-byte field in
//! about 95 ns against 130 ns (see BENCHMARKS.md).
//!
//! `ring` does not clear its key schedules when they are dropped, so each key lives in its own heap
//! allocation that is overwritten with zeros when the [`Aes256Gcm`] is dropped.

use crate::envelope::TAG_LEN;
use crate::error::PiiError;
use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_256_GCM};
use std::mem::MaybeUninit;

/// An AES-256-GCM key, zeroed on drop.
pub(crate) struct Aes256Gcm {
    /// Always initialized; `MaybeUninit` only so that `Drop` may overwrite it with zeros, which
    /// are not a valid `LessSafeKey` (it holds a reference and enums).
    key: Box<MaybeUninit<LessSafeKey>>,
}

// Zeroing in `Drop` replaces running the key's own drop code; that is sound only while it has none
// (no heap memory or other resources of its own).
const _: () = assert!(!std::mem::needs_drop::<LessSafeKey>());

impl Aes256Gcm {
    /// The cipher for a 256-bit key.
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        // ring rejects only keys of the wrong length, and the type fixes the length at 32 bytes.
        let unbound =
            UnboundKey::new(&AES_256_GCM, key).expect("AES-256-GCM accepts every 32-byte key");
        Aes256Gcm {
            key: Box::new(MaybeUninit::new(LessSafeKey::new(unbound))),
        }
    }

    #[allow(unsafe_code)]
    fn key(&self) -> &LessSafeKey {
        // SAFETY: `new` initializes the key and only `drop` de-initializes it.
        unsafe { self.key.assume_init_ref() }
    }

    /// Encrypts `in_out` in place and returns the tag.
    pub(crate) fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; TAG_LEN], PiiError> {
        let tag = self
            .key()
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                in_out,
            )
            .map_err(|_| PiiError::AuthFailed)?;
        let mut out = [0u8; TAG_LEN];
        out.copy_from_slice(tag.as_ref());
        Ok(out)
    }

    /// Decrypts `in_out` in place after checking `tag`; any failure is [`PiiError::AuthFailed`].
    pub(crate) fn open_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8],
    ) -> Result<(), PiiError> {
        let tag = Tag::try_from(tag).map_err(|_| PiiError::AuthFailed)?;
        self.key()
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                tag,
                in_out,
                0..,
            )
            .map(|_| ())
            .map_err(|_| PiiError::AuthFailed)
    }
}

impl Clone for Aes256Gcm {
    fn clone(&self) -> Self {
        Aes256Gcm {
            key: Box::new(MaybeUninit::new(self.key().clone())),
        }
    }
}

impl Drop for Aes256Gcm {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        let key: *mut MaybeUninit<LessSafeKey> = &mut *self.key;
        // SAFETY: the pointer is valid and aligned, all-zero bytes are a valid
        // `MaybeUninit<LessSafeKey>`, the key needs no drop code (asserted above), and it is not
        // read again.
        unsafe { zeroize::zeroize_flat_type(key) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_rejects_a_changed_tag() {
        let k = Aes256Gcm::new(&[7; 32]);
        let mut buf = *b"hello world";
        let tag = k.seal_in_place(&[1; 12], b"aad", &mut buf).unwrap();
        assert_ne!(&buf, b"hello world");
        let mut copy = buf;
        k.clone()
            .open_in_place(&[1; 12], b"aad", &mut copy, &tag)
            .unwrap();
        assert_eq!(&copy, b"hello world");
        let mut bad = tag;
        bad[0] ^= 1;
        assert!(k.open_in_place(&[1; 12], b"aad", &mut buf, &bad).is_err());
        assert!(k
            .open_in_place(&[1; 12], b"aad", &mut buf, &tag[..15])
            .is_err());
    }
}
