//! Finding the one token a command acts on, in small steps: [`by_id`] (one GET), [`by_name`] in
//! a list, [`from_menu`] of a list, with [`check_name_agrees`] and [`Takes::check`] in between.
//!
//! [`find`] puts them together for `token rotate|update|delete`; `organization-token
//! add|update|remove` put them together in their own finder (`org_token::find`). What differs
//! between commands is only which tokens they take, the verb their menu and hints use, the
//! names of their arguments and whether they load the token again: [`For`] says it for the
//! `token` commands, [`Wants`] for the list step both families share.

use super::table::{TOKEN_HEADERS, token_row};
use crate::api::astro::AstroRest;
use crate::api::astro::tokens::ApiToken;
use crate::cmd::Cx;
use crate::error::{Error, Result};
use crate::output::{self, Io};

/// What the user named the token by: the positional ID and the name flag, each kept only when
/// it is given and not empty.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
}

impl<'a> Named<'a> {
    pub fn new(id: Option<&'a str>, name: Option<&'a str>) -> Named<'a> {
        Named {
            id: id.filter(|id| !id.is_empty()),
            name: name.filter(|name| !name.is_empty()),
        }
    }

    /// The ID, which wins over the name.
    pub fn id(&self) -> Option<&'a str> {
        self.id
    }

    pub fn name(&self) -> Option<&'a str> {
        self.name
    }
}

/// The tokens a command takes, by scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// Every kind (`token delete`, as in Go).
    Any,
    Workspace,
    Organization,
}

impl Takes {
    fn allows(self, token: &ApiToken) -> bool {
        match self {
            Takes::Any => true,
            Takes::Workspace => token.scope == "WORKSPACE",
            Takes::Organization => token.scope == "ORGANIZATION",
        }
    }

    /// A token loaded by ID must be of a kind the command takes.
    pub fn check(self, token: &ApiToken) -> Result<()> {
        if self.allows(token) {
            Ok(())
        } else {
            Err(Error::msg(
                "the token selected is not of the type you are trying to modify",
            ))
        }
    }

    /// The listed tokens the command takes, and the others (kept to say what a name of the
    /// wrong kind is).
    pub fn split(self, listed: Vec<ApiToken>) -> (Vec<ApiToken>, Vec<ApiToken>) {
        listed.into_iter().partition(|t| self.allows(t))
    }

    /// "Workspace API tokens", "Organization API tokens" or "API tokens", for messages.
    fn kind_of_tokens(self) -> &'static str {
        match self {
            Takes::Workspace => "Workspace API tokens",
            Takes::Organization => "Organization API tokens",
            Takes::Any => "API tokens",
        }
    }
}

/// The names of a command's arguments, for the errors that tell a script what to pass.
#[derive(Debug, Clone, Copy)]
pub struct ArgNames {
    /// The positional ID: `TOKEN_ID` or `ORG_TOKEN_ID`.
    pub id: &'static str,
    /// The name flag: `--name` or `--org-token-name`.
    pub name: &'static str,
}

impl ArgNames {
    /// The error when a token menu is needed and stdin has no answer.
    pub fn no_input(self) -> String {
        format!(
            "no token selected and no input to choose one: pass {} or {}",
            self.id, self.name
        )
    }
}

/// What the step that picks from the workspace's list needs to know of the command.
#[derive(Debug, Clone, Copy)]
pub struct Wants {
    pub takes: Takes,
    /// What the command does to the token ("rotate", …), for the menu heading and the hint
    /// about a token of another kind.
    pub verb: &'static str,
    pub args: ArgNames,
}

/// The `token` command a Workspace token is looked up for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    Rotate,
    Update,
    Delete,
}

impl For {
    fn wants(self) -> Wants {
        let (takes, verb) = match self {
            For::Rotate => (Takes::Workspace, "rotate"),
            For::Update => (Takes::Workspace, "update"),
            // Tokens of every kind, as in Go: an Organization token loses its role here.
            For::Delete => (Takes::Any, "delete"),
        };
        Wants {
            takes,
            verb,
            args: ArgNames {
                id: "TOKEN_ID",
                name: "--name",
            },
        }
    }

