//! Where output goes and how it looks: the stdout/stderr pair, colour, the output flags every
//! list/get/create command takes (`OutputArgs`), the Go table layout
//! (pure functions returning `String`), JSON and "time ago". Results go to stdout, everything
//! else to stderr (docs/compatibility.md#stderr).

use std::io::Write;

use clap::Args;
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;

use crate::error::{Error, Result};

/// The process's output streams. Results go to `out`; prompts, warnings and progress to `err`.
pub struct Io {
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    /// Colour on stdout (decided once in `main`, go-gh rules); highlights the current
    /// workspace in `workspace list`.
    pub color: bool,
    /// Colour on stderr, for prompts (same rules, stderr's terminal).
    pub err_color: bool,
    /// stdout was closed when the process started (`>&-`). The runtime then points it at
    /// /dev/null, so writes "succeed" and reach nobody; `print_secret` refuses instead
    /// (docs/reliability.md#secrets-reach-you).
    pub out_closed: bool,
    /// stdout is a terminal, and how wide: tables there mark the current row and fit the
    /// width (docs/compatibility.md#at-a-terminal). `None` in a pipe or a file: Go's layout.
    pub out_screen: Option<Screen>,
    /// The same for stderr, where menus are shown.
    pub err_screen: Option<Screen>,
}

/// A stream that is a terminal (docs/compatibility.md#at-a-terminal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Screen {
    /// Its width in columns (`COLUMNS`, else the terminal's size), when known.
    pub width: Option<usize>,
}

impl Io {
    /// Writes a result to stdout.
    pub fn print(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(Error::Output)
    }

    /// Writes a value the server will not show again (a new token, an API key) to stdout. The
    /// error is the stream's own, or a closed stdout's; the caller turns it into a message that
    /// says what was done on the server and how to recover (docs/reliability.md#secrets-reach-you).
    pub fn print_secret(&mut self, text: &str) -> std::io::Result<()> {
        if self.out_closed {
            return Err(std::io::Error::other("it was closed when astro started"));
        }
        self.out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
    }

    /// A result table for stdout: Go's layout in a pipe; at a terminal, fitted to its width.
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>]) -> String {
        let look = Look {
            screen: self.out_screen,
            ..Look::default()
        };
        table_look(headers, rows, look)
    }

    /// A list for stdout that has a current row (workspaces, contexts): `current`, if it is
    /// listed, in green with colour on and, at a terminal, marked `*` (colour alone is lost
    /// with `NO_COLOR`).
    pub fn table_with_current(
        &self,
        headers: &[&str],
        rows: &[Vec<String>],
        current: Option<usize>,
    ) -> String {
        let look = Look {
            screen: self.out_screen,
            marked: true,
            current,
            color: self.color,
        };
        table_look(headers, rows, look)
    }

    /// A menu for stderr (its rows numbered from 1): Go's layout in a pipe; at a terminal,
    /// fitted to its width like `table`. A name shortened there is still taken whole as an
    /// answer: pass `prompt::row_names` of the same rows to the prompter
    /// (docs/compatibility.md#menu-names).
    pub fn menu(&self, headers: &[&str], rows: &[Vec<String>]) -> String {
        let look = Look {
            screen: self.err_screen,
            ..Look::default()
        };
        menu_look(headers, rows, 0, look)
    }

    /// A menu for stderr with the current entry (if listed) marked as in `table_with_current`,
    /// its rows numbered from `first + 1`.
    pub fn menu_with_current(
        &self,
        headers: &[&str],
        rows: &[Vec<String>],
        first: usize,
        current: Option<usize>,
    ) -> String {
        let look = Look {
            screen: self.err_screen,
            marked: true,
            current,
            color: self.err_color,
        };
        menu_look(headers, rows, first, look)
    }

    /// Writes a message to stderr. A failure to write a message is not worth failing for.
    pub fn note(&mut self, text: &str) {
        let _ = self.err.write_all(text.as_bytes());
        let _ = self.err.flush();
    }
}

