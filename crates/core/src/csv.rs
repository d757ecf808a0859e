//! The one CSV writer of every export (the enterprise list's and the staff's): RFC 4180 quoting,
//! CRLF line ends, a byte-order mark so that Excel reads the Chinese, and text cells defused so
//! that no spreadsheet runs them as formulas.
//!
//! Which cells are defused is the caller's choice of [`Cell`], made per column, never guessed from
//! the value: a [`Cell::Text`] that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! gets a leading apostrophe (`'=1+1`), so a phone number `+86…` or a name `=HYPERLINK(…)` reads
//! as text; a [`Cell::Number`] (a count, a coordinate) is written as it is, so `-1.5` stays a
//! number. Columns that hold numbers formatted by the program are numbers; everything a person
//! typed, and every label, is text.

use std::borrow::Cow;

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text: defused if it starts like a formula.
    Text(&'a str),
    /// A number the program formatted: written as it is.
    Number(&'a str),
}

/// When a cell is put in double quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// Every cell.
    Always,
    /// Only cells that hold a comma, a double quote or a line break.
    AsNeeded,
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` with an apostrophe in front if it starts like a formula.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// One cell as it is written: defused if it is text, then quoted as `quoting` says, with its
/// double quotes doubled.
pub fn cell(value: Cell<'_>, quoting: Quoting) -> String {
    let text = match value {
        Cell::Text(text) => defuse(text),
        Cell::Number(number) => Cow::Borrowed(number),
    };
    let quote = quoting == Quoting::Always || text.contains([',', '"', '\n', '\r']);
    if quote { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.into_owned() }
}

/// A CSV document being written: a byte-order mark, then rows ending in CRLF.
#[derive(Debug, Clone)]
pub struct Writer {
    out: String,
    quoting: Quoting,
}

impl Writer {
    /// A document that starts with the byte-order mark.
    pub fn new(quoting: Quoting) -> Self {
        Self { out: String::from('\u{feff}'), quoting }
    }

    /// Appends a row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        for (i, value) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&cell(value, self.quoting));
        }
        self.out.push_str("\r\n");
    }

    /// Appends a row of text cells.
    pub fn text_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row(cells.into_iter().map(Cell::Text));
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_always_or_only_when_needed() {
        assert_eq!(cell(Cell::Text("plain"), Quoting::AsNeeded), "plain");
        assert_eq!(cell(Cell::Text("plain"), Quoting::Always), "\"plain\"");
        assert_eq!(cell(Cell::Text("a,b"), Quoting::AsNeeded), "\"a,b\"");
        assert_eq!(cell(Cell::Text("say \"hi\""), Quoting::AsNeeded), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(Cell::Text("say \"hi\""), Quoting::Always), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(Cell::Text("two\nlines"), Quoting::AsNeeded), "\"two\nlines\"");
        assert_eq!(cell(Cell::Text("多行\n文本"), Quoting::Always), "\"多行\n文本\"");
        assert_eq!(cell(Cell::Text(""), Quoting::AsNeeded), "");
    }

    #[test]
    fn text_that_starts_like_a_formula_is_defused() {
        assert_eq!(cell(Cell::Text("=HYPERLINK(\"x\")"), Quoting::Always), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell(Cell::Text("+8613912345678"), Quoting::Always), "\"'+8613912345678\"");
        assert_eq!(cell(Cell::Text("@SUM(A1)"), Quoting::Always), "\"'@SUM(A1)\"");
        assert_eq!(cell(Cell::Text("=1+1"), Quoting::AsNeeded), "'=1+1");
        assert_eq!(cell(Cell::Text("-2"), Quoting::AsNeeded), "'-2");
        assert_eq!(cell(Cell::Text("\tx"), Quoting::AsNeeded), "'\tx");
        assert_eq!(cell(Cell::Text("\rx"), Quoting::AsNeeded), "\"'\rx\"");
        assert_eq!(cell(Cell::Text("a=b"), Quoting::AsNeeded), "a=b", "only a leading character counts");
        assert_eq!(defuse("1+1"), "1+1");
    }

    #[test]
    fn numbers_are_written_as_they_are() {
        assert_eq!(cell(Cell::Number("-1.5"), Quoting::AsNeeded), "-1.5");
        assert_eq!(cell(Cell::Number("-1.5"), Quoting::Always), "\"-1.5\"");
        assert_eq!(cell(Cell::Number("119.63"), Quoting::Always), "\"119.63\"");
    }

    #[test]
    fn a_document_has_a_bom_and_crlf_rows() {
        let mut csv = Writer::new(Quoting::AsNeeded);
        csv.text_row(["id", "name"]);
        csv.row([Cell::Text("=x"), Cell::Number("-3")]);
        csv.row([]);
        assert_eq!(csv.finish(), "\u{feff}id,name\r\n'=x,-3\r\n\r\n");
    }
}
