//! The end-to-end tests: one test binary whose modules mirror the command tree
//! (docs/architecture.md#end-to-end-tests). `astro::…` is the Astro `workspace` tree, `apc::…`
//! the Private Cloud one; the other modules cut across both. `common` is the harness.
//!
//! Run one part with a filter on the module path, e.g.
//! `cargo test --test it astro::token::rotate`.

mod common;

mod apc;
mod astro;
mod auth_status;
mod changes_reported_as_made;
mod cli;
mod completion;
mod config;
mod context;
mod errors_say_what_to_do;
mod flags;
mod go_only_commands;
mod group_help;
mod hardening;
mod https;
mod json;
mod layout;
mod lists;
mod login;
mod other_platform;
mod packaging;
mod pty;
mod reliability;
mod remove_confirms;
mod secrets_reach_you;
mod server_text;
mod usage_tips;
mod workspace_delete;
mod workspace_lookups;
mod workspace_names;