    /// Whether a token found in the list is loaded again by ID. Commands that may rewrite the
    /// role list need it, since the full list must come from the token itself; rotate does
    /// not (docs/compatibility.md#rotate-requests).
    fn reloads(self) -> bool {
        self != For::Rotate
    }
}

/// The token `token rotate|update|delete` acts on: by ID (one GET, whose name must agree with
/// `--name` if both are given), else from the workspace's list.
pub async fn find(
    api: &AstroRest,
    cx: &mut Cx,
    workspace: &str,
    named: Named<'_>,
    command: For,
) -> Result<ApiToken> {
    let wants = command.wants();
    if let Some(id) = named.id() {
        let token = by_id(api, id, workspace).await?;
        check_name_agrees(&token, id, named.name())?;
        wants.takes.check(&token)?;
        return Ok(token);
    }
    let picked = in_workspace_list(api, cx, workspace, named.name(), wants).await?;
    if command.reloads() {
        reload(api, &picked, wants.takes).await
    } else {
        Ok(picked)
    }
}

/// The token with this ID: one GET. Token IDs are lower-cased, as the Go CLI does.
/// An unknown ID keeps the API's `api token not found`, then names the ID and the command that
/// lists the tokens of `workspace` (docs/compatibility.md#errors-say-what-to-do).
pub async fn by_id(api: &AstroRest, id: &str, workspace: &str) -> Result<ApiToken> {
    api.get_token(&id.to_lowercase())
        .await
        .map_err(|error| match error {
            Error::Api(text) if text.eq_ignore_ascii_case("api token not found") => {
                Error::Api(format!(
                    "{text}: \"{}\". Run astro workspace token list to see the tokens of workspace {}",
                    output::safe(id),
                    output::safe(workspace)
                ))
            }
            other => other,
        })
}

/// With both a TOKEN_ID and a `--name`, the name must be the ID's token's: Go silently used
/// the ID, so a script naming two tokens changed one of them without a word about which
/// (docs/compatibility.md#token-id-and-name).
pub fn check_name_agrees(token: &ApiToken, id: &str, name: Option<&str>) -> Result<()> {
    match name {
        Some(name) if token.name != name => Err(Error::Usage(format!(
            "TOKEN_ID {id} is the token named {}, not {name}: pass TOKEN_ID or --name, not both",
            output::safe(&token.name)
        ))),
        _ => Ok(()),
    }
}

/// A token picked from a list loaded again by ID, for the commands that need the token
/// itself; it must still be of a kind the command takes.
pub async fn reload(api: &AstroRest, picked: &ApiToken, takes: Takes) -> Result<ApiToken> {
    let token = api.get_token(&picked.id).await?;
    takes.check(&token)?;
    Ok(token)
}

/// The tokens of a list that a name matches exactly.
#[derive(Debug)]
pub enum ByName {
    NoToken,
    One(Box<ApiToken>),
    /// Never resolved silently (Go took the last match): docs/compatibility.md#ambiguous-names.
    Several(Vec<ApiToken>),
}

pub fn by_name(mut tokens: Vec<ApiToken>, name: &str) -> ByName {
    tokens.retain(|t| t.name == name);
    match tokens.len() {
        0 => ByName::NoToken,
        1 => ByName::One(Box::new(tokens.remove(0))),
        _ => ByName::Several(tokens),
    }
}

/// The error for a name that no token the command takes has: the list's own text (Go's), then,
/// if a token of another kind in the same list has the name, what it is and the command that
/// manages it (docs/compatibility.md#token-other-kind).
/// Go's sentence `text` first (scripts grep it), then the name given and `next`, the command
/// that lists what there is (docs/compatibility.md#errors-say-what-to-do).
pub fn not_found(text: &str, others: &[ApiToken], name: &str, verb: &str, next: &str) -> Error {
    Error::msg(match others.iter().find(|t| t.name == name) {
        Some(other) => format!("{text}. {}", other_kind(other, verb)),
        None => format!("{text}: \"{}\". {next}", output::safe(name)),
    })
}

/// A menu of tokens: its table (fitted to a terminal: `Io::menu`), the full names a person may
/// type to pick a row (`prompt::row_names`), and the error for an answer that is not one of its
/// rows.
pub struct Menu {
    pub table: String,
    pub names: Vec<Vec<String>>,
    pub invalid: &'static str,
}