/// `NO_COLOR` or `CLICOLOR=0` turn colour off, `CLICOLOR_FORCE` turns it on, else a terminal.
pub fn color_enabled(no_color: bool, clicolor_off: bool, clicolor_force: bool, tty: bool) -> bool {
    if no_color {
        false
    } else if clicolor_force {
        true
    } else {
        !clicolor_off && tty
    }
}

/// Output format of list/get commands (`-o/--output`, `--json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// `-o/--output` and `--json`, on every list, get and create command (docs/json.md).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table or json (the Go CLI's "template" format is not supported)
    #[arg(short = 'o', long, value_name = "FORMAT", value_parser = parse_format)]
    pub output: Option<Format>,

    /// Output as JSON
    #[arg(long, conflicts_with = "output")]
    pub json: bool,

    /// The Go CLI's template string: refused with a usage error that names -o json. No Rust
    /// crate reproduces Go's text/template over Go's structs (`.CreatedAt` prints through
    /// Go's time.Time String method), so a template would print something else than in Go.
    #[arg(long, hide = true, value_name = "TEMPLATE", value_parser = refuse_template)]
    pub template: Option<String>,
}

/// Names what the user has at hand (`-o json`, a JSON tool), not a file of this repository.
const NO_TEMPLATES: &str = "Go templates are not supported: use -o json and a JSON tool instead, e.g. astro workspace list -o json | jq -r '.workspaces[].name'";

fn refuse_template(_: &str) -> Result<String, String> {
    Err(NO_TEMPLATES.to_string())
}

impl OutputArgs {
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.output.unwrap_or_default()
        }
    }
}

fn parse_format(value: &str) -> Result<Format, String> {
    match value {
        "" | "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "template" => Err(NO_TEMPLATES.to_string()),
        // Go's text, less the template format we do not have.
        other => Err(format!(
            "invalid format \"{other}\" (must be table or json)"
        )),
    }
}

const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// The Go CLI's table (docs/compatibility.md#tables): one leading space, left-aligned cells,
/// each column as wide as its longest cell or header + 5 (in displayed characters), no borders,
/// trailing spaces kept, one `\n` per line. An empty table is its header line.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    table_highlighted(headers, rows, None, false)
}

/// `table`, with row `highlight` wrapped in bold green (leading space included) when `color`.
pub fn table_highlighted(
    headers: &[&str],
    rows: &[Vec<String>],
    highlight: Option<usize>,
    color: bool,
) -> String {
    let look = Look {
        current: highlight,
        color,
        ..Look::default()
    };
    table_look(headers, rows, look)
}

/// How a table is shown: where (a terminal, or Go's layout), and its current row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    /// The terminal it is shown on; `None` for a pipe or a file, where the layout is Go's.
    pub screen: Option<Screen>,
    /// The list has a current row (workspaces, contexts): at a terminal every line starts
    /// with a two-column slot that holds `*` on the current row.
    pub marked: bool,
    /// The current row, if it is listed.
    pub current: Option<usize>,
    /// Colour is on: the current row is bold green.
    pub color: bool,
}

/// The marker of the current row at a terminal, and the blank of the others.
const CURRENT_MARK: &str = "* ";
const NO_MARK: &str = "  ";

