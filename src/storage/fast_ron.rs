//! A fast reader for the plain RON that maps are saved in.
//!
//! ron's serde reader runs at about 70 MB/s here, which makes a portfolio
//! of a thousand maps take a second on two cores. Files written by the
//! program (and most hand edits) use a small part of RON: structs with
//! known field names, lists, `Some(..)`/`None`, unit and `Other("..")`
//! variants, plain integers, `true`/`false` and double-quoted strings. This
//! reader understands only that part, several times faster.
//!
//! It is strictly a fast path: on anything outside that part (comments,
//! raw strings, struct names, unusual numbers or escapes, unknown or
//! duplicate fields, any error at all) it gives up with `None` and the
//! caller reads the text with ron, so every value and every error message
//! stays exactly ron's. Whenever it returns a map, ron returns the same
//! map for the same text (the tests check this on mutated files).

use crate::model::{
    Channel, Client, Commitment, Feedback, Map, Method, Motivation, Need, Perception, Review,
    Source, Stage, Touchpoint,
};

/// The map in `text`, or `None` when the text needs ron's full reader.
pub fn parse(text: &str) -> Option<Map<String>> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: 0,
    };
    r.ws();
    let map = r.map()?;
    r.ws();
    (r.i == r.b.len()).then_some(map)
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

