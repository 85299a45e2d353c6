//! The form of each thing a user edits (a stage, each item kind, a new
//! map), and the conversion of a filled form into an [`Edit`]. The form
//! widget checks required fields and dates; this module checks what needs
//! the map (a stage id already in use) and builds typed values.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::widget::form::{Field, Form};
use crate::edit::document::{Edit, Item, ItemKind, StageHeader, get_item, stage_id_problem};
use crate::model::{
    self, Channel, Client, Commitment, Feedback, Map, Method, Motivation, Need, Perception, Review,
    Source, Stage, TemplateKind, Touchpoint, parse_date, slug,
};

/// What a form is for: where its result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// A new stage inserted at `at`.
    NewStage {
        at: usize,
    },
    EditStage {
        index: usize,
    },
    /// A new item of a kind in a stage (review notes: about that stage).
    NewItem {
        stage: usize,
        kind: ItemKind,
    },
    EditItem {
        stage: usize,
        kind: ItemKind,
        index: usize,
    },
    /// The client's name, manager and segment, and the map's title.
    EditClient,
    /// Quick action: new feedback, prefilled with today and the user.
    LogFeedback {
        stage: usize,
    },
}

/// A form with its purpose.
#[derive(Debug, Clone)]
pub struct EditForm {
    pub form: Form,
    pub target: FormTarget,
}

/// Who and when, for prefilling new items.
#[derive(Debug, Clone, Copy)]
pub struct Defaults<'a> {
    pub today: Date,
    pub user: &'a str,
}

const SENTIMENTS: [&str; 5] = [
    "-2 very bad",
    "-1 bad",
    "0 neutral",
    "+1 good",
    "+2 very good",
];

