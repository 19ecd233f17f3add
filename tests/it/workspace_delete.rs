//! `workspace delete` on both platforms: the confirmation the Go CLI does not have is asked only
//! at a terminal (docs/compatibility.md#delete-confirms), `--force` and `--yes` skip it, and a
//! deleted current workspace leaves the context (docs/compatibility.md#delete-current), after
//! which commands and `auth status` say to run `astro workspace switch`.

use crate::common::*;
use fake_control_plane::{
    DEMO_ANALYTICS_WORKSPACE_ID, DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID,
    DEMO_SANDBOX_WORKSPACE_ID,
};

const NO_WORKSPACE: &str = "no Workspace given: pass --workspace-id or run astro workspace switch";

fn workspaces_path(id: &str) -> String {
    format!("/v1/organizations/{DEFAULT_ORG_ID}/workspaces/{id}")
}

fn astro_ids(env: &TestEnv) -> Vec<String> {
    env.fake
        .state()
        .astro_workspaces
        .iter()
        .map(|w| w.id.clone())
        .collect()
}

/// The value of `key = "…"` in the context for `domain` of the config file.
fn context_field(env: &TestEnv, domain: &str, key: &str) -> Option<String> {
    let config: toml::Table = env.read_config().parse().expect("config.toml parses");
    let contexts = config.get("contexts")?.as_table()?;
    contexts
        .values()
        .filter_map(toml::Value::as_table)
        .find(|c| c.get("domain").and_then(toml::Value::as_str) == Some(domain))?
        .get(key)?
        .as_str()
        .map(str::to_string)
}

mod astro {
    use super::*;

    #[test]
    fn without_a_terminal_it_deletes_as_go_does() {
        let env = TestEnv::astro();
        // stdin closed, as in CI.
        let run = env.run(&["workspace", "delete", DEMO_SANDBOX_WORKSPACE_ID]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Astro Workspace sandbox was successfully deleted\n"
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                workspace_list(),
                format!("DELETE {}", workspaces_path(DEMO_SANDBOX_WORKSPACE_ID))
            ]
        );

        // Piped input is not read as an answer: nothing is asked.
        let run = env.run_with_input(&["wo", "de", "analytics"], "n\n");
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert_eq!(astro_ids(&env), [DEMO_WORKSPACE_ID]);
    }

    #[test]
    fn the_menu_still_reads_its_answer_from_a_pipe_and_then_deletes() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "delete"], "1\n");
        run.assert_ok();
        assert!(run.stderr.ends_with("\n> \n"), "{run:?}");
        assert_eq!(
            run.stdout,
            "Astro Workspace analytics was successfully deleted\n"
        );
        assert!(!astro_ids(&env).contains(&DEMO_ANALYTICS_WORKSPACE_ID.to_string()));
    }

    #[test]
    fn yes_is_force() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "delete", "sandbox", "--yes"]);
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert!(!astro_ids(&env).contains(&DEMO_SANDBOX_WORKSPACE_ID.to_string()));
    }

    #[test]
    fn deleting_the_current_workspace_clears_it_and_later_commands_say_to_switch() {
        let env = TestEnv::astro();
        let domain = env.astro_domain();
        let mut config = env.read_config();
        config = config.replace(
            &format!("workspace = \"{DEMO_WORKSPACE_ID}\"\n"),
            &format!(
                "workspace = \"{DEMO_WORKSPACE_ID}\"\nlast_used_workspace = \"{DEMO_WORKSPACE_ID}\"\n"
            ),
        );
        env.write_config(&config);
        env.run(&["workspace", "delete", "demo-workspace"])
            .assert_ok();
        assert_eq!(
            context_field(&env, &domain, "workspace").as_deref(),
            Some("")
        );
        assert_eq!(
            context_field(&env, &domain, "last_used_workspace").as_deref(),
            Some("")
        );
        // The Private Cloud context is not touched.
        assert_eq!(
            context_field(&env, &env.apc_domain(), "workspace").as_deref(),
            Some(DEMO_HOUSTON_WORKSPACE_ID)
        );

        env.fake.clear_requests();
        env.run(&["workspace", "token", "list"])
            .assert_error(NO_WORKSPACE);
        env.run(&["workspace", "user", "list"])
            .assert_error(NO_WORKSPACE);
        assert!(env.requests().is_empty());

        let run = env.run(&["auth", "status"]);
        run.assert_ok();
        assert!(
            run.stdout.contains(
                "Workspace:     none (pass --workspace-id or run astro workspace switch)\n"
            ),
            "{run:?}"
        );
    }

    #[test]
    fn deleting_another_workspace_leaves_the_context_alone() {
        let env = TestEnv::astro();
        let before = env.read_config();
        env.run(&["workspace", "delete", "sandbox"]).assert_ok();
        assert_eq!(env.read_config(), before);
    }

    #[test]
    fn auth_status_check_tells_a_missing_workspace_from_a_bad_credential() {
        let env = TestEnv::astro();
        // Deleted elsewhere (the web UI, another machine): the context still names it.
        env.fake
            .with_state(|s| s.astro_workspaces.retain(|w| w.id != DEMO_WORKSPACE_ID));
        let run = env.run(&["auth", "status", "--check"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stdout
                .contains("Check:         failed: the credential works, but not the Workspace\n"),
            "{run:?}"
        );
        assert!(
            run.stderr.starts_with(&format!(
                "Error: the server accepted the credential, but not the context's Workspace {DEMO_WORKSPACE_ID}: "
            )),
            "{run:?}"
        );
        assert!(
            run.stderr.ends_with(
                ". It may have been deleted: run astro workspace switch to choose another\n"
            ),
            "{run:?}"
        );
        assert!(!run.stderr.contains("astro login"), "{run:?}");
        assert_eq!(env.requests().len(), 1, "still one request");
    }
}

