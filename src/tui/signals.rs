//! Termination signals sent from outside the app: SIGTERM (`kill`, a
//! shutdown), SIGHUP (the terminal window closed, an ssh link dropped) and
//! SIGINT sent by `kill -INT` (Ctrl-C itself arrives as a key in raw mode).
//!
//! Without a handler they end the process at once, leaving the terminal in
//! raw mode on the alternate screen and the map's lock behind. With it the
//! event loop sees the signal within a tick and stops the app the way the
//! app stops itself: the terminal restored, the lock released, and unsaved
//! edits kept as a recovery copy, since nobody can be asked about them.

use std::sync::atomic::{AtomicI32, Ordering};

/// The last signal received, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn note(signal: libc::c_int) {
    // Only an atomic store: all a signal handler may safely do here.
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Installs the handler for SIGTERM, SIGHUP and SIGINT.
pub fn install() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        // SAFETY: `note` is an `extern "C" fn(c_int)` that only stores to
        // an atomic, which is async-signal-safe; the sigaction struct is
        // zeroed and filled before use.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = note as *const () as libc::sighandler_t;
            // Interrupted reads and polls carry on; the loop looks at the
            // flag at least once a tick.
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// The termination signal received since [`install`], if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// The signal's name, for the message the app leaves on exit.
pub fn name(signal: i32) -> &'static str {
    match signal {
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        _ => "a signal",
    }
}