impl Menu {
    /// The menu of `rows` under `headers`, as `io` shows it.
    pub fn new(io: &Io, headers: &[&str], rows: &[Vec<String>], invalid: &'static str) -> Menu {
        Menu {
            table: io.menu(headers, rows),
            names: crate::prompt::row_names(headers, rows),
            invalid,
        }
    }
}

/// The workspace's tokens as a menu: the columns of `token list`.
pub fn workspace_menu(io: &Io, tokens: &[ApiToken], workspace: &str, now_unix: i64) -> Menu {
    let rows: Vec<Vec<String>> = tokens
        .iter()
        .map(|t| token_row(t, workspace, now_unix))
        .collect();
    Menu::new(
        io,
        &TOKEN_HEADERS,
        &rows,
        "invalid Workspace API token selection",
    )
}

/// The token chosen from `menu`, the table of `tokens`, under `heading`; with no input,
/// `no_input` is the error.
pub fn from_menu(
    cx: &mut Cx,
    mut tokens: Vec<ApiToken>,
    heading: &str,
    menu: &Menu,
    no_input: &str,
) -> Result<ApiToken> {
    cx.io.note(heading);
    let choice = cx
        .prompt
        .choose_named(&menu.table, &menu.names, menu.invalid, no_input)?;
    Ok(tokens.swap_remove(choice))
}

/// Several tokens share the name: a menu of them. Without input the menu cannot be answered:
/// the error says which tokens share the name, so the script can pass the right ID (`id_arg`).
pub fn among_namesakes(
    cx: &mut Cx,
    tokens: Vec<ApiToken>,
    name: &str,
    menu: &Menu,
    id_arg: &str,
) -> Result<ApiToken> {
    let ids: Vec<&str> = tokens.iter().map(|t| t.id.as_str()).collect();
    let no_input = format!(
        "{} tokens are named {name} ({}) and there is no input to choose one: pass {id_arg}",
        tokens.len(),
        output::safe(&ids.join(", "))
    );
    let heading = format!(
        "\nThere are more than one API tokens with name {name}. Please select an API token:\n"
    );
    from_menu(cx, tokens, &heading, menu, &no_input)
}

/// The token picked from the workspace's list (one list request): the one with the exact name,
/// else from a menu of the namesakes, or of every token the command takes when no name is
/// given. Used by `token rotate|update|delete` and `organization-token update|remove`.
pub async fn in_workspace_list(
    api: &AstroRest,
    cx: &mut Cx,
    workspace: &str,
    name: Option<&str>,
    wants: Wants,
) -> Result<ApiToken> {
    let (tokens, others) = wants
        .takes
        .split(api.list_workspace_tokens(workspace).await?);
    let now_unix = cx.now_unix;
    match name {
        Some(name) => match by_name(tokens, name) {
            ByName::One(token) => Ok(*token),
            ByName::Several(tokens) => {
                let menu = workspace_menu(&cx.io, &tokens, workspace, now_unix);
                among_namesakes(cx, tokens, name, &menu, wants.args.id)
            }
            ByName::NoToken => Err(not_found(
                "no Workspace API token was found for the API token name you provided",
                &others,
                name,
                wants.verb,
                &format!(
                    "Run astro workspace token list to see the tokens of workspace {}",
                    output::safe(workspace)
                ),
            )),
        },
        None if tokens.is_empty() => Err(Error::msg(format!(
            "no {} in workspace {}",
            wants.takes.kind_of_tokens(),
            output::safe(workspace)
        ))),
        None => {
            let menu = workspace_menu(&cx.io, &tokens, workspace, now_unix);
            // The Go heading always says "…you would like to add to the Deployment:"
            // (docs/compatibility.md#prompt-texts).
            let heading = format!(
                "\nPlease select the Workspace API token you would like to {}:\n",
                wants.verb
            );
            from_menu(cx, tokens, &heading, &menu, &wants.args.no_input())
        }
    }
}

