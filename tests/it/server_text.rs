//! Server text never drives the terminal (docs/reliability.md#server-text): every class of
//! control sequence a server can put in a name, a label, an email or an error message is shown
//! made visible, through every kind of output — tables, menus, success lines, confirmations,
//! error messages, the debug log, completion candidates, login and status lines — in a pipe and
//! at a terminal. JSON keeps the exact text.

use crate::common::*;
use fake_control_plane::{
    ApiToken, AstroUser, HoustonRoleBinding, HoustonUser, HoustonWorkspace, ServiceAccount,
    SubjectProfile, Workspace, WorkspaceRole, days_ago,
};
use serde_json::json;

/// Each class of sequence: its name, the raw text a server sends, and how `astro` shows it.
const SEQUENCES: [(&str, &str, &str); 9] = [
    (
        "OSC 52",
        "clip\x1b]52;c;aGk=\x07end",
        "clip^[]52;c;aGk=^Gend",
    ),
    (
        "OSC 8",
        "\x1b]8;;https://evil.example/\x1b\\prod\x1b]8;;\x1b\\",
        "^[]8;;https://evil.example/^[\\prod^[]8;;^[\\",
    ),
    ("CSI", "wipe\x1b[2J\x1b[Hdone", "wipe^[[2J^[[Hdone"),
    ("CR", "good\rEVIL", "good^MEVIL"),
    ("LF", "one\n forged-row", "one^J forged-row"),
    ("TAB", "a\tb", "a^Ib"),
    ("BEL", "ring\x07", "ring^G"),
    ("C1 CSI", "c1\u{9b}2J", "c1\\u{9b}2J"),
    ("bidi", "abc\u{202e}fed", "abc\\u{202e}fed"),
];

/// The server's text for sequence `i`, after a letter that keeps sorted lists in this order.
fn raw(i: usize) -> String {
    format!("{}{}", (b'a' + i as u8) as char, SEQUENCES[i].1)
}

/// What `astro` shows for `raw(i)`.
fn shown(i: usize) -> String {
    format!("{}{}", (b'a' + i as u8) as char, SEQUENCES[i].2)
}

fn each() -> impl Iterator<Item = usize> {
    0..SEQUENCES.len()
}

/// Text that cannot drive a terminal: no control character but the line feeds (and, where
/// allowed, tabs and carriage returns that are ours), no C1 control, no bidi override, and no
/// byte that was not UTF-8 (0x9b alone would be an 8-bit CSI).
#[track_caller]
fn assert_inert_with(what: &str, text: &str, allowed: &[char]) {
    for c in text.chars() {
        let control = (c < ' ' || c == '\x7f') && c != '\n' && !allowed.contains(&c);
        let c1 = ('\u{80}'..='\u{9f}').contains(&c);
        let bidi = ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(
            !(control || c1 || bidi || c == '\u{fffd}'),
            "{what}: {c:?} reached the output: {text:?}"
        );
    }
}

#[track_caller]
fn assert_inert(what: &str, text: &str) {
    assert_inert_with(what, text, &[]);
}

/// A Go table of `rows` data rows: a header and one line per row, every line as wide as the
/// others (the cells are ASCII once made safe), so no cell started or overwrote a row.
#[track_caller]
fn assert_table(what: &str, text: &str, rows: usize) {
    assert_inert(what, text);
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), rows + 1, "{what}: {text}");
    let width = lines[0].chars().count();
    for line in &lines {
        assert_eq!(line.chars().count(), width, "{what}: {line:?} in\n{text}");
        assert!(line.starts_with(' '), "{what}: {line:?}");
    }
}

/// The Go layout for ASCII cells: one leading space, each column as wide as its widest cell
/// or header plus 5.
fn go_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::from(" ");
        for (cell, w) in cells.iter().zip(&widths) {
            text.push_str(&format!("{cell:<width$}", width = w + 5));
        }
        text.push('\n');
        text
    };
    let mut text = line(headers.to_vec());
    for row in rows {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    text
}

fn hostile_workspace_id(i: usize) -> String {
    format!("clwshostile{i:015}")
}

fn hostile_token_id(i: usize) -> String {
    format!("cltokhostile{i:013}")
}

