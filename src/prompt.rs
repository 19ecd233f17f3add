//! Asking the user (docs/compatibility.md#one-reader). Prompts and menus are written to stderr and
//! answers read, a line at a time, from one reader shared by the whole process, so that several
//! piped answers in a row all arrive. End of input is an error naming the flag that avoids the
//! prompt; it is never read as "no" or as an empty answer.
//!
//! At a terminal (stdin and stderr both terminals) a person gets second chances: a wrong menu
//! answer says what is valid and asks again (three tries in all), a required text is asked for
//! again when left empty, and a menu taller than the terminal shows one screenful at a time and
//! filters on typed text. Piped answers keep the Go CLI's behaviour: the first wrong answer is
//! the error, so a script fails instead of looping.

use std::io::{BufRead, Write};

use crate::error::{Error, Result};
use crate::output::thousands;

/// Wrong answers allowed at a terminal before the menu's error is returned.
const TRIES: usize = 3;

/// Checks one menu answer: the 0-based row, or the error to show (and, in a pipe, to return).
pub type Check<'a> = &'a mut dyn FnMut(&str) -> Result<usize>;

pub trait Prompter {
    /// Shows `<question> (y/n) `; `y`/`yes` in any case is yes, anything else no.
    fn confirm(&mut self, question: &str, no_input: &str) -> Result<bool>;

    /// Shows `menu` (a numbered table whose last `count` lines are its rows), a blank line and
    /// `> `; returns the 0-based index of the chosen row, or `Error::msg(invalid)`. At a
    /// terminal a row's name, as the menu shows it, is taken too (`menu_names`).
    fn choose(&mut self, menu: &str, count: usize, invalid: &str, no_input: &str) -> Result<usize> {
        self.choose_checked(menu, count, no_input, &mut |answer| {
            row_number(answer, count).ok_or_else(|| Error::msg(invalid))
        })
    }

    /// `choose` for a menu that may be fitted to the terminal (`Io::menu`): `names` are the
    /// full name cells of its rows (`row_names`), so a name shortened on screen with `…` is
    /// still taken whole (docs/compatibility.md#menu-names).
    fn choose_named(
        &mut self,
        menu: &str,
        names: &[Vec<String>],
        invalid: &str,
        no_input: &str,
    ) -> Result<usize> {
        let count = names.len();
        self.choose_among(menu, count, Some(names), no_input, &mut |answer| {
            row_number(answer, count).ok_or_else(|| Error::msg(invalid))
        })
    }

    /// `choose_among`, the names read back from the menu as shown.
    fn choose_checked(
        &mut self,
        menu: &str,
        count: usize,
        no_input: &str,
        check: Check<'_>,
    ) -> Result<usize> {
        self.choose_among(menu, count, None, no_input, check)
    }

    /// The menu loop itself: `check` decides each answer; in a pipe its first error is the
    /// command's. At a terminal an answer `check` refuses may still name a row
    /// (docs/compatibility.md#menu-names): one of `names` (the full cells, one list per row),
    /// or without them a name as the menu shows it (`menu_names`); a wrong answer is answered
    /// with what is valid (`choose a number from 1 to 4, or a name`) and asked again.
    fn choose_among(
        &mut self,
        menu: &str,
        count: usize,
        names: Option<&[Vec<String>]>,
        no_input: &str,
        check: Check<'_>,
    ) -> Result<usize>;

    /// Shows `prompt` and returns the line typed (line ending removed, spaces kept).
    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String>;

    /// `text` for a value that may not be empty: at a terminal an empty answer is asked for
    /// again; in a pipe it is returned, and the caller's check gives the Go CLI's error.
    fn text_required(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.text(prompt, no_input)
    }

    /// Shows `prompt` and reads a secret (a password): a plain line unless a terminal can hide
    /// it (`TerminalSecrets`).
    fn secret(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.text(prompt, no_input)
    }

    /// Whether a person is answering: stdin and stderr are both terminals. Confirmations the Go
    /// CLI does not have are asked only then (docs/compatibility.md#delete-confirms).
    fn interactive(&self) -> bool {
        false
    }
}

