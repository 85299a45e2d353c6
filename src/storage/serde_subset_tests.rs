//! The fast reader and the canonical writer on a type the model does not
//! have, using every kind of value serde has: they are generic over serde,
//! so they must agree with ron on any type, not only on maps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::canonical;
use super::fast_ron::{self, tests::mutate};
use super::save::ron_pretty;
use crate::synth::SplitMix64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    title: String,
    edition: u16,
    offset: i64,
    small: i8,
    big: u64,
    ratio: f64,
    weight: f32,
    published: bool,
    initial: char,
    tags: Vec<String>,
    sections: Vec<Section>,
    counts: BTreeMap<String, u32>,
    by_kind: BTreeMap<Kind, Vec<i16>>,
    grid: BTreeMap<u8, (bool, String)>,
    note: Option<String>,
    layered: Option<Option<u8>>,
    triple: (u8, String, Kind),
    nothing: (),
    id: Id,
    at: Point,
    empty: Empty,
    marker: Marker,
    shapes: Vec<Shape>,
    #[serde(default)]
    extra: Vec<u32>,
}

/// Records nest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    heading: String,
    depth: u8,
    children: Vec<Section>,
    shape: Option<Box<Shape>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum Kind {
    Plain,
    Fancy,
    /// Written `r#None`: a name ron would read as something else.
    #[serde(rename = "None")]
    Nameless,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Dot,
    Circle(f64),
    Rect(u32, u32),
    Labelled {
        text: String,
        at: Option<(i32, i32)>,
    },
    Group(Vec<Shape>),
    Framed(Section),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Id(String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Point(i32, i32);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Empty {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Marker;

/// Text that needs every kind of escape, and some that needs none.
const PIECES: &[&str] = &[
    "plain", " ", "it's", "\"", "\\", "\\'", "\n", "\r\n", "\t", "\0", "\u{7}", "\u{7f}", "zoë",
    "e\u{301}", "\u{301}", "🚀", "\u{200b}", "\u{feff}", "\u{2028}", "//", "/*", "r#\"", "#", "{",
    "]", ":", ",", "Some(", "None", "()",
];

const CHARS: &[char] = &[
    'a', 'Z', '\'', '\\', '"', '\n', '\t', '\0', 'é', '🚀', '\u{301}', ' ', '(',
];

const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.5,
    -2.25,
    0.1,
    1e300,
    1e-7,
    123456789.0,
    f64::MIN_POSITIVE,
    f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    -f64::NAN,
];

struct Gen(SplitMix64);

impl Gen {
    fn pick<T: Clone>(&mut self, from: &[T]) -> T {
        from[self.0.below(from.len())].clone()
    }

    fn text(&mut self) -> String {
        (0..self.0.below(5)).map(|_| self.pick(PIECES)).collect()
    }

    fn number(&mut self) -> u64 {
        match self.0.below(4) {
            0 => 0,
            1 => self.0.next_u64(),
            _ => self.0.below(1000) as u64,
        }
    }

    fn kind(&mut self) -> Kind {
        self.pick(&[Kind::Plain, Kind::Fancy, Kind::Nameless])
    }

    fn option<T>(&mut self, value: impl FnOnce(&mut Self) -> T) -> Option<T> {
        (self.0.below(2) == 0).then(|| value(self))
    }

    fn shape(&mut self, depth: usize) -> Shape {
        match self.0.below(if depth > 2 { 4 } else { 6 }) {
            0 => Shape::Dot,
            1 => Shape::Circle(self.pick(FLOATS)),
            2 => Shape::Rect(self.number() as u32, self.number() as u32),
            3 => Shape::Labelled {
                text: self.text(),
                at: self.option(|g| (g.number() as i32, -(g.number() as i32))),
            },
            4 => Shape::Group(
                (0..self.0.below(3))
                    .map(|_| self.shape(depth + 1))
                    .collect(),
            ),
            _ => Shape::Framed(self.section(depth + 1)),
        }
    }

    fn section(&mut self, depth: usize) -> Section {
        Section {
            heading: self.text(),
            depth: depth as u8,
            children: if depth > 2 {
                Vec::new()
            } else {
                (0..self.0.below(3))
                    .map(|_| self.section(depth + 1))
                    .collect()
            },
            shape: self.option(|g| Box::new(g.shape(depth + 1))),
        }
    }

    fn catalogue(&mut self) -> Catalogue {
        Catalogue {
            title: self.text(),
            edition: self.number() as u16,
            offset: self.number() as i64,
            small: self.number() as i8,
            big: self.number(),
            ratio: self.pick(FLOATS),
            weight: self.pick(FLOATS) as f32,
            published: self.0.below(2) == 0,
            initial: self.pick(CHARS),
            tags: (0..self.0.below(4)).map(|_| self.text()).collect(),
            sections: (0..self.0.below(3)).map(|_| self.section(0)).collect(),
            counts: (0..self.0.below(4))
                .map(|_| (self.text(), self.number() as u32))
                .collect(),
            by_kind: (0..self.0.below(3))
                .map(|_| {
                    let kind = self.kind();
                    (
                        kind,
                        (0..self.0.below(3)).map(|_| self.number() as i16).collect(),
                    )
                })
                .collect(),
            grid: (0..self.0.below(3))
                .map(|_| (self.number() as u8, (self.0.below(2) == 0, self.text())))
                .collect(),
            note: self.option(Self::text),
            layered: self.option(|g| g.option(|g| g.number() as u8)),
            triple: (self.number() as u8, self.text(), self.kind()),
            nothing: (),
            id: Id(self.text()),
            at: Point(self.number() as i32, i32::MIN),
            empty: Empty {},
            marker: Marker,
            shapes: (0..self.0.below(5)).map(|_| self.shape(0)).collect(),
            extra: (0..self.0.below(3)).map(|_| self.number() as u32).collect(),
        }
    }
}

/// Equal as ron writes them: NaN equals NaN, -0.0 differs from 0.0.
fn same<T: Serialize>(a: &T, b: &T) -> bool {
    ron_pretty(a).expect("ron writes it") == ron_pretty(b).expect("ron writes it")
}

/// ron's canonical text, as the writer must give it.
fn ron_canonical<T: Serialize>(value: &T) -> Result<String, String> {
    ron_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| e.to_string())
}

#[test]
fn a_type_with_every_kind_of_value_round_trips_as_ron_does() {
    let mut g = Gen(SplitMix64::new(7));
    for _ in 0..300 {
        let value = g.catalogue();
        let text = canonical::to_string(&value).expect("written");
        assert_eq!(Ok(&text), ron_canonical(&value).as_ref(), "{value:?}");
        let fast: Catalogue = fast_ron::from_str(&text)
            .unwrap_or_else(|_| panic!("canonical text takes the fast path:\n{text}"));
        let slow: Catalogue = ron::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(same(&fast, &slow), "{text}");
        assert!(same(&fast, &value), "{text}");
        assert_eq!(canonical::to_string(&fast).expect("written"), text);
    }
}

#[test]
fn compact_text_is_read_as_ron_reads_it() {
    let mut g = Gen(SplitMix64::new(8));
    let mut fast_path = 0;
    for _ in 0..200 {
        let text = ron::to_string(&g.catalogue()).expect("ron writes it");
        let slow: Catalogue = ron::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        if let Ok(fast) = fast_ron::from_str::<Catalogue>(&text) {
            assert!(same(&fast, &slow), "{text}");
            fast_path += 1;
        }
    }
    // ron's compact text escapes apostrophes, which the reader reads too.
    assert_eq!(fast_path, 200);
}

#[test]
fn mutated_text_is_refused_or_read_as_ron_reads_it() {
    let text = canonical::to_string(&Gen(SplitMix64::new(9)).catalogue()).expect("written");
    let pieces = [
        "\"", "\\", ",", "(", ")", "[", "]", "{", "}", ":", "-", "0", "1.5", "e", ".", "'", " ",
        "\n", "/", "#", "r", "Some(", "None", "inf", "NaN", "true", "x", "é", "\\u{e9}", "\\x41",
        "_", "+",
    ];
    let took_fast_path = mutate(&text, &pieces, 1500, 10, |t| {
        match (
            fast_ron::from_str::<Catalogue>(t),
            ron::from_str::<Catalogue>(t),
        ) {
            (Ok(fast), Ok(slow)) => assert!(same(&fast, &slow), "disagreement on:\n{t}"),
            (Ok(_), Err(e)) => panic!("read what ron refuses ({e}):\n{t}"),
            (Err(_), _) => return false,
        }
        true
    });
    assert!(
        took_fast_path > 50,
        "only {took_fast_path} took the fast path"
    );
}

/// What the direct writer does not write itself, ron writes: the text (or
/// the error) is ron's either way.
#[test]
fn the_rest_is_left_to_ron() {
    struct Bytes;
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b"it's \x00\xff")
        }
    }
    #[derive(Serialize)]
    enum Odd {
        #[serde(rename = "Café")]
        Cafe,
        #[serde(rename = "with-dash")]
        Dash,
    }
    #[derive(Serialize)]
    struct Failing;
    impl Failing {
        fn fail<S: serde::Serializer>(_: &u8, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    #[derive(Serialize)]
    struct Refuses {
        #[serde(serialize_with = "Failing::fail")]
        value: u8,
    }
    assert_eq!(
        canonical::to_string(&Bytes).map_err(|e| e.to_string()),
        ron_canonical(&Bytes)
    );
    assert_eq!(
        canonical::to_string(&(Odd::Cafe, Odd::Dash)).map_err(|e| e.to_string()),
        ron_canonical(&(Odd::Cafe, Odd::Dash))
    );
    let refused = canonical::to_string(&Refuses { value: 1 }).map_err(|e| e.to_string());
    assert!(refused.is_err());
    assert_eq!(refused, ron_canonical(&Refuses { value: 1 }));
    // Nesting deeper than the writer goes.
    let mut deep = Shape::Dot;
    for _ in 0..60 {
        deep = Shape::Group(vec![deep]);
    }
    assert_eq!(
        canonical::to_string(&deep).map_err(|e| e.to_string()),
        ron_canonical(&deep)
    );
}

#[test]
fn apostrophes_and_backslashes_in_characters_read_back() {
    for c in ['\'', '\\', '"'] {
        let text = canonical::to_string(&c).expect("written");
        assert_eq!(Ok(&text), ron_canonical(&c).as_ref());
        assert_eq!(fast_ron::from_str::<char>(&text), Ok(c), "{text}");
        assert_eq!(ron::from_str::<char>(&text).ok(), Some(c), "{text}");
    }
    assert_eq!(canonical::to_string(&'\'').expect("written"), "'''\n");
}

#[test]
fn nesting_deeper_than_the_reader_goes_is_left_to_ron() {
    let mut deep = Shape::Dot;
    for _ in 0..40 {
        deep = Shape::Group(vec![deep]);
    }
    let text = ron::to_string(&deep).expect("ron writes it");
    assert_eq!(
        fast_ron::from_str::<Shape>(&text),
        Err(fast_ron::NotCanonical)
    );
}

/// ron lays out a list or map whose length serde does not know ahead
/// (from a filtered iterator) by a state it keeps across values; the
/// writer keeps the same state.
#[test]
fn lists_and_maps_of_unknown_length_are_laid_out_as_ron_does() {
    #[derive(Serialize)]
    struct Unknown {
        #[serde(serialize_with = "evens")]
        none_even: Vec<u8>,
        #[serde(serialize_with = "evens")]
        some_even: Vec<u8>,
        #[serde(serialize_with = "even_keys")]
        keys: Vec<u8>,
        after: Vec<Unknown>,
    }
    fn evens<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().filter(|n| *n % 2 == 0))
    }
    fn even_keys<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(v.iter().filter(|n| *n % 2 == 0).map(|n| (n, ())))
    }
    let inner = || Unknown {
        none_even: vec![1, 3],
        some_even: vec![1, 2, 4],
        keys: vec![3],
        after: Vec::new(),
    };
    let value = Unknown {
        after: vec![inner(), inner()],
        ..inner()
    };
    assert_eq!(
        canonical::to_string(&value).map_err(|e| e.to_string()),
        ron_canonical(&value)
    );
}