/// The Astro demo, plus one workspace, one Workspace API token and one user per sequence,
/// named with it (the token's description and creator too).
fn astro_env() -> TestEnv {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        let template = s.api_tokens[0].clone();
        for i in each() {
            s.astro_workspaces.push(Workspace {
                id: hostile_workspace_id(i),
                name: raw(i),
                description: raw(i),
                cicd_enforced_default: false,
                created_at: days_ago(5),
                updated_at: days_ago(5),
            });
            s.api_tokens.push(ApiToken {
                id: hostile_token_id(i),
                name: raw(i),
                description: raw(i),
                created_by: Some(SubjectProfile::user("cluser0000000000000000001", &raw(i))),
                ..template.clone()
            });
            let mut user = AstroUser::new(
                &format!("cluserhostile{i:012}"),
                &format!("user{i}@example.com"),
                &raw(i),
                "2024-01-02T03:04:05Z",
            );
            user.workspace_roles = vec![WorkspaceRole::new(DEMO_WORKSPACE_ID, "WORKSPACE_MEMBER")];
            s.astro_users.push(user);
        }
    });
    env
}

fn hostile_houston_id(i: usize) -> String {
    format!("ckwshostile{i:015}")
}

/// The Private Cloud demo, plus one workspace and one user per sequence, and service accounts
/// that are all hostile.
fn apc_env() -> TestEnv {
    let env = TestEnv::apc();
    env.fake.with_state(|s| {
        let template = s.service_accounts[0].clone();
        s.service_accounts.clear();
        for i in each() {
            s.houston_workspaces.push(HoustonWorkspace {
                id: hostile_houston_id(i),
                label: raw(i),
                description: raw(i),
                created_at: days_ago(5),
                updated_at: days_ago(5),
            });
            s.houston_users.push(HoustonUser {
                id: format!("ckushostile{i:014}"),
                username: raw(i),
                full_name: raw(i),
                emails: vec![format!("user{i}@example.com")],
                role_bindings: vec![HoustonRoleBinding::workspace(
                    DEMO_HOUSTON_WORKSPACE_ID,
                    "WORKSPACE_VIEWER",
                )],
                created_at: days_ago(5),
            });
            s.service_accounts.push(ServiceAccount {
                id: format!("cksahostile{i:014}"),
                label: raw(i),
                category: raw(i),
                ..template.clone()
            });
        }
    });
    env
}

mod tables {
    use super::*;

    #[test]
    fn astro_token_list_shows_every_sequence_made_visible_one_row_each() {
        let env = astro_env();
        let run = env.run(&["workspace", "token", "list"]);
        run.assert_ok();
        let tokens = env.fake.with_state(|s| s.api_tokens.len());
        assert_table("token list", &run.stdout, tokens);
        for i in each() {
            let row = run
                .stdout
                .lines()
                .find(|l| l.contains(&hostile_token_id(i)))
                .unwrap_or_else(|| panic!("{}: no row in\n{}", SEQUENCES[i].0, run.stdout));
            // Name, description and creator, each made visible.
            assert_eq!(
                row.matches(&shown(i)).count(),
                3,
                "{}: {row:?}",
                SEQUENCES[i].0
            );
        }
        assert_eq!(run.stderr, "");
    }