/// The table as `look` says. Without a screen: Go's layout, byte for byte. At a terminal: the
/// current-row marker when the list has one, and, when Go's lines (trailing spaces included)
/// would be wider than the terminal, a fitted layout: two spaces between columns, no trailing
/// spaces, and the widest free-text columns shortened with `…` (docs/compatibility.md#at-a-terminal).
///
/// comfy-table reproduced Go's layout byte for byte, but took ~20 ms for a 5,000-row token
/// list; this renderer takes well under one, and the layout is simple enough to own.
pub fn table_look(headers: &[&str], rows: &[Vec<String>], look: Look) -> String {
    // Cells hold server text: made safe here, so no table can be broken by one (`safe`).
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| safe(cell)).collect())
        .collect();
    let mut natural: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            match natural.get_mut(i) {
                Some(w) => *w = (*w).max(cell.width()),
                None => natural.push(cell.width()),
            }
        }
    }
    let marker = look.screen.is_some() && look.marked;
    let lead = if marker { 1 + CURRENT_MARK.len() } else { 1 };
    let go_width = lead + natural.iter().map(|w| w + COLUMN_GAP).sum::<usize>();
    let fitted = look
        .screen
        .and_then(|s| s.width)
        .filter(|&width| go_width > width);
    let (widths, gap) = match fitted {
        None => (natural, COLUMN_GAP),
        Some(width) => {
            let floors: Vec<Option<usize>> = (0..natural.len())
                .map(|i| {
                    let header = headers.get(i).copied().unwrap_or_default();
                    is_free_text(header).then(|| header.width().max(FREE_TEXT_FLOOR))
                })
                .collect();
            let gaps = TIGHT_GAP * natural.len().saturating_sub(1);
            let room = width.saturating_sub(lead + gaps);
            (fit_widths(&natural, &floors, room), TIGHT_GAP)
        }
    };
    let last = widths.len().saturating_sub(1);
    let line = |cells: &mut dyn Iterator<Item = &str>, text: &mut String| {
        for (i, (cell, &width)) in cells.zip(&widths).enumerate() {
            let cell = if fitted.is_some() {
                shorten(cell, width)
            } else {
                std::borrow::Cow::Borrowed(cell)
            };
            text.push_str(&cell);
            // A fitted line ends at its last character: trailing spaces would wrap too.
            if fitted.is_none() || i < last {
                let padding = width.saturating_sub(cell.width()) + gap;
                text.extend(std::iter::repeat_n(' ', padding));
            }
        }
    };
    let mut text = String::with_capacity((rows.len() + 1) * (widths.iter().sum::<usize>() + 32));
    text.push(' ');
    if marker {
        text.push_str(NO_MARK);
    }
    line(&mut headers.iter().copied(), &mut text);
    text.push('\n');
    for (i, row) in rows.iter().enumerate() {
        let current = look.current == Some(i);
        let lit = look.color && current;
        if lit {
            text.push_str(GREEN);
        }
        text.push(' ');
        if marker {
            text.push_str(if current { CURRENT_MARK } else { NO_MARK });
        }
        line(&mut row.iter().map(|cell| cell.as_ref()), &mut text);
        if lit {
            text.push_str(RESET);
        }
        text.push('\n');
    }
    text
}

/// Columns of free text (names, descriptions), the only ones a terminal's width may shorten;
/// IDs, emails, roles, scopes and dates are never cut. Known by their header, so every list
/// follows one rule.
fn is_free_text(header: &str) -> bool {
    matches!(
        header,
        "NAME"
            | "DESCRIPTION"
            | "FULLNAME"
            | "TEAM NAME"
            | "TEAMNAME"
            | "WORKSPACENAME"
            | "CREATED BY"
            | "CATEGORY"
    )
}

/// A free-text column is never shortened below its header or this many columns.
const FREE_TEXT_FLOOR: usize = 8;

/// Spaces between columns in a table fitted to a terminal.
const TIGHT_GAP: usize = 2;

/// Column widths whose sum fits `room` displayed columns: the widest shortenable columns
/// (`floors[i]` is `Some(floor)`) are shortened first, evenly, none below its floor (nor
/// below its own width); the others keep theirs. When the columns that cannot be shortened
/// leave too little room, every shortenable column is at its floor and the sum exceeds `room`.
pub fn fit_widths(natural: &[usize], floors: &[Option<usize>], room: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let floor = |i: usize| floors.get(i).copied().flatten().map(|f| f.min(natural[i]));
    let mut excess = widths.iter().sum::<usize>().saturating_sub(room);
    while excess > 0 {
        // The widest columns that can still give room, and how far they can go at once: to
        // the next narrower shortenable column, or to their floors.
        let shrinkable = |i: &usize| floor(*i).is_some_and(|f| widths[*i] > f);
        let Some(top) = (0..widths.len())
            .filter(shrinkable)
            .map(|i| widths[i])
            .max()
        else {
            break;
        };
        let at_top: Vec<usize> = (0..widths.len())
            .filter(|i| shrinkable(i) && widths[*i] == top)
            .collect();
        let next = (0..widths.len())
            .filter(shrinkable)
            .map(|i| widths[i])
            .filter(|&w| w < top)
            .max()
            .unwrap_or(0);
        let step = excess.div_ceil(at_top.len()).min(top - next);
        for i in at_top {
            let give = step
                .min(excess)
                .min(widths[i] - floor(i).unwrap_or(widths[i]));
            widths[i] -= give;
            excess -= give;
        }
    }
    widths
}

