//! Parse errors of config files without the secrets in them (docs/reliability.md#config-errors).
//!
//! A TOML parser shows the line it stopped on, and the line a person breaks while editing by
//! hand is often the token's. The error is rebuilt here from the parser's position and message:
//! the file's line and column, and the line itself with every secret value replaced by
//! `<redacted>`. Whatever else the message holds is scrubbed of every secret value the file
//! appears to hold, and of anything shaped like a token.

/// Key names whose values are secrets: `token` and `refreshtoken` in a context, and anything a
/// person may add that reads like a credential.
const SECRET_WORDS: [&str; 8] = [
    "token",
    "password",
    "passwd",
    "secret",
    "apikey",
    "api_key",
    "credential",
    "authorization",
];

const REDACTED: &str = "<redacted>";

/// Runs of this many token characters or more (letters, digits, `-_.~+/=`) holding both a
/// letter and a digit are taken for a credential on a line that does not name its key (a token
/// pasted on a line of its own): JWTs and refresh tokens are far longer, IDs (25 characters)
/// shorter, and a wrongly hidden value costs less than a shown token.
const OPAQUE_RUN: usize = 32;

/// The message of a TOML parse error of `text`: `TOML parse error at line L, column C`, the
/// line with its secrets redacted (and the caret under the column when the line is shown as
/// it is), then what the parser expected.
pub fn toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    let Some(span) = error.span() else {
        return scrub(message, text, '=').into_owned();
    };
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_number = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line = text[line_start..].split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    let shown = redact_line(line, '=');
    let gutter = " ".repeat(line_number.to_string().len() + 1);
    let mut out = format!(
        "TOML parse error at line {line_number}, column {column}\n{gutter}|\n{line_number} | {shown}\n"
    );
    if shown == line {
        out.push_str(&format!("{gutter}|{}^\n", " ".repeat(column)));
    }
    out.push_str(message);
    scrub(&out, text, '=').into_owned()
}

/// A YAML parser's message (`… at byte B line L column C`), scrubbed of the secrets of `text`.
pub fn yaml_error(text: &str, message: &str) -> String {
    scrub(message, text, ':').into_owned()
}

/// `line` with the value after a secret key replaced: `token = "abc` becomes
/// `token = "<redacted>"`; long token-shaped runs are replaced too.
fn redact_line(line: &str, separator: char) -> String {
    let lower = line.to_ascii_lowercase();
    let found = SECRET_WORDS
        .iter()
        .filter_map(|word| lower.find(word).map(|at| (at, word.len())))
        .min();
    let line = match found {
        Some((at, len)) => {
            // The rest of the key (`refreshtoken`, `"token"`), then the separator and spaces.
            let mut end = at + len;
            let bytes = line.as_bytes();
            while end < bytes.len()
                && (bytes[end].is_ascii_alphanumeric()
                    || matches!(bytes[end], b'_' | b'-' | b'"' | b'\''))
            {
                end += 1;
            }
            while end < bytes.len()
                && (bytes[end] == b' '
                    || bytes[end] == b'\t'
                    || bytes[end] as char == separator
                    || bytes[end] == b':'
                    || bytes[end] == b'=')
            {
                end += 1;
            }
            let rest = &line[end..];
            if rest.trim().is_empty() {
                line.to_string()
            } else if rest.starts_with(['"', '\'']) {
                format!("{}\"{REDACTED}\"", &line[..end])
            } else {
                format!("{}{REDACTED}", &line[..end])
            }
        }
        None => line.to_string(),
    };
    redact_opaque_runs(&line)
}

/// Every secret value `text` appears to hold (the rest of a line after a secret key and its
/// separator, without quotes), and every token-shaped run, replaced in `message`.
fn scrub<'a>(message: &'a str, text: &str, separator: char) -> std::borrow::Cow<'a, str> {
    let mut out = std::borrow::Cow::Borrowed(message);
    for value in secret_values(text, separator) {
        if out.contains(value) {
            out = std::borrow::Cow::Owned(out.replace(value, REDACTED));
        }
    }
    if has_opaque_run(&out) {
        out = std::borrow::Cow::Owned(redact_opaque_runs(&out));
    }
    out
}

