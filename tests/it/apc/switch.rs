//! `astro workspace switch` on a Private Cloud context: by ID, the numbered menu and the paged
//! menu with its f/p/n/q keys (docs/compatibility.md#apc-switch-paging).

use crate::common::*;
use fake_control_plane::{DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID};
use serde_json::json;

const MENU: &str = concat!(
    " #     NAME               ID                             \n",
    " 1     demo-workspace     ckws0000000000000000000000     \n",
    " 2     data-team          ckws0000000000000000000001     \n",
    " 3     ml-platform        ckws0000000000000000000002     \n",
);
const PAGE_PROMPT: &str =
    "\n\nPlease select one of the following options or enter index to select the row.\n";

fn context_table(env: &TestEnv, workspace: &str) -> String {
    format!(
        " {:<36}{:<36}\n {:<36}{:<36}\n",
        "CLUSTER",
        "WORKSPACE",
        env.apc_domain(),
        workspace
    )
}

/// The Private Cloud context's `workspace` and `last_used_workspace` lines.
fn context_workspace(env: &TestEnv) -> (bool, bool, String) {
    let config = env.read_config();
    let apc = config
        .split("[contexts.")
        .find(|section| section.contains("platform = \"apc\""))
        .unwrap_or_default()
        .to_string();
    let has = |key: &str, ws: &str| apc.contains(&format!("\n{key} = \"{ws}\""));
    (
        has("workspace", DEMO_HOUSTON_WORKSPACE_3_ID),
        has("last_used_workspace", DEMO_HOUSTON_WORKSPACE_3_ID),
        apc,
    )
}

fn with_settings(env: &TestEnv, settings: &str) {
    env.write_config(&format!("{settings}\n{}", env.read_config()));
}

mod by_id {
    use super::*;

    #[test]
    fn validates_saves_both_fields_and_prints_the_context() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "switch", DEMO_HOUSTON_WORKSPACE_3_ID]);
        run.assert_ok();
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_3_ID));
        assert_eq!(run.stderr, "");
        let (workspace, last_used, section) = context_workspace(&env);
        assert!(workspace && last_used, "{section}");
        assert_eq!(operations(&env), ["workspace"]);
        assert_eq!(
            env.requests()[0].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_3_ID})
        );
        // Later commands use it.
        env.fake.clear_requests();
        env.run(&["workspace", "user", "list"]).assert_ok();
        assert_eq!(
            env.requests()[0].variables()["workspaceUuid"],
            DEMO_HOUSTON_WORKSPACE_3_ID
        );
    }

    #[test]
    fn alias_and_unknown_ids() {
        let env = TestEnv::apc();
        env.run(&["wo", "sw", DEMO_HOUSTON_WORKSPACE_2_ID])
            .assert_ok();
        env.run(&["workspace", "switch", "ckwsnope000000000000000001"])
            .assert_error("workspace id is not valid: no workspaces with id (ckwsnope000000000000000001) found");
        // Not shaped like an ID: looked for in the list, and Go's text says where to look.
        env.run(&["workspace", "switch", "cknope"])
            .assert_error("workspace id is not valid: no workspaces with id (cknope) found. Run astro workspace list to see them");
        env.fake
            .inject(Fault::status(FaultTarget::graphql("workspace"), 500, 1));
        let run = env.run(&["workspace", "switch", DEMO_HOUSTON_WORKSPACE_3_ID]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .starts_with("Error: workspace id is not valid: API error (500): "),
            "{run:?}"
        );
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_2_ID}\"")),
            "a failed switch changes nothing"
        );
        let run = env.run(&["workspace", "switch", "a", "b"]);
        assert_eq!(run.code, 2, "{run:?}");
    }

    #[test]
    fn saves_and_shows_the_id_given_not_the_one_in_the_answer() {
        // Go keeps the argument once Houston answers with a workspace.
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspace"),
            200,
            r#"{"data":{"workspace":{"label":"no id here"}}}"#,
            1,
        ));
        let run = env.run(&["workspace", "switch", DEMO_HOUSTON_WORKSPACE_3_ID]);
        run.assert_ok();
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_3_ID));
        let (workspace, last_used, section) = context_workspace(&env);
        assert!(workspace && last_used, "{section}");
    }

    #[test]
    fn works_when_the_context_has_no_workspace_yet() {
        let env = TestEnv::apc();
        env.write_config(&env.read_config().replace(
            &format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"\n"),
            "",
        ));
        env.run(&["workspace", "switch", DEMO_HOUSTON_WORKSPACE_3_ID])
            .assert_ok();
        let (workspace, last_used, section) = context_workspace(&env);
        assert!(workspace && last_used, "{section}");
    }
}

mod menu {
    use super::*;

