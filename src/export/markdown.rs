//! A small builder for GitHub-flavoured Markdown. It takes text that is
//! already escaped (see `escape`) and only decides the layout: blank lines
//! between blocks, table rows with the same number of cells as the header.

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A Markdown document being written, block by block.
#[derive(Debug, Default)]
pub struct Doc {
    out: String,
}

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// An empty document with room for `bytes` (large maps make documents
    /// of megabytes: growing step by step copies them over and over).
    pub fn with_capacity(bytes: usize) -> Self {
        Doc {
            out: String::with_capacity(bytes),
        }
    }

    /// Starts a new block: one blank line after the previous one.
    fn block(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A heading; `text` must be escaped.
    pub fn heading(&mut self, level: usize, text: &str) {
        self.block();
        self.out.push_str(&"#".repeat(level.clamp(1, 6)));
        self.out.push(' ');
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A paragraph of one line; `text` must be escaped.
    pub fn paragraph(&mut self, text: &str) {
        self.block();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A bulleted list, one escaped line per item.
    pub fn list<I: IntoIterator<Item = String>>(&mut self, items: I) {
        self.block();
        for item in items {
            self.out.push_str("- ");
            self.out.push_str(&item);
            self.out.push('\n');
        }
    }

    /// A table. Header and cells must be escaped; each row is cut or padded
    /// to the header's width so that every row has the same cells.
    pub fn table(&mut self, header: &[(&str, Align)], rows: &[Vec<String>]) {
        self.block();
        let cells: Vec<&str> = header.iter().map(|(h, _)| *h).collect();
        self.row(&cells);
        let rule: Vec<&str> = header
            .iter()
            .map(|(_, a)| match a {
                Align::Left => "---",
                Align::Right => "---:",
            })
            .collect();
        self.row(&rule);
        for row in rows {
            // Cut or padded to the header's width, without a Vec per row.
            self.out.push('|');
            let given = row.iter().map(String::as_str).take(header.len());
            let padding = std::iter::repeat_n("", header.len().saturating_sub(row.len()));
            for cell in given.chain(padding) {
                self.out.push(' ');
                self.out.push_str(cell);
                self.out.push_str(" |");
            }
            self.out.push('\n');
        }
    }

    fn row(&mut self, cells: &[&str]) {
        self.out.push('|');
        for cell in cells {
            self.out.push(' ');
            self.out.push_str(cell);
            self.out.push_str(" |");
        }
        self.out.push('\n');
    }

    /// A fenced code block. The fence is longer than any run of backticks
    /// in `body`, so the body cannot close it early.
    pub fn fenced(&mut self, info: &str, body: &str) {
        self.block();
        let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        self.out.push_str(&fence);
        self.out.push_str(info);
        self.out.push('\n');
        self.out.push_str(body);
        if !body.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(&fence);
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        let mut doc = Doc::new();
        doc.heading(1, "Title");
        doc.paragraph("Text");
        doc.list(vec!["a".to_string(), "b".to_string()]);
        assert_eq!(doc.finish(), "# Title\n\nText\n\n- a\n- b\n");
    }

    #[test]
    fn rows_have_the_header_width() {
        let mut doc = Doc::new();
        doc.table(
            &[("A", Align::Left), ("B", Align::Right)],
            &[vec!["1".into()], vec!["1".into(), "2".into(), "3".into()]],
        );
        assert_eq!(
            doc.finish(),
            "| A | B |\n| --- | ---: |\n| 1 |  |\n| 1 | 2 |\n"
        );
    }

    #[test]
    fn fence_outgrows_backticks_in_the_body() {
        let mut doc = Doc::new();
        doc.fenced("text", "a ```` b");
        assert_eq!(doc.finish(), "`````text\na ```` b\n`````\n");
    }
}