/// The values of secret keys in `text`, read line by line without parsing (the file is
/// broken): what follows the key and its separator, trimmed of spaces and quotes. Values
/// shorter than 6 characters are left alone: replacing them (`true`, `line`) would mangle the
/// message without hiding anything worth hiding.
fn secret_values(text: &str, separator: char) -> Vec<&str> {
    let mut values: Vec<&str> = Vec::new();
    for line in text.lines() {
        let lower = line.to_ascii_lowercase();
        let Some(at) = SECRET_WORDS.iter().filter_map(|w| lower.find(w)).min() else {
            continue;
        };
        let after = &line[at..];
        let Some(split) = after.find([separator, '=', ':']) else {
            continue;
        };
        let value = after[split + 1..]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == '}')
            .trim();
        if value.len() >= 6 {
            values.push(value);
            // `Bearer <jwt>`: the JWT alone is a secret too.
            if let Some((_, rest)) = value.split_once(' ')
                && rest.len() >= 6
            {
                values.push(rest);
            }
        }
    }
    // Longest first, so a value is not left half replaced by a shorter one inside it.
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=')
}

fn opaque_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_token_char(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let run = &text[from..at];
                if run.len() >= OPAQUE_RUN
                    && run.chars().any(|c| c.is_ascii_digit())
                    && run.chars().any(|c| c.is_ascii_alphabetic())
                {
                    runs.push((from, at));
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn has_opaque_run(text: &str) -> bool {
    !opaque_runs(text).is_empty()
}

fn redact_opaque_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (from, to) in opaque_runs(text) {
        out.push_str(&text[last..from]);
        out.push_str(REDACTED);
        last = to;
    }
    out.push_str(&text[last..]);
    out
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> String {
        let error = text.parse::<toml::Table>().unwrap_err();
        toml_error(text, &error)
    }

    #[test]
    fn a_broken_token_line_shows_its_place_but_not_the_token() {
        let text = "context = \"a\"\n[contexts.a]\ndomain = \"a\"\ntoken = \"Bearer s3cr3t-value\n";
        let err = parse_error(text);
        assert!(
            err.starts_with("TOML parse error at line 4, column "),
            "{err}"
        );
        assert!(err.contains("4 | token = \"<redacted>\""), "{err}");
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn every_secret_key_and_a_bare_token_line_are_redacted() {
        for line in [
            "refreshtoken = 'v1.abcdefgh' x",
            "\"token\" = \"abcd12345678\" junk",
            "password: hunter22",
            "token \"abcd12345678\"",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
        ] {
            let text = format!("a = 1\n{line}\n");
            let err = parse_error(&text);
            assert!(err.contains("line 2, column"), "{line}: {err}");
            for secret in ["abcdefgh", "abcd1234", "hunter22", "eyJhbGci"] {
                assert!(!err.contains(secret), "{line}: {err}");
            }
        }
    }

    #[test]
    fn a_line_without_secrets_is_shown_with_its_caret() {
        let err = parse_error("context = \n");
        assert_eq!(
            err.lines().take(4).collect::<Vec<_>>(),
            [
                "TOML parse error at line 1, column 11",
                "  |",
                "1 | context = ",
                "  |           ^"
            ],
            "{err}"
        );
    }

    #[test]
    fn yaml_messages_lose_the_secret_values_of_the_file() {
        let text = "contexts:\n  a:\n    token: Bearer abcdefgh\n";
        let message = "\"Bearer abcdefgh\": duplicated key in mapping at byte 3 line 3 column 5";
        let shown = yaml_error(text, message);
        assert!(!shown.contains("abcdefgh"), "{shown}");
        assert!(shown.contains("line 3 column 5"), "{shown}");
    }
}
