//! Fork detection for the nonce streams, without a system call per nonce.
//!
//! `fork` copies the parent's memory, including the forking thread's nonce stream; the child must
//! never continue it. On Unix a child handler registered once with `pthread_atfork` advances a
//! process-wide generation in the child, so a stream records the generation it was seeded in and
//! a changed generation means "seeded in another process". Reading it is one atomic load. If the
//! handler cannot be registered, the generation falls back to the process id (one `getpid` per
//! call), which detects a fork as well. Elsewhere processes do not fork and the generation is
//! constant.

/// The current fork generation: equal values mean "same process as when it was last read".
pub fn generation() -> u64 {
    imp::generation()
}

#[cfg(unix)]
#[allow(unsafe_code)]
mod imp {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Once;

    /// Generations counted by the atfork handler stay below this bit; process ids are tagged
    /// with it, so the two sources never produce the same value.
    const PID_TAG: u64 = 1 << 63;

    static GENERATION: AtomicU64 = AtomicU64::new(0);
    static REGISTERED: AtomicBool = AtomicBool::new(false);
    static REGISTER: Once = Once::new();

    /// Runs in the child process of every `fork`, before `fork` returns there.
    extern "C" fn in_child() {
        GENERATION.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn generation() -> u64 {
        REGISTER.call_once(|| {
            // SAFETY: `pthread_atfork` only records the handler; `in_child` performs one atomic
            // increment, which is async-signal-safe and valid in the single-threaded child.
            let rc = unsafe { libc::pthread_atfork(None, None, Some(in_child)) };
            REGISTERED.store(rc == 0, Ordering::Release);
        });
        if REGISTERED.load(Ordering::Acquire) {
            GENERATION.load(Ordering::Relaxed)
        } else {
            PID_TAG | u64::from(std::process::id())
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub(super) fn generation() -> u64 {
        0
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    #[allow(unsafe_code)]
    fn a_forked_child_sees_a_new_generation_and_draws_other_nonces() {
        let parent_generation = super::generation();
        let before = crate::nonce::next_nonce().unwrap();
        let mut fds = [0i32; 2];
        // SAFETY: plain POSIX calls; the child only computes a nonce, writes it and `_exit`s.
        unsafe {
            assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
            let pid = libc::fork();
            assert!(pid >= 0, "fork failed");
            if pid == 0 {
                let mut msg = [0u8; 21];
                msg[..8].copy_from_slice(&super::generation().to_be_bytes());
                let ok = crate::nonce::next_nonce().map(|n| msg[8..20].copy_from_slice(&n));
                msg[20] = u8::from(ok.is_ok());
                libc::write(fds[1], msg.as_ptr().cast(), msg.len());
                libc::_exit(0);
            }
            let mut msg = [0u8; 21];
            let n = libc::read(fds[0], msg.as_mut_ptr().cast(), msg.len());
            let mut status = 0;
            libc::waitpid(pid, &mut status, 0);
            libc::close(fds[0]);
            libc::close(fds[1]);
            assert_eq!(n, 21, "the child did not report");
            let child_generation = u64::from_be_bytes(msg[..8].try_into().unwrap());
            assert_ne!(child_generation, parent_generation);
            assert_eq!(msg[20], 1, "the child could not draw a nonce");
            let child_nonce = &msg[8..20];
            let after = crate::nonce::next_nonce().unwrap();
            // The parent continues its stream; the child seeded a new one.
            assert_eq!(after[..4], before[..4]);
            assert_ne!(
                child_nonce[..4],
                before[..4],
                "the child continued the parent's stream"
            );
            assert_ne!(child_nonce, &after[..]);
        }
        assert_eq!(super::generation(), parent_generation);
    }
}
