//! Flags that many workspace commands share, declared once and flattened in
//! (`#[command(flatten)]`), each with its completion candidates attached to the flag itself.

use std::marker::PhantomData;

use clap::Args;
use clap_complete::engine::ArgValueCandidates;

use crate::cmd::completion::candidates;

/// Further positional arguments, accepted and ignored as Go's cobra commands do
/// (docs/compatibility.md#extra-arguments). Hidden, so it is in no help page or usage line;
/// flatten it last, after the command's own positional argument.
#[derive(Debug, Args)]
pub struct IgnoredArgs {
    #[arg(hide = true, value_name = "IGNORED")]
    pub ignored: Vec<String>,
}

/// What a namespace's `--workspace-id` says in its help. Go declares the flag separately on each
/// command group, with its own help text, and each group's text is kept
/// (docs/compatibility.md#workspace-id); one type per group carries it.
pub trait WorkspaceIdHelp {
    /// Go's help text for the flag on this command group.
    const HELP: &'static str;
    /// How the back end names a workspace: WORKSPACE_NAME_OR_ID on Astro,
    /// WORKSPACE_LABEL_OR_ID on Private Cloud.
    const VALUE_NAME: &'static str;
}

/// `-w, --workspace-id` on a command group, taken by every command below it (Go's persistent
/// flag) and listed under "Global Flags". Without it the context's workspace is used
/// (`resolve_workspace`). `-w` is on every group, although Go has it on some only: Go gives `-w`
/// no other meaning on any of them (docs/compatibility.md#workspace-id).
#[derive(Debug, Args)]
pub struct WorkspaceIdFlag<H: WorkspaceIdHelp + Send + Sync + 'static> {
    // The help text comes from `H`, not from a doc comment.
    #[arg(
        short = 'w',
        long,
        global = true,
        value_name = H::VALUE_NAME,
        help = H::HELP,
        help_heading = crate::global_flags::HEADING,
        add = workspace_values(),
    )]
    pub workspace_id: Option<String>,

    #[arg(skip)]
    help: PhantomData<H>,
}

impl<H: WorkspaceIdHelp + Send + Sync + 'static> WorkspaceIdFlag<H> {
    pub fn get(&self) -> Option<&str> {
        self.workspace_id.as_deref()
    }
}

/// `-w, --workspace-id` on one Private Cloud `service-account` command: Go declares it on each
/// command rather than on the group, so it is not a global flag there.
#[derive(Debug, Args)]
pub struct LocalWorkspaceIdFlag {
    /// ID of the workspace, you can leave it empty if you want to use your current context's workspace ID
    #[arg(
        short = 'w',
        long,
        value_name = "WORKSPACE_LABEL_OR_ID",
        add = workspace_values(),
    )]
    pub workspace_id: Option<String>,
}

/// `-f, --force`, with `--yes` as the same flag, on a command that asks before it deletes or
/// removes something the Go CLI removes without asking. The question is asked only when a person
/// is at a terminal (`Cx::confirm_beyond_go`), so a script written for Go is never stopped by it;
/// this flag skips it there too (docs/compatibility.md#delete-confirms).
#[derive(Debug, Args)]
pub struct ForceFlag {
    /// Do not ask for confirmation (it is asked only at a terminal)
    #[arg(short, long, visible_alias = "yes")]
    pub force: bool,
}

/// Completion of a workspace ID or name (the workspace flags, and a workspace given positionally).
pub fn workspace_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::workspaces)
}

/// Completion of a Workspace API token's ID (`token update|rotate|delete`).
pub fn token_id_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::token_ids)
}

/// Completion of a Workspace API token's name (`--name` of `token update|rotate|delete`).
pub fn token_name_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::token_names)
}

/// Completion of an Organization token's ID (`organization-token update|remove`).
pub fn org_token_id_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::org_token_ids)
}

/// Completion of an Organization token's name (`--org-token-name` of
/// `organization-token update|remove`).
pub fn org_token_name_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::org_token_names)
}

/// Completion of a service account's ID (Private Cloud `service-account get|delete`).
pub fn service_account_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::service_accounts)
}

/// Completion of an Astro `--role`.
pub fn astro_role_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::astro_roles)
}

