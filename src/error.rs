//! One error type for the whole program. `main` prints `Error: {err}` on stderr and exits with
//! `err.exit_code()`; messages say what to do next and name the flag that avoids the problem.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A message kept word for word from the Go CLI (docs/compatibility.md#error-texts), or one
    /// of ours.
    #[error("{0}")]
    Message(String),

    #[error(
        "no context set, have you authenticated to Astro or APC? Run astro login and try again"
    )]
    NoContext,

    #[error("not connected, have you authenticated to Astro? Run astro login and try again")]
    NotConnected,

    /// `ASTRO_DOMAIN` names a domain with no stored context.
    #[error(
        "not connected, have you authenticated to Astro? ASTRO_DOMAIN={0} names a domain with no context: run astro login {0}, or unset ASTRO_DOMAIN (astro context list shows the contexts)"
    )]
    NotConnectedDomain(String),

    #[error(
        "{path} is not a valid config file: {message}\nFix it, or move it aside to start again with no contexts."
    )]
    CorruptConfig { path: PathBuf, message: String },

    #[error(
        "timed out after 10s waiting for config lock {0} — another astro process is holding it; wait for it to finish or kill it"
    )]
    ConfigLock(PathBuf),

    /// The config file, or the folder it is replaced in, is read-only: nothing is written
    /// (docs/reliability.md#read-only-config).
    #[error("cannot write {path}: permission denied ({why}); nothing was changed: {next}")]
    ConfigReadOnly {
        path: String,
        why: String,
        next: String,
    },

    #[error("could not write {path}: {source}")]
    ConfigWrite {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A prompt was needed but stdin is closed (CI, `</dev/null`). Never read as "no"
    /// (docs/compatibility.md#no-input).
    #[error("{0}")]
    NoInput(String),

    /// `ASTRO_API_TOKEN` holds no readable token: Go's text, then which variable and what to do
    /// (docs/compatibility.md#errors-say-what-to-do). Never the value itself.
    #[error(
        "API Token is invalid or malformed: the ASTRO_API_TOKEN environment variable does not hold an Astro API token. Set it to a token that astro workspace token create printed, or unset it to use the login of the current context"
    )]
    ApiTokenInvalid,

    #[error(
        "API Token is expired: the token in the ASTRO_API_TOKEN environment variable has expired. Set it to a new one (astro workspace token rotate gives one), or unset it to use the login of the current context"
    )]
    ApiTokenExpired,

    /// The server answered with an error (REST `message`, GraphQL `errors[0].message`, status text).
    #[error("{0}")]
    Api(String),

    /// The server refused the credential (401): its own word, then what to do about it.
    #[error("{message}: {next}")]
    Unauthorized { message: String, next: String },

    /// The request never got an answer (refused, timed out, TLS, …).
    #[error("{0}")]
    Transport(String),

    #[error("failed to read input: {0}")]
    Input(#[source] std::io::Error),

    #[error("failed to write output: {0}")]
    Output(#[source] std::io::Error),

    /// A change was made on the server, but what the user needs from it did not reach them
    /// (it could not be written, or the reply lacked it). The message says what was done and
    /// how to get what is missing; it is shown even when stdout's reader has gone
    /// (docs/reliability.md#secrets-reach-you).
    #[error("{0}")]
    MadeButNotShown(String),

    /// Arguments that contradict each other in a way only the server's answer shows (a
    /// TOKEN_ID and a --name of two different tokens): exit status 2, as clap's usage errors.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn msg(text: impl Into<String>) -> Self {
        Error::Message(text.into())
    }

    /// Runtime errors exit 1; usage errors exit 2 (most are clap's, before we get here).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}
