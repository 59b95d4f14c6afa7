//! Deterministic resource ids: 128-bit FNV-1a over the parts, written as a UUID.

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

/// The id for `parts` (joined with a separator that cannot occur in the hash input ambiguously).
pub(crate) fn uuid(parts: &[&str]) -> String {
    let mut h = OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for b in p.bytes() {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    let x = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &x[0..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::uuid;

    #[test]
    fn stable_and_separated() {
        // FNV-1a 128 of the empty input is the offset basis (published FNV parameters).
        assert_eq!(uuid(&[""]), "6c62272e-07bb-0142-62b8-21756295c58d");
        assert_eq!(uuid(&["Patient", "a"]), uuid(&["Patient", "a"]));
        assert_ne!(uuid(&["ab", "c"]), uuid(&["a", "bc"]));
    }
}
