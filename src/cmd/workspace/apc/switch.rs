//! `astro workspace switch [WORKSPACE_ID]` (Private Cloud):
//! docs/compatibility.md#apc-switch-paging.

use clap::Args;
use clap::builder::NonEmptyStringValueParser;

use super::workspace::{find_workspace, menu, pick_workspace};
use super::{page_size, schema_lacks_it};
use crate::api::houston::Houston;
use crate::api::houston::workspaces::Workspace;
use crate::cmd::Cx;
use crate::cmd::workspace::args::{Boolean, entries_per_page, workspace_values};
use crate::cmd::workspace::lookup;
use crate::error::Result;
use crate::output;
use crate::prompt;

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// The workspace to switch to, by label or ID; without it, a menu lists your workspaces
    #[arg(value_name = "WORKSPACE_LABEL_OR_ID", value_parser = NonEmptyStringValueParser::new(), add = workspace_values())]
    pub workspace_id: Option<String>,

    /// Paginated workspace list
    // `-p`, `--paginated`, `--paginated=true|false`, as Go's bool flags. The flags always exist: an
    // unknown Houston version counts as new enough (docs/compatibility.md#apc-version-gates), and
    // an older Houston that lacks paginatedWorkspaces gets the plain menu instead.
    #[arg(
        short,
        long,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = Boolean,
        value_name = "BOOL"
    )]
    pub paginated: Option<bool>,

    /// Page size of the workspace list if paginated is set to true
    #[arg(short = 's', long, allow_negative_numbers = true, value_name = "N", value_parser = entries_per_page)]
    pub page_size: Option<i64>,
}

const NO_INPUT: &str = "no workspace selected and no input to choose one: pass WORKSPACE_ID";

pub async fn switch(args: SwitchArgs, cx: &mut Cx) -> Result<()> {
    let (api, context) = cx.houston()?;
    let (id, paginated) = flag_value_given_as_argument(args.workspace_id, args.paginated);
    let settings = cx.config.settings()?;

    let chosen = match id {
        // A label is looked up in the list; the workspace found there is not queried again.
        Some(value) => match lookup::by_name(
            cx,
            &value,
            api.workspaces(),
            Some(&format!(
                "workspace id is not valid: no workspaces with id ({value}) found"
            )),
        )
        .await?
        {
            Some(found) => Some(found),
            // Go saves and shows the ID it was given once Houston knows it, not the ID in the
            // answer.
            None => {
                find_workspace(&api, &value).await?;
                Some(Workspace {
                    id: value,
                    ..Workspace::default()
                })
            }
        },
        None => {
            // `interactive` turns paging on unless the flag says otherwise; `--page-size` alone
            // turns it on too, as in Go (which then also skips the 100 cap:
            // docs/compatibility.md#apc-switch-paging).
            let paginate =
                paginated.unwrap_or(settings.interactive || args.page_size.is_some_and(|n| n > 0));
            if paginate {
                let size = page_size(args.page_size, settings.page_size, cx);
                pick_from_pages(&api, cx, &context.workspace, size).await?
            } else {
                Some(pick_workspace(&api, cx, &context.workspace, None, NO_INPUT).await?)
            }
        }
    };
    // `q` in the paged menu: nothing changes.
    let Some(workspace) = chosen else {
        return Ok(());
    };

    let domain = cx
        .config
        .current_domain(cx.env.domain.as_deref())
        .unwrap_or_else(|| context.domain.clone());
    cx.config.set_context_fields(
        &domain,
        &[
            ("workspace", &workspace.id),
            ("last_used_workspace", &workspace.id),
        ],
    )?;
    cx.io.print(&cluster_table(&context.domain, &workspace.id))
}

/// Go's context table after a switch or login: `CLUSTER` / `WORKSPACE`, 36 columns each, `N/A`
/// for an empty value.
pub fn cluster_table(domain: &str, workspace: &str) -> String {
    output::fixed_table(
        &["CLUSTER", "WORKSPACE"],
        &[36, 36],
        &[vec![
            output::or_na(domain).to_string(),
            output::or_na(workspace).to_string(),
        ]],
    )
}

/// The docs write `--paginated TRUE`; Go's bool flag then takes `TRUE` as the workspace ID
/// (docs/compatibility.md#apc-switch-paging). A `TRUE`/`FALSE` argument after `-p` is the flag's
/// value here.
fn flag_value_given_as_argument(
    id: Option<String>,
    paginated: Option<bool>,
) -> (Option<String>, Option<bool>) {
    match (id, paginated) {
        (Some(word), Some(true)) if word.eq_ignore_ascii_case("true") => (None, Some(true)),
        (Some(word), Some(true)) if word.eq_ignore_ascii_case("false") => (None, Some(false)),
        other => other,
    }
}