    #[test]
    fn astro_token_list_json_keeps_the_exact_text() {
        let env = astro_env();
        let run = env.run(&["workspace", "token", "list", "-o", "json"]);
        run.assert_ok();
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for i in each() {
            let token = doc["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == hostile_token_id(i))
                .unwrap();
            assert_eq!(token["name"], raw(i), "{}", SEQUENCES[i].0);
            assert_eq!(token["description"], raw(i), "{}", SEQUENCES[i].0);
        }
        // JSON escapes the controls itself: nothing raw reaches the pipe either way.
        assert!(!run.stdout.contains('\x1b'));
    }

    #[test]
    fn astro_user_list() {
        let env = astro_env();
        let run = env.run(&["workspace", "user", "list"]);
        run.assert_ok();
        let users = env.fake.with_state(|s| {
            s.astro_users
                .iter()
                .filter(|u| {
                    u.workspace_roles
                        .iter()
                        .any(|r| r.workspace_id == DEMO_WORKSPACE_ID)
                })
                .count()
        });
        assert_table("user list", &run.stdout, users);
        for i in each() {
            assert!(
                run.stdout
                    .lines()
                    .any(|l| l.starts_with(&format!(" {}", shown(i)))),
                "{}: {}",
                SEQUENCES[i].0,
                run.stdout
            );
        }
    }

    #[test]
    fn astro_workspace_list_is_byte_for_byte_the_go_table_of_the_visible_names() {
        let env = astro_env();
        env.fake
            .with_state(|s| s.astro_workspaces.retain(|w| w.id != DEMO_WORKSPACE_ID));
        let run = env.run(&["workspace", "list"]);
        run.assert_ok();
        // (the server's name, the row shown), sorted by the server's name as the API lists them.
        let mut listed: Vec<(String, Vec<String>)> = vec![
            (
                "analytics".into(),
                vec![
                    "analytics".into(),
                    fake_control_plane::DEMO_ANALYTICS_WORKSPACE_ID.into(),
                ],
            ),
            (
                "sandbox".into(),
                vec![
                    "sandbox".into(),
                    fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID.into(),
                ],
            ),
        ];
        listed.extend(each().map(|i| (raw(i), vec![shown(i), hostile_workspace_id(i)])));
        listed.sort();
        let rows: Vec<Vec<String>> = listed.into_iter().map(|(_, row)| row).collect();
        assert_eq!(run.stdout, go_table(&["NAME", "ID"], &rows));
        assert_table("workspace list", &run.stdout, rows.len());
    }

    #[test]
    fn apc_workspace_list_is_byte_for_byte_the_go_table_of_the_visible_labels() {
        let env = apc_env();
        env.fake.with_state(|s| {
            s.houston_workspaces
                .retain(|w| w.id.starts_with("ckwshostile"))
        });
        let run = env.run(&["workspace", "list"]);
        run.assert_ok();
        let rows: Vec<Vec<String>> = each()
            .map(|i| vec![shown(i), hostile_houston_id(i)])
            .collect();
        assert_eq!(run.stdout, go_table(&["NAME", "ID"], &rows));
        assert_eq!(run.stderr, "");
    }

    #[test]
    fn apc_user_list() {
        let env = apc_env();
        let run = env.run(&["workspace", "user", "list"]);
        run.assert_ok();
        let users = env.fake.with_state(|s| {
            s.houston_users
                .iter()
                .filter(|u| u.workspace_role(DEMO_HOUSTON_WORKSPACE_ID).is_some())
                .count()
        });
        assert_table("apc user list", &run.stdout, users);
        for i in each() {
            assert!(
                run.stdout.contains(&format!(" {}     ", shown(i))),
                "{}: {}",
                SEQUENCES[i].0,
                run.stdout
            );
        }
    }

    #[test]
    fn service_account_get_table() {
        let env = apc_env();
        let run = env.run(&["workspace", "service-account", "get"]);
        run.assert_ok();
        assert_table("service-account get", &run.stdout, SEQUENCES.len());
        for i in each() {
            // Its label and its category.
            assert!(
                run.stdout
                    .lines()
                    .any(|l| l.starts_with(&format!(" {} ", shown(i)))
                        && l.matches(&shown(i)).count() == 2),
                "{}: {}",
                SEQUENCES[i].0,
                run.stdout
            );
        }
    }
}

mod menus {
    use super::*;

