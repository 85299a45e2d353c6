//! proptest strategies for valid maps: every value the format allows,
//! with text chosen to trip up a writer or a scanner (quotes, backslashes,
//! newlines, control characters, comment markers, any unicode).

use jiff::ToSpan;
use jiff::civil::Date;
use journeymap::model::{
    Channel, Client, Commitment, Feedback, Map, Method, Motivation, Need, Now, Perception, Review,
    Source, Stage, Touchpoint,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Any text: plain words, the characters that need escaping, text that
/// looks like RON or comments, and arbitrary unicode.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z ]{1,12}",
        // Quotes, backslashes, line breaks, tabs, NUL and other controls,
        // comment and raw-string markers.
        "[a-z\"\\\\\n\r\t\u{0}\u{1}\u{1b}\u{7f}/*#'(),:\\[\\]]{0,16}",
        Just("https://example.com/a//b /* not a comment */".to_string()),
        Just("r#\"raw?\"#".to_string()),
        // Accents, combining marks, right-to-left, emoji, zero width.
        "[éüßøŁ\u{301}\u{200b}\u{feff}\u{2028}עברית漢字😀👍🏽]{0,8}",
        any::<String>(),
    ]
}

/// Text with at least one character that is not white space (names).
pub fn name() -> impl Strategy<Value = String> {
    (text(), "[A-Za-z0-9]", text()).prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

/// A real calendar date between 1900 and about 2150.
pub fn date() -> impl Strategy<Value = Date> {
    (0i64..91_000).prop_map(|n| {
        jiff::civil::date(1900, 1, 1)
            .checked_add(n.days())
            .expect("in range")
    })
}

pub fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        Just(Channel::InPerson),
        Just(Channel::Phone),
        Just(Channel::Email),
        Just(Channel::Web),
        Just(Channel::Chat),
        Just(Channel::Social),
        Just(Channel::Mail),
        Just(Channel::Event),
        text().prop_map(|t| Channel::Other(t.into())),
    ]
}

pub fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Conversation),
        Just(Method::Call),
        Just(Method::Meeting),
        Just(Method::Survey),
        Just(Method::Email),
        text().prop_map(|t| Method::Other(t.into())),
    ]
}

pub fn motivation() -> impl Strategy<Value = Motivation> {
    proptest::sample::select(Motivation::ALL.to_vec())
}

pub fn source() -> impl Strategy<Value = Source> {
    proptest::sample::select(Source::ALL.to_vec())
}

pub fn touchpoint() -> impl Strategy<Value = Touchpoint> {
    (channel(), text(), text(), text()).prop_map(|(channel, description, owner, department)| {
        Touchpoint {
            channel,
            description: description.into(),
            owner: owner.into(),
            department: department.into(),
        }
    })
}

pub fn need() -> impl Strategy<Value = Need> {
    (text(), motivation(), any::<bool>()).prop_map(|(text, motivation, met)| Need {
        text: text.into(),
        motivation,
        met,
    })
}

pub fn perception() -> impl Strategy<Value = Perception> {
    (text(), -2i8..=2, source()).prop_map(|(text, sentiment, source)| Perception {
        text: text.into(),
        sentiment,
        source,
    })
}

pub fn feedback() -> impl Strategy<Value = Feedback> {
    (
        date(),
        method(),
        option::of(1u8..=5),
        text(),
        text(),
        any::<bool>(),
    )
        .prop_map(
            |(date, method, score, by, summary, holding_back)| Feedback {
                date,
                method,
                score,
                by: by.into(),
                summary: summary.into(),
                holding_back,
            },
        )
}

pub fn commitment() -> impl Strategy<Value = Commitment> {
    (text(), text(), date(), option::of(date())).prop_map(|(promise, owner, due, done)| {
        Commitment {
            promise: promise.into(),
            owner: owner.into(),
            due,
            done,
        }
    })
}

/// A stage whose id is `{prefix}{index}`: valid, and unique in its map.
pub fn stage(index: usize) -> impl Strategy<Value = Stage> {
    (
        "[a-z0-9-]{0,10}",
        name(),
        option::of(text()),
        vec(touchpoint(), 0..3),
        vec(need(), 0..3),
        vec(perception(), 0..3),
        vec(feedback(), 0..3),
        vec(commitment(), 0..3),
    )
        .prop_map(
            move |(prefix, name, goal, touchpoints, needs, perceptions, feedback, commitments)| {
                Stage {
                    id: format!("{prefix}{index}").into(),
                    name: name.into(),
                    goal: goal.map(Into::into),
                    touchpoints,
                    needs,
                    perceptions,
                    feedback,
                    commitments,
                }
            },
        )
}

fn stages() -> impl Strategy<Value = Vec<Stage>> {
    (0usize..4).prop_flat_map(|n| (0..n).map(stage).collect::<Vec<_>>())
}

/// A review of the whole map or of one of `ids`.
fn review(ids: Vec<String>) -> impl Strategy<Value = Review> {
    let stage = if ids.is_empty() {
        Just(None).boxed()
    } else {
        option::of(proptest::sample::select(ids)).boxed()
    };
    (date(), text(), stage, text()).prop_map(|(date, by, stage, note)| Review {
        date,
        by: by.into(),
        stage: stage.map(Into::into),
        note: note.into(),
    })
}

/// Any valid map of the current format (where the client is now: nowhere
/// said, or one of its stages).
pub fn map() -> impl Strategy<Value = Map> {
    (name(), text(), option::of(text()), text(), stages())
        .prop_flat_map(|(client, manager, segment, title, stages)| {
            let ids: Vec<String> = stages.iter().map(|s| s.id.to_string()).collect();
            let now = if ids.is_empty() {
                Just(None).boxed()
            } else {
                option::of((proptest::sample::select(ids.clone()), date()).prop_map(
                    |(stage, since)| Now {
                        stage: stage.into(),
                        since,
                    },
                ))
                .boxed()
            };
            (
                Just((client, manager, segment, title, stages)),
                vec(review(ids), 0..3),
                now,
            )
        })
        .prop_map(
            |((name, account_manager, segment, title, stages), reviews, now)| Map {
                format: journeymap::model::FORMAT_VERSION,
                client: Client {
                    name: name.into(),
                    account_manager: account_manager.into(),
                    segment: segment.map(Into::into),
                },
                title: title.into(),
                now,
                stages,
                reviews,
                conflicts: Vec::new(),
            },
        )
}
