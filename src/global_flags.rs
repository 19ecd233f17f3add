//! The flags every command accepts (`--verbosity`) and the help heading inherited flags sit
//! under. A leaf: `cli.rs` flattens `GlobalArgs` into both trees, and handlers' `Args` structs
//! name `HEADING` for their own inherited flags, without either importing the other
//! (docs/architecture.md#which-way-the-imports-run).

use clap::{Args, ValueEnum};

/// The help heading of flags a command inherits from its parents (as cobra's "Global Flags").
pub const HEADING: &str = "Global Flags";

/// Flags every command accepts, before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Log level (debug, info, warn, error, fatal, panic)
    #[arg(long, global = true, value_enum, default_value_t = Verbosity::Warning, value_name = "LEVEL", help_heading = HEADING)]
    pub verbosity: Verbosity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Verbosity {
    Debug,
    Info,
    // Shown as `warn`, as in Go's help line; `warning` (Go's default, and what its config holds)
    // is accepted too.
    #[value(name = "warn", alias = "warning")]
    Warning,
    Error,
    Fatal,
    Panic,
}