    /// The menu on stderr: after `heading_end` (the start when empty), up to the blank line
    /// before the `> ` prompt.
    fn menu_of<'a>(stderr: &'a str, heading_end: &str) -> &'a str {
        menu_between(stderr, heading_end, "\n\n> ")
    }

    /// The menu between `heading_end` and `after` (which starts with the menu's last `\n`).
    fn menu_between<'a>(stderr: &'a str, heading_end: &str, after: &str) -> &'a str {
        let start = stderr
            .find(heading_end)
            .map_or(0, |at| at + heading_end.len());
        let end = stderr.find(after).expect("a menu") + 1;
        &stderr[start..end]
    }

    #[test]
    fn astro_workspace_switch_menu_in_a_pipe() {
        let env = astro_env();
        let count = env.fake.with_state(|s| s.astro_workspaces.len());
        let run = env.run_with_input(&["workspace", "switch"], "1\n");
        run.assert_ok();
        let menu = menu_of(&run.stderr, "");
        assert_table("switch menu", menu, count);
        for i in each() {
            assert!(
                menu.lines()
                    .any(|l| l.contains(&format!("     {}     ", shown(i)))),
                "{}: {menu}",
                SEQUENCES[i].0
            );
        }
        assert_inert("switch stderr", &run.stderr);
        assert_inert("switch stdout", &run.stdout);
    }

    #[test]
    fn service_account_delete_menu_and_success_line_in_a_pipe() {
        let env = apc_env();
        for i in each() {
            // Each run deletes the first row: the account of sequence i.
            let run = env.run_with_input(&["workspace", "service-account", "delete"], "1\n");
            run.assert_ok();
            let menu = menu_of(
                &run.stderr,
                "Please select the service account you would like to delete:\n",
            );
            assert_table("service-account menu", menu, SEQUENCES.len() - i);
            assert!(
                menu.lines()
                    .nth(1)
                    .unwrap()
                    .starts_with(&format!(" 1     {}     ", shown(i))),
                "{}: {menu}",
                SEQUENCES[i].0
            );
            assert_inert("service-account stderr", &run.stderr);
            assert_eq!(
                run.stdout,
                format!(
                    "Service Account {} (cksahostile{i:014}) successfully deleted\n",
                    shown(i)
                ),
                "{}",
                SEQUENCES[i].0
            );
        }
    }

    #[test]
    fn apc_switch_menus_plain_and_paged_in_a_pipe() {
        let env = apc_env();
        let count = env.fake.with_state(|s| s.houston_workspaces.len());
        let plain = env.run_with_input(&["workspace", "switch", "--paginated=false"], "1\n");
        plain.assert_ok();
        assert_table("apc switch menu", menu_of(&plain.stderr, ""), count);
        let paged = env.run_with_input(&["workspace", "switch", "-p", "-s", "20"], "q\n");
        paged.assert_ok();
        assert_table(
            "apc paged menu",
            menu_between(&paged.stderr, "", "\n\n\nPlease select one"),
            count,
        );
        for run in [&plain, &paged] {
            for i in each() {
                assert!(
                    run.stderr.contains(&format!("     {}     ", shown(i))),
                    "{}: {}",
                    SEQUENCES[i].0,
                    run.stderr
                );
            }
            assert_inert("apc switch stderr", &run.stderr);
        }
    }
}

mod lines {
    use super::*;

    #[test]
    fn token_rotate_success_line_names_the_token_made_visible() {
        let env = astro_env();
        for i in each() {
            let id = hostile_token_id(i);
            let run = env.run(&["workspace", "token", "rotate", &id, "--force"]);
            run.assert_ok();
            let value = env.fake.with_state(|s| {
                s.api_tokens
                    .iter()
                    .find(|t| t.id == id)
                    .unwrap()
                    .token
                    .clone()
            });
            assert_eq!(
                run.stdout,
                format!(
                    "\nAstro Workspace API token {} was successfully rotated\nCopy and paste this API token for your records.\n\n{value}\n\nYou will not be shown this API token value again.\n",
                    shown(i)
                ),
                "{}",
                SEQUENCES[i].0
            );
            // --clean-output: the token as sent, and nothing else.
            let clean = env.run(&["workspace", "token", "rotate", &id, "--force", "-c"]);
            clean.assert_ok();
            let value = env.fake.with_state(|s| {
                s.api_tokens
                    .iter()
                    .find(|t| t.id == id)
                    .unwrap()
                    .token
                    .clone()
            });
            assert_eq!(clean.stdout, format!("{value}\n"));
        }
    }

    #[test]
    fn confirmations_name_the_object_made_visible() {
        let env = astro_env();
        for i in each() {
            let run = env.run_with_input(
                &["workspace", "token", "rotate", &hostile_token_id(i)],
                "n\n",
            );
            run.assert_ok();
            assert_eq!(
                run.stderr,
                format!(
                    "WARNING: API Token rotation will invalidate the current token and cannot be undone.\n\nAre you sure you want to rotate the {} API token? (y/n) \nCanceling token rotation\n",
                    shown(i)
                ),
                "{}",
                SEQUENCES[i].0
            );
            assert_eq!(run.stdout, "");
        }
        // `workspace delete` asks only at a terminal (docs/compatibility.md#delete-confirms):
        // its question is checked in `terminal::workspace_delete_question_made_visible`.
    }

