//! The form of each thing a user edits (a stage, each item kind, the
//! client, a new map), and the conversion of a filled form into an
//! [`Edit`]. Each form names its fields with an enum, so a field read by a
//! misspelt name does not compile. The form widget checks required fields
//! and dates; this module checks what needs the map (a stage id already in
//! use) and builds typed values.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::widget::form::{AnyForm, Field, Form, form_fields};
use crate::edit::document::{Edit, Item, ItemKind, StageHeader, get_item, stage_id_problem};
use crate::model::{
    self, Channel, Client, Commitment, Feedback, Map, Method, Motivation, Need, Perception, Review,
    Source, Stage, TemplateKind, Touchpoint, slug,
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

/// Who and when, for prefilling new items.
#[derive(Debug, Clone, Copy)]
pub struct Defaults<'a> {
    pub today: Date,
    pub user: &'a str,
}

form_fields! {
    /// A stage: its name, its id (following the name in a new stage), its goal.
    pub enum StageField { Name, Id, Goal }
}

form_fields! {
    /// The map's header.
    pub enum ClientField { Client, Manager, Segment, Title }
}

form_fields! {
    /// A touchpoint; `ChannelOther` names an "other…" channel.
    pub enum TouchpointField { Channel, ChannelOther, Description, Owner, Department }
}

form_fields! {
    pub enum NeedField { Text, Motivation, Met }
}

form_fields! {
    pub enum PerceptionField { Text, Sentiment, Source }
}

form_fields! {
    /// A feedback entry; `MethodOther` names an "other…" method.
    pub enum FeedbackField { Date, Method, MethodOther, Score, By, Summary, HoldingBack }
}

form_fields! {
    /// A commitment; `Done` is the date it was kept, empty while open.
    pub enum CommitmentField { Promise, Owner, Due, Done }
}

form_fields! {
    /// A review note; `Stage` is the whole map or one stage.
    pub enum ReviewField { Date, By, Stage, Note }
}

form_fields! {
    /// A new map: who the client is, who looks after them, where to start.
    pub enum NewMapField { Client, Manager, Template }
}

/// The form of an item, by kind.
#[derive(Debug, Clone)]
pub enum ItemForm {
    Touchpoint(Form<TouchpointField>),
    Need(Form<NeedField>),
    Perception(Form<PerceptionField>),
    Feedback(Form<FeedbackField>),
    Commitment(Form<CommitmentField>),
    Review(Form<ReviewField>),
}

/// An open edit form: the fields of what it edits and where the result
/// goes, together, so that a stage's fields can only make a stage.
#[derive(Debug, Clone)]
pub enum EditForm {
    NewStage {
        at: usize,
        form: Form<StageField>,
    },
    EditStage {
        index: usize,
        form: Form<StageField>,
    },
    Client(Form<ClientField>),
    NewItem {
        stage: usize,
        form: ItemForm,
    },
    EditItem {
        stage: usize,
        index: usize,
        form: ItemForm,
    },
    LogFeedback {
        stage: usize,
        form: Form<FeedbackField>,
    },
}

const SCORES: [&str; 6] = ["none", "1", "2", "3", "4", "5"];

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

fn stage_form(title: String, stage: &Stage, new: bool) -> Form<StageField> {
    Form::new(title, |k| match k {
        StageField::Name => Field::text("Name", &stage.name).required(),
        StageField::Id => {
            let id = Field::text("Id", &stage.id)
                .required()
                .hint("lowercase letters, digits, -");
            if new {
                id.derived_from(StageField::Name, slug)
            } else {
                id
            }
        }
        StageField::Goal => Field::text("Goal", stage.goal.as_deref().unwrap_or_default())
            .hint("what going well looks like to the client"),
    })
}

/// The stage the form describes, or `None` with the reason at the id.
fn stage_header(
    f: &mut Form<StageField>,
    map: &Map,
    editing: Option<usize>,
) -> Option<StageHeader> {
    let id = f.text(StageField::Id);
    if let Some(why) = stage_id_problem(map, editing, &id) {
        f.set_error(StageField::Id, why);
        return None;
    }
    Some(StageHeader {
        id,
        name: f.text(StageField::Name),
        goal: Some(f.text(StageField::Goal)).filter(|g| !g.is_empty()),
    })
}

