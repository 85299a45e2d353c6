//! Text shown to people, made harmless: map text and file names come from
//! shared files, so no control character, escape sequence, bidi override
//! or invisible character in them may reach a terminal as it is.
//!
//! Pure text logic, no terminal library and no I/O, so that every layer
//! that prints (the commands, the app, exports) uses the one definition in
//! [`safe`] of what is dangerous and how it is shown instead.

pub mod safe;
