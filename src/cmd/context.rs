//! `astro context list|switch|delete`: the connections (domains) stored in config.toml, as the
//! Go CLI's `astro context` commands show and change them.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;
use serde::Serialize;

use super::Cx;
use super::completion::candidates;
use crate::config::{Context, Platform};
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ContextNamespace {
    #[command(subcommand)]
    pub command: ContextCommand,
}

#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// List all contexts
    #[command(
        visible_alias = "ls",
        long_about = "List all Astro and APC contexts or domains that you've authenticated to on this machine."
    )]
    List(ListArgs),
    /// Switch to a different context
    #[command(
        visible_alias = "sw",
        long_about = "Switch to a different context. Without a domain, choose one from a list.",
        after_help = "Examples:\n  $ astro context switch\n  $ astro context switch astro.example.com"
    )]
    Switch(SwitchArgs),
    /// Delete a context
    #[command(
        visible_alias = "de",
        long_about = "Delete a locally stored context to Astro or APC."
    )]
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// The domain of the context, e.g. astronomer.io
    #[arg(value_name = "DOMAIN", add = ArgValueCandidates::new(candidates::contexts))]
    pub domain: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The domain of the context to delete
    #[arg(value_name = "DOMAIN", add = ArgValueCandidates::new(candidates::contexts))]
    pub domain: String,
    /// Don't prompt a user before context delete; assume "yes" as answer to all prompts and run non-interactively.
    // `--yes` is the same flag, as on every command that asks (docs/compatibility.md#delete-confirms).
    #[arg(short, long, visible_alias = "yes")]
    pub force: bool,
}

pub fn run(ns: ContextNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ContextCommand::List(args) => list(args, cx),
        ContextCommand::Switch(args) => switch(args, cx),
        ContextCommand::Delete(args) => delete(args, cx),
    }
}

/// A context in JSON (docs/json.md), under `contexts`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContextJson<'a> {
    domain: &'a str,
    platform: &'static str,
    organization: &'a str,
    workspace: &'a str,
    user_email: &'a str,
    is_current: bool,
}

pub fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Astro => "astro",
        Platform::Apc => "apc",
    }
}

/// Go's table: header `NAME`, one column 44 wide, the current context in green. Unlike Go it
/// also works when no context is current; at a terminal it has more columns.
fn list(args: ListArgs, cx: &mut Cx) -> Result<()> {
    let contexts = cx.config.contexts();
    let current = cx.config.current_domain(cx.env.domain.as_deref());
    let is_current = |c: &Context| current.as_deref() == Some(c.domain.as_str());
    if args.output.format() == Format::Json {
        let items: Vec<ContextJson> = contexts
            .iter()
            .map(|c| ContextJson {
                domain: &c.domain,
                platform: platform_name(c.platform()),
                organization: &c.organization,
                workspace: &c.workspace,
                user_email: &c.user_email,
                is_current: is_current(c),
            })
            .collect();
        return cx.io.print(&output::json_list("contexts", &items)?);
    }
    let current = contexts.iter().position(is_current);
    let text = if cx.io.out_screen.is_some() {
        // A person at a terminal also sees each context's platform and workspace, and a `*`
        // on the current one (docs/compatibility.md#at-a-terminal).
        let names = WorkspaceNames::load(cx);
        let rows: Vec<Vec<String>> = contexts
            .iter()
            .map(|c| {
                vec![
                    c.domain.clone(),
                    platform_name(c.platform()).to_string(),
                    names.shown(&c.domain, &c.workspace),
                ]
            })
            .collect();
        cx.io
            .table_with_current(&["NAME", "PLATFORM", "WORKSPACE"], &rows, current)
    } else {
        // Go's bytes in a pipe.
        let rows: Vec<Vec<String>> = contexts.iter().map(|c| vec![c.domain.clone()]).collect();
        output::fixed_table_highlighted(&["NAME"], &[44], &rows, current, cx.io.color)
    };
    cx.io.print(&text)
}

/// Workspace names as the list commands last saw them (the completion cache): a context names
/// only its workspace's ID.
struct WorkspaceNames(crate::config::cache::CompletionCache);

impl WorkspaceNames {
    fn load(cx: &Cx) -> WorkspaceNames {
        use crate::config::cache::CompletionCache;
        WorkspaceNames(CompletionCache::load_exact(&CompletionCache::path_beside(
            cx.config.path(),
        )))
    }

