//! One controller per screen.