/// Completion of a Private Cloud `--role`.
pub fn apc_role_values() -> ArgValueCandidates {
    ArgValueCandidates::new(candidates::apc_roles)
}

/// `--expiring-within DAYS`: a whole number of days, 0 or more (at most 36500, a hundred years,
/// so that the date arithmetic cannot overflow). The message says what a valid value is, and
/// `-1` reaches this parser rather than being taken for a flag (docs/compatibility.md#usage-errors).
pub fn days_from_now(value: &str) -> Result<u32, String> {
    match value.trim().parse::<i64>() {
        Ok(days) if days > 36500 => Err("a whole number of days, at most 36500".to_string()),
        Ok(days) => {
            u32::try_from(days).map_err(|_| "a whole number of days, 0 or more".to_string())
        }
        Err(_) => Err("a whole number of days, 0 or more".to_string()),
    }
}

/// `--page-size N`: a whole number; 0 or less means the configured page size and more than 100
/// is reduced to 100, with a note (docs/compatibility.md#apc-switch-paging).
pub fn entries_per_page(value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse()
        .map_err(|_| "a whole number of entries per page".to_string())
}

/// `--paginated=BOOL`: the words clap's boolish parser takes, with a message that names what
/// a valid value is; help and completion still list `true, false`.
#[derive(Debug, Clone, Copy)]
pub struct Boolean;

impl clap::builder::TypedValueParser for Boolean {
    type Value = bool;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<bool, clap::Error> {
        // A function parser builds clap's own "invalid value" error around the message.
        boolean.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let values = ["true", "false"].map(clap::builder::PossibleValue::new);
        Some(Box::new(values.into_iter()))
    }
}

fn boolean(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "on" | "1" => Ok(true),
        "n" | "no" | "false" | "off" | "0" => Ok(false),
        _ => Err("true or false".to_string()),
    }
}

/// The role help of an Astro command: Go's sentence for the command, then the roles the Astro API
/// takes (docs/compatibility.md#astro-roles). A macro rather than a flattened struct, because the
/// sentence and the default differ from command to command as they do in Go.
macro_rules! astro_role_help {
    ($lead:literal) => {
        concat!(
            $lead,
            " Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR"
        )
    };
}
pub(crate) use astro_role_help;

/// The role help of a Private Cloud command: Go's words, then the three workspace roles
/// (docs/compatibility.md#apc-roles); `$tail` is what follows the list, if anything.
macro_rules! apc_role_help {
    ($lead:literal) => {
        concat!(
            $lead,
            ": WORKSPACE_ADMIN, WORKSPACE_EDITOR or WORKSPACE_VIEWER"
        )
    };
    ($lead:literal, $tail:literal) => {
        concat!(
            $lead,
            ": WORKSPACE_ADMIN, WORKSPACE_EDITOR or WORKSPACE_VIEWER",
            $tail
        )
    };
}
pub(crate) use apc_role_help;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_errors_say_what_a_valid_value_is() {
        assert_eq!(days_from_now("0"), Ok(0));
        assert_eq!(days_from_now(" 30 "), Ok(30));
        assert_eq!(days_from_now("36500"), Ok(36500));
        let whole = Err("a whole number of days, 0 or more".to_string());
        assert_eq!(days_from_now("-1"), whole);
        assert_eq!(days_from_now("1.5"), whole);
        assert_eq!(days_from_now("99999999999999999999"), whole);
        assert_eq!(
            days_from_now("36501"),
            Err("a whole number of days, at most 36500".to_string())
        );
        assert_eq!(entries_per_page("-5"), Ok(-5));
        assert!(entries_per_page("x").is_err());
        assert_eq!(boolean("TRUE"), Ok(true));
        assert_eq!(boolean("off"), Ok(false));
        assert_eq!(boolean("maybe"), Err("true or false".to_string()));
    }

    #[test]
    fn role_help_texts_are_whole_sentences() {
        assert_eq!(
            astro_role_help!("The role for the token."),
            "The role for the token. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR"
        );
        assert_eq!(
            apc_role_help!(
                "Role assigned to user",
                " (default: the user's current role)"
            ),
            "Role assigned to user: WORKSPACE_ADMIN, WORKSPACE_EDITOR or WORKSPACE_VIEWER (default: the user's current role)"
        );
    }
}