fn client_form(map: &Map) -> Form<ClientField> {
    let c = &map.client;
    Form::new("Edit client", |k| match k {
        ClientField::Client => Field::text("Client", &c.name).required(),
        ClientField::Manager => Field::text("Manager", &c.account_manager).required(),
        ClientField::Segment => {
            Field::text("Segment", c.segment.as_deref().unwrap_or("")).hint("optional, e.g. Retail")
        }
        ClientField::Title => Field::text("Title", &map.title).hint("optional"),
    })
}

fn client_edit(f: &Form<ClientField>) -> Edit {
    let segment = f.text(ClientField::Segment);
    Edit::EditClient {
        client: Client {
            name: f.text(ClientField::Client).into(),
            account_manager: f.text(ClientField::Manager).into(),
            segment: (!segment.is_empty()).then_some(segment.into()),
        },
        title: f.text(ClientField::Title),
    }
}

fn touchpoint_form(title: String, t: &Touchpoint) -> Form<TouchpointField> {
    use TouchpointField as F;
    let other = Channel::all().len() - 1;
    Form::new(title, |k| match k {
        F::Channel => Field::choice("Channel", channel_options(), channel_index(&t.channel)),
        F::ChannelOther => Field::text("Which", other_text_channel(&t.channel))
            .required()
            .hint("the channel, e.g. trade fair")
            .shown_when(F::Channel, other),
        F::Description => Field::text("Description", &t.description).required(),
        F::Owner => Field::text("Owner", &t.owner).hint("the person who owns it"),
        F::Department => {
            Field::text("Department", &t.department).hint("the team behind it, may be empty")
        }
    })
}

fn touchpoint(f: &Form<TouchpointField>) -> Touchpoint {
    use TouchpointField as F;
    let i = f.choice(F::Channel);
    let channel = if i == Channel::all().len() - 1 {
        Channel::Other(f.text(F::ChannelOther).into())
    } else {
        Channel::all().get(i).cloned().unwrap_or(Channel::InPerson)
    };
    Touchpoint {
        channel,
        description: f.text(F::Description).into(),
        owner: f.text(F::Owner).into(),
        department: f.text(F::Department).into(),
    }
}

fn need_form(title: String, n: &Need) -> Form<NeedField> {
    Form::new(title, |k| match k {
        NeedField::Text => Field::text("Need", &n.text).required(),
        NeedField::Motivation => Field::choice(
            "Motivation",
            Motivation::ALL.iter().map(|m| m.to_string()).collect(),
            Motivation::ALL
                .iter()
                .position(|m| *m == n.motivation)
                .unwrap_or(0),
        ),
        NeedField::Met => Field::yes_no("Met", n.met),
    })
}

fn need(f: &Form<NeedField>) -> Need {
    Need {
        text: f.text(NeedField::Text).into(),
        motivation: Motivation::ALL
            .get(f.choice(NeedField::Motivation))
            .copied()
            .unwrap_or(Motivation::Security),
        met: f.choice(NeedField::Met) == 1,
    }
}

fn perception_form(title: String, p: &Perception) -> Form<PerceptionField> {
    Form::new(title, |k| match k {
        PerceptionField::Text => Field::text("Perception", &p.text).required(),
        PerceptionField::Sentiment => Field::choice(
            "Sentiment",
            // The board's words for the same values.
            (-2i8..=2)
                .map(|v| {
                    let word = crate::analysis::sentiment_word(f64::from(v));
                    if v == 0 {
                        format!("0 {word}")
                    } else {
                        format!("{v:+} {word}")
                    }
                })
                .collect(),
            (p.sentiment.clamp(-2, 2) + 2) as usize,
        )
        .hint("how the client feels about us"),
        PerceptionField::Source => Field::choice(
            "Source",
            Source::ALL.iter().map(|s| s.to_string()).collect(),
            Source::ALL.iter().position(|s| *s == p.source).unwrap_or(0),
        ),
    })
}

fn perception(f: &Form<PerceptionField>) -> Perception {
    Perception {
        text: f.text(PerceptionField::Text).into(),
        sentiment: f.choice(PerceptionField::Sentiment).min(4) as i8 - 2,
        source: Source::ALL
            .get(f.choice(PerceptionField::Source))
            .copied()
            .unwrap_or(Source::Heard),
    }
}

