//! From a parsed command line to its handler. Apart from `Cx` (`cmd/mod.rs`), so that the
//! handlers, which `cli.rs` names for their `Args`, import nothing that imports `cli.rs`
//! (docs/architecture.md#which-way-the-imports-run).

use super::{Cx, auth, completion, config, context, login, logout, workspace};
use crate::cli::{ApcCommand, AstroCommand, CommonCommand, Invocation};
use crate::error::Result;

/// Runs the handler of a parsed command line.
pub async fn run(invocation: Invocation, cx: &mut Cx) -> Result<()> {
    match invocation {
        Invocation::Astro(AstroCommand::Workspace(ns)) => workspace::astro::run(ns, cx).await,
        Invocation::Apc(ApcCommand::Workspace(ns)) => workspace::apc::run(ns, cx).await,
        Invocation::Astro(AstroCommand::Common(command))
        | Invocation::Apc(ApcCommand::Common(command)) => run_common(command, cx).await,
    }
}

async fn run_common(command: CommonCommand, cx: &mut Cx) -> Result<()> {
    match command {
        CommonCommand::Version => cx
            .io
            .print(&format!("Astro CLI Version: {}\n", crate::VERSION)),
        CommonCommand::Login(args) => login::run(args, cx).await,
        CommonCommand::Logout(args) => logout::run(args, cx),
        CommonCommand::Auth(ns) => auth::run(ns, cx).await,
        CommonCommand::Context(ns) => context::run(ns, cx),
        CommonCommand::Config(ns) => config::run(ns, cx),
        CommonCommand::Completion(args) => completion::run(args, cx),
    }
}
