//! Key bindings: the one source of truth for which key does what. Screens
//! ask the keymap whether a key means an action; the footer and the help
//! overlay ask it how to write an action's keys. Users override bindings in
//! `config.ron` (`keys: {"save": ["ctrl-s", "ctrl-w"]}`); mistakes there are
//! reported before the app starts.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can do. Screens decide what an action means for them
/// (Up moves a list selection, Left selects the previous stage...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextPanel,
    PrevPanel,
    Open,
    Back,
    Add,
    Edit,
    EditClient,
    Delete,
    MoveUp,
    MoveDown,
    Undo,
    Redo,
    Save,
    Quit,
    Help,
    Filter,
    Export,
    MarkKept,
    MarkNow,
    LogFeedback,
    Review,
    NewMap,
    EditFile,
    Conflicts,
    Agenda,
    Search,
    SortWorse,
    Timeline,
}

impl Action {
    pub const ALL: [Action; 36] = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::NextPanel,
        Action::PrevPanel,
        Action::Open,
        Action::Back,
        Action::Add,
        Action::Edit,
        Action::EditClient,
        Action::Delete,
        Action::MoveUp,
        Action::MoveDown,
        Action::Undo,
        Action::Redo,
        Action::Save,
        Action::Quit,
        Action::Help,
        Action::Filter,
        Action::Export,
        Action::MarkKept,
        Action::MarkNow,
        Action::LogFeedback,
        Action::Review,
        Action::NewMap,
        Action::EditFile,
        Action::Conflicts,
        Action::Agenda,
        Action::Search,
        Action::SortWorse,
        Action::Timeline,
    ];

    /// The action's name in `config.ron`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::NextPanel => "next-panel",
            Action::PrevPanel => "prev-panel",
            Action::Open => "open",
            Action::Back => "back",
            Action::Add => "add",
            Action::Edit => "edit",
            Action::EditClient => "edit-client",
            Action::Delete => "delete",
            Action::MoveUp => "move-up",
            Action::MoveDown => "move-down",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Save => "save",
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Filter => "filter",
            Action::Export => "export",
            Action::MarkKept => "mark-kept",
            Action::MarkNow => "mark-now",
            Action::LogFeedback => "log-feedback",
            Action::Review => "review",
            Action::NewMap => "new-map",
            Action::EditFile => "edit-file",
            Action::Conflicts => "conflicts",
            Action::Agenda => "agenda",
            Action::Search => "search",
            Action::SortWorse => "sort-worse",
            Action::Timeline => "timeline",
        }
    }

    /// Reads an action name; `_` and `-` are interchangeable.
    pub fn from_name(name: &str) -> Option<Action> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The default keys, in the notation of `config.ron`.
    fn default_keys(self) -> &'static [&'static str] {
        match self {
            Action::Up => &["up", "k"],
            Action::Down => &["down", "j"],
            Action::Left => &["left", "h"],
            Action::Right => &["right", "l"],
            Action::Top => &["home", "g"],
            Action::Bottom => &["end", "G"],
            Action::PageUp => &["pageup", "ctrl-b"],
            Action::PageDown => &["pagedown", "ctrl-f"],
            Action::NextPanel => &["tab"],
            Action::PrevPanel => &["shift-tab"],
            Action::Open => &["enter"],
            Action::Back => &["esc"],
            Action::Add => &["a"],
            Action::Edit => &["e"],
            Action::EditClient => &["E"],
            Action::Delete => &["d"],
            Action::MoveUp => &["K", "shift-up"],
            Action::MoveDown => &["J", "shift-down"],
            Action::Undo => &["u", "ctrl-z"],
            Action::Redo => &["ctrl-r", "ctrl-y"],
            Action::Save => &["ctrl-s"],
            Action::Quit => &["q", "ctrl-c"],
            Action::Help => &["?", "f1"],
            Action::Filter => &["/"],
            Action::Export => &["x"],
            Action::MarkKept => &["m"],
            Action::MarkNow => &[">"],
            Action::LogFeedback => &["f"],
            Action::Review => &["r"],
            Action::NewMap => &["n"],
            Action::EditFile => &["o"],
            Action::Conflicts => &["!"],
            Action::Agenda => &["A"],
            Action::Search => &["s"],
            Action::SortWorse => &["w"],
            Action::Timeline => &["T"],
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One key with its modifiers, normalised so that a key event and a
/// binding written in the config compare equal: a character carries its
/// case (`G` is shift-g) and no Shift flag; Shift-Tab is `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                // Terminals report Ctrl-s as 's' or 'S'; letters under Ctrl
                // are case-blind.
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyChord { code, mods }
    }

    pub fn from_event(key: &KeyEvent) -> Self {
        KeyChord::new(key.code, key.modifiers)
    }

    /// Whether a form uses the key itself, to type (a character without
    /// Ctrl or Alt) or to move and edit (Enter, Tab, the arrows, Home,
    /// End, Backspace, Delete): such a key cannot also submit or cancel
    /// a form.
    pub fn is_form_key(&self) -> bool {
        let plain = !self
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self.code {
            KeyCode::Char(_) => plain,
            KeyCode::Enter
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Up
            | KeyCode::Down
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End
            | KeyCode::Backspace
            | KeyCode::Delete => true,
            _ => false,
        }
    }

    /// Reads a key written like `ctrl-s`, `shift-up`, `G`, `?`, `f5`,
    /// `enter`, `space`, `pagedown`.
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err("an empty key".into());
        }
        let mut mods = KeyModifiers::NONE;
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = [
                ("ctrl-", KeyModifiers::CONTROL),
                ("control-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(p, _)| lower.starts_with(p) && lower.len() > p.len());
            match prefix {
                Some((p, m)) => {
                    mods |= m;
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
                format!("\"{text}\" is not a key (try e.g. \"ctrl-s\", \"shift-up\", \"x\", \"f5\", \"enter\")")
            })?,
        };
        Ok(KeyChord::new(code, mods))
    }

    /// How the key is written on screen: `Ctrl-s`, `↑`, `Enter`, `G`.
    pub fn describe(&self) -> String {
        self.written("Ctrl-")
    }

    /// The key written short, for the keys line of a form: `^s`, `F2`.
    pub fn describe_short(&self) -> String {
        self.written("^")
    }

    fn written(&self, ctrl: &str) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str(ctrl);
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::Up => out.push('↑'),
            KeyCode::Down => out.push('↓'),
            KeyCode::Left => out.push('←'),
            KeyCode::Right => out.push('→'),
            KeyCode::Enter => out.push_str("Enter"),
            KeyCode::Esc => out.push_str("Esc"),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str("Shift-Tab"),
            KeyCode::Backspace => out.push_str("Backspace"),
            KeyCode::Delete => out.push_str("Del"),
            KeyCode::Insert => out.push_str("Ins"),
            KeyCode::Home => out.push_str("Home"),
            KeyCode::End => out.push_str("End"),
            KeyCode::PageUp => out.push_str("PgUp"),
            KeyCode::PageDown => out.push_str("PgDn"),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "page-up" | "pgup" => KeyCode::PageUp,
        "pagedown" | "page-down" | "pgdn" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        "minus" => KeyCode::Char('-'),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if (1..=24).contains(&n) {
                KeyCode::F(n)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// The bindings in force: defaults with the user's overrides applied.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: BTreeMap<Action, Vec<KeyChord>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let bindings = Action::ALL
            .into_iter()
            .map(|a| {
                let keys = a
                    .default_keys()
                    .iter()
                    .filter_map(|k| KeyChord::parse(k).ok())
                    .collect();
                (a, keys)
            })
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// Applies overrides from the config: each named action gets exactly the
    /// keys listed. Every problem is reported, not just the first: unknown
    /// actions, unreadable keys, actions left without a key, and keys bound
    /// to two actions.
    pub fn with_overrides(
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<KeyMap, Vec<String>> {
        let mut map = KeyMap::default();
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!(
                    "keys: \"{name}\" is not an action; the actions are: {}",
                    Action::ALL.map(Action::name).join(", ")
                ));
                continue;
            };
            if keys.is_empty() {
                problems.push(format!(
                    "keys.{}: no key given; every action needs at least one",
                    action.name()
                ));
                continue;
            }
            let mut chords = Vec::new();
            for key in keys {
                match KeyChord::parse(key) {
                    Ok(chord) if !chords.contains(&chord) => chords.push(chord),
                    Ok(_) => {}
                    Err(e) => problems.push(format!("keys.{}: {e}", action.name())),
                }
            }
            if !chords.is_empty() {
                map.bindings.insert(action, chords);
            }
        }
        let mut owner: std::collections::HashMap<KeyChord, Action> = Default::default();
        for (&action, chords) in &map.bindings {
            for chord in chords {
                if let Some(&other) = owner.get(chord) {
                    problems.push(format!(
                        "keys: {} is bound to both \"{}\" and \"{}\"; give one of them another key",
                        chord.describe(),
                        other.name(),
                        action.name()
                    ));
                } else {
                    owner.insert(*chord, action);
                }
            }
        }
        // A form takes letters and its moving keys as typing: `back` needs
        // another key, or a form could not be left without saving it.
        // (`save` may go without: Enter on a form's last field saves.)
        let back = map.keys(Action::Back);
        if !back.is_empty() && map.form_keys(Action::Back).is_empty() {
            problems.push(format!(
                "keys.back: {} {} in a form, so a form could not be cancelled; \
                 add a key that does not type, like \"esc\"",
                back.iter()
                    .map(KeyChord::describe)
                    .collect::<Vec<_>>()
                    .join(", "),
                if back.len() == 1 {
                    "types or moves"
                } else {
                    "all type or move"
                },
            ));
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// Whether a key press means `action`.
    pub fn is(&self, action: Action, key: &KeyEvent) -> bool {
        let chord = KeyChord::from_event(key);
        self.keys(action).contains(&chord)
    }

    /// The action a key press means, if any.
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        let chord = KeyChord::from_event(key);
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&chord))
            .map(|(a, _)| *a)
    }

    pub fn keys(&self, action: Action) -> &[KeyChord] {
        self.bindings.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The keys of an action that work inside a form: those the form does
    /// not use itself (see [`KeyChord::is_form_key`]). `save` submits a
    /// form with them and `back` cancels it.
    pub fn form_keys(&self, action: Action) -> Vec<KeyChord> {
        self.keys(action)
            .iter()
            .filter(|k| !k.is_form_key())
            .copied()
            .collect()
    }

    /// The first key of an action, as shown in the footer (`Ctrl-s`).
    pub fn describe(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(KeyChord::describe)
            .unwrap_or_else(|| "unbound".into())
    }

    /// Every key of an action, as shown in the help (`↑ k`).
    pub fn describe_all(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(KeyChord::describe)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    fn overrides(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(a, ks)| (a.to_string(), ks.iter().map(|k| k.to_string()).collect()))
            .collect()
    }

    #[test]
    fn defaults_have_no_conflicts() {
        let map = KeyMap::with_overrides(&BTreeMap::new()).expect("defaults are consistent");
        for action in Action::ALL {
            assert!(!map.keys(action).is_empty(), "{action} has a key");
        }
    }

    #[test]
    fn parses_the_config_notation() {
        let p = |s| KeyChord::parse(s).unwrap();
        assert_eq!(
            p("ctrl-s"),
            KeyChord::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(p("Ctrl-S"), p("ctrl-s"));
        assert_eq!(p("shift-g"), p("G"));
        assert_eq!(p("shift-tab"), p("backtab"));
        assert_eq!(p("f5"), KeyChord::new(KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(
            p("shift-up"),
            KeyChord::new(KeyCode::Up, KeyModifiers::SHIFT)
        );
        assert_eq!(
            p("-"),
            KeyChord::new(KeyCode::Char('-'), KeyModifiers::NONE)
        );
        assert_eq!(
            p("ctrl--"),
            KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert!(KeyChord::parse("ctrl-").is_err());
        assert!(KeyChord::parse("hyper-x").is_err());
        assert!(KeyChord::parse("f99").is_err());
        assert!(KeyChord::parse("").is_err());
    }

    #[test]
    fn events_match_bindings_whatever_the_shift_flag() {
        let map = KeyMap::default();
        assert!(map.is(
            Action::Bottom,
            &press(KeyCode::Char('G'), KeyModifiers::SHIFT)
        ));
        assert!(map.is(
            Action::Bottom,
            &press(KeyCode::Char('G'), KeyModifiers::NONE)
        ));
        assert!(map.is(
            Action::PrevPanel,
            &press(KeyCode::BackTab, KeyModifiers::SHIFT)
        ));
        assert!(map.is(
            Action::Save,
            &press(KeyCode::Char('S'), KeyModifiers::CONTROL)
        ));
        assert!(!map.is(Action::Save, &press(KeyCode::Char('s'), KeyModifiers::NONE)));
        assert_eq!(
            map.action(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let map = KeyMap::with_overrides(&overrides(&[
            ("save", &["ctrl-s", "ctrl-w"]),
            ("quit", &["ctrl-q"]),
        ]))
        .unwrap();
        assert!(map.is(
            Action::Save,
            &press(KeyCode::Char('w'), KeyModifiers::CONTROL)
        ));
        assert!(map.is(
            Action::Quit,
            &press(KeyCode::Char('q'), KeyModifiers::CONTROL)
        ));
        assert!(!map.is(Action::Quit, &press(KeyCode::Char('q'), KeyModifiers::NONE)));
        assert_eq!(map.describe(Action::Quit), "Ctrl-q");
        assert_eq!(map.describe_all(Action::Save), "Ctrl-s Ctrl-w");
        // Underscores work as well as dashes.
        let map = KeyMap::with_overrides(&overrides(&[("mark_kept", &["M"])])).unwrap();
        assert_eq!(map.describe(Action::MarkKept), "M");
    }

    #[test]
    fn conflicts_are_reported_with_both_actions() {
        let err = KeyMap::with_overrides(&overrides(&[("save", &["q"])])).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].contains("q is bound to both"), "{}", err[0]);
        assert!(
            err[0].contains("\"quit\"") && err[0].contains("\"save\""),
            "{}",
            err[0]
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let err = KeyMap::with_overrides(&overrides(&[
            ("sav", &["ctrl-s"]),
            ("undo", &["hyper-z"]),
            ("redo", &[]),
            ("export", &["j"]),
        ]))
        .unwrap_err();
        assert_eq!(err.len(), 4, "{err:#?}");
        assert!(err.iter().any(|e| e.contains("\"sav\" is not an action")));
        assert!(
            err.iter()
                .any(|e| e.contains("keys.undo: \"hyper-z\" is not a key"))
        );
        assert!(err.iter().any(|e| e.contains("keys.redo: no key given")));
        assert!(
            err.iter()
                .any(|e| e.contains("j is bound to both \"down\" and \"export\""))
        );
    }

    #[test]
    fn forms_use_the_keys_that_do_not_type() {
        let map = KeyMap::with_overrides(&overrides(&[("save", &["S", "f2"])])).unwrap();
        assert_eq!(
            map.form_keys(Action::Save),
            vec![KeyChord::new(KeyCode::F(2), KeyModifiers::NONE)],
            "S types in a form; F2 saves it"
        );
        assert_eq!(map.form_keys(Action::Back), map.keys(Action::Back));
        // Enter on the last field still saves a form.
        let map = KeyMap::with_overrides(&overrides(&[("save", &["S"])])).unwrap();
        assert!(map.form_keys(Action::Save).is_empty());
        // But a form must have a key to cancel it.
        let err = KeyMap::with_overrides(&overrides(&[("back", &["backspace", "q"])])).unwrap_err();
        assert_eq!(err.len(), 2, "{err:#?}");
        assert!(err[0].contains("q is bound to both"), "{}", err[0]);
        assert!(
            err[1].starts_with("keys.back: Backspace, q all type or move in a form")
                && err[1].contains("\"esc\""),
            "{}",
            err[1]
        );
        assert_eq!(KeyChord::parse("ctrl-s").unwrap().describe_short(), "^s");
    }

    #[test]
    fn a_conflict_can_be_resolved_by_moving_the_other_action() {
        let map = KeyMap::with_overrides(&overrides(&[("save", &["q"]), ("quit", &["ctrl-q"])]));
        assert!(map.is_ok());
    }
}