fn feedback_form(title: String, fb: &Feedback) -> Form<FeedbackField> {
    use FeedbackField as F;
    let other = Method::all().len() - 1;
    Form::new(title, |k| match k {
        F::Date => Field::date("Date", &fb.date.to_string()).required(),
        F::Method => Field::choice("Method", method_options(), method_index(&fb.method)),
        F::MethodOther => Field::text("Which", other_text_method(&fb.method))
            .required()
            .hint("how it was gathered")
            .shown_when(F::Method, other),
        F::Score => Field::choice(
            "Score",
            SCORES.iter().map(|s| s.to_string()).collect(),
            fb.score.map_or(0, |s| usize::from(s.clamp(1, 5))),
        ),
        F::By => Field::text("By", &fb.by).hint("who gathered it"),
        F::Summary => Field::text("Summary", &fb.summary).required(),
        F::HoldingBack => {
            Field::yes_no("Holding back", fb.holding_back).hint("the client seemed to hold back")
        }
    })
}

fn feedback(f: &mut Form<FeedbackField>) -> Option<Feedback> {
    use FeedbackField as F;
    let i = f.choice(F::Method);
    let method = if i == Method::all().len() - 1 {
        Method::Other(f.text(F::MethodOther).into())
    } else {
        Method::all()
            .get(i)
            .cloned()
            .unwrap_or(Method::Conversation)
    };
    let score = match f.choice(F::Score) {
        0 => None,
        s => Some(s.min(5) as u8),
    };
    Some(Feedback {
        date: f.date(F::Date)?,
        method,
        score,
        by: f.text(F::By).into(),
        summary: f.text(F::Summary).into(),
        holding_back: f.choice(F::HoldingBack) == 1,
    })
}

fn commitment_form(title: String, c: &Commitment) -> Form<CommitmentField> {
    use CommitmentField as F;
    Form::new(title, |k| match k {
        F::Promise => Field::text("Promise", &c.promise).required(),
        F::Owner => Field::text("Owner", &c.owner),
        F::Due => Field::date("Due", &c.due.to_string()).required(),
        F::Done => Field::date(
            "Kept on",
            &c.done.map(|d| d.to_string()).unwrap_or_default(),
        )
        .hint("YYYY-MM-DD, empty while open"),
    })
}

fn commitment(f: &mut Form<CommitmentField>) -> Option<Commitment> {
    use CommitmentField as F;
    Some(Commitment {
        promise: f.text(F::Promise).into(),
        owner: f.text(F::Owner).into(),
        done: f.optional_date(F::Done)?,
        due: f.date(F::Due)?,
    })
}

fn review_form(title: String, r: &Review, map: &Map) -> Form<ReviewField> {
    let mut options = vec!["whole map".to_string()];
    // Names, as the board shows them (numbered: two stages may share a
    // name); the note stores the chosen stage's id.
    options.extend(
        map.stages
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {}", i + 1, crate::text::safe::clean(&s.name))),
    );
    let selected = r
        .stage
        .as_deref()
        .and_then(|id| map.stage_index(id))
        .map_or(0, |i| i + 1);
    Form::new(title, |k| match k {
        ReviewField::Date => Field::date("Date", &r.date.to_string()).required(),
        ReviewField::By => Field::text("By", &r.by),
        ReviewField::Stage => Field::choice("About", options.clone(), selected),
        ReviewField::Note => Field::text("Note", &r.note).required(),
    })
}

fn review(f: &mut Form<ReviewField>, map: &Map) -> Option<Review> {
    let stage = match f.choice(ReviewField::Stage) {
        0 => None,
        i => map.stages.get(i - 1).map(|s| s.id.clone()),
    };
    Some(Review {
        date: f.date(ReviewField::Date)?,
        by: f.text(ReviewField::By).into(),
        stage,
        note: f.text(ReviewField::Note).into(),
    })
}

impl ItemForm {
    /// The form showing an item.
    pub fn new(title: String, item: &Item, map: &Map) -> Self {
        match item {
            Item::Touchpoint(t) => ItemForm::Touchpoint(touchpoint_form(title, t)),
            Item::Need(n) => ItemForm::Need(need_form(title, n)),
            Item::Perception(p) => ItemForm::Perception(perception_form(title, p)),
            Item::Feedback(f) => ItemForm::Feedback(feedback_form(title, f)),
            Item::Commitment(c) => ItemForm::Commitment(commitment_form(title, c)),
            Item::Review(r) => ItemForm::Review(review_form(title, r, map)),
        }
    }

