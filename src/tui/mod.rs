//! The interactive app: screens, widgets and the open document.

pub mod document;
pub mod forms;
pub mod session;
pub mod view;
pub mod widget;