/// Stores a field's value, refusing a second one (ron reports duplicates).
fn put<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips the white space this reader knows (ASCII only; other RON
    /// white space and comments are left for ron).
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// An ASCII identifier.
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.i += 1,
            _ => return None,
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        Some(&self.text[start..self.i])
    }

    /// Whether a word or number ends here: white space, `,`, `)` or `]`.
    fn at_boundary(&self) -> bool {
        matches!(
            self.peek(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']')
        )
    }

    /// A bare word (variant, `true`, `None`) that must end at a boundary.
    fn word(&mut self) -> Option<&'a str> {
        let w = self.ident()?;
        self.at_boundary().then_some(w)
    }

    /// A double-quoted string with the common escapes.
    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.i;
        let rest = &self.b[start..];
        let end = rest.iter().position(|&c| c == b'"' || c == b'\\')?;
        if rest[end] == b'"' {
            self.i = start + end + 1;
            return Some(self.text[start..start + end].to_string());
        }
        let mut out = String::with_capacity(end + 16);
        let mut from = start;
        loop {
            let rest = &self.b[from..];
            let at = rest.iter().position(|&c| c == b'"' || c == b'\\')?;
            // Both delimiters are ASCII, so these are char boundaries.
            out.push_str(&self.text[from..from + at]);
            if rest[at] == b'"' {
                self.i = from + at + 1;
                return Some(out);
            }
            let escaped = match rest.get(at + 1)? {
                b'"' => '"',
                b'\\' => '\\',
                b'\'' => '\'',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                // \x, \u{..}, line continuations: ron's business.
                _ => return None,
            };
            out.push(escaped);
            from += at + 2;
        }
    }

    /// Decimal digits without sign, leading zeros or suffix.
    fn digits(&mut self) -> Option<u64> {
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            self.i += 1;
        }
        let len = self.i - start;
        if len == 0 || len > 18 || (len > 1 && self.b[start] == b'0') || !self.at_boundary() {
            return None;
        }
        Some(n)
    }

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Option<T> {
        T::try_from(self.digits()?).ok()
    }

    fn sentiment(&mut self) -> Option<i8> {
        if self.eat(b'-') {
            let n = self.digits()?;
            // "-0" is left to ron.
            if n == 0 {
                return None;
            }
            i8::try_from(-i64::try_from(n).ok()?).ok()
        } else {
            i8::try_from(self.digits()?).ok()
        }
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.word()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// `None` or `Some(value)`.
    fn option<T>(&mut self, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.ident()? {
            "None" if self.at_boundary() => Some(None),
            "Some" if self.eat(b'(') => {
                self.ws();
                let v = value(self)?;
                self.ws();
                self.eat(b')').then_some(Some(v))
            }
            _ => None,
        }
    }

    /// `( name: value, ... )`: calls `field` for each name, which reads the
    /// value or refuses the name.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        if !self.eat(b'(') {
            return None;
        }
        loop {
            self.ws();
            if self.eat(b')') {
                return Some(());
            }
            let name = self.ident()?;
            if !self.eat(b':') {
                return None;
            }
            self.ws();
            field(self, name)?;
            self.ws();
            if !self.eat(b',') {
                self.ws();
                return self.eat(b')').then_some(());
            }
        }
    }

    /// `[ item, ... ]`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if !self.eat(b'[') {
            return None;
        }
        let mut out = Vec::new();
        loop {
            self.ws();
            if self.eat(b']') {
                return Some(out);
            }
            out.push(item(self)?);
            self.ws();
            if !self.eat(b',') {
                self.ws();
                return self.eat(b']').then_some(out);
            }
        }
    }

    /// `Other("text")`, the one variant with a value.
    fn other_text(&mut self) -> Option<String> {
        if !self.eat(b'(') {
            return None;
        }
        self.ws();
        let text = self.string()?;
        self.ws();
        self.eat(b')').then_some(text)
    }

    fn map(&mut self) -> Option<Map<String>> {
        let (mut format, mut client, mut title, mut stages, mut reviews) =
            (None, None, None, None, None);
        self.fields(|r, name| match name {
            "format" => put(&mut format, r.unsigned::<u32>()?),
            "client" => put(&mut client, r.client()?),
            "title" => put(&mut title, r.string()?),
            "stages" => put(&mut stages, r.list(Self::stage)?),
            "reviews" => put(&mut reviews, r.list(Self::review)?),
            _ => None,
        })?;
        Some(Map {
            format: format?,
            client: client?,
            title: title?,
            stages: stages?,
            reviews: reviews.unwrap_or_default(),
        })
    }

    fn client(&mut self) -> Option<Client> {
        let (mut name, mut account_manager, mut segment) = (None, None, None);
        self.fields(|r, field| match field {
            "name" => put(&mut name, r.string()?),
            "account_manager" => put(&mut account_manager, r.string()?),
            "segment" => put(&mut segment, r.option(Self::string)?),
            _ => None,
        })?;
        Some(Client {
            name: name?,
            account_manager: account_manager?,
            segment: segment.flatten(),
        })
    }

    fn stage(&mut self) -> Option<Stage<String>> {
        let (mut id, mut name, mut goal) = (None, None, None);
        let (mut touchpoints, mut needs, mut perceptions, mut feedback, mut commitments) =
            (None, None, None, None, None);
        self.fields(|r, field| match field {
            "id" => put(&mut id, r.string()?),
            "name" => put(&mut name, r.string()?),
            "goal" => put(&mut goal, r.option(Self::string)?),
            "touchpoints" => put(&mut touchpoints, r.list(Self::touchpoint)?),
            "needs" => put(&mut needs, r.list(Self::need)?),
            "perceptions" => put(&mut perceptions, r.list(Self::perception)?),
            "feedback" => put(&mut feedback, r.list(Self::feedback)?),
            "commitments" => put(&mut commitments, r.list(Self::commitment)?),
            _ => None,
        })?;
        Some(Stage {
            id: id?,
            name: name?,
            goal: goal.flatten(),
            touchpoints: touchpoints.unwrap_or_default(),
            needs: needs.unwrap_or_default(),
            perceptions: perceptions.unwrap_or_default(),
            feedback: feedback.unwrap_or_default(),
            commitments: commitments.unwrap_or_default(),
        })
    }

    fn touchpoint(&mut self) -> Option<Touchpoint> {
        let (mut channel, mut description, mut owner, mut department) = (None, None, None, None);
        self.fields(|r, field| match field {
            "channel" => put(&mut channel, r.channel()?),
            "description" => put(&mut description, r.string()?),
            "owner" => put(&mut owner, r.string()?),
            "department" => put(&mut department, r.string()?),
            _ => None,
        })?;
        Some(Touchpoint {
            channel: channel?,
            description: description?,
            owner: owner?,
            department: department.unwrap_or_default(),
        })
    }

    fn channel(&mut self) -> Option<Channel> {
        Some(match self.ident()? {
            "Other" => return self.other_text().map(Channel::Other),
            _ if !self.at_boundary() => return None,
            "InPerson" => Channel::InPerson,
            "Phone" => Channel::Phone,
            "Email" => Channel::Email,
            "Web" => Channel::Web,
            "Chat" => Channel::Chat,
            "Social" => Channel::Social,
            "Mail" => Channel::Mail,
            "Event" => Channel::Event,
            _ => return None,
        })
    }

    fn need(&mut self) -> Option<Need> {
        let (mut text, mut motivation, mut met) = (None, None, None);
        self.fields(|r, field| match field {
            "text" => put(&mut text, r.string()?),
            "motivation" => put(
                &mut motivation,
                match r.word()? {
                    "Security" => Motivation::Security,
                    "Utility" => Motivation::Utility,
                    "Prestige" => Motivation::Prestige,
                    "Pleasure" => Motivation::Pleasure,
                    "Savings" => Motivation::Savings,
                    _ => return None,
                },
            ),
            "met" => put(&mut met, r.boolean()?),
            _ => None,
        })?;
        Some(Need {
            text: text?,
            motivation: motivation?,
            met: met?,
        })
    }

    fn perception(&mut self) -> Option<Perception> {
        let (mut text, mut sentiment, mut source) = (None, None, None);
        self.fields(|r, field| match field {
            "text" => put(&mut text, r.string()?),
            "sentiment" => put(&mut sentiment, r.sentiment()?),
            "source" => put(
                &mut source,
                match r.word()? {
                    "Heard" => Source::Heard,
                    "Observed" => Source::Observed,
                    "Assumed" => Source::Assumed,
                    _ => return None,
                },
            ),
            _ => None,
        })?;
        Some(Perception {
            text: text?,
            sentiment: sentiment?,
            source: source?,
        })
    }

    fn method(&mut self) -> Option<Method> {
        Some(match self.ident()? {
            "Other" => return self.other_text().map(Method::Other),
            _ if !self.at_boundary() => return None,
            "Conversation" => Method::Conversation,
            "Call" => Method::Call,
            "Meeting" => Method::Meeting,
            "Survey" => Method::Survey,
            "Email" => Method::Email,
            _ => return None,
        })
    }

    fn feedback(&mut self) -> Option<Feedback<String>> {
        let (mut date, mut method, mut score, mut by, mut summary, mut holding_back) =
            (None, None, None, None, None, None);
        self.fields(|r, field| match field {
            "date" => put(&mut date, r.string()?),
            "method" => put(&mut method, r.method()?),
            "score" => put(&mut score, r.option(Self::unsigned::<u8>)?),
            "by" => put(&mut by, r.string()?),
            "summary" => put(&mut summary, r.string()?),
            "holding_back" => put(&mut holding_back, r.boolean()?),
            _ => None,
        })?;
        Some(Feedback {
            date: date?,
            method: method?,
            score: score?,
            by: by?,
            summary: summary?,
            holding_back: holding_back.unwrap_or_default(),
        })
    }

    fn commitment(&mut self) -> Option<Commitment<String>> {
        let (mut promise, mut owner, mut due, mut done) = (None, None, None, None);
        self.fields(|r, field| match field {
            "promise" => put(&mut promise, r.string()?),
            "owner" => put(&mut owner, r.string()?),
            "due" => put(&mut due, r.string()?),
            "done" => put(&mut done, r.option(Self::string)?),
            _ => None,
        })?;
        Some(Commitment {
            promise: promise?,
            owner: owner?,
            due: due?,
            done: done?,
        })
    }

    fn review(&mut self) -> Option<Review<String>> {
        let (mut date, mut by, mut stage, mut note) = (None, None, None, None);
        self.fields(|r, field| match field {
            "date" => put(&mut date, r.string()?),
            "by" => put(&mut by, r.string()?),
            "stage" => put(&mut stage, r.option(Self::string)?),
            "note" => put(&mut note, r.string()?),
            _ => None,
        })?;
        Some(Review {
            date: date?,
            by: by?,
            stage: stage?,
            note: note?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, Size, SplitMix64};

    /// The promise of this module: never a map ron would not give.
    fn agrees_with_ron(text: &str) -> bool {
        match parse(text) {
            Some(fast) => match ron::from_str::<Map<String>>(text) {
                Ok(slow) => slow == fast,
                Err(_) => false,
            },
            None => true,
        }
    }

    #[test]
    fn reads_canonical_maps_like_ron() {
        for seed in 0..4 {
            let text = synth::map_text(Size::REALISTIC, seed);
            let fast = parse(&text).expect("canonical text takes the fast path");
            assert_eq!(fast, ron::from_str::<Map<String>>(&text).expect("valid"));
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
        for path in crate::storage::folders::list_maps(&dir).expect("samples") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let fast = parse(&text).unwrap_or_else(|| panic!("{}", path.display()));
            assert_eq!(fast, ron::from_str::<Map<String>>(&text).expect("valid"));
        }
    }

    #[test]
    fn hand_written_variety_agrees_with_ron() {
        let texts = [
            // Compact, fields out of order, defaults left out, escapes.
            r#"(client:(name:"A \"B\" C\\",account_manager:"it\'s me"),format:1,title:"t\n\t",stages:[(name:"N",id:"n",feedback:[(date:"2026-01-01",method:Other("x"),score:None,by:"b",summary:"s")])])"#,
            "(format: 1, client: (name: \"A\", account_manager: \"B\", segment: None), title: \"\", stages: [], reviews: [],)",
            // Trailing commas everywhere, CRLF line ends.
            "(\r\n format: 1,\r\n client: (name: \"A\", account_manager: \"B\",),\r\n title: \"T\",\r\n stages: [(id: \"a\", name: \"A\", perceptions: [(text: \"p\", sentiment: -2, source: Assumed,),],),],\r\n)\r\n",
            // Literal control characters and non-ASCII text inside strings.
            "(format: 1, client: (name: \"Zoë\tcafé\n\", account_manager: \"B\"), title: \"T\", stages: [])",
        ];
        for text in texts {
            assert!(parse(text).is_some(), "fast path refused {text}");
            assert!(agrees_with_ron(text), "{text}");
        }
    }

    #[test]
    fn leaves_everything_unusual_to_ron() {
        let base =
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])";
        let unusual = [
            "// a comment\n(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "Map(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [], extra: 1)",
            "(format: 0x1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 01, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 99999999999, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: r\"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"\\u{41}\", account_manager: \"B\"), title: \"T\", stages: [])",
            "#![enable(implicit_some)]\n(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: []) x",
            "(format: 1, client: (name: \"A\"), title: \"T\", stages: [])",
        ];
        assert!(parse(base).is_some());
        for text in unusual {
            assert!(parse(text).is_none(), "fast path took {text}");
        }
    }

    /// Random small edits of a real map: the fast path either gives up or
    /// agrees with ron, never anything else.
    #[test]
    fn mutated_maps_agree_with_ron() {
        let text = synth::map_text(
            Size {
                stages: 3,
                items: 25,
            },
            11,
        );
        let pieces: &[&str] = &[
            "\"", "\\", ",", "(", ")", "[", "]", ":", "-", "0", "9", "256", "-129", " ", "\n", "/",
            "#", "r", "Some(", "None", "true", "x", "é", "\\'", "\\n", "\\x41", "_",
        ];
        let mut rng = SplitMix64::new(99);
        let mut took_fast_path = 0;
        for _ in 0..1500 {
            let mut t = text.clone();
            for _ in 0..rng.between(1, 3) {
                let mut at = rng.below(t.len());
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => t.insert_str(at, pieces[rng.below(pieces.len())]),
                    1 => {
                        let mut end = (at + rng.between(1, 6)).min(t.len());
                        while !t.is_char_boundary(end) {
                            end += 1;
                        }
                        t.replace_range(at..end, "");
                    }
                    _ => {
                        let mut end = (at + 1).min(t.len());
                        while !t.is_char_boundary(end) {
                            end += 1;
                        }
                        t.replace_range(at..end, pieces[rng.below(pieces.len())]);
                    }
                }
            }
            took_fast_path += usize::from(parse(&t).is_some());
            assert!(agrees_with_ron(&t), "disagreement on:\n{t}");
        }
        // Many edits keep the text valid (inside strings, white space):
        // the comparison must actually have run on some.
        assert!(
            took_fast_path > 50,
            "only {took_fast_path} took the fast path"
        );
    }
}
