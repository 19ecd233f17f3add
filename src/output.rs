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
///
/// comfy-table reproduced this layout byte for byte, but took ~20 ms for a 5,000-row token list;
/// this renderer takes well under one, and the layout is simple enough to own.
pub fn table_highlighted(
    headers: &[&str],
    rows: &[Vec<String>],
    highlight: Option<usize>,
    color: bool,
) -> String {
    // Cells hold server text: made safe here, so no table can be broken by one (`safe`).
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| safe(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(cell.width()),
                None => widths.push(cell.width()),
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>, text: &mut String| {
        text.push(' ');
        for (cell, width) in cells.zip(&widths) {
            text.push_str(cell);
            let padding = width + COLUMN_GAP - cell.width();
            text.extend(std::iter::repeat_n(' ', padding));
        }
    };
    let mut text = String::with_capacity((rows.len() + 1) * (widths.iter().sum::<usize>() + 32));
    line(&mut headers.iter().copied(), &mut text);
    text.push('\n');
    for (i, row) in rows.iter().enumerate() {
        let lit = color && highlight == Some(i);
        if lit {
            text.push_str(GREEN);
        }
        line(&mut row.iter().map(|cell| cell.as_ref()), &mut text);
        if lit {
            text.push_str(RESET);
        }
        text.push('\n');
    }
    text
}

/// Spaces after the widest cell of each column.
const COLUMN_GAP: usize = 5;

/// A selection menu: the table with a leading `#` column numbered from 1.
pub fn menu(headers: &[&str], rows: &[Vec<String>]) -> String {
    menu_highlighted(headers, rows, 0, None, false)
}

/// `menu` numbered from `first + 1` (a later page of a paged menu keeps the numbers of the
/// whole list), with row `highlight` (the current entry) in bold green when `color`.
pub fn menu_highlighted(
    headers: &[&str],
    rows: &[Vec<String>],
    first: usize,
    highlight: Option<usize>,
    color: bool,
) -> String {
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
    table_highlighted(&headers, &rows, highlight, color)
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
    let seconds = now_unix - then;
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match seconds {
        s if s >= 86_400 => plural(s / 86_400, "day"),
        s if s >= 3_600 => plural(s / 3_600, "hour"),
        s if s >= 60 => plural(s / 60, "minute"),
        _ => "Just now".to_string(),
    }
}

/// A list in `format`: the JSON document `{"<key>":[…]}` of `to_json` of every item, or the Go
/// table of `to_row`s.
pub fn render<'a, T, J: Serialize>(
    format: Format,
    items: &'a [T],
    key: &str,
    headers: &[&str],
    to_row: impl Fn(&'a T) -> Vec<String>,
    to_json: impl Fn(&'a T) -> J,
) -> Result<String> {
    match format {
        Format::Json => json_list(key, &items.iter().map(to_json).collect::<Vec<J>>()),
        Format::Table => Ok(table(
            headers,
            &items.iter().map(to_row).collect::<Vec<_>>(),
        )),
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