fn channel_options() -> Vec<String> {
    Channel::all()
        .iter()
        .map(|c| match c {
            Channel::Other(_) => "other…".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn method_options() -> Vec<String> {
    Method::all()
        .iter()
        .map(|m| match m {
            Method::Other(_) => "other…".to_string(),
            m => m.to_string(),
        })
        .collect()
}

fn channel_index(c: &Channel) -> usize {
    Channel::all()
        .iter()
        .position(|x| std::mem::discriminant(x) == std::mem::discriminant(c))
        .unwrap_or(0)
}

fn method_index(m: &Method) -> usize {
    Method::all()
        .iter()
        .position(|x| std::mem::discriminant(x) == std::mem::discriminant(m))
        .unwrap_or(0)
}

fn other_text_channel(c: &Channel) -> &str {
    match c {
        Channel::Other(t) => t,
        _ => "",
    }
}

fn other_text_method(m: &Method) -> &str {
    match m {
        Method::Other(t) => t,
        _ => "",
    }
}

fn stage_fields(stage: &Stage, new: bool) -> Vec<Field> {
    let mut id = Field::text("id", "Id", &stage.id)
        .required()
        .hint("lowercase letters, digits, -");
    if new {
        id = id.derived_from("name", slug);
    }
    vec![
        Field::text("name", "Name", &stage.name).required(),
        id,
        Field::text("goal", "Goal", stage.goal.as_deref().unwrap_or_default())
            .hint("what going well looks like to the client"),
    ]
}

fn item_fields(item: &Item, map: &Map) -> Vec<Field> {
    let other_channel = Channel::all().len() - 1;
    let other_method = Method::all().len() - 1;
    match item {
        Item::Touchpoint(t) => vec![
            Field::choice(
                "channel",
                "Channel",
                channel_options(),
                channel_index(&t.channel),
            ),
            Field::text("channel_other", "Which", other_text_channel(&t.channel))
                .required()
                .hint("the channel, e.g. trade fair")
                .shown_when("channel", other_channel),
            Field::text("description", "Description", &t.description).required(),
            Field::text("owner", "Owner", &t.owner).hint("the person who owns it"),
            Field::text("department", "Department", &t.department)
                .hint("the team behind it, may be empty"),
        ],
        Item::Need(n) => vec![
            Field::text("text", "Need", &n.text).required(),
            Field::choice(
                "motivation",
                "Motivation",
                Motivation::ALL.iter().map(|m| m.to_string()).collect(),
                Motivation::ALL
                    .iter()
                    .position(|m| *m == n.motivation)
                    .unwrap_or(0),
            ),
            Field::yes_no("met", "Met", n.met),
        ],
        Item::Perception(p) => vec![
            Field::text("text", "Perception", &p.text).required(),
            Field::choice(
                "sentiment",
                "Sentiment",
                SENTIMENTS.iter().map(|s| s.to_string()).collect(),
                (p.sentiment.clamp(-2, 2) + 2) as usize,
            )
            .hint("how the client feels about us"),
            Field::choice(
                "source",
                "Source",
                Source::ALL.iter().map(|s| s.to_string()).collect(),
                Source::ALL.iter().position(|s| *s == p.source).unwrap_or(0),
            ),
        ],
        Item::Feedback(f) => vec![
            Field::date("date", "Date", &f.date.to_string()).required(),
            Field::choice(
                "method",
                "Method",
                method_options(),
                method_index(&f.method),
            ),
            Field::text("method_other", "Which", other_text_method(&f.method))
                .required()
                .hint("how it was gathered")
                .shown_when("method", other_method),
            Field::choice(
                "score",
                "Score",
                ["none", "1", "2", "3", "4", "5"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                f.score.map_or(0, |s| usize::from(s.clamp(1, 5))),
            ),
            Field::text("by", "By", &f.by).hint("who gathered it"),
            Field::text("summary", "Summary", &f.summary).required(),
            Field::yes_no("holding_back", "Holding back", f.holding_back)
                .hint("the client seemed to hold back"),
        ],
        Item::Commitment(c) => vec![
            Field::text("promise", "Promise", &c.promise).required(),
            Field::text("owner", "Owner", &c.owner),
            Field::date("due", "Due", &c.due.to_string()).required(),
            Field::date(
                "done",
                "Kept on",
                &c.done.map(|d| d.to_string()).unwrap_or_default(),
            )
            .hint("YYYY-MM-DD, empty while open"),
        ],
        Item::Review(r) => {
            let mut options = vec!["whole map".to_string()];
            options.extend(map.stages.iter().map(|s| s.id.clone()));
            let selected = r
                .stage
                .as_deref()
                .and_then(|id| map.stage_index(id))
                .map_or(0, |i| i + 1);
            vec![
                Field::date("date", "Date", &r.date.to_string()).required(),
                Field::text("by", "By", &r.by),
                Field::choice("stage", "About", options, selected),
                Field::text("note", "Note", &r.note).required(),
            ]
        }
    }
}

/// A blank item of a kind, prefilled with today and the user.
pub fn blank_item(kind: ItemKind, stage_id: Option<&str>, d: Defaults) -> Item {
    match kind {
        ItemKind::Touchpoint => Item::Touchpoint(Touchpoint {
            channel: Channel::InPerson,
            description: String::new(),
            owner: d.user.to_string(),
            department: String::new(),
        }),
        ItemKind::Need => Item::Need(Need {
            text: String::new(),
            motivation: Motivation::Security,
            met: false,
        }),
        ItemKind::Perception => Item::Perception(Perception {
            text: String::new(),
            sentiment: 0,
            source: Source::Heard,
        }),
        ItemKind::Feedback => Item::Feedback(Feedback {
            date: d.today,
            method: Method::Conversation,
            score: None,
            by: d.user.to_string(),
            summary: String::new(),
            holding_back: false,
        }),
        ItemKind::Commitment => Item::Commitment(Commitment {
            promise: String::new(),
            owner: d.user.to_string(),
            due: d.today,
            done: None,
        }),
        ItemKind::Review => Item::Review(Review {
            date: d.today,
            by: d.user.to_string(),
            stage: stage_id.map(str::to_string),
            note: String::new(),
        }),
    }
}

impl EditForm {
    pub fn new_stage(at: usize) -> Self {
        EditForm {
            form: Form::new("New stage", stage_fields(&Stage::new("", ""), true)),
            target: FormTarget::NewStage { at },
        }
    }

    pub fn edit_stage(map: &Map, index: usize) -> Option<Self> {
        let stage = map.stages.get(index)?;
        Some(EditForm {
            form: Form::new(
                format!("Edit stage {} of {}", index + 1, map.stages.len()),
                stage_fields(stage, false),
            ),
            target: FormTarget::EditStage { index },
        })
    }

    pub fn new_item(map: &Map, stage: usize, kind: ItemKind, d: Defaults) -> Self {
        let stage_id = map.stages.get(stage).map(|s| s.id.as_str());
        let item = blank_item(kind, stage_id, d);
        EditForm {
            form: Form::new(format!("New {}", kind.noun()), item_fields(&item, map)),
            target: FormTarget::NewItem { stage, kind },
        }
    }

    pub fn edit_item(map: &Map, stage: usize, kind: ItemKind, index: usize) -> Option<Self> {
        let item = get_item(map, stage, kind, index)?;
        Some(EditForm {
            form: Form::new(format!("Edit {}", kind.noun()), item_fields(&item, map)),
            target: FormTarget::EditItem { stage, kind, index },
        })
    }

    /// The map's header: who the client is, who looks after them, and the
    /// map's title.
    pub fn edit_client(map: &Map) -> Self {
        let c = &map.client;
        EditForm {
            form: Form::new(
                "Edit client",
                vec![
                    Field::text("client", "Client", &c.name).required(),
                    Field::text("manager", "Manager", &c.account_manager).required(),
                    Field::text("segment", "Segment", c.segment.as_deref().unwrap_or(""))
                        .hint("optional, e.g. Retail"),
                    Field::text("title", "Title", &map.title).hint("optional"),
                ],
            ),
            target: FormTarget::EditClient,
        }
    }

    /// The feedback form prefilled with today and the user, focused on
    /// the summary.
    pub fn log_feedback(map: &Map, stage: usize, d: Defaults) -> Self {
        let item = blank_item(ItemKind::Feedback, None, d);
        let name = map.stages.get(stage).map_or("", |s| s.name.as_str());
        let mut form = Form::new(format!("Log feedback · {name}"), item_fields(&item, map));
        form.focus("summary");
        EditForm {
            form,
            target: FormTarget::LogFeedback { stage },
        }
    }

    /// Checks the form and builds the edit it asks for; on any problem the
    /// reasons are shown next to the fields and `None` is returned.
    pub fn to_edit(&mut self, map: &Map) -> Option<Edit> {
        if !self.form.check() {
            return None;
        }
        let edit = match self.target.clone() {
            FormTarget::NewStage { at } => {
                let header = self.stage_header(map, None)?;
                let mut stage = Stage::new(&header.id, &header.name);
                stage.goal = header.goal;
                Edit::AddStage { at, stage }
            }
            FormTarget::EditStage { index } => Edit::EditStage {
                index,
                header: self.stage_header(map, Some(index))?,
            },
            FormTarget::NewItem { stage, kind } => Edit::AddItem {
                stage,
                item: self.item(kind, map)?,
                at: None,
            },
            FormTarget::EditItem { stage, kind, index } => Edit::EditItem {
                stage,
                index,
                item: self.item(kind, map)?,
            },
            FormTarget::EditClient => {
                let f = &self.form;
                let segment = f.text("segment");
                Edit::EditClient {
                    client: Client {
                        name: f.text("client"),
                        account_manager: f.text("manager"),
                        segment: (!segment.is_empty()).then_some(segment),
                    },
                    title: f.text("title"),
                }
            }
            FormTarget::LogFeedback { stage } => match self.item(ItemKind::Feedback, map)? {
                Item::Feedback(feedback) => Edit::LogFeedback { stage, feedback },
                _ => return None,
            },
        };
        Some(edit)
    }

    fn stage_header(&mut self, map: &Map, editing: Option<usize>) -> Option<StageHeader> {
        let f = &mut self.form;
        let id = f.text("id");
        if let Some(why) = stage_id_problem(map, editing, &id) {
            f.set_error("id", why);
            return None;
        }
        Some(StageHeader {
            id,
            name: f.text("name"),
            goal: Some(f.text("goal")).filter(|g| !g.is_empty()),
        })
    }

    fn date(&mut self, key: &str) -> Option<Date> {
        match parse_date(&self.form.text(key)) {
            Ok(d) => Some(d),
            Err(why) => {
                self.form.set_error(key, why);
                None
            }
        }
    }

    fn item(&mut self, kind: ItemKind, map: &Map) -> Option<Item> {
        let f = &self.form;
        let other_channel = Channel::all().len() - 1;
        let other_method = Method::all().len() - 1;
        Some(match kind {
            ItemKind::Touchpoint => {
                let i = f.choice("channel");
                let channel = if i == other_channel {
                    Channel::Other(f.text("channel_other"))
                } else {
                    Channel::all().get(i).cloned().unwrap_or(Channel::InPerson)
                };
                Item::Touchpoint(Touchpoint {
                    channel,
                    description: f.text("description"),
                    owner: f.text("owner"),
                    department: f.text("department"),
                })
            }
            ItemKind::Need => Item::Need(Need {
                text: f.text("text"),
                motivation: Motivation::ALL
                    .get(f.choice("motivation"))
                    .copied()
                    .unwrap_or(Motivation::Security),
                met: f.choice("met") == 1,
            }),
            ItemKind::Perception => Item::Perception(Perception {
                text: f.text("text"),
                sentiment: f.choice("sentiment").min(4) as i8 - 2,
                source: Source::ALL
                    .get(f.choice("source"))
                    .copied()
                    .unwrap_or(Source::Heard),
            }),
            ItemKind::Feedback => {
                let i = f.choice("method");
                let method = if i == other_method {
                    Method::Other(f.text("method_other"))
                } else {
                    Method::all()
                        .get(i)
                        .cloned()
                        .unwrap_or(Method::Conversation)
                };
                let score = match f.choice("score") {
                    0 => None,
                    s => Some(s.min(5) as u8),
                };
                let by = f.text("by");
                let summary = f.text("summary");
                let holding_back = f.choice("holding_back") == 1;
                Item::Feedback(Feedback {
                    date: self.date("date")?,
                    method,
                    score,
                    by,
                    summary,
                    holding_back,
                })
            }
            ItemKind::Commitment => {
                let promise = f.text("promise");
                let owner = f.text("owner");
                let done = if f.text("done").is_empty() {
                    None
                } else {
                    Some(self.date("done")?)
                };
                Item::Commitment(Commitment {
                    promise,
                    owner,
                    due: self.date("due")?,
                    done,
                })
            }
            ItemKind::Review => {
                let stage = match f.choice("stage") {
                    0 => None,
                    i => map.stages.get(i - 1).map(|s| s.id.clone()),
                };
                let by = f.text("by");
                let note = f.text("note");
                Item::Review(Review {
                    date: self.date("date")?,
                    by,
                    stage,
                    note,
                })
            }
        })
    }
}

/// The starting points offered for a new map: the model's templates, or
/// no stages at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMapTemplate {
    Template(TemplateKind),
    Empty,
}

impl NewMapTemplate {
    /// The choices, in the order of the pick list.
    pub fn all() -> Vec<NewMapTemplate> {
        let mut all: Vec<NewMapTemplate> = TemplateKind::ALL
            .iter()
            .map(|&k| NewMapTemplate::Template(k))
            .collect();
        all.push(NewMapTemplate::Empty);
        all
    }

    pub fn label(self) -> &'static str {
        match self {
            NewMapTemplate::Template(k) => k.code(),
            NewMapTemplate::Empty => "empty",
        }
    }
}

/// The new-map form: client, manager, template.
#[derive(Debug, Clone)]
pub struct NewMapForm {
    pub form: Form,
    pub folder: PathBuf,
}

/// What the new-map form asks to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMap {
    pub path: PathBuf,
    pub map: Map,
}

impl NewMapForm {
    pub fn new(folder: &Path, user: &str) -> Self {
        NewMapForm {
            form: Form::new(
                "New map",
                vec![
                    Field::text("client", "Client", "").required(),
                    Field::text("manager", "Manager", user).required(),
                    Field::choice(
                        "template",
                        "Start from",
                        NewMapTemplate::all()
                            .iter()
                            .map(|t| t.label().to_string())
                            .collect(),
                        0,
                    ),
                ],
            ),
            folder: folder.to_path_buf(),
        }
    }

    /// Checks the form and builds the map and its file path (named after
    /// the client); `None` with the reasons shown on a problem.
    pub fn to_new_map(&mut self) -> Option<NewMap> {
        if !self.form.check() {
            return None;
        }
        let client = self.form.text("client");
        let file = slug(&client);
        if file.is_empty() {
            self.form.set_error(
                "client",
                "the name needs a letter or digit (A-Z, 0-9) to name the file",
            );
            return None;
        }
        let path = self.folder.join(format!("{file}.ron"));
        if path.exists() {
            self.form.set_error(
                "client",
                format!("{} already exists: open it instead", path.display()),
            );
            return None;
        }
        let manager = self.form.text("manager");
        let template = NewMapTemplate::all()
            .get(self.form.choice("template"))
            .copied()
            .unwrap_or(NewMapTemplate::Empty);
        Some(NewMap {
            path,
            map: template_map(template, &client, &manager),
        })
    }
}

/// A new map from a template (`model::template`), or with no stages.
pub fn template_map(template: NewMapTemplate, client: &str, manager: &str) -> Map {
    match template {
        NewMapTemplate::Template(kind) => model::template(kind, client, manager),
        NewMapTemplate::Empty => {
            let mut map = Map::new(client, manager);
            map.title = format!("{client}: journey map");
            map
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_str(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn defaults() -> Defaults<'static> {
        Defaults {
            today: jiff::civil::date(2026, 11, 23),
            user: "Dana Ruiz",
        }
    }

    #[test]
    fn new_stage_gets_its_id_from_the_name_and_refuses_a_taken_id() {
        let map = template_map(
            NewMapTemplate::Template(TemplateKind::Selling),
            "Acme",
            "Dana",
        );
        let mut f = EditForm::new_stage(1);
        type_str(&mut f.form, "Qualifying");
        assert_eq!(f.to_edit(&map), None);
        assert_eq!(
            f.form.error("id"),
            Some("stage 2 (\"Qualifying\") already has this id")
        );
        f.form.focus("id");
        type_str(&mut f.form, "-2");
        let Some(Edit::AddStage { at: 1, stage }) = f.to_edit(&map) else {
            panic!("no edit");
        };
        assert_eq!(
            (stage.id.as_str(), stage.name.as_str()),
            ("qualifying-2", "Qualifying")
        );
    }

    #[test]
    fn every_item_kind_round_trips_through_its_form() {
        let text = include_str!("../../tests/fixtures/tui_edit.ron");
        let map = crate::storage::parse_map(text).expect("fixture");
        for kind in ItemKind::ALL {
            let count = match kind {
                ItemKind::Review => map.reviews.len(),
                k => crate::edit::document::list_len(&map.stages[0], k),
            };
            for index in 0..count {
                let mut f = EditForm::edit_item(&map, 0, kind, index).expect("item");
                let edit = f.to_edit(&map);
                assert_eq!(
                    edit,
                    Some(Edit::EditItem {
                        stage: 0,
                        index,
                        item: get_item(&map, 0, kind, index).expect("item"),
                    }),
                    "{kind:?} {index}"
                );
            }
        }
    }

    #[test]
    fn log_feedback_is_prefilled_and_needs_a_summary() {
        let map = template_map(
            NewMapTemplate::Template(TemplateKind::Selling),
            "Acme",
            "Dana",
        );
        let mut f = EditForm::log_feedback(&map, 0, defaults());
        assert_eq!(f.form.focused(), "summary");
        assert_eq!(f.to_edit(&map), None);
        assert_eq!(f.form.error("summary"), Some("summary is required"));
        type_str(&mut f.form, "Liked it");
        let Some(Edit::LogFeedback { stage: 0, feedback }) = f.to_edit(&map) else {
            panic!("no edit");
        };
        assert_eq!(feedback.date, defaults().today);
        assert_eq!(feedback.by, "Dana Ruiz");
        assert_eq!(feedback.summary, "Liked it");
    }

    #[test]
    fn other_channel_needs_its_text() {
        let map = template_map(NewMapTemplate::Empty, "Acme", "Dana");
        let mut f = EditForm::new_item(&map, 0, ItemKind::Touchpoint, defaults());
        f.form.handle_key(key(KeyCode::End));
        f.form.focus("description");
        type_str(&mut f.form, "Booth");
        assert_eq!(f.to_edit(&map), None);
        assert_eq!(f.form.error("channel_other"), Some("which is required"));
        type_str(&mut f.form, "Trade fair");
        let Some(Edit::AddItem {
            item: Item::Touchpoint(t),
            ..
        }) = f.to_edit(&map)
        else {
            panic!("no edit");
        };
        assert_eq!(t.channel, Channel::Other("Trade fair".into()));
    }

    #[test]
    fn new_map_form_names_the_file_after_the_client() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = NewMapForm::new(dir.path(), "Dana Ruiz");
        assert_eq!(f.to_new_map(), None);
        type_str(&mut f.form, "Harbor Freightways");
        let new = f.to_new_map().expect("valid");
        assert_eq!(new.path, dir.path().join("harbor-freightways.ron"));
        assert_eq!(new.map.client.account_manager, "Dana Ruiz");
        assert_eq!(new.map.stages.len(), 6);
        assert!(crate::model::validate(&new.map).is_empty());
        std::fs::write(&new.path, "x").unwrap();
        assert_eq!(f.to_new_map(), None);
        assert!(
            f.form
                .error("client")
                .is_some_and(|e| e.contains("already exists"))
        );
    }
}
