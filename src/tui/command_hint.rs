//! A command a layer offers, for the footer and the help overlay: the
//! actions that run it (so the keys shown are always the keys in force) or,
//! for a question's own answers, the letter that picks it.

use super::keymap::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandHint {
    /// The actions, written together (`←→ stage`).
    pub actions: Vec<Action>,
    /// A key written as is, for answers that are letters of their own
    /// (a question's `r reload`) rather than actions of the keymap.
    pub literal: Option<String>,
    /// What it does, in a word or two.
    pub label: String,
    /// Shown in the footer (the most useful ones); all are in the help.
    pub footer: bool,
}

impl CommandHint {
    pub fn new(actions: &[Action], label: &str) -> Self {
        CommandHint {
            actions: actions.to_vec(),
            literal: None,
            label: label.to_string(),
            footer: true,
        }
    }

    /// A command listed in the help only.
    pub fn help_only(actions: &[Action], label: &str) -> Self {
        CommandHint {
            footer: false,
            ..CommandHint::new(actions, label)
        }
    }

    /// A command picked by a key of its own, not by an action.
    pub fn literal(key: &str, label: &str) -> Self {
        CommandHint {
            literal: Some(key.to_string()),
            ..CommandHint::new(&[], label)
        }
    }
}