    #[test]
    fn success_lines_of_updates_and_deletes() {
        let env = astro_env();
        let run = env.run(&["workspace", "update", &hostile_workspace_id(3), "-d", "new"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Astro Workspace {} was successfully updated\n", shown(3))
        );
        let run = env.run(&[
            "workspace",
            "token",
            "delete",
            &hostile_token_id(4),
            "--force",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "Astro Workspace API token {} was successfully deleted\n",
                shown(4)
            )
        );
        let run = env.run(&["workspace", "delete", &hostile_workspace_id(0), "--force"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Astro Workspace {} was successfully deleted\n", shown(0))
        );
    }
}

/// A workspace's ID is server text too: one named by its name (`-w NAME`) reaches success lines
/// and errors with the ID the server's list gave it.
mod workspace_ids {
    use super::*;

    const HOSTILE_ID: &str = "clws\x1b[2Jhostile00000";
    const SHOWN_ID: &str = "clws^[[2Jhostile00000";

    #[test]
    fn astro_team_remove_and_an_empty_token_menu_name_it_made_visible() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            s.astro_workspaces.push(Workspace {
                id: HOSTILE_ID.into(),
                name: "hostile".into(),
                description: String::new(),
                cicd_enforced_default: false,
                created_at: days_ago(5),
                updated_at: days_ago(5),
            });
        });
        let run = env.run(&[
            "workspace",
            "team",
            "remove",
            fake_control_plane::DEMO_PLATFORM_TEAM_ID,
            "-w",
            "hostile",
            "--force",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Astro Team platform was successfully removed from workspace {SHOWN_ID}\n")
        );
        let run = env.run(&["workspace", "token", "rotate", "-w", "hostile"]);
        run.assert_error(&format!("no Workspace API tokens in workspace {SHOWN_ID}"));
    }

    #[test]
    fn service_account_delete_with_none_names_it_made_visible() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| {
            s.houston_workspaces.push(HoustonWorkspace {
                id: HOSTILE_ID.into(),
                label: "hostile".into(),
                description: String::new(),
                created_at: days_ago(5),
                updated_at: days_ago(5),
            });
        });
        let run = env.run(&["workspace", "sa", "delete", "-w", "hostile"]);
        run.assert_error(&format!("no service accounts in workspace {SHOWN_ID}"));
    }
}

mod errors {
    use super::*;

    #[test]
    fn rest_error_message() {
        let env = TestEnv::astro();
        for i in each() {
            env.fake.inject(Fault::status_body(
                FaultTarget::rest("GET", "/tokens"),
                400,
                &json!({"message": raw(i), "statusCode": 400}).to_string(),
                1,
            ));
            env.run(&["workspace", "token", "list"])
                .assert_error(&shown(i));
        }
    }

    #[test]
    fn graphql_error_message() {
        let env = TestEnv::apc();
        for i in each() {
            env.fake.inject(Fault::status_body(
                FaultTarget::graphql("workspaces"),
                200,
                &json!({"errors": [{"message": raw(i)}], "data": null}).to_string(),
                1,
            ));
            env.run(&["workspace", "list"]).assert_error(&shown(i));
        }
    }

    #[test]
    fn houston_500_body() {
        let env = TestEnv::apc();
        for i in each() {
            env.fake.inject(Fault::status_body(
                FaultTarget::graphql("workspaces"),
                500,
                &raw(i),
                1,
            ));
            env.run(&["workspace", "list"])
                .assert_error(&format!("API error (500): {}", shown(i)));
        }
    }