/// What a token that this command does not take is, and the command that manages it: said
/// when a name given to `rotate`, `update` or `organization-token update|remove` belongs to a
/// token of another kind in the same list (docs/compatibility.md#token-other-kind).
fn other_kind(token: &ApiToken, verb: &str) -> String {
    let name = output::safe(&token.name);
    match (token.scope.as_str(), verb) {
        ("ORGANIZATION", "rotate") => format!(
            "The token \"{name}\" is an Organization token: rotate it with the Go CLI's astro organization token rotate --name \"{name}\""
        ),
        ("ORGANIZATION", _) => format!(
            "The token \"{name}\" is an Organization token: change its role in this Workspace with astro workspace token organization-token {verb} --org-token-name \"{name}\", and its name or description with the Go CLI's astro organization token update"
        ),
        ("WORKSPACE", "remove") => format!(
            "The token \"{name}\" is a Workspace token: delete it with astro workspace token delete --name \"{name}\""
        ),
        ("WORKSPACE", _) => format!(
            "The token \"{name}\" is a Workspace token: {verb} it with astro workspace token {verb} --name \"{name}\""
        ),
        ("DEPLOYMENT", _) => format!(
            "The token \"{name}\" is a Deployment token: manage it with the Go CLI's astro deployment token commands"
        ),
        (scope, _) => format!(
            "The token \"{name}\" has scope {}, which this command does not take",
            output::safe(scope)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: &str, name: &str, scope: &str) -> ApiToken {
        ApiToken {
            id: id.to_string(),
            name: name.to_string(),
            scope: scope.to_string(),
            ..ApiToken::default()
        }
    }

    #[test]
    fn an_empty_id_or_name_counts_as_not_given() {
        let named = Named::new(Some(""), Some(""));
        assert_eq!((named.id(), named.name()), (None, None));
        let named = Named::new(Some("tok1"), Some("ci"));
        assert_eq!((named.id(), named.name()), (Some("tok1"), Some("ci")));
    }

    #[test]
    fn a_name_matches_no_token_one_or_several() {
        let tokens = || {
            vec![
                token("a", "ci", "WORKSPACE"),
                token("b", "deploy", "WORKSPACE"),
                token("c", "ci", "WORKSPACE"),
            ]
        };
        assert!(matches!(by_name(tokens(), "nightly"), ByName::NoToken));
        assert!(matches!(by_name(tokens(), "deploy"), ByName::One(t) if t.id == "b"));
        match by_name(tokens(), "ci") {
            ByName::Several(found) => {
                let ids: Vec<&str> = found.iter().map(|t| t.id.as_str()).collect();
                assert_eq!(ids, ["a", "c"]);
            }
            other => panic!("expected several, got {other:?}"),
        }
    }

    #[test]
    fn an_id_and_a_name_must_name_the_same_token() {
        let ci = token("tok1", "ci", "WORKSPACE");
        assert!(check_name_agrees(&ci, "tok1", None).is_ok());
        assert!(check_name_agrees(&ci, "tok1", Some("ci")).is_ok());
        let err = check_name_agrees(&ci, "TOK1", Some("deploy")).unwrap_err();
        assert!(matches!(err, Error::Usage(_)));
        assert_eq!(
            err.to_string(),
            "TOKEN_ID TOK1 is the token named ci, not deploy: pass TOKEN_ID or --name, not both"
        );
    }

    #[test]
    fn a_command_takes_only_its_kinds_of_token() {
        let listed = vec![
            token("w", "w", "WORKSPACE"),
            token("o", "o", "ORGANIZATION"),
            token("d", "d", "DEPLOYMENT"),
        ];
        let (taken, others) = Takes::Workspace.split(listed.clone());
        assert_eq!((taken.len(), others.len()), (1, 2));
        let (taken, others) = Takes::Any.split(listed.clone());
        assert_eq!((taken.len(), others.len()), (3, 0));
        assert!(Takes::Organization.check(&listed[1]).is_ok());
        assert!(Takes::Organization.check(&listed[0]).is_err());
    }

    #[test]
    fn rotate_alone_does_not_load_the_token_again() {
        assert!(!For::Rotate.reloads());
        assert!(For::Update.reloads());
        assert!(For::Delete.reloads());
        assert_eq!(For::Delete.wants().takes, Takes::Any);
        assert_eq!(
            For::Rotate.wants().args.no_input(),
            "no token selected and no input to choose one: pass TOKEN_ID or --name"
        );
    }
}