    /// The workspace's name when known, else its ID; `N/A` for none, as Go's context tables.
    fn shown(&self, domain: &str, workspace: &str) -> String {
        let name = self
            .0
            .contexts
            .get(domain)
            .and_then(|c| c.workspaces.iter().find(|w| w.id == workspace))
            .map(|w| w.name.as_str())
            .filter(|name| !name.is_empty() && !workspace.is_empty());
        name.unwrap_or(output::or_na(workspace)).to_string()
    }
}

/// Switches by domain, or from a menu of the stored contexts.
fn switch(args: SwitchArgs, cx: &mut Cx) -> Result<()> {
    let domain = match args.domain.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => choose_context(cx)?,
    };
    let Some(context) = cx.config.context(&domain) else {
        // Go creates an empty context here, which no command can use; say what to do instead.
        return Err(Error::msg(format!(
            "no context for {domain}: run astro login {domain} to create it (astro context list shows the contexts)"
        )));
    };
    cx.config.set_current_context(&domain)?;
    let mut text = output::fixed_table(
        &["CONTEXT DOMAIN", "WORKSPACE"],
        &[36, 36],
        &[vec![context.domain.clone(), context.workspace.clone()]],
    );
    text.push_str("\n Switched context\n");
    cx.io.print(&text)
}

fn choose_context(cx: &mut Cx) -> Result<String> {
    let contexts = cx.config.contexts();
    if contexts.is_empty() {
        return Err(Error::msg(
            "no contexts to switch to: run astro login to create one",
        ));
    }
    let current = cx.config.current_domain(cx.env.domain.as_deref());
    let rows: Vec<Vec<String>> = contexts
        .iter()
        .map(|c| {
            vec![
                c.domain.clone(),
                platform_name(c.platform()).to_string(),
                output::or_na(&c.workspace).to_string(),
            ]
        })
        .collect();
    let highlight = contexts
        .iter()
        .position(|c| current.as_deref() == Some(c.domain.as_str()));
    let menu = cx.io.menu_with_current(
        &["CONTEXT DOMAIN", "PLATFORM", "WORKSPACE"],
        &rows,
        0,
        highlight,
    );
    let index = cx.prompt.choose(
        &menu,
        contexts.len(),
        "invalid context selection",
        "no context selected and no input to choose one: pass DOMAIN",
    )?;
    Ok(contexts[index].domain.clone())
}

/// Go: confirm only when deleting the current context (unless --force), in a pipe too; deleting
/// an unknown domain is not an error there either. Another context is confirmed only at a
/// terminal, a question Go does not ask (docs/compatibility.md#remove-confirms).
fn delete(args: DeleteArgs, cx: &mut Cx) -> Result<()> {
    let domain = args.domain.trim().to_string();
    let current = cx.config.stored_current_domain();
    let is_current = !current.is_empty() && current == domain;
    let shown = output::safe(&domain).into_owned();
    let confirmed = args.force
        || if is_current {
            cx.confirm_or_cancel(
                &format!("Are you sure you want to delete currently used context: {shown}"),
                "deleting the current context needs confirmation but there is no input: pass --force",
                "Canceling context delete...\n",
            )?
        } else if cx.config.context(&domain).is_some() {
            cx.confirm_beyond_go(
                &format!("Are you sure you want to delete the context {shown}?"),
                "Canceling context delete...\n",
            )?
        } else {
            true
        };
    if !confirmed {
        return Ok(());
    }
    // Its entry in the credential store goes with it (docs/reliability.md#where-secrets-live).
    if cx
        .config
        .context(&domain)
        .is_some_and(|c| c.token_store == crate::config::IN_KEYRING)
    {
        let store = cx.store();
        cx.config.forget_secrets(&domain, &[], &store)?;
    }
    if !cx.config.delete_context(&domain)? {
        // Still a success, as in Go: cleanup scripts run this unconditionally. But Go's
        // "Successfully deleted" would be untrue here.
        cx.io.note(&format!(
            "Nothing to delete: there is no context for {domain} (astro context list shows the contexts)\n"
        ));
        return Ok(());
    }
    cx.io
        .print(&format!("Successfully deleted context: {domain}\n"))
}