/// The paged menu: `size` workspaces a page, numbered across pages; `f`/`p`/`n`/`q` move or
/// quit, a row number picks. `None` when the user quits. Numbers outside the page and pages
/// past the end are answered, not crashed on (docs/compatibility.md#menu-answers).
async fn pick_from_pages(
    api: &Houston,
    cx: &mut Cx,
    current: &str,
    size: u32,
) -> Result<Option<Workspace>> {
    let mut page: u32 = 0;
    let mut rows = match api.paginated_workspaces(size, page).await {
        Ok(rows) => rows,
        // Houston < 0.30.0 has no paginatedWorkspaces: the Go CLI turns paging off there.
        Err(e) if schema_lacks_it(&e) => {
            return pick_workspace(api, cx, current, None, NO_INPUT)
                .await
                .map(Some);
        }
        Err(e) => return Err(e),
    };
    // Houston gives no total: a full page may be the last one, found out when `n` comes back
    // empty. That page then stops offering `n`.
    let mut last_page: Option<u32> = None;
    let mut show = true;
    loop {
        let first_number = (page * size) as usize;
        if show {
            cx.io.note(&menu(&rows, first_number, current, &cx.io));
        }
        show = true;
        let has_next = rows.len() == size as usize && last_page != Some(page);
        let options = match (page > 0, has_next) {
            (false, false) => "q. quit\n> ",
            (false, true) => "n. next q. quit\n> ",
            (true, false) => "f. first p. previous q. quit\n> ",
            (true, true) => "f. first p. previous n. next q. quit\n> ",
        };
        let prompt = format!(
            "\n\nPlease select one of the following options or enter index to select the row.\n{options}"
        );
        let answer = cx.prompt.text(&prompt, NO_INPUT)?;
        let answer = answer.trim();
        let target = match answer {
            "q" => return Ok(None),
            "f" if page > 0 => 0,
            "p" if page > 0 => page - 1,
            "n" if has_next => page + 1,
            _ => {
                // Any row of this page, by its number in the whole list (Go reads an 8-bit
                // number and crashes past the page: docs/compatibility.md#menu-answers).
                if let Some(i) = answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(first_number + 1))
                    .filter(|i| *i < rows.len())
                {
                    return Ok(Some(rows.swap_remove(i)));
                }
                // At a terminal a workspace's name on this page picks it too; a wrong answer
                // says what is valid, in the words of every other menu
                // (docs/compatibility.md#menu-names).
                if cx.prompt.interactive() {
                    let names: Vec<Vec<String>> = rows
                        .iter()
                        .map(|ws| vec![output::safe(&ws.label).into_owned(), ws.id.clone()])
                        .collect();
                    match prompt::match_name(&names, answer) {
                        prompt::NameMatch::One(i) => return Ok(Some(rows.swap_remove(i))),
                        prompt::NameMatch::Several(numbers) => {
                            let numbers: Vec<String> = numbers
                                .iter()
                                .map(|n| (n + first_number).to_string())
                                .collect();
                            cx.io.note(&format!(
                                "\n\"{answer}\" is the name of rows {}: choose one by its number",
                                numbers.join(", ")
                            ));
                            show = false;
                            continue;
                        }
                        prompt::NameMatch::None => {}
                    }
                }
                cx.io.note(&format!(
                    "\nInvalid option: {}",
                    prompt::valid_answers(first_number + 1, first_number + rows.len().max(1))
                ));
                show = false;
                continue;
            }
        };
        let next = api.paginated_workspaces(size, target).await?;
        if next.is_empty() && target > page {
            last_page = Some(page);
            cx.io.note("\nThere are no more workspaces");
            show = false;
            continue;
        }
        page = target;
        rows = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_or_false_after_paginated_is_the_flag_value() {
        let id = |s: &str| Some(s.to_string());
        assert_eq!(
            flag_value_given_as_argument(id("TRUE"), Some(true)),
            (None, Some(true))
        );
        assert_eq!(
            flag_value_given_as_argument(id("False"), Some(true)),
            (None, Some(false))
        );
        assert_eq!(
            flag_value_given_as_argument(id("ckws1"), Some(true)),
            (id("ckws1"), Some(true))
        );
        assert_eq!(
            flag_value_given_as_argument(id("true"), None),
            (id("true"), None)
        );
    }
}