    fn form(&self) -> &dyn AnyForm {
        match self {
            ItemForm::Touchpoint(f) => f,
            ItemForm::Need(f) => f,
            ItemForm::Perception(f) => f,
            ItemForm::Feedback(f) => f,
            ItemForm::Commitment(f) => f,
            ItemForm::Review(f) => f,
        }
    }

    fn form_mut(&mut self) -> &mut dyn AnyForm {
        match self {
            ItemForm::Touchpoint(f) => f,
            ItemForm::Need(f) => f,
            ItemForm::Perception(f) => f,
            ItemForm::Feedback(f) => f,
            ItemForm::Commitment(f) => f,
            ItemForm::Review(f) => f,
        }
    }

    /// The item the form describes; `None` with the reasons at the fields.
    fn item(&mut self, map: &Map) -> Option<Item> {
        Some(match self {
            ItemForm::Touchpoint(f) => Item::Touchpoint(touchpoint(f)),
            ItemForm::Need(f) => Item::Need(need(f)),
            ItemForm::Perception(f) => Item::Perception(perception(f)),
            ItemForm::Feedback(f) => Item::Feedback(feedback(f)?),
            ItemForm::Commitment(f) => Item::Commitment(commitment(f)?),
            ItemForm::Review(f) => Item::Review(review(f, map)?),
        })
    }
}

/// A blank item of a kind, prefilled with today and the user.
pub fn blank_item(kind: ItemKind, stage_id: Option<&str>, d: Defaults) -> Item {
    match kind {
        ItemKind::Touchpoint => Item::Touchpoint(Touchpoint {
            channel: Channel::InPerson,
            description: Default::default(),
            owner: d.user.into(),
            department: Default::default(),
        }),
        ItemKind::Need => Item::Need(Need {
            text: Default::default(),
            motivation: Motivation::Security,
            met: false,
        }),
        ItemKind::Perception => Item::Perception(Perception {
            text: Default::default(),
            sentiment: 0,
            source: Source::Heard,
        }),
        ItemKind::Feedback => Item::Feedback(blank_feedback(d)),
        ItemKind::Commitment => Item::Commitment(Commitment::new("", d.user, d.today)),
        ItemKind::Review => Item::Review(Review {
            date: d.today,
            by: d.user.into(),
            stage: stage_id.map(Into::into),
            note: Default::default(),
        }),
    }
}

fn blank_feedback(d: Defaults) -> Feedback {
    Feedback {
        date: d.today,
        method: Method::Conversation,
        score: None,
        by: d.user.into(),
        summary: Default::default(),
        holding_back: false,
    }
}

impl EditForm {
    pub fn new_stage(at: usize) -> Self {
        EditForm::NewStage {
            at,
            form: stage_form("New stage".into(), &Stage::new("", ""), true),
        }
    }

    pub fn edit_stage(map: &Map, index: usize) -> Option<Self> {
        let stage = map.stages.get(index)?;
        let title = format!("Edit stage {} of {}", index + 1, map.stages.len());
        Some(EditForm::EditStage {
            index,
            form: stage_form(title, stage, false),
        })
    }

    pub fn new_item(map: &Map, stage: usize, kind: ItemKind, d: Defaults) -> Self {
        let stage_id = map.stages.get(stage).map(|s| s.id.as_str());
        let item = blank_item(kind, stage_id, d);
        EditForm::NewItem {
            stage,
            form: ItemForm::new(format!("New {}", kind.noun()), &item, map),
        }
    }

    pub fn edit_item(map: &Map, stage: usize, kind: ItemKind, index: usize) -> Option<Self> {
        let item = get_item(map, stage, kind, index)?;
        Some(EditForm::EditItem {
            stage,
            index,
            form: ItemForm::new(format!("Edit {}", kind.noun()), &item, map),
        })
    }

    /// The map's header: who the client is, who looks after them, and the
    /// map's title.
    pub fn edit_client(map: &Map) -> Self {
        EditForm::Client(client_form(map))
    }

    /// The feedback form prefilled with today and the user, focused on
    /// the summary.
    pub fn log_feedback(map: &Map, stage: usize, d: Defaults) -> Self {
        let name = map.stages.get(stage).map_or("", |s| s.name.as_str());
        let mut form = feedback_form(format!("Log feedback · {name}"), &blank_feedback(d));
        form.focus(FeedbackField::Summary);
        EditForm::LogFeedback { stage, form }
    }