mod private_cloud {
    use super::*;

    fn labels(env: &TestEnv) -> Vec<String> {
        env.fake
            .state()
            .houston_workspaces
            .iter()
            .map(|w| w.label.clone())
            .collect()
    }

    #[test]
    fn without_a_terminal_it_sends_only_the_deletion_as_go_does() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "delete", DEMO_HOUSTON_WORKSPACE_3_ID]);
        run.assert_ok();
        assert_eq!(run.stdout, "\n Successfully deleted workspace\n");
        assert_eq!(run.stderr, "");
        assert_eq!(operations(&env), ["deleteWorkspace"]);
        assert_eq!(
            env.requests()[0].variables()["workspaceId"],
            DEMO_HOUSTON_WORKSPACE_3_ID
        );

        let run = env.run_with_input(&["workspace", "delete", "data-team"], "n\n");
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert_eq!(labels(&env), ["demo-workspace"]);
    }

    #[test]
    fn yes_is_force() {
        let env = TestEnv::apc();
        env.run(&["workspace", "delete", DEMO_HOUSTON_WORKSPACE_2_ID, "--yes"])
            .assert_ok();
        assert_eq!(labels(&env), ["demo-workspace", "ml-platform"]);
    }

    #[test]
    fn deleting_the_current_workspace_clears_it_and_later_commands_say_to_switch() {
        let env = TestEnv::apc();
        let domain = env.apc_domain();
        env.run(&["workspace", "delete", "demo-workspace"])
            .assert_ok();
        assert_eq!(
            context_field(&env, &domain, "workspace").as_deref(),
            Some("")
        );
        env.fake.clear_requests();
        env.run(&["workspace", "sa", "get"])
            .assert_error(NO_WORKSPACE);
        assert!(env.requests().is_empty());
        let run = env.run(&["auth", "status", "--check"]);
        assert!(
            run.stdout.contains(
                "Workspace:     none (pass --workspace-id or run astro workspace switch)\n"
            ),
            "{run:?}"
        );
    }

    #[test]
    fn auth_status_check_tells_a_missing_workspace_from_a_bad_credential() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| {
            s.houston_workspaces
                .retain(|w| w.id != DEMO_HOUSTON_WORKSPACE_ID)
        });
        let run = env.run(&["auth", "status", "--check"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(
            run.stderr,
            format!(
                "Error: the server accepted the credential, but not the context's Workspace {DEMO_HOUSTON_WORKSPACE_ID}: no workspaces with id ({DEMO_HOUSTON_WORKSPACE_ID}) found. It may have been deleted: run astro workspace switch to choose another\n"
            )
        );
        assert_eq!(env.requests().len(), 1);
    }
}