/// `text` cut to at most `width` displayed columns, ending in `…` when it was cut.
pub fn shorten(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut = String::with_capacity(width + 3);
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    if width > 0 {
        cut.push('…');
    }
    std::borrow::Cow::Owned(cut)
}

/// Spaces after the widest cell of each column.
const COLUMN_GAP: usize = 5;

/// A menu shown as `look` says (`table_look`), numbered from `first + 1`.
pub fn menu_look(headers: &[&str], rows: &[Vec<String>], first: usize, look: Look) -> String {
    let headers: Vec<&str> = std::iter::once("#")
        .chain(headers.iter().copied())
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            std::iter::once((first + i + 1).to_string())
                .chain(row.iter().cloned())
                .collect()
        })
        .collect();
    table_look(&headers, &rows, look)
}

/// `ESC[1m…ESC[0m` when colour is on. The text is a server's name: made safe (`safe`).
pub fn bold(text: &str, color: bool) -> String {
    let text = safe(text);
    if color {
        format!("\x1b[1m{text}{RESET}")
    } else {
        text.into_owned()
    }
}

/// JSON as the Go CLI's encoder writes it (docs/json.md): two-space indentation, HTML not
/// escaped, one final newline. Go's encoder always escapes U+2028 and U+2029 (JavaScript line
/// separators); serde_json does not, so they are escaped here. They can only occur inside
/// strings, so replacing them everywhere is safe.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::msg(format!("could not encode JSON: {e}")))?;
    if text.contains(['\u{2028}', '\u{2029}']) {
        text = text
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
    }
    text.push('\n');
    Ok(text)
}

/// Every list's JSON document: one object whose only key is the plural camelCase name of the
/// resource (`{"tokens":[…]}`), as the Go CLI's `workspace list --json` has it.
pub fn json_list<T: Serialize>(key: &str, items: &[T]) -> Result<String> {
    struct Document<'a, T>(&'a str, &'a [T]);
    impl<T: Serialize> Serialize for Document<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap as _;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(self.0, self.1)?;
            map.end()
        }
    }
    json(&Document(key, items))
}

/// "CREATED" column: `3 days ago`, `1 day ago`, `5 hours ago`, `Just now` (Go's helper says `1 days
/// ago`: docs/compatibility.md#time-ago). Unparsable or missing timestamps give an empty cell.
pub fn time_ago(timestamp: Option<&str>, now_unix: i64) -> String {
    let Some(then) = timestamp.and_then(crate::time::parse_rfc3339) else {
        return String::new();
    };
    match crate::time::whole_units(now_unix - then) {
        Some(span) => format!("{span} ago"),
        None => "Just now".to_string(),
    }
}

/// A list in `format`: the JSON document `{"<key>":[…]}` of `to_json` of every item, or the Go
/// table of `to_row`s (at a terminal, `screen`, fitted to its width: `table_look`).
pub fn render<'a, T, J: Serialize>(
    screen: Option<Screen>,
    format: Format,
    items: &'a [T],
    key: &str,
    headers: &[&str],
    to_row: impl Fn(&'a T) -> Vec<String>,
    to_json: impl Fn(&'a T) -> J,
) -> Result<String> {
    match format {
        Format::Json => json_list(key, &items.iter().map(to_json).collect::<Vec<J>>()),
        Format::Table => {
            let look = Look {
                screen,
                ..Look::default()
            };
            let rows = items.iter().map(to_row).collect::<Vec<_>>();
            Ok(table_look(headers, &rows, look))
        }
    }
}

/// The Go CLI's fixed-width table (`printutil.Table` without dynamic padding: the context,
/// switch and remove tables): one leading space, each cell left-aligned in its column's width
/// (counted in characters; a longer cell pushes the next column along, never cut).
pub fn fixed_table(headers: &[&str], widths: &[usize], rows: &[Vec<String>]) -> String {
    fixed_table_highlighted(headers, widths, rows, None, false)
}

/// `fixed_table` with row `highlight` in bold green when `color`.
pub fn fixed_table_highlighted(
    headers: &[&str],
    widths: &[usize],
    rows: &[Vec<String>],
    highlight: Option<usize>,
    color: bool,
) -> String {
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::from(" ");
        for (cell, width) in cells.zip(widths) {
            text.push_str(&format!("{cell:<width$}"));
        }
        text
    };
    let mut out = line(&mut headers.iter().copied());
    out.push('\n');
    for (i, row) in rows.iter().enumerate() {
        let rendered = line(
            &mut row
                .iter()
                .map(|cell| safe(cell))
                .collect::<Vec<_>>()
                .iter()
                .map(|cell| cell.as_ref()),
        );
        if color && highlight == Some(i) {
            out.push_str(&format!("{GREEN}{rendered}{RESET}\n"));
        } else {
            out.push_str(&rendered);
            out.push('\n');
        }
    }
    out
}