    /// The form, whatever its fields, to drive and draw.
    pub fn form(&self) -> &dyn AnyForm {
        match self {
            EditForm::NewStage { form, .. } | EditForm::EditStage { form, .. } => form,
            EditForm::Client(form) => form,
            EditForm::NewItem { form, .. } | EditForm::EditItem { form, .. } => form.form(),
            EditForm::LogFeedback { form, .. } => form,
        }
    }

    pub fn form_mut(&mut self) -> &mut dyn AnyForm {
        match self {
            EditForm::NewStage { form, .. } | EditForm::EditStage { form, .. } => form,
            EditForm::Client(form) => form,
            EditForm::NewItem { form, .. } | EditForm::EditItem { form, .. } => form.form_mut(),
            EditForm::LogFeedback { form, .. } => form,
        }
    }

    /// Checks the form and builds the edit it asks for; on any problem the
    /// reasons are shown next to the fields and `None` is returned.
    pub fn to_edit(&mut self, map: &Map) -> Option<Edit> {
        if !self.form_mut().check() {
            return None;
        }
        Some(match self {
            EditForm::NewStage { at, form } => {
                let header = stage_header(form, map, None)?;
                let mut stage = Stage::new(&header.id, &header.name);
                stage.goal = header.goal.map(Into::into);
                Edit::AddStage { at: *at, stage }
            }
            EditForm::EditStage { index, form } => Edit::EditStage {
                index: *index,
                header: stage_header(form, map, Some(*index))?,
            },
            EditForm::Client(form) => client_edit(form),
            EditForm::NewItem { stage, form } => Edit::AddItem {
                stage: *stage,
                item: form.item(map)?,
                at: None,
            },
            EditForm::EditItem { stage, index, form } => Edit::EditItem {
                stage: *stage,
                index: *index,
                item: form.item(map)?,
            },
            EditForm::LogFeedback { stage, form } => Edit::LogFeedback {
                stage: *stage,
                feedback: feedback(form)?,
            },
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
    pub form: Form<NewMapField>,
    pub folder: PathBuf,
    /// The day the client starts in the first stage.
    pub today: Date,
}

/// What the new-map form asks to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMap {
    pub path: PathBuf,
    pub map: Map,
}

impl NewMapForm {
    pub fn new(folder: &Path, user: &str, today: Date) -> Self {
        NewMapForm {
            form: Form::new("New map", |k| match k {
                NewMapField::Client => Field::text("Client", "").required(),
                NewMapField::Manager => Field::text("Manager", user).required(),
                NewMapField::Template => Field::choice(
                    "Start from",
                    NewMapTemplate::all()
                        .iter()
                        .map(|t| t.label().to_string())
                        .collect(),
                    0,
                ),
            }),
            folder: folder.to_path_buf(),
            today,
        }
    }

    /// Checks the form and builds the map and its file path (named after
    /// the client); `None` with the reasons shown on a problem.
    pub fn to_new_map(&mut self) -> Option<NewMap> {
        let f = &mut self.form;
        if !f.check() {
            return None;
        }
        let client = f.text(NewMapField::Client);
        let file = slug(&client);
        if file.is_empty() {
            f.set_error(
                NewMapField::Client,
                "the name needs a letter or digit (A-Z, 0-9) to name the file",
            );
            return None;
        }
        let path = self.folder.join(format!("{file}.ron"));
        if path.exists() {
            f.set_error(
                NewMapField::Client,
                format!("{} already exists: open it instead", path.display()),
            );
            return None;
        }
        let manager = f.text(NewMapField::Manager);
        let template = NewMapTemplate::all()
            .get(f.choice(NewMapField::Template))
            .copied()
            .unwrap_or(NewMapTemplate::Empty);
        Some(NewMap {
            path,
            map: template_map(template, &client, &manager, self.today),
        })
    }
}

/// A new map from a template (`model::template`), or with no stages.
pub fn template_map(template: NewMapTemplate, client: &str, manager: &str, today: Date) -> Map {
    match template {
        NewMapTemplate::Template(kind) => model::template(kind, client, manager, today),
        NewMapTemplate::Empty => {
            let mut map = Map::new(client, manager);
            map.title = format!("{client}: journey map").into();
            map
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::widget::form::{FieldId, FormKeys};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_str(form: &mut dyn AnyForm, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)), &FormKeys::default());
        }
    }