/// The 0-based row for a menu answer: exactly one of the row numbers as printed (`2`, not `02`
/// or `+2`, as in Go), surrounding whitespace aside (docs/compatibility.md#menu-answers).
pub fn row_number(answer: &str, count: usize) -> Option<usize> {
    let answer = answer.trim();
    if answer.is_empty() || answer.starts_with('0') || !answer.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = answer.parse().ok()?;
    (1..=count).contains(&n).then(|| n - 1)
}

/// How the prompter's two ends are connected; decided once in `main`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terminal {
    /// stdin and stderr are both terminals: a person is answering.
    pub interactive: bool,
    /// stdin is not a terminal, so nothing echoes an answer: the prompter ends the line itself.
    pub piped: bool,
    /// Lines the terminal shows, when known; a longer menu is shown a screenful at a time.
    pub rows: Option<usize>,
}

/// Reads answers as lines: on a terminal (the line discipline echoes and edits) and from pipes.
pub struct LinePrompter<R, W> {
    input: R,
    output: W,
    terminal: Terminal,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    /// A prompter for piped input (no second chances), as scripts see it.
    #[cfg(test)]
    pub fn new(input: R, output: W) -> Self {
        LinePrompter::with_terminal(
            input,
            output,
            Terminal {
                piped: true,
                ..Terminal::default()
            },
        )
    }

    pub fn with_terminal(input: R, output: W, terminal: Terminal) -> Self {
        LinePrompter {
            input,
            output,
            terminal,
        }
    }

    fn show(&mut self, text: &str) -> Result<()> {
        self.output
            .write_all(text.as_bytes())
            .and_then(|()| self.output.flush())
            .map_err(Error::Output)
    }

    fn ask(&mut self, shown: &str, no_input: &str) -> Result<String> {
        self.show(shown)?;
        let mut line = String::new();
        let read = self.input.read_line(&mut line).map_err(Error::Input)?;
        if read == 0 {
            // Finish the prompt's line so the error does not run into it.
            if !shown.is_empty() {
                let _ = self.output.write_all(b"\n");
            }
            return Err(Error::NoInput(no_input.to_string()));
        }
        // A piped answer is not echoed: end the prompt's line, so that what follows
        // (`Service Account … successfully deleted`) does not run into `> `.
        if self.terminal.piped && !shown.is_empty() && !shown.ends_with('\n') {
            let _ = self.output.write_all(b"\n");
            let _ = self.output.flush();
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    /// How many rows of a menu fit on the terminal with its heading and prompt, when the menu
    /// does not fit whole; None when it does (or the height is unknown).
    fn page_size(&self, menu_lines: usize) -> Option<usize> {
        let rows = self.terminal.rows?;
        // The prompt, the hint line and the blank line before `> `, and a line to spare.
        let room = rows.saturating_sub(4);
        (self.terminal.interactive && menu_lines > room).then_some(room.max(5))
    }
}

/// The one wording for a wrong answer at a terminal, in every menu: the menu's own first
/// sentence (Go's "invalid … selection"), then what is valid (docs/compatibility.md#menu-names).
/// A first sentence that already says what is valid keeps only its own words.
fn with_hint(error: &Error, hint: &str) -> String {
    let text = error.to_string();
    let first = text.split(": choose a number").next().unwrap_or(&text);
    format!("{first}: {hint}")
}

/// `choose a number from 1 to N, or a name`: what every menu takes at a terminal.
pub fn valid_answers(first: usize, last: usize) -> String {
    format!(
        "choose a number from {} to {}, or a name",
        thousands(first),
        thousands(last)
    )
}

/// What a typed name picks among a menu's rows (docs/compatibility.md#menu-names).
#[derive(Debug, PartialEq, Eq)]
pub enum NameMatch {
    /// Exactly one row has it (0-based).
    One(usize),
    /// Several rows have it (1-based numbers, as shown).
    Several(Vec<usize>),
    None,
}

/// The row whose name cell (any column headed NAME, …NAME, EMAIL, ROLE, ID or CONTEXT DOMAIN)
/// is `answer`, ignoring case and surrounding spaces. A row matched in two columns counts once.
pub fn match_name(names: &[Vec<String>], answer: &str) -> NameMatch {
    let answer = answer.trim();
    if answer.is_empty() {
        return NameMatch::None;
    }
    let rows: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, cells)| {
            cells
                .iter()
                .any(|c| c.to_lowercase() == answer.to_lowercase())
        })
        .map(|(i, _)| i)
        .collect();
    match rows.as_slice() {
        [] => NameMatch::None,
        [one] => NameMatch::One(*one),
        _ => NameMatch::Several(rows.iter().map(|i| i + 1).collect()),
    }
}

