//! Snapshots of a whole run: exit status, stdout and stderr as one text, pinned with insta in
//! the test source (docs/architecture.md#snapshots).
//!
//! ```text
//! success: true
//! exit_code: 0
//! ----- stdout -----
//! …
//! ----- stderr -----
//! …
//! ```
//!
//! Each stream is shown whole, so stdout's final newline is visible as the empty line before
//! the stderr header. insta ignores whitespace at the very end of a snapshot, so a test that
//! cares how stderr ends (a prompt's `"> "`) asserts that as well. The fake's port and the temporary home change on every run; `TestEnv::filters`
//! replaces them with `[ASTRO_DOMAIN]`, `[APC_DOMAIN]` and `[HOME]`, and a test adds its own
//! pairs for values the fake generates (a new token, a new ID).

use super::{Run, TestEnv};

impl TestEnv {
    /// What every snapshot of this environment replaces: the temporary home and the fake's
    /// two loopback domains (their port changes on every run).
    pub fn filters(&self) -> Vec<(String, String)> {
        vec![
            (self.home.path().display().to_string(), "[HOME]".into()),
            (self.astro_domain(), "[ASTRO_DOMAIN]".into()),
            (self.apc_domain(), "[APC_DOMAIN]".into()),
        ]
    }
}

impl Run {
    /// The run as one text, with every `(from, to)` of `filters` replaced in both streams.
    pub fn render(&self, filters: &[(String, String)]) -> String {
        let filter = |text: &str| {
            filters
                .iter()
                .fold(text.to_string(), |text, (from, to)| text.replace(from, to))
        };
        format!(
            "success: {}\nexit_code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
            self.code == 0,
            self.code,
            filter(&self.stdout),
            filter(&self.stderr),
        )
    }
}

/// `astro_snapshot!(env, run, @"…")` asserts that `run` (a `Run` of `env`) renders as the
/// inline snapshot; `astro_snapshot!(env, run, [(value, "[NAME]"), …], @"…")` also replaces
/// values the test knows only at run time. `cargo insta review` updates the literal.
macro_rules! astro_snapshot {
    ($env:expr, $run:expr, @$snapshot:literal) => {
        $crate::common::astro_snapshot!($env, $run, [], @$snapshot)
    };
    ($env:expr, $run:expr, [$(($from:expr, $to:expr)),* $(,)?], @$snapshot:literal) => {{
        #[allow(unused_mut)]
        let mut filters = $env.filters();
        $(filters.push((($from).to_string(), ($to).to_string()));)*
        ::insta::assert_snapshot!($run.render(&filters), @$snapshot);
    }};
}
pub(crate) use astro_snapshot;