    #[test]
    fn debug_log_and_error_together() {
        let env = TestEnv::astro();
        let hostile: String = each().map(raw).collect::<Vec<_>>().join(" ");
        env.fake.inject(Fault::status_body(
            FaultTarget::rest("GET", "/tokens"),
            400,
            &json!({"message": hostile}).to_string(),
            1,
        ));
        let run = env.run(&["workspace", "token", "list", "--verbosity", "debug"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(run.stderr.contains("DEBUG > GET "), "{}", run.stderr);
        let expected: String = each().map(shown).collect::<Vec<_>>().join(" ");
        assert!(
            run.stderr.ends_with(&format!("\nError: {expected}\n")),
            "{}",
            run.stderr
        );
        assert_inert("debug log", &run.stderr);

        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaces"),
            500,
            &hostile,
            1,
        ));
        let run = env.run(&["workspace", "list", "--verbosity", "debug"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(run.stderr.contains("DEBUG > POST "), "{}", run.stderr);
        assert_inert("houston debug log", &run.stderr);
    }
}

mod completion {
    use super::*;

    /// Candidates for the last word of `words`, as fish asks for them: `value<TAB>description`.
    fn fish(env: &TestEnv, words: &[&str]) -> String {
        let mut args = vec!["--", "astro"];
        args.extend_from_slice(words);
        let output = env
            .command(&args)
            .env("COMPLETE", "fish")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    #[test]
    fn cached_workspace_and_token_names_are_offered_made_visible() {
        let env = astro_env();
        env.run(&["workspace", "list"]).assert_ok();
        env.run(&["workspace", "token", "list"]).assert_ok();
        let workspaces = fish(&env, &["workspace", "switch", ""]);
        assert_inert_with("workspace candidates", &workspaces, &['\t']);
        for i in each() {
            assert!(
                workspaces
                    .lines()
                    .any(|l| l == format!("{}\t{}", hostile_workspace_id(i), shown(i))),
                "{}: {workspaces}",
                SEQUENCES[i].0
            );
        }
        // One candidate a line, one description each: no name split a line.
        for line in workspaces.lines() {
            assert_eq!(line.matches('\t').count(), 1, "{line:?}");
        }
        let tokens = fish(&env, &["workspace", "token", "rotate", "cltokhostile"]);
        assert_inert_with("token candidates", &tokens, &['\t']);
        assert_eq!(tokens.lines().count(), SEQUENCES.len(), "{tokens}");
        for i in each() {
            assert!(
                tokens
                    .lines()
                    .any(|l| l == format!("{}\t{}", hostile_token_id(i), shown(i))),
                "{}: {tokens}",
                SEQUENCES[i].0
            );
        }
    }
}

mod local {
    use super::*;

    #[test]
    fn login_lines_name_the_user_and_workspace_made_visible() {
        for i in each() {
            let env = TestEnv::astro();
            std::fs::remove_file(env.config_path()).unwrap();
            env.fake.with_state(|s| {
                s.astro_workspaces.retain(|w| w.id == DEMO_WORKSPACE_ID);
                s.astro_workspaces[0].name = raw(i);
                s.auth.user_email = raw(i);
            });
            let run = env.run(&[
                "login",
                &env.astro_domain(),
                "--token-login",
                "astro-test-token",
            ]);
            run.assert_ok();
            assert_eq!(
                run.stdout,
                format!(
                    "\"{0}\" Workspace found. This is your default Workspace.\nSuccessfully authenticated to Astronomer\n",
                    shown(i),
                ),
                "{}",
                SEQUENCES[i].0
            );
            // Our line goes to stderr, so stdout keeps Go's bytes
            // (docs/compatibility.md#apc-login).
            assert!(
                run.stderr.ends_with(&format!(
                    "Logging in as {0}\nLogged in to {1} as {0}, Workspace {0} ({DEMO_WORKSPACE_ID})\n",
                    shown(i),
                    env.astro_domain()
                )),
                "{}",
                run.stderr
            );
            assert_inert("login stdout", &run.stdout);
            assert_inert("login stderr", &run.stderr);

            // The email stored from the server is shown made visible when logging out too.
            let run = env.run(&["logout"]);
            run.assert_ok();
            assert_eq!(run.stdout, "Successfully logged out of Astronomer\n");
            assert!(
                run.stderr.contains(&format!(" ({})", shown(i))),
                "{}",
                run.stderr
            );
            assert_inert("logout", &run.stderr);
        }
    }

    #[test]
    fn apc_login_names_the_workspace_made_visible() {
        for i in each() {
            let env = TestEnv::apc();
            std::fs::remove_file(env.config_path()).unwrap();
            env.fake.with_state(|s| {
                s.houston_workspaces
                    .retain(|w| w.id == DEMO_HOUSTON_WORKSPACE_ID);
                s.houston_workspaces[0].label = raw(i);
            });
            let run = env.run(&[
                "login",
                &env.apc_domain(),
                "--platform",
                "apc",
                "--token-login",
                DEFAULT_HOUSTON_TOKEN,
            ]);
            run.assert_ok();
            assert_eq!(
                run.stdout,
                format!(
                    "\n\"{0}\" Workspace found. This is your default Workspace.\n",
                    shown(i),
                ),
                "{}",
                SEQUENCES[i].0
            );
            assert_eq!(
                run.stderr,
                format!(
                    "Logged in to {} as the token given, Workspace {} ({DEMO_HOUSTON_WORKSPACE_ID})\n",
                    env.apc_domain(),
                    shown(i)
                ),
                "{}",
                SEQUENCES[i].0
            );
            assert_inert("apc login stdout", &run.stdout);
            assert_inert("apc login stderr", &run.stderr);
        }
    }

    #[test]
    fn auth_status_shows_the_cached_workspace_name_made_visible_and_json_keeps_it() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            s.astro_workspaces
                .iter_mut()
                .find(|w| w.id == DEMO_WORKSPACE_ID)
                .unwrap()
                .name = raw(1);
        });
        env.run(&["workspace", "list"]).assert_ok();
        let run = env.run(&["auth", "status"]);
        assert_inert("auth status", &run.stdout);
        assert!(
            run.stdout.contains(&format!(
                "Workspace:     {} ({DEMO_WORKSPACE_ID})\n",
                shown(1)
            )),
            "{}",
            run.stdout
        );
        let run = env.run(&["auth", "status", "-o", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(doc["workspaceName"], raw(1));
    }

    #[test]
    fn context_switch_shows_a_stored_workspace_made_visible() {
        let env = TestEnv::astro();
        let hostile = toml::Value::String(raw(3)).to_string();
        let config = env
            .default_config(Current::Astro)
            .replace(&format!("\"{DEMO_HOUSTON_WORKSPACE_ID}\""), &hostile);
        env.write_config(&config);
        let run = env.run(&["context", "switch", &env.apc_domain()]);
        run.assert_ok();
        assert_inert("context switch", &run.stdout);
        assert!(
            run.stdout.contains(&format!(" {}", shown(3))),
            "{}",
            run.stdout
        );
        let list = env.run(&["context", "list"]);
        list.assert_ok();
        assert_inert("context list", &list.stdout);
    }
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use crate::common::pty::Pty;

    /// What a terminal may be sent: our line endings (the terminal turns `\n` into `\r\n`),
    /// and nothing that drives it.
    #[track_caller]
    fn assert_screen_inert(what: &str, screen: &str) {
        assert_inert_with(what, screen, &['\r']);
        assert_eq!(
            screen.matches('\r').count(),
            screen.matches("\r\n").count(),
            "{what}: a carriage return of its own: {screen:?}"
        );
    }

    #[test]
    fn switch_menu_at_a_terminal() {
        let env = astro_env();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
        let menu = pty.expect("\n> ");
        for i in each() {
            assert!(
                menu.contains(&format!("     {}     ", shown(i))),
                "{}: {menu:?}",
                SEQUENCES[i].0
            );
        }
        pty.send_line("2");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert_screen_inert("switch at a terminal", &screen);
    }

    #[test]
    fn token_table_at_a_terminal() {
        let env = astro_env();
        let mut command = env.command(&["workspace", "token", "list"]);
        // Wide enough that no cell is shortened to fit (docs/compatibility.md#at-a-terminal).
        command.env("COLUMNS", "1000");
        let pty = Pty::spawn(command);
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        for i in each() {
            assert!(screen.contains(&shown(i)), "{}: {screen:?}", SEQUENCES[i].0);
        }
        assert_screen_inert("token list at a terminal", &screen);
        // One line per token: no cell started a row of its own.
        let tokens = env.fake.with_state(|s| s.api_tokens.len());
        assert_eq!(screen.matches("\r\n").count(), tokens + 1, "{screen:?}");
    }

    /// The confirmation `astro` adds to `workspace delete` is asked at a terminal only
    /// (docs/compatibility.md#delete-confirms).
    #[test]
    fn workspace_delete_question_made_visible() {
        let env = astro_env();
        let mut pty = Pty::spawn(env.command(&["workspace", "delete", &hostile_workspace_id(2)]));
        let question = pty.expect("(y/n) ");
        assert!(
            question.contains(&format!(
                "Are you sure you want to delete the {} Workspace? (y/n) ",
                shown(2)
            )),
            "{question:?}"
        );
        pty.send_line("n");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert_screen_inert("workspace delete", &screen);
        assert!(
            env.request_lines().iter().all(|l| !l.starts_with("DELETE")),
            "nothing deleted"
        );
    }

    #[test]
    fn apc_paged_menu_at_a_terminal() {
        let env = apc_env();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch", "-p", "-s", "20"]));
        let menu = pty.expect("q. quit\r\n> ");
        for i in each() {
            assert!(menu.contains(&shown(i)), "{}: {menu:?}", SEQUENCES[i].0);
        }
        pty.send_line("q");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert_screen_inert("paged menu at a terminal", &screen);
    }
}
