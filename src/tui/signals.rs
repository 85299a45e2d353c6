//! Termination signals sent from outside the app: SIGTERM (`kill`, a
//! shutdown), SIGHUP (the terminal window closed, an ssh link dropped) and
//! SIGINT sent by `kill -INT` (Ctrl-C itself arrives as a key in raw mode).
//!
//! Without a handler they end the process at once, leaving the terminal in
//! raw mode on the alternate screen and the map's lock behind. With it the
//! event loop sees the signal within a tick and stops the app the way the
//! app stops itself: the terminal restored, the lock released, and unsaved
//! edits kept as a recovery copy, since nobody can be asked about them.

use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// The last signal received, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// The write end of the pipe that wakes the watchdog, -1 before it runs.
static WAKE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn note(signal: libc::c_int) {
    // An atomic store and a write(2): all a signal handler may safely do.
    RECEIVED.store(signal, Ordering::SeqCst);
    let fd = WAKE.load(Ordering::SeqCst);
    if fd >= 0 {
        let byte = 1u8;
        // SAFETY: writes one byte from a live local to a pipe we own.
        unsafe { libc::write(fd, (&raw const byte).cast(), 1) };
    }
}

/// How long the app has to stop by itself once a signal came, before the
/// watchdog ends the process.
const GRACE: Duration = Duration::from_secs(2);

/// Installs the handler for SIGTERM, SIGHUP and SIGINT, and the watchdog.
///
/// The watchdog is for a terminal that is gone (SIGHUP after the window
/// closed): crossterm 0.29 then spins reading the dead terminal inside
/// its poll and never hands control back to the event loop. The process
/// ends anyway after [`GRACE`], as it would have without a handler, with
/// the last recovery copy (at most a second or two old) on disk and a
/// lock that others see is stale.
pub fn install() {
    static WATCHDOG: Once = Once::new();
    WATCHDOG.call_once(start_watchdog);
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

/// A thread that sleeps on a pipe until a signal's handler writes to it,
/// then gives the app [`GRACE`] to stop before ending the process. Without
/// a pipe or a thread (never expected) there is no watchdog, only the flag.
fn start_watchdog() {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe(2) fills the two descriptors of a live local array.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return;
    }
    let [read_end, write_end] = fds;
    let started = std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            let mut byte = 0u8;
            loop {
                // SAFETY: reads one byte into a live local from our pipe.
                let n = unsafe { libc::read(read_end, (&raw mut byte).cast(), 1) };
                if n == 1 || received().is_some() {
                    break;
                }
                if n == 0 {
                    return; // never expected: the write end is never closed
                }
            }
            std::thread::sleep(GRACE);
            std::process::exit(128 + received().unwrap_or(libc::SIGTERM));
        });
    if started.is_ok() {
        WAKE.store(write_end, Ordering::SeqCst);
    }
}
