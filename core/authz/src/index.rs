//! The rule index: rules bucketed at load by (resource type, action, role), so a decision
//! looks only at rules that can apply to its request.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Stands for "any" in a bucket key.
pub(crate) const ANY: u32 = u32::MAX;

/// A fast hasher for the packed integer keys of the index (keys are not attacker-chosen:
/// they are interned ids assigned at load).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // SplitMix64 finalizer.
        let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

type Map = HashMap<u64, Vec<u32>, BuildHasherDefault<KeyHasher>>;

fn key(ty: u32, action: u32, role: u32) -> u64 {
    // 21 bits each is ample for interned ids; ANY maps to the all-ones pattern.
    let m = |x: u32| u64::from(x) & 0x1f_ffff;
    (m(ty) << 42) | (m(action) << 21) | m(role)
}

/// Rule ids by (type, action, role) bucket.
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    buckets: Map,
}

impl Index {
    /// Files rule `rule` under every combination of its scope (ANY for an open dimension).
    pub(crate) fn insert(&mut self, rule: u32, types: &[u32], actions: &[u32], roles: &[u32]) {
        for &t in types {
            for &a in actions {
                for &r in roles {
                    self.buckets.entry(key(t, a, r)).or_default().push(rule);
                }
            }
        }
    }

    /// The rules that may apply, in rule order, into `out` (cleared first).
    pub(crate) fn candidates(
        &self,
        ty: Option<u32>,
        action: Option<u32>,
        roles: &[u32],
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let types = [ty.unwrap_or(ANY), ANY];
        let actions = [action.unwrap_or(ANY), ANY];
        let ntypes = if ty.is_some() { 2 } else { 1 };
        let nactions = if action.is_some() { 2 } else { 1 };
        let mut lists = 0;
        for t in &types[2 - ntypes..] {
            for a in &actions[2 - nactions..] {
                for r in roles.iter().chain(std::iter::once(&ANY)) {
                    if let Some(v) = self.buckets.get(&key(*t, *a, *r)) {
                        out.extend_from_slice(v);
                        lists += 1;
                    }
                }
            }
        }
        if lists > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// Number of buckets.
    pub(crate) fn len(&self) -> usize {
        self.buckets.len()
    }
}