    #[test]
    fn numbered_menu_with_a_piped_answer() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "switch"], "3\n");
        run.assert_ok();
        assert_eq!(run.stderr, format!("{MENU}\n> \n"));
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_3_ID));
        // The menu's entry is the server's: no second look-up.
        assert_eq!(operations(&env), ["workspaces"]);
        assert!(context_workspace(&env).0);
    }

    #[test]
    fn bad_answers_are_errors_not_crashes() {
        let env = TestEnv::apc();
        for answer in ["0\n", "4\n", "-1\n", "300\n"] {
            let run = env.run_with_input(&["workspace", "switch"], answer);
            assert_eq!(run.code, 1, "{answer:?}: {run:?}");
            assert!(
                run.stderr
                    .ends_with("\n> \nError: invalid workspace selection\n"),
                "{answer:?}: {run:?}"
            );
        }
        // Not a number: the first sentence of the Go CLI's text, then what is valid instead
        // of Go's parser internals.
        for (answer, error) in [
            ("y\n", "cannot parse y to int: choose a number from 1 to 3"),
            (
                " abc \n",
                "cannot parse abc to int: choose a number from 1 to 3",
            ),
            ("\n", "cannot parse  to int: choose a number from 1 to 3"),
            (
                "99999999999999999999\n",
                "cannot parse 99999999999999999999 to int: choose a number from 1 to 3",
            ),
        ] {
            let run = env.run_with_input(&["workspace", "switch"], answer);
            assert_eq!(run.code, 1, "{answer:?}: {run:?}");
            assert_eq!(run.stdout, "", "{answer:?}");
            assert_eq!(
                run.stderr,
                format!("{MENU}\n> \nError: {error}\n"),
                "{answer:?}"
            );
        }
        let run = env.run(&["workspace", "switch"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no workspace selected and no input to choose one: pass WORKSPACE_ID\n"
            ),
            "{run:?}"
        );
        env.fake.with_state(|s| s.houston_workspaces.clear());
        env.run_with_input(&["workspace", "switch"], "1\n")
            .assert_error("no workspaces found: create one with astro workspace create");
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\""))
        );
    }

    #[test]
    fn the_current_workspace_is_green_when_stderr_shows_colour() {
        let env = TestEnv::apc();
        let mut command = env.command(&["workspace", "switch"]);
        command
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"2\n").unwrap();
        let run = Run::from(child.wait_with_output().unwrap());
        run.assert_ok();
        assert!(
            run.stderr.contains(
                "\x1b[1;32m 1     demo-workspace     ckws0000000000000000000000     \x1b[0m\n"
            ),
            "{run:?}"
        );
    }
}

mod paged {
    use super::*;