    fn defaults() -> Defaults<'static> {
        Defaults {
            today: jiff::civil::date(2026, 11, 23),
            user: "Dana Ruiz",
        }
    }

    /// The typed form inside an edit form, for tests that look at fields.
    fn stage_fields(f: &mut EditForm) -> &mut Form<StageField> {
        match f {
            EditForm::NewStage { form, .. } | EditForm::EditStage { form, .. } => form,
            _ => panic!("not a stage form"),
        }
    }

    #[test]
    fn new_stage_gets_its_id_from_the_name_and_refuses_a_taken_id() {
        let map = template_map(
            NewMapTemplate::Template(TemplateKind::Selling),
            "Acme",
            "Dana",
            defaults().today,
        );
        let mut f = EditForm::new_stage(1);
        type_str(f.form_mut(), "Qualifying");
        assert_eq!(f.to_edit(&map), None);
        assert_eq!(
            stage_fields(&mut f).error(StageField::Id),
            Some("stage 2 (\"Qualifying\") already has this id")
        );
        stage_fields(&mut f).focus(StageField::Id);
        type_str(f.form_mut(), "-2");
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
    fn the_client_form_round_trips() {
        let text = include_str!("../../tests/fixtures/tui_edit.ron");
        let map = crate::storage::parse_map(text).expect("fixture");
        let mut f = EditForm::edit_client(&map);
        assert_eq!(
            f.to_edit(&map),
            Some(Edit::EditClient {
                client: map.client.clone(),
                title: map.title.to_string(),
            })
        );
    }

    #[test]
    fn log_feedback_is_prefilled_and_needs_a_summary() {
        let map = template_map(
            NewMapTemplate::Template(TemplateKind::Selling),
            "Acme",
            "Dana",
            defaults().today,
        );
        let mut f = EditForm::log_feedback(&map, 0, defaults());
        let EditForm::LogFeedback { form, .. } = &f else {
            panic!("not the feedback form");
        };
        assert_eq!(form.focused(), FeedbackField::Summary);
        assert_eq!(f.to_edit(&map), None);
        let EditForm::LogFeedback { form, .. } = &f else {
            panic!("not the feedback form");
        };
        assert_eq!(
            form.error(FeedbackField::Summary),
            Some("summary is required")
        );
        type_str(f.form_mut(), "Liked it");
        let Some(Edit::LogFeedback { stage: 0, feedback }) = f.to_edit(&map) else {
            panic!("no edit");
        };
        assert_eq!(feedback.date, defaults().today);
        assert_eq!(feedback.by, "Dana Ruiz");
        assert_eq!(feedback.summary, "Liked it");
    }

    #[test]
    fn other_channel_needs_its_text() {
        use TouchpointField as F;
        let map = template_map(NewMapTemplate::Empty, "Acme", "Dana", defaults().today);
        let mut f = EditForm::new_item(&map, 0, ItemKind::Touchpoint, defaults());
        f.form_mut()
            .handle_key(key(KeyCode::End), &FormKeys::default());
        let touchpoint = |f: &mut EditForm| match f {
            EditForm::NewItem {
                form: ItemForm::Touchpoint(form),
                ..
            } => form.clone(),
            _ => panic!("not a touchpoint form"),
        };
        if let EditForm::NewItem {
            form: ItemForm::Touchpoint(form),
            ..
        } = &mut f
        {
            form.focus(F::Description);
        }
        type_str(f.form_mut(), "Booth");
        assert_eq!(f.to_edit(&map), None);
        assert_eq!(
            touchpoint(&mut f).error(F::ChannelOther),
            Some("which is required")
        );
        assert_eq!(touchpoint(&mut f).focused(), F::ChannelOther);
        type_str(f.form_mut(), "Trade fair");
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
    fn a_field_is_found_at_its_place_in_the_list() {
        for (i, k) in FeedbackField::ALL.iter().enumerate() {
            assert_eq!(k.index(), i, "{k:?}");
        }
    }

    #[test]
    fn new_map_form_names_the_file_after_the_client() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = NewMapForm::new(dir.path(), "Dana Ruiz", defaults().today);
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
                .error(NewMapField::Client)
                .is_some_and(|e| e.contains("already exists"))
        );
    }
}
