//! The modal layers the app stacks over its screens: text boxes (help,
//! every problem of a file), questions, the session's prompts and the
//! forms. Each is a [`Component`](super::component::Component) that takes
//! every key while it is on top and closes itself when done.

pub mod conflicts;
pub mod form;
pub mod prompt;
pub mod question;
pub mod text;
