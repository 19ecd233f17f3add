//! Prompts and menus at a real terminal (a pseudo-terminal, Unix only; see
//! docs/architecture.md#pty-tests).

mod astro;
mod at_a_terminal;
mod forgiving;
mod menus;
mod prompts;

#[cfg(unix)]
use crate::common::TestEnv;

/// The first role of the token named `name` (empty when there is none).
#[cfg(unix)]
fn role_of(env: &TestEnv, name: &str) -> String {
    env.fake.with_state(|s| {
        s.api_tokens
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.roles[0].role.clone())
            .unwrap_or_default()
    })
}