/// Makes a string that came from a server safe to show as text (docs/reliability.md#server-text):
/// C0 controls (tab, newline and carriage return included), DEL and ESC become caret notation
/// (`^[`, `^J`, `^?`), C1 controls (U+0080–U+009F) and the bidi embedding, override and
/// isolate characters become `\u{…}`. Nothing a server sends can then move the cursor, set the
/// clipboard or a hyperlink, clear the screen, start or overwrite a table row, or reorder what
/// is read. Everything else, wide and combining characters included, is kept. Terminal and pipe
/// alike: pipes end in `less -R` and CI log viewers. JSON and `--clean-output` do not use it.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => {
                shown.push('^');
                shown.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => shown.push_str("^?"),
            c if needs_escape(c) => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// Characters `safe` makes visible.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
    )
}

/// `1234567` as `1,234,567`, for counts a person reads.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `N/A` for an empty value, as the Go CLI shows it in context tables.
pub fn or_na(text: &str) -> &str {
    if text.is_empty() { "N/A" } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A selection menu in Go's layout: the table with a leading `#` column numbered from 1.
    fn menu(headers: &[&str], rows: &[Vec<String>]) -> String {
        menu_highlighted(headers, rows, 0, None, false)
    }

    /// `menu` numbered from `first + 1`, with row `highlight` in bold green when `color`.
    fn menu_highlighted(
        headers: &[&str],
        rows: &[Vec<String>],
        first: usize,
        highlight: Option<usize>,
        color: bool,
    ) -> String {
        let look = Look {
            current: highlight,
            color,
            ..Look::default()
        };
        menu_look(headers, rows, first, look)
    }

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1200), "1,200");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn reproduces_the_go_role_menu_byte_for_byte() {
        let rows: Vec<Vec<String>> = [
            "WORKSPACE_MEMBER",
            "WORKSPACE_AUTHOR",
            "WORKSPACE_OPERATOR",
            "WORKSPACE_OWNER",
        ]
        .iter()
        .map(|r| row(&[r]))
        .collect();
        assert_eq!(
            menu(&["ROLE"], &rows),
            concat!(
                " #     ROLE                   \n",
                " 1     WORKSPACE_MEMBER       \n",
                " 2     WORKSPACE_AUTHOR       \n",
                " 3     WORKSPACE_OPERATOR     \n",
                " 4     WORKSPACE_OWNER        \n",
            )
        );
    }

    #[test]
    fn reproduces_the_go_workspace_list() {
        assert_eq!(
            table(&["NAME", "ID"], &[row(&["test-workspace", "workspace-id"])]),
            " NAME               ID               \n test-workspace     workspace-id     \n"
        );
    }

    #[test]
    fn reproduces_the_go_highlighted_rows() {
        let rows = [
            row(&["airflow", "ck05r3bor07h40d02y2hw4n4v"]),
            row(&["airflow123", "XXXXXXXXXXXXXXX"]),
        ];
        assert_eq!(
            table_highlighted(&["NAME", "ID"], &rows, Some(0), true),
            concat!(
                " NAME           ID                            \n",
                "\x1b[1;32m airflow        ck05r3bor07h40d02y2hw4n4v     \x1b[0m\n",
                " airflow123     XXXXXXXXXXXXXXX               \n",
            )
        );
        // Without colour, the same layout and no escape codes.
        assert!(!table_highlighted(&["NAME", "ID"], &rows, Some(0), false).contains('\x1b'));
    }

    #[test]
    fn reproduces_the_go_service_account_tables() {
        assert_eq!(
            table(
                &["NAME", "CATEGORY", "ID", "APIKEY"],
                &[row(&[
                    "test",
                    "default",
                    "ckbvcbqs1014t0760u4bszmcs",
                    "60f2f4f3fa006e3e135dbe99b1391d84"
                ])]
            ),
            concat!(
                " NAME     CATEGORY     ID                            APIKEY                               \n",
                " test     default      ckbvcbqs1014t0760u4bszmcs     60f2f4f3fa006e3e135dbe99b1391d84     \n",
            )
        );
        let listed = table(
            &["NAME", "CATEGORY", "ID", "APIKEY"],
            &[row(&[
                "yooo can u see me test",
                "",
                "ckqvfa2cu1468rn9hnr0bqqfk",
                "658b304f36eaaf19860a6d9eb73f7d8a",
            ])],
        );
        assert!(listed.contains(
            "\n yooo can u see me test                  ckqvfa2cu1468rn9hnr0bqqfk     658b304f36eaaf19860a6d9eb73f7d8a"
        ), "{listed:?}");
    }

    #[test]
    fn empty_table_is_its_header_and_wide_characters_count_as_displayed() {
        assert_eq!(table(&["A", "BB"], &[]), " A     BB     \n");
        // "héllo" is 5 characters wide (6 bytes): padded to 10 like any 5-character cell.
        assert_eq!(
            table(&["NAME"], &[row(&["héllo"])]),
            " NAME      \n héllo     \n"
        );
        // Double-width characters count twice, so the next column still lines up.
        assert_eq!(
            table(&["NAME", "ID"], &[row(&["日本", "a"]), row(&["abc", "b"])]),
            " NAME     ID     \n 日本     a      \n abc      b      \n"
        );
    }

    #[test]
    fn time_ago_has_singular_forms() {
        let now = crate::time::parse_rfc3339("2026-11-25T12:00:00Z").unwrap();
        let ago = |t: &str| time_ago(Some(t), now);
        assert_eq!(ago("2026-11-24T12:00:00Z"), "1 day ago");
        assert_eq!(ago("2026-11-20T11:00:00.5Z"), "5 days ago");
        assert_eq!(ago("2026-11-25T11:00:00Z"), "1 hour ago");
        assert_eq!(ago("2026-11-25T13:00:00+02:00"), "1 hour ago");
        assert_eq!(ago("2026-11-25T11:58:00Z"), "2 minutes ago");
        assert_eq!(ago("2026-11-25T11:59:30Z"), "Just now");
        assert_eq!(time_ago(None, now), "");
        assert_eq!(time_ago(Some("yesterday"), now), "");
    }

    #[test]
    fn json_is_go_encoder_output() {
        #[derive(Serialize)]
        struct Item<'a> {
            name: &'a str,
        }
        assert_eq!(
            json_list(
                "items",
                &[Item {
                    name: "<a&b>\u{2028}é"
                }]
            )
            .unwrap(),
            "{\n  \"items\": [\n    {\n      \"name\": \"<a&b>\\u2028é\"\n    }\n  ]\n}\n"
        );
        assert_eq!(
            json_list::<Item>("items", &[]).unwrap(),
            "{\n  \"items\": []\n}\n"
        );
    }

    #[test]
    fn colour_rules() {
        assert!(!color_enabled(true, false, true, true));
        assert!(color_enabled(false, false, true, false));
        assert!(!color_enabled(false, true, false, true));
        assert!(color_enabled(false, false, false, true));
        assert!(!color_enabled(false, false, false, false));
    }

    #[test]
    fn fixed_tables_match_go_static_padding() {
        assert_eq!(
            fixed_table(
                &["CONTEXT DOMAIN", "WORKSPACE"],
                &[36, 36],
                &[row(&["example.com", "N/A"])]
            ),
            format!(
                " CONTEXT DOMAIN{}WORKSPACE{}\n example.com{}N/A{}\n",
                " ".repeat(22),
                " ".repeat(27),
                " ".repeat(25),
                " ".repeat(33)
            )
        );
        let list = fixed_table_highlighted(
            &["NAME"],
            &[44],
            &[row(&["a.io"]), row(&["b.io"])],
            Some(0),
            true,
        );
        assert_eq!(
            list,
            format!(
                " NAME{}\n\x1b[1;32m a.io{}\x1b[0m\n b.io{}\n",
                " ".repeat(40),
                " ".repeat(40),
                " ".repeat(40)
            )
        );
    }

    #[test]
    fn fixed_tables_match_the_go_remove_table() {
        assert_eq!(
            fixed_table(
                &["NAME", "WORKSPACE ID", "USER_ID"],
                &[30, 50, 50],
                &[row(&[
                    "airflow",
                    "ck05r3bor07h40d02y2hw4n4v",
                    "ckc0eir8e01gj07608ajmvia1"
                ])]
            ),
            concat!(
                " NAME                          WORKSPACE ID                                      USER_ID                                           \n",
                " airflow                       ck05r3bor07h40d02y2hw4n4v                         ckc0eir8e01gj07608ajmvia1                         \n",
            )
        );
    }

    #[test]
    fn menus_number_from_the_first_row_of_the_page() {
        assert_eq!(
            menu_highlighted(&["NAME"], &[row(&["a"]), row(&["b"])], 20, None, false),
            " #      NAME     \n 21     a        \n 22     b        \n"
        );
        assert_eq!(
            menu(&["NAME"], &[row(&["a"])]),
            " #     NAME     \n 1     a        \n"
        );
    }

    fn at(width: Option<usize>) -> Look {
        Look {
            screen: Some(Screen { width }),
            ..Look::default()
        }
    }

    #[test]
    fn fit_widths_shortens_the_widest_free_text_first_and_never_the_others() {
        // ID (fixed), NAME, DESCRIPTION: 10 columns too many come out of DESCRIPTION alone
        // until it is as narrow as NAME, then out of both evenly.
        let floors = [None, Some(8), Some(11)];
        assert_eq!(fit_widths(&[25, 20, 40], &floors, 75), [25, 20, 30]);
        assert_eq!(fit_widths(&[25, 20, 40], &floors, 55), [25, 15, 15]);
        assert_eq!(fit_widths(&[25, 20, 40], &floors, 56), [25, 15, 16]);
        // Never below a floor; the ID keeps its width even when nothing else fits.
        assert_eq!(fit_widths(&[25, 20, 40], &floors, 10), [25, 8, 11]);
        // Wide enough: unchanged. A free column narrower than its floor is left alone.
        assert_eq!(fit_widths(&[25, 20, 40], &floors, 200), [25, 20, 40]);
        assert_eq!(fit_widths(&[25, 5, 40], &floors, 40), [25, 5, 11]);
        // Nothing to shorten.
        assert_eq!(fit_widths(&[25, 30], &[None, None], 10), [25, 30]);
        assert_eq!(fit_widths(&[], &[], 0), Vec::<usize>::new());
    }

    #[test]
    fn shorten_counts_displayed_columns_and_ends_with_an_ellipsis() {
        assert_eq!(shorten("deploy-token", 12), "deploy-token");
        assert_eq!(shorten("deploy-token", 8), "deploy-…");
        // Double-width characters are never split: 日本語 is 6 columns.
        assert_eq!(shorten("日本語", 5), "日本…");
        assert_eq!(shorten("日本語", 4), "日…");
        assert_eq!(shorten("héllo wörld", 6), "héllo…");
        assert_eq!(shorten("abc", 1), "…");
        assert_eq!(shorten("abc", 0), "");
    }

    #[test]
    fn at_a_terminal_the_current_row_is_marked_without_colour() {
        let rows = [row(&["alpha", "id-a"]), row(&["beta", "id-b"])];
        let look = Look {
            marked: true,
            current: Some(1),
            ..at(Some(200))
        };
        assert_eq!(
            table_look(&["NAME", "ID"], &rows, look),
            concat!(
                "   NAME      ID       \n",
                "   alpha     id-a     \n",
                " * beta      id-b     \n",
            )
        );
        // With colour the marked row is also green; no row current: no `*`, same slot.
        let lit = table_look(
            &["NAME", "ID"],
            &rows,
            Look {
                color: true,
                ..look
            },
        );
        assert!(
            lit.contains("\x1b[1;32m * beta      id-b     \x1b[0m\n"),
            "{lit:?}"
        );
        let none = Look {
            current: None,
            ..look
        };
        assert!(!table_look(&["NAME", "ID"], &rows, none).contains('*'));
        // A menu keeps its numbers after the slot.
        assert_eq!(
            menu_look(
                &["NAME"],
                &[row(&["a"]), row(&["b"])],
                0,
                Look {
                    current: Some(0),
                    ..look
                }
            ),
            "   #     NAME     \n * 1     a        \n   2     b        \n"
        );
        // Not at a terminal: Go's layout, whatever else is asked.
        let piped = Look {
            screen: None,
            ..look
        };
        assert_eq!(
            table_look(&["NAME", "ID"], &rows, piped),
            table(&["NAME", "ID"], &rows)
        );
    }

    #[test]
    fn at_a_narrow_terminal_names_and_descriptions_are_shortened_never_ids() {
        let headers = ["ID", "NAME", "DESCRIPTION", "ROLE"];
        let rows = [row(&[
            "clxxxxxxxxxxxxxxxxxxxxxxx",
            "nightly-deploy-token-for-production",
            "used by the nightly deploy job of the data team",
            "WORKSPACE_OPERATOR",
        ])];
        let fitted = table_look(&headers, &rows, at(Some(80)));
        for line in fitted.lines() {
            assert!(line.width() <= 80, "{line:?} is {} wide", line.width());
            assert!(!line.ends_with(' '), "{line:?}");
        }
        assert_eq!(
            fitted,
            concat!(
                " ID                         NAME             DESCRIPTION      ROLE\n",
                " clxxxxxxxxxxxxxxxxxxxxxxx  nightly-deploy…  used by the ni…  WORKSPACE_OPERATOR\n",
            )
        );
        // Wide enough for Go's lines, trailing spaces included: Go's layout.
        let wide = table_look(&headers, &rows, at(Some(200)));
        assert_eq!(wide, table(&headers, &rows));
        // A terminal of unknown width: Go's layout.
        assert_eq!(
            table_look(&headers, &rows, at(None)),
            table(&headers, &rows)
        );
        // Server text is made safe before it is measured and cut.
        let odd = [row(&["id", "a\x1b[2Jbcdefghijklmnopqrstuvwxyz", "", "R"])];
        let shown = table_look(&headers, &odd, at(Some(30)));
        assert!(
            !shown.contains('\x1b') && shown.contains(" a^[[2Jb…  "),
            "{shown:?}"
        );
    }

    #[test]
    fn safe_makes_every_control_visible_and_keeps_the_rest() {
        assert_eq!(safe("ci-token"), "ci-token");
        assert!(matches!(safe("naïve 名前"), std::borrow::Cow::Borrowed(_)));
        // OSC 52 (clipboard), OSC 8 (hyperlink), CSI (clear screen), BEL.
        assert_eq!(safe("\x1b]52;c;aGk=\x07x"), "^[]52;c;aGk=^Gx");
        assert_eq!(
            safe("\x1b]8;;http://e\x1b\\ws\x1b]8;;\x1b\\"),
            "^[]8;;http://e^[\\ws^[]8;;^[\\"
        );
        assert_eq!(safe("\x1b[2Jgone"), "^[[2Jgone");
        // A cell cannot start or overwrite a row.
        assert_eq!(safe("a\nb\rc\td"), "a^Jb^Mc^Id");
        assert_eq!(safe("\x7f\0"), "^?^@");
        // C1 controls (a one-character CSI) and bidi overrides and isolates.
        assert_eq!(safe("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(safe("\u{85}"), "\\u{85}");
        assert_eq!(safe("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(safe("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
    }
}
