//! Asking the user (docs/compatibility.md#one-reader). Prompts and menus are written to stderr and
//! answers read, a line at a time, from one reader shared by the whole process, so that several
//! piped answers in a row all arrive. End of input is an error naming the flag that avoids the
//! prompt; it is never read as "no" or as an empty answer.

use std::io::{BufRead, Write};

use crate::error::{Error, Result};

pub trait Prompter {
    /// Shows `<question> (y/n) `; `y`/`yes` in any case is yes, anything else no.
    fn confirm(&mut self, question: &str, no_input: &str) -> Result<bool>;

    /// Shows `menu` (a numbered table with `count` rows), a blank line and `> `; returns the
    /// 0-based index of the chosen row, or `Error::msg(invalid)` for any other answer.
    fn choose(&mut self, menu: &str, count: usize, invalid: &str, no_input: &str) -> Result<usize>;

    /// Shows `prompt` and returns the line typed (line ending removed, spaces kept).
    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String>;

    /// Shows `prompt` and reads a secret (a password): a plain line unless a terminal can hide
    /// it (`TerminalSecrets`).
    fn secret(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.text(prompt, no_input)
    }
}

/// The 0-based row for a menu answer: exactly one of the row numbers as printed (`2`, not `02`
/// or `+2`, as in Go), surrounding whitespace aside (docs/compatibility.md#menu-answers).
fn row_number(answer: &str, count: usize) -> Option<usize> {
    let answer = answer.trim();
    if answer.is_empty() || answer.starts_with('0') || !answer.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = answer.parse().ok()?;
    (1..=count).contains(&n).then(|| n - 1)
}

/// Reads answers as lines: on a terminal (the line discipline echoes and edits) and from pipes.
pub struct LinePrompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LinePrompter { input, output }
    }

    fn ask(&mut self, shown: &str, no_input: &str) -> Result<String> {
        self.output
            .write_all(shown.as_bytes())
            .and_then(|()| self.output.flush())
            .map_err(Error::Output)?;
        let mut line = String::new();
        let read = self.input.read_line(&mut line).map_err(Error::Input)?;
        if read == 0 {
            // Finish the prompt's line so the error does not run into it.
            if !shown.is_empty() {
                let _ = self.output.write_all(b"\n");
            }
            return Err(Error::NoInput(no_input.to_string()));
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn confirm(&mut self, question: &str, no_input: &str) -> Result<bool> {
        let answer = self.ask(&format!("{question} (y/n) "), no_input)?;
        let answer = answer.trim();
        Ok(answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes"))
    }

    fn choose(&mut self, menu: &str, count: usize, invalid: &str, no_input: &str) -> Result<usize> {
        let answer = self.ask(&format!("{menu}\n> "), no_input)?;
        row_number(&answer, count).ok_or_else(|| Error::msg(invalid))
    }

    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.ask(prompt, no_input)
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

    fn choose(&mut self, menu: &str, count: usize, invalid: &str, no_input: &str) -> Result<usize> {
        self.inner.choose(menu, count, invalid, no_input)
    }

    fn text(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        self.inner.text(prompt, no_input)
    }

    fn secret(&mut self, prompt: &str, no_input: &str) -> Result<String> {
        if !self.terminal {
            return self.inner.secret(prompt, no_input);
        }
        // dialoguer adds ": " itself.
        let label = prompt.trim_end().trim_end_matches(':');
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
        assert_eq!(shown, "Name:  # A\n 1 a\n 2 b\n\n> Sure? (y/n) ");
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
}