/// Whether a menu column holds something a person may type to pick its row.
fn is_name_column(header: &str) -> bool {
    header.ends_with("NAME")
        || matches!(header, "EMAIL" | "ROLE" | "ID" | "CONTEXT DOMAIN" | "LABEL")
}

/// The cells of each row a person may type to pick it, whole, as `menu_names` would read them
/// from Go's layout (made safe, trimmed, empty ones left out): what a menu fitted to a terminal
/// shortens is still matched in full (docs/compatibility.md#menu-names).
pub fn row_names(headers: &[&str], rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .zip(headers)
                .filter(|(_, header)| is_name_column(header))
                .map(|(cell, _)| crate::output::safe(cell).trim().to_string())
                .filter(|cell| !cell.is_empty())
                .collect()
        })
        .collect()
}

/// The name cells of each of a menu's last `count` rows, read back from the menu as shown: what
/// a person sees is what they type. Columns are found by the header's labels (separated by
/// two spaces or more; a label may hold one), cells by display column, colour codes ignored.
pub fn menu_names(menu: &str, count: usize) -> Vec<Vec<String>> {
    let Some((heading, rows)) = split_menu(menu, count) else {
        return Vec::new();
    };
    let Some(header) = heading.last() else {
        return vec![Vec::new(); rows.len()];
    };
    let cells_of = |line: &str| -> Vec<(usize, String)> {
        // (display column where the cell starts, text), colour codes removed.
        let plain = strip_colour(line);
        let mut cells: Vec<(usize, String)> = Vec::new();
        let mut col = 0;
        let mut spaces = 2;
        for c in plain.chars() {
            if c == ' ' {
                spaces += 1;
            } else {
                if spaces >= 2 {
                    cells.push((col, String::new()));
                }
                if let Some((_, text)) = cells.last_mut() {
                    if spaces == 1 {
                        text.push(' ');
                    }
                    text.push(c);
                }
                spaces = 0;
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        cells
    };
    let labels = cells_of(header);
    let wanted: Vec<usize> = labels
        .iter()
        .enumerate()
        .filter(|(_, (_, label))| is_name_column(label))
        .map(|(i, _)| i)
        .collect();
    rows.iter()
        .map(|row| {
            // Each cell belongs to the column whose label starts at or before it.
            let mut by_column = vec![String::new(); labels.len()];
            let plain = strip_colour(row);
            let mut col = 0;
            for c in plain.chars() {
                if let Some(k) = labels.iter().rposition(|(start, _)| *start <= col) {
                    by_column[k].push(c);
                }
                col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
            wanted
                .iter()
                .map(|&k| by_column[k].trim().to_string())
                .filter(|cell| !cell.is_empty())
                .collect()
        })
        .collect()
}

/// A line without its colour codes (`ESC [ … m`).
fn strip_colour(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A menu's lines: the heading lines before its `count` rows, and the rows.
fn split_menu(menu: &str, count: usize) -> Option<(Vec<&str>, Vec<&str>)> {
    let lines: Vec<&str> = menu.lines().collect();
    let mut end = lines.len();
    while end > 0 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    let start = end.checked_sub(count)?;
    Some((lines[..start].to_vec(), lines[start..end].to_vec()))
}

/// Said when a typed name is on several rows: which, and how to pick one.
fn ambiguous(typed: &str, numbers: &[usize]) -> String {
    let numbers: Vec<String> = numbers.iter().map(|n| thousands(*n)).collect();
    format!(
        "\"{typed}\" is the name of rows {}: choose one by its number\n",
        numbers.join(", ")
    )
}

/// What a long menu shows: row numbers (0-based) of the current view and where it starts.
struct View {
    rows: Vec<usize>,
    first: usize,
    filter: Option<String>,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    /// A menu taller than the terminal: one screenful of rows; Enter shows the next one, a
    /// number picks a row, other text keeps only the rows that contain it.
    #[allow(clippy::too_many_arguments)]
    fn choose_paged(
        &mut self,
        heading: &[&str],
        rows: &[&str],
        names: &[Vec<String>],
        page: usize,
        hint: &str,
        no_input: &str,
        check: Check<'_>,
    ) -> Result<usize> {
        let mut view = View {
            rows: (0..rows.len()).collect(),
            first: 0,
            filter: None,
        };
        let mut wrong = 0;
        let mut redraw = true;
        loop {
            if redraw {
                let shown_to = (view.first + page).min(view.rows.len());
                let mut text = String::new();
                for line in heading {
                    text.push_str(line);
                    text.push('\n');
                }
                for &row in &view.rows[view.first..shown_to] {
                    text.push_str(rows[row]);
                    text.push('\n');
                }
                let of = match &view.filter {
                    Some(filter) => format!(
                        "{} rows containing \"{filter}\"",
                        thousands(view.rows.len())
                    ),
                    None => format!("{} rows", thousands(view.rows.len())),
                };
                text.push_str(&format!(
                    "Showing {}-{} of {of}. Type a row number or name to choose, other text to filter, or Enter for more.\n",
                    thousands(view.first + 1),
                    thousands(shown_to),
                ));
                self.show(&text)?;
            }
            redraw = true;
            let answer = self.ask("\n> ", no_input)?;
            let typed = answer.trim();
            if typed.is_empty() {
                view.first += page;
                if view.first >= view.rows.len() {
                    view.first = 0;
                }
                continue;
            }
            let error = match check(&answer) {
                Ok(row) => return Ok(row),
                Err(error) => error,
            };
            match match_name(names, typed) {
                NameMatch::One(row) => return Ok(row),
                NameMatch::Several(numbers) => {
                    // Show just those rows: the person picks one by number.
                    view = View {
                        rows: numbers.iter().map(|n| n - 1).collect(),
                        first: 0,
                        filter: Some(typed.to_string()),
                    };
                    self.show(&ambiguous(typed, &numbers))?;
                    continue;
                }
                NameMatch::None => {}
            }
            if !typed.bytes().all(|b| b.is_ascii_digit()) {
                let needle = typed.to_lowercase();
                // The full names too: the row shown may hold them shortened.
                let matching: Vec<usize> = (0..rows.len())
                    .filter(|&i| {
                        rows[i].to_lowercase().contains(&needle)
                            || names.get(i).is_some_and(|cells| {
                                cells.iter().any(|c| c.to_lowercase().contains(&needle))
                            })
                    })
                    .collect();
                if !matching.is_empty() {
                    view = View {
                        rows: matching,
                        first: 0,
                        filter: Some(typed.to_string()),
                    };
                    continue;
                }
            }
            wrong += 1;
            if wrong >= TRIES {
                return Err(error);
            }
            self.show(&format!("{}\n", with_hint(&error, hint)))?;
            redraw = false;
        }
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn confirm(&mut self, question: &str, no_input: &str) -> Result<bool> {
        let answer = self.ask(&format!("{question} (y/n) "), no_input)?;
        let answer = answer.trim();
        Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
    }

    fn choose_among(
        &mut self,
        menu: &str,
        count: usize,
        names: Option<&[Vec<String>]>,
        no_input: &str,
        check: Check<'_>,
    ) -> Result<usize> {
        if !self.terminal.interactive {
            let answer = self.ask(&format!("{menu}\n> "), no_input)?;
            return check(&answer);
        }
        let hint = valid_answers(1, count);
        let names: std::borrow::Cow<'_, [Vec<String>]> = match names {
            Some(names) => std::borrow::Cow::Borrowed(names),
            None => std::borrow::Cow::Owned(menu_names(menu, count)),
        };
        if let Some(page) = self.page_size(menu.lines().count())
            && let Some((heading, rows)) = split_menu(menu, count)
        {
            let hint = format!("{hint}, or type text to filter the list");
            return self.choose_paged(&heading, &rows, &names, page, &hint, no_input, check);
        }
        let mut shown = format!("{menu}\n> ");
        for attempt in 1..=TRIES {
            let answer = self.ask(&shown, no_input)?;
            let error = match check(&answer) {
                Ok(row) => return Ok(row),
                Err(error) => error,
            };
            let said = match match_name(&names, &answer) {
                NameMatch::One(row) => return Ok(row),
                NameMatch::Several(numbers) => ambiguous(answer.trim(), &numbers),
                NameMatch::None if attempt == TRIES => return Err(error),
                NameMatch::None => format!("{}\n", with_hint(&error, &hint)),
            };
            if attempt == TRIES {
                return Err(error);
            }
            self.show(&said)?;
            shown = "> ".to_string();
        }
        // The loop returns on its last try.
        Err(Error::NoInput(no_input.to_string()))
    }

    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.ask(prompt, no_input)
    }

    fn text_required(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        let mut answer = self.ask(prompt, no_input)?;
        let mut tries = 1;
        while self.terminal.interactive && answer.trim().is_empty() && tries < TRIES {
            self.show("A value is required here: type one and press Enter.\n")?;
            answer = self.ask(prompt, no_input)?;
            tries += 1;
        }
        Ok(answer)
    }

    fn interactive(&self) -> bool {
        self.terminal.interactive
    }
}

/// Reads secrets without echo when stdin and stderr are both terminals (dialoguer's
/// `Password`, which fails without a terminal); everything else, and secrets in a
/// pipe, go through the wrapped prompter's one reader.
pub struct TerminalSecrets<P> {
    inner: P,
    terminal: bool,
}

impl<P: Prompter> TerminalSecrets<P> {
    pub fn new(inner: P, terminal: bool) -> Self {
        TerminalSecrets { inner, terminal }
    }
}

impl<P: Prompter> Prompter for TerminalSecrets<P> {
    fn confirm(&mut self, question: &str, no_input: &str) -> Result<bool> {
        self.inner.confirm(question, no_input)
    }

    fn choose_among(
        &mut self,
        menu: &str,
        count: usize,
        names: Option<&[Vec<String>]>,
        no_input: &str,
        check: Check<'_>,
    ) -> Result<usize> {
        self.inner.choose_among(menu, count, names, no_input, check)
    }

    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.inner.text(prompt, no_input)
    }

    fn text_required(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.inner.text_required(prompt, no_input)
    }

    fn interactive(&self) -> bool {
        self.inner.interactive()
    }

    fn secret(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        if !self.terminal {
            return self.inner.secret(prompt, no_input);
        }
        // dialoguer adds ": " itself.
        let label = prompt.trim_end().trim_end_matches(':');
        // Windows needs no guard: console reads a secret key by key without touching the
        // console's echo mode, and Ctrl-C ends the process with the console as it found it.
        #[cfg(unix)]
        let _restore = echo_guard::EchoGuard::arm();
        dialoguer::Password::new()
            .with_prompt(label)
            .allow_empty_password(true)
            .interact()
            .map_err(|e| match e {
                dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                    Error::NoInput(no_input.to_string())
                }
                dialoguer::Error::IO(io) => Error::Input(io),
            })
    }
}

/// Ctrl-C at a hidden prompt would kill the process with the terminal's echo still off
/// (dialoguer has no SIGINT handler). While a secret is read, SIGINT restores the terminal as it
/// was, ends the line and exits 130, as a shell reports an interrupted command.
#[cfg(unix)]
mod echo_guard {
    use std::sync::OnceLock;

    /// The terminal as it was before the prompt; read by the signal handler.
    static SAVED: OnceLock<libc::termios> = OnceLock::new();

    pub struct EchoGuard {
        previous: libc::sighandler_t,
    }

    impl EchoGuard {
        /// Saves stdin's terminal settings and installs the handler until the guard is dropped.
        pub fn arm() -> Option<EchoGuard> {
            // SAFETY: `termios` is plain data that tcgetattr fills in.
            let mut termios: libc::termios = unsafe { std::mem::zeroed() };
            // SAFETY: a valid descriptor and a valid pointer.
            if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut termios) } != 0 {
                return None;
            }
            // The first prompt's settings are the terminal's own: later prompts find the same.
            let _ = SAVED.set(termios);
            let handler = on_interrupt as extern "C" fn(libc::c_int);
            // SAFETY: the handler only calls async-signal-safe functions.
            let previous = unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
            Some(EchoGuard { previous })
        }
    }

    impl Drop for EchoGuard {
        fn drop(&mut self) {
            // SAFETY: puts back the disposition that was there before `arm`.
            unsafe { libc::signal(libc::SIGINT, self.previous) };
        }
    }

    extern "C" fn on_interrupt(_: libc::c_int) {
        // tcsetattr, write and _exit are async-signal-safe; OnceLock::get is an atomic load.
        if let Some(termios) = SAVED.get() {
            // SAFETY: a valid descriptor and a pointer to initialised settings.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, termios) };
        }
        // SAFETY: writes a static buffer, then ends the process without unwinding.
        unsafe {
            libc::write(libc::STDERR_FILENO, b"\n".as_ptr().cast(), 1);
            libc::_exit(130);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn prompter(input: &str) -> LinePrompter<Cursor<Vec<u8>>, Vec<u8>> {
        LinePrompter::new(Cursor::new(input.as_bytes().to_vec()), Vec::new())
    }

    #[test]
    fn several_answers_from_one_pipe_all_arrive() {
        let mut p = prompter("my token\n 2 \nYES\n");
        assert_eq!(p.text("Name: ", "x").unwrap(), "my token");
        assert_eq!(p.choose(" # A\n 1 a\n 2 b\n", 2, "bad", "x").unwrap(), 1);
        assert!(p.confirm("Sure?", "x").unwrap());
        let shown = String::from_utf8(p.output).unwrap();
        // Nothing echoes a piped answer, so each prompt's line is ended for it.
        assert_eq!(shown, "Name: \n # A\n 1 a\n 2 b\n\n> \nSure? (y/n) \n");
    }

    fn at_terminal(input: &str, rows: Option<usize>) -> LinePrompter<Cursor<Vec<u8>>, Vec<u8>> {
        LinePrompter::with_terminal(
            Cursor::new(input.as_bytes().to_vec()),
            Vec::new(),
            Terminal {
                interactive: true,
                piped: false,
                rows,
            },
        )
    }

    const MENU: &str = " #     ROLE     \n 1     A        \n 2     B        \n 3     C        \n";

    #[test]
    fn a_person_gets_three_tries_with_the_valid_range() {
        let mut p = at_terminal("7\nx\n2\n", None);
        assert_eq!(p.choose(MENU, 3, "invalid selection", "x").unwrap(), 1);
        let shown = String::from_utf8(p.output).unwrap();
        assert_eq!(
            shown,
            format!(
                "{MENU}\n> invalid selection: choose a number from 1 to 3, or a name\n> invalid selection: choose a number from 1 to 3, or a name\n> "
            )
        );
        let err = at_terminal("7\n8\n9\n1\n", None)
            .choose(MENU, 3, "invalid selection", "x")
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid selection");
    }

    #[test]
    fn a_pipe_fails_on_the_first_wrong_answer() {
        let err = prompter("7\n1\n")
            .choose(MENU, 3, "invalid selection", "x")
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid selection");
    }

    const NAMED: &str = concat!(
        " #     ID       NAME               CREATED BY     \n",
        " 1     cl1      ci                 Ada Lovelace   \n",
        " 2     cl2      deploy bot         ci             \n",
        " 3     cl3      nightly            ci             \n",
        " 4     cl4      Nightly            Ada            \n",
    );

    #[test]
    fn the_name_columns_are_read_back_from_the_menu() {
        // NAME and ID are name columns; a name may hold a space; CREATED BY is not one.
        assert_eq!(
            menu_names(NAMED, 4),
            [
                vec!["cl1", "ci"],
                vec!["cl2", "deploy bot"],
                vec!["cl3", "nightly"],
                vec!["cl4", "Nightly"],
            ]
        );
        // Colour codes (the current row) and wide characters do not shift the columns.
        let menu = output_menu_with_colour();
        assert_eq!(menu_names(&menu, 2), [vec!["データ"], vec!["ops"]]);
        assert_eq!(
            match_name(&menu_names(NAMED, 4), "DEPLOY BOT"),
            NameMatch::One(1)
        );
        assert_eq!(
            match_name(&menu_names(NAMED, 4), "nightly"),
            NameMatch::Several(vec![3, 4])
        );
        assert_eq!(
            match_name(&menu_names(NAMED, 4), "Ada Lovelace"),
            NameMatch::None
        );
    }

    fn output_menu_with_colour() -> String {
        concat!(
            " #     NAME       ROLE?\n",
            "\x1b[1;32m 1     データ     x\x1b[0m\n",
            " 2     ops        y\n",
        )
        .to_string()
    }

    #[test]
    fn at_a_terminal_a_unique_name_picks_its_row_and_a_shared_one_is_asked_again() {
        let mut p = at_terminal("Deploy Bot\n", None);
        assert_eq!(p.choose(NAMED, 4, "invalid", "x").unwrap(), 1);
        let mut p = at_terminal("nightly\nmaybe\n4\n", None);
        assert_eq!(p.choose(NAMED, 4, "invalid", "x").unwrap(), 3);
        let shown = String::from_utf8(p.output).unwrap();
        assert!(
            shown.contains("\"nightly\" is the name of rows 3, 4: choose one by its number\n> "),
            "{shown:?}"
        );
        assert!(
            shown.contains("invalid: choose a number from 1 to 4, or a name\n> "),
            "{shown:?}"
        );
        // A pipe keeps the Go CLI's error: names are not answers there.
        let err = prompter("ci\n")
            .choose(NAMED, 4, "invalid", "x")
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid");
    }

    #[test]
    fn required_text_is_asked_again_at_a_terminal_only() {
        let mut p = at_terminal("\n  \nci\n", None);
        assert_eq!(p.text_required("Name: ", "x").unwrap(), "ci");
        let shown = String::from_utf8(p.output).unwrap();
        assert_eq!(shown.matches("Name: ").count(), 3, "{shown:?}");
        assert_eq!(prompter("\nci\n").text_required("Name: ", "x").unwrap(), "");
    }

    fn long_menu(count: usize) -> String {
        let mut menu = String::from(" #     NAME\n");
        for i in 1..=count {
            menu.push_str(&format!(" {i}     token-{i:04}\n"));
        }
        menu
    }

    #[test]
    fn a_menu_taller_than_the_terminal_pages_and_filters() {
        let menu = long_menu(500);
        // Enter shows the next screenful; text filters; a number picks from the whole list.
        let mut p = at_terminal("\ntoken-025\n250\n", Some(24));
        assert_eq!(p.choose(&menu, 500, "invalid", "x").unwrap(), 249);
        let shown = String::from_utf8(p.output).unwrap();
        assert!(shown.contains("Showing 1-20 of 500 rows."), "{shown:?}");
        assert!(shown.contains("Showing 21-40 of 500 rows."), "{shown:?}");
        assert!(
            shown.contains(" 259     token-0259\nShowing 1-10 of 10 rows containing \"token-025\""),
            "{shown:?}"
        );
        assert!(!shown.contains("token-0041"), "{shown:?}");
        // A row's whole name picks it at once.
        assert_eq!(
            at_terminal("TOKEN-0250\n", Some(24))
                .choose(&menu, 500, "invalid", "x")
                .unwrap(),
            249
        );
        // Text that matches nothing is a wrong answer like any other.
        let err = at_terminal("nosuch\nnosuch\nnosuch\n", Some(24))
            .choose(&menu, 500, "invalid", "x")
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid");
        // In a pipe the whole menu is printed, as Go does.
        let mut p = prompter("500\n");
        assert_eq!(p.choose(&menu, 500, "invalid", "x").unwrap(), 499);
        assert!(String::from_utf8(p.output).unwrap().contains("token-0499"));
    }

    #[test]
    fn anything_but_yes_is_no() {
        for answer in ["n\n", "\n", "yep\n", "no\n"] {
            assert!(
                !prompter(answer).confirm("Sure?", "x").unwrap(),
                "{answer:?}"
            );
        }
        for answer in ["y\n", "Y\n", "yes\r\n", "y"] {
            assert!(
                prompter(answer).confirm("Sure?", "x").unwrap(),
                "{answer:?}"
            );
        }
    }

    #[test]
    fn end_of_input_is_an_error_naming_the_bypass() {
        let err = prompter("").confirm("Sure?", "pass --force").unwrap_err();
        assert!(matches!(err, Error::NoInput(ref m) if m == "pass --force"));
        assert!(matches!(
            prompter("").choose("m", 3, "bad", "pass ID"),
            Err(Error::NoInput(_))
        ));
    }

    #[test]
    fn out_of_range_choices_are_invalid() {
        for answer in ["0\n", "4\n", "x\n", "\n", "-1\n", "01\n", "+1\n", "1.0\n"] {
            let err = prompter(answer)
                .choose("m", 3, "invalid selection", "x")
                .unwrap_err();
            assert_eq!(err.to_string(), "invalid selection", "{answer:?}");
        }
    }

    fn owned(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn row_names_are_the_name_cells_whole_and_safe() {
        let rows = owned(&[
            &["nightly-deploy-token", "a long description", "id-1"],
            &[" spaced ", "", "id-2"],
            &["a\x1b[2Jb", "x", ""],
        ]);
        assert_eq!(
            row_names(&["NAME", "DESCRIPTION", "ID"], &rows),
            owned(&[
                &["nightly-deploy-token", "id-1"],
                &["spaced", "id-2"],
                &["a^[[2Jb"]
            ])
        );
    }

    /// A menu as a narrow terminal shows it: the names shortened.
    const FITTED: &str =
        " #  NAME        ID\n 1  nightly-d…  id-1\n 2  nightly-b…  id-2\n 3  ci          id-3\n";

    fn fitted_names() -> Vec<Vec<String>> {
        owned(&[
            &["nightly-deploy", "id-1"],
            &["nightly-build", "id-2"],
            &["ci", "id-3"],
        ])
    }

    #[test]
    fn a_shortened_name_is_taken_whole_and_what_is_shown_of_it_is_not_a_name() {
        let mut p = at_terminal("nightly-d…\nNIGHTLY-BUILD\n", None);
        let names = fitted_names();
        assert_eq!(
            p.choose_named(FITTED, &names, "invalid selection", "x")
                .unwrap(),
            1
        );
        let shown = String::from_utf8(p.output).unwrap();
        assert_eq!(
            shown,
            format!("{FITTED}\n> invalid selection: choose a number from 1 to 3, or a name\n> ")
        );
        // In a pipe only numbers, as in Go.
        let mut p = LinePrompter::new(Cursor::new(b"nightly-build\n".to_vec()), Vec::new());
        let err = p
            .choose_named(FITTED, &names, "invalid selection", "x")
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid selection");
    }

    #[test]
    fn a_long_menu_filters_on_the_full_names_too() {
        // Three rows on a terminal of five lines: paged. "build" is only in a full name.
        let mut p = at_terminal("build\n2\n", Some(5));
        let names = fitted_names();
        assert_eq!(
            p.choose_named(FITTED, &names, "invalid selection", "x")
                .unwrap(),
            1
        );
        let shown = String::from_utf8(p.output).unwrap();
        assert!(
            shown.contains(" 2  nightly-b…  id-2\nShowing 1-1 of 1 rows containing \"build\"."),
            "{shown}"
        );
    }
}
