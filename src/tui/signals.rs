//! Termination signals sent from outside the app: SIGTERM (`kill`, a
//! shutdown), SIGHUP (the terminal window closed, an ssh link dropped) and
//! SIGINT sent by `kill -INT` (Ctrl-C itself arrives as a key in raw mode).
//!
//! Without a handler they end the process at once, leaving the terminal in
//! raw mode on the alternate screen and the map's lock behind. With it the
//! event loop sees the signal within a tick and stops the app the way the
//! app stops itself: the terminal restored, the lock released, and unsaved
//! edits kept as a recovery copy, since nobody can be asked about them.
//!
//! The handler itself is signal-hook's (the same crate crossterm uses), so
//! this file has no `unsafe`: signal-hook's handler only wakes its
//! iterator, and everything else runs on an ordinary thread.

use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// The first termination signal received, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// How long the app has to stop by itself once a signal came, before the
/// watchdog ends the process.
const GRACE: Duration = Duration::from_secs(2);

/// Installs the handler for SIGTERM, SIGHUP and SIGINT, and the watchdog
/// thread that waits for them.
///
/// The watchdog is for a terminal that is gone (SIGHUP after the window
/// closed): crossterm 0.29 then spins reading the dead terminal inside
/// its poll and never hands control back to the event loop. The process
/// ends anyway after [`GRACE`], as it would have without a handler, with
/// the last recovery copy (at most a second or two old) on disk and a
/// lock that others see is stale. If the handler cannot be installed
/// (never expected) the signals keep their default action.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signal-watchdog".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    RECEIVED.store(signal, Ordering::SeqCst);
                    std::thread::sleep(GRACE);
                    std::process::exit(128 + signal);
                }
            });
    });
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
        SIGTERM => "SIGTERM",
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        _ => "a signal",
    }
}