/// At a terminal a person is asked; `n` cancels, `y` deletes.
#[cfg(unix)]
mod at_a_terminal {
    use super::*;
    use crate::common::pty::Pty;

    #[test]
    fn astro_asks_and_n_cancels_and_y_deletes() {
        let env = TestEnv::astro();
        let mut pty = Pty::spawn(env.command(&["workspace", "delete", "sandbox"]));
        pty.expect("Are you sure you want to delete the sandbox Workspace? (y/n) ");
        pty.send_line("n");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("Canceling Workspace deletion"),
            "{screen:?}"
        );
        assert!(!screen.contains("current Workspace"), "{screen:?}");
        assert!(env.request_lines().iter().all(|l| !l.starts_with("DELETE")));

        let mut pty = Pty::spawn(env.command(&["workspace", "delete", "sandbox"]));
        pty.expect("(y/n) ");
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("Astro Workspace sandbox was successfully deleted"),
            "{screen:?}"
        );
        assert!(!astro_ids(&env).contains(&DEMO_SANDBOX_WORKSPACE_ID.to_string()));
    }

    #[test]
    fn astro_says_when_it_is_the_current_workspace() {
        let env = TestEnv::astro();
        let mut pty = Pty::spawn(env.command(&["workspace", "delete", DEMO_WORKSPACE_ID]));
        let screen = pty.expect("(y/n) ");
        assert!(
            screen.contains(
                "This is your current Workspace: after it is deleted, run astro workspace switch to choose another."
            ),
            "{screen:?}"
        );
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert_eq!(
            context_field(&env, &env.astro_domain(), "workspace").as_deref(),
            Some("")
        );
    }

    #[test]
    fn force_and_yes_skip_the_question() {
        let env = TestEnv::astro();
        let (code, screen) =
            Pty::spawn(env.command(&["workspace", "delete", "sandbox", "--yes"])).finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(!screen.contains("(y/n)"), "{screen:?}");
        let env = TestEnv::apc();
        let (code, screen) =
            Pty::spawn(env.command(&["workspace", "delete", DEMO_HOUSTON_WORKSPACE_2_ID, "-f"]))
                .finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(!screen.contains("(y/n)"), "{screen:?}");
        assert_eq!(operations(&env), ["deleteWorkspace"]);
    }

    #[test]
    fn private_cloud_asks_and_n_cancels_and_y_deletes() {
        let env = TestEnv::apc();
        let mut pty =
            Pty::spawn(env.command(&["workspace", "delete", DEMO_HOUSTON_WORKSPACE_3_ID]));
        pty.expect(&format!(
            "Are you sure you want to delete the ml-platform workspace ({DEMO_HOUSTON_WORKSPACE_3_ID})? (y/n) "
        ));
        pty.send_line("n");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("Canceling workspace deletion"),
            "{screen:?}"
        );
        assert_eq!(operations(&env), ["workspace"]);

        env.fake.clear_requests();
        let mut pty = Pty::spawn(env.command(&["workspace", "delete", "demo-workspace"]));
        let screen = pty.expect("(y/n) ");
        assert!(
            screen.contains(
                "This is your current workspace: after it is deleted, run astro workspace switch to choose another."
            ),
            "{screen:?}"
        );
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("Successfully deleted workspace"),
            "{screen:?}"
        );
        // The label was found in the list: no second query.
        assert_eq!(operations(&env), ["workspaces", "deleteWorkspace"]);
        assert_eq!(
            context_field(&env, &env.apc_domain(), "workspace").as_deref(),
            Some("")
        );
    }
}
