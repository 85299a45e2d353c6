//! The editing core shared by the app and the command-line writers: the
//! open map with its undo history ([`document`]) and the session around it
//! (lock, watching the file, recovery copies, saving: [`session`]). Nothing
//! here draws or reads keys, so it depends on no ratatui type.

pub mod document;
pub mod find;
pub mod session;
