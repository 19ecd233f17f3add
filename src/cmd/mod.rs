//! Command handlers, one module per branch of the command tree. Handlers resolve their inputs
//! (flags, context, prompts), call an API, and render; they reach the outside world only
//! through `Cx`.

pub mod auth;
pub mod auth_status;
pub mod completion;
pub mod config;
pub mod context;
pub mod dispatch;
pub mod login;
pub mod logout;
pub mod man;
pub mod workspace;

use std::io::Write as _;

use crate::api::astro::AstroRest;
use crate::api::houston::Houston;
use crate::api::{DebugLog, Http, HttpOptions};
use crate::auth::AstroSession;
use crate::config::{Config, Context, IN_KEYRING, Store};
use crate::env::Env;
use crate::error::Result;
use crate::output::Io;
use crate::prompt::Prompter;

/// Everything a handler may use: output streams, the prompter, the config and environment.
pub struct Cx {
    pub io: Io,
    pub prompt: Box<dyn Prompter>,
    pub config: Config,
    pub env: Env,
    /// Seconds since the Unix epoch, read once (token expiry, "time ago").
    pub now_unix: i64,
    pub debug: DebugLog,
    /// stderr when it is a terminal, for progress lines; None otherwise.
    pub progress: crate::progress::ProgressSink,
}

impl Cx {
    /// The process's one HTTP client.
    fn http(&self) -> Result<Http> {
        let settings = self.config.settings()?;
        Http::new(
            HttpOptions {
                connect_timeout: settings.dial_timeout,
                request_timeout: settings.request_timeout,
                skip_verify_tls: settings.skip_verify_tls,
                proxy: self.env.proxy.clone(),
            },
            self.debug.clone(),
        )
        .map(|http| http.with_progress(self.progress.clone()))
    }

    /// The Astro REST client and session (stored context or `ASTRO_API_TOKEN`). A stored user
    /// token about to expire is refreshed (and saved where it came from) first.
    pub async fn astro(&mut self) -> Result<(AstroRest, AstroSession)> {
        let store = self.store();
        if self.env.api_token.is_none()
            && let Ok(context) = self.config.current_context(self.env.domain.as_deref())
        {
            self.note_credentials(&context);
        }
        let (mut session, refresh) = crate::auth::astro_session(
            &self.config,
            &self.env,
            &store,
            self.now_unix,
            &mut self.io.err,
        )?;
        let http = self.http()?;
        if let Some(refresh_token) = refresh {
            // Saved under the key the context was read from.
            let key_domain = self
                .config
                .current_domain(self.env.domain.as_deref())
                .unwrap_or_else(|| session.domain.clone());
            session.authorization = crate::auth::refresh_stored_token(
                &http,
                &mut self.config,
                &store,
                &key_domain,
                &session.domain,
                &refresh_token,
                self.now_unix,
            )
            .await?;
        }
        let api = AstroRest::new(
            http,
            &session.domain,
            &session.authorization,
            &session.organization,
            &self.env,
        )?;
        Ok((api, session))
    }

    /// The Houston client for the current (Private Cloud) context.
    pub fn houston(&self) -> Result<(Houston, Context)> {
        let context = self.current_context_with_secrets()?;
        let api = Houston::new(self.http()?, &context.domain, &context.token)?;
        Ok((api, context))
    }

    /// The credential store this process uses (docs/reliability.md#where-secrets-live). Making
    /// one touches nothing: the store is asked only when a secret is read or written.
    pub fn store(&self) -> Store {
        Store::new(
            self.env.keyring_backend.as_deref(),
            self.config.path(),
            self.env.no_insecure_fallback,
        )
    }

    /// The current context with its token and refresh token, wherever they are kept.
    pub fn current_context_with_secrets(&self) -> Result<Context> {
        let context = self.config.current_context(self.env.domain.as_deref())?;
        self.context_with_secrets(context)
    }

    /// `context` with its secrets read from where it keeps them.
    pub fn context_with_secrets(&self, mut context: Context) -> Result<Context> {
        self.note_credentials(&context);
        self.store().load(&mut context)?;
        Ok(context)
    }

    /// `--verbosity debug`: where the context's credentials are read from; never a secret.
    fn note_credentials(&self, context: &Context) {
        let from = if context.token_store == IN_KEYRING {
            self.store().name()
        } else {
            format!("the config file {}", self.config.path().display())
        };
        self.debug_note(&format!("credentials for {}: {from}", context.domain));
    }
}

impl Cx {
    /// Hands the completion cache's path and the current context's domain to `record`, so a
    /// list command can refresh what Tab offers. Nothing without a stored current context
    /// (`ASTRO_API_TOKEN` alone): the cache is keyed by context.
    pub fn remember_for_completion(&self, record: impl FnOnce(&std::path::Path, &str)) {
        if let Ok(context) = self.config.current_context(self.env.domain.as_deref()) {
            record(self.config.path(), &context.domain);
        }
    }

    /// Asks `question` (y/n); on "no", says `cancel` on stderr and returns false, so that the
    /// command ends successfully without doing anything (docs/compatibility.md#confirmations). End
    /// of input is the `no_input` error, never "no".
    pub fn confirm_or_cancel(
        &mut self,
        question: &str,
        no_input: &str,
        cancel: &str,
    ) -> Result<bool> {
        let confirmed = self.prompt.confirm(question, no_input)?;
        if !confirmed {
            self.io.note(cancel);
        }
        Ok(confirmed)
    }

    /// A confirmation the Go CLI does not ask (`workspace delete`, the `remove` commands,
    /// `service-account delete`, `context delete` of another context): asked only when a person
    /// is at a terminal; anywhere else the command goes on without asking, as Go does, so that a
    /// script written for Go keeps working (docs/compatibility.md#delete-confirms). `--force`
    /// (`ForceFlag`, handled by the caller) skips it everywhere.
    pub fn confirm_beyond_go(&mut self, question: &str, cancel: &str) -> Result<bool> {
        if !self.prompt.interactive() {
            return Ok(true);
        }
        self.confirm_or_cancel(
            question,
            "the confirmation got no answer: pass --force to skip it",
            cancel,
        )
    }

    /// A line for `--verbosity debug` only (stderr, `DEBUG ` first); nothing otherwise.
    pub fn debug_note(&self, line: &str) {
        if let Some(sink) = &self.debug
            && let Ok(mut sink) = sink.lock()
        {
            let _ = writeln!(sink, "DEBUG {line}");
        }
    }
}