    #[test]
    fn next_page_then_a_row_number() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "switch", "-p", "-s", "2"], "n\n3\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                concat!(
                    " #     NAME               ID                             \n",
                    " 1     demo-workspace     ckws0000000000000000000000     \n",
                    " 2     data-team          ckws0000000000000000000001     \n",
                    "{prompt}n. next q. quit\n> \n",
                    " #     NAME            ID                             \n",
                    " 3     ml-platform     ckws0000000000000000000002     \n",
                    "{prompt}f. first p. previous q. quit\n> \n",
                ),
                prompt = PAGE_PROMPT
            )
        );
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_3_ID));
        let sent: Vec<_> = env.requests().iter().map(|r| r.variables()).collect();
        assert_eq!(
            sent,
            [
                json!({"pageSize": 2, "pageNumber": 0}),
                json!({"pageSize": 2, "pageNumber": 1})
            ]
        );
        assert_eq!(
            operations(&env),
            ["paginatedWorkspaces", "paginatedWorkspaces"]
        );
        assert!(context_workspace(&env).0);
    }

    #[test]
    fn every_key_and_wrong_answers() {
        let env = TestEnv::apc();
        // Page 0: f and p are not offered, 2 is on the next page; then n, p, n, f, and row 1.
        let run = env.run_with_input(
            &["workspace", "switch", "--paginated", "--page-size", "1"],
            "f\np\n2\nx\nn\np\nn\nn\nf\n1\n",
        );
        run.assert_ok();
        let invalid = run.stderr.matches("\nInvalid option").count();
        assert_eq!(invalid, 4, "{}", run.stderr);
        let pages: Vec<i64> = env
            .requests()
            .iter()
            .map(|r| r.variables()["pageNumber"].as_i64().unwrap())
            .collect();
        assert_eq!(pages, [0, 1, 0, 1, 2, 0]);
        assert!(
            run.stderr.contains(&format!(
                "{PAGE_PROMPT}f. first p. previous n. next q. quit\n> \n"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_ID));
    }

    #[test]
    fn a_full_last_page_stops_offering_next() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "switch", "-p", "-s", "3"], "n\n2\n");
        run.assert_ok();
        assert!(
            run.stderr.ends_with(&format!(
                "{PAGE_PROMPT}n. next q. quit\n> \n\nThere are no more workspaces{PAGE_PROMPT}q. quit\n> \n"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_2_ID));
    }

    #[test]
    fn quit_changes_nothing_and_end_of_input_is_an_error() {
        let env = TestEnv::apc();
        let before = env.read_config();
        let run = env.run_with_input(&["workspace", "switch", "-p"], "q\n");
        run.assert_ok();
        assert_eq!(run.stdout, "");
        assert!(run.stderr.ends_with("q. quit\n> \n"), "{run:?}");
        assert_eq!(env.read_config(), before);
        let run = env.run(&["workspace", "switch", "-p"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.ends_with(
                "\nError: no workspace selected and no input to choose one: pass WORKSPACE_ID\n"
            ),
            "{run:?}"
        );
        assert_eq!(env.read_config(), before);
    }

    #[test]
    fn the_interactive_setting_and_its_page_size() {
        let env = TestEnv::apc();
        with_settings(&env, "interactive = true\npage_size = 2");
        let run = env.run_with_input(&["workspace", "switch"], "2\n");
        run.assert_ok();
        assert_eq!(
            env.requests()[0].variables(),
            json!({"pageSize": 2, "pageNumber": 0})
        );
        assert_eq!(run.stdout, context_table(&env, DEMO_HOUSTON_WORKSPACE_2_ID));
        // --page-size wins over the setting; --paginated=false turns paging off.
        env.fake.clear_requests();
        env.run_with_input(&["workspace", "switch", "-s", "1"], "q\n")
            .assert_ok();
        assert_eq!(env.requests()[0].variables()["pageSize"], 1);
        env.fake.clear_requests();
        let run = env.run_with_input(&["workspace", "switch", "--paginated=false"], "1\n");
        run.assert_ok();
        assert_eq!(operations(&env), ["workspaces"]);
    }

    #[test]
    fn the_settings_default_size_is_20_and_sizes_above_100_are_reduced() {
        let env = TestEnv::apc();
        env.run_with_input(&["workspace", "switch", "-p"], "q\n")
            .assert_ok();
        assert_eq!(env.requests()[0].variables()["pageSize"], 20);
        env.fake.clear_requests();
        let run = env.run_with_input(&["workspace", "switch", "-p", "-s", "500"], "q\n");
        run.assert_ok();
        assert!(
            run.stderr
                .starts_with("Page size cannot be more than 100, reducing the page size to 100\n"),
            "{run:?}"
        );
        assert_eq!(env.requests()[0].variables()["pageSize"], 100);
        // --page-size alone pages, as in Go, but is capped too
        // (docs/compatibility.md#apc-switch-paging).
        env.fake.clear_requests();
        env.run_with_input(&["workspace", "switch", "--page-size", "101"], "q\n")
            .assert_ok();
        assert_eq!(env.requests()[0].variables()["pageSize"], 100);
        // A size of 0 or less falls back to the setting, without a warning.
        env.fake.clear_requests();
        let run = env.run_with_input(&["workspace", "switch", "-p", "--page-size", "-3"], "q\n");
        run.assert_ok();
        assert!(!run.stderr.contains("Page size"), "{run:?}");
        assert_eq!(env.requests()[0].variables()["pageSize"], 20);
        let run = env.run(&["workspace", "switch", "-s", "abc"]);
        assert_eq!(run.code, 2, "{run:?}");
    }

    #[test]
    fn the_docs_spelling_paginated_true_is_the_flag_not_an_id() {
        let env = TestEnv::apc();
        env.run_with_input(&["workspace", "switch", "--paginated", "TRUE"], "q\n")
            .assert_ok();
        assert_eq!(operations(&env), ["paginatedWorkspaces"]);
        env.fake.clear_requests();
        env.run_with_input(&["workspace", "switch", "-p", "FALSE"], "1\n")
            .assert_ok();
        assert_eq!(operations(&env), ["workspaces"]);
    }

    #[test]
    fn an_older_houston_without_paging_gets_the_plain_menu() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| s.houston_version = "0.29.3".into());
        let run = env.run_with_input(&["workspace", "switch", "-p"], "3\n");
        run.assert_ok();
        assert_eq!(run.stderr, format!("{MENU}\n> \n"));
        assert_eq!(operations(&env), ["paginatedWorkspaces", "workspaces"]);
        assert!(context_workspace(&env).0);
    }
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use crate::common::pty::Pty;

    #[test]
    fn numbered_menu_at_a_terminal() {
        let env = TestEnv::apc();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
        let menu = pty.expect("\n> ");
        assert!(
            menu.contains(" 3     ml-platform        ckws0000000000000000000002 "),
            "{menu:?}"
        );
        pty.send_line("3");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains(&format!(" {:<36}", DEMO_HOUSTON_WORKSPACE_3_ID)),
            "{screen:?}"
        );
        assert!(context_workspace(&env).0);
    }

    #[test]
    fn paged_menu_at_a_terminal() {
        let env = TestEnv::apc();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch", "-p", "-s", "2"]));
        pty.expect("n. next q. quit\r\n> ");
        pty.send_line("n");
        let page = pty.expect("f. first p. previous q. quit\r\n> ");
        assert!(page.contains(" 3     ml-platform "), "{page:?}");
        pty.send_line("p");
        let page = pty.expect("n. next q. quit\r\n> ");
        assert!(page.contains(" 2     data-team "), "{page:?}");
        pty.send_line("2");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        let config = env.read_config();
        assert!(
            config.contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_2_ID}\"")),
            "{config}"
        );
    }
}
