//! The commands that remove something the Go CLI removes without asking (Astro `user remove`,
//! `team remove`, `organization-token remove`; Private Cloud `user remove`, `team remove`,
//! `service-account delete`; `context delete` of another context): at a terminal they ask, `n`
//! cancels with nothing sent, `y` acts; piped, they act as Go does, asking nothing; `--force` and
//! `--yes` skip the question (docs/compatibility.md#remove-confirms).

use crate::common::*;
use fake_control_plane::DEMO_PLATFORM_TEAM_ID;

const APC_ENGINEERS: &str = "ckte000000000000000000001";
const CI_RUNNER: &str = "cksa000000000000000000001";

/// The mutations among the requests sent: REST POSTs and DELETEs, Houston mutations.
fn changes(env: &TestEnv) -> Vec<String> {
    env.requests()
        .iter()
        .filter(|r| {
            r.method == "DELETE"
                || (r.method == "POST" && r.graphql_operation.is_none())
                || r.graphql_operation.as_deref().is_some_and(|op| {
                    [
                        "workspaceRemoveUser",
                        "workspaceRemoveTeam",
                        "deleteWorkspaceServiceAccount",
                    ]
                    .iter()
                    .any(|m| op.eq_ignore_ascii_case(m))
                })
        })
        .map(|r| {
            r.graphql_operation
                .clone()
                .unwrap_or_else(|| format!("{} {}", r.method, r.path))
        })
        .collect()
}

/// One command of each kind, the text of its question, and its success line.
struct Case {
    apc: bool,
    args: &'static [&'static str],
    question: String,
    done: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            apc: false,
            args: &["workspace", "user", "remove", "ada@example.com"],
            question: format!(
                "Are you sure you want to remove the user ada@example.com from Workspace {WS}? (y/n) "
            ),
            done: "The user ada@example.com was successfully removed from the workspace",
        },
        Case {
            apc: false,
            args: &["workspace", "team", "remove", DEMO_PLATFORM_TEAM_ID],
            question: format!(
                "Are you sure you want to remove the team platform ({DEMO_PLATFORM_TEAM_ID}) from Workspace {WS}? (y/n) "
            ),
            done: "Astro Team platform was successfully removed from workspace",
        },
        Case {
            apc: false,
            args: &[
                "workspace",
                "token",
                "organization-token",
                "remove",
                "-n",
                "org-admin",
            ],
            question: format!(
                "Are you sure you want to remove the Organization API token org-admin from Workspace {WS}? (y/n) "
            ),
            done: "Astro Organization API token org-admin was successfully removed from the Workspace",
        },
        Case {
            apc: true,
            args: &["workspace", "user", "remove", "vi@example.com"],
            question: format!(
                "Are you sure you want to remove the user vi@example.com from workspace {DEMO_HOUSTON_WORKSPACE_ID}? (y/n) "
            ),
            done: "Successfully removed user from workspace",
        },
        Case {
            apc: true,
            args: &["workspace", "team", "remove", APC_ENGINEERS],
            question: format!(
                "Are you sure you want to remove the team data-engineers ({APC_ENGINEERS}) from workspace {DEMO_HOUSTON_WORKSPACE_ID}? (y/n) "
            ),
            done: "Successfully removed team from workspace",
        },
        Case {
            apc: true,
            args: &["workspace", "sa", "delete", CI_RUNNER],
            question: format!(
                "Are you sure you want to delete the service account ci-runner ({CI_RUNNER}) from workspace {DEMO_HOUSTON_WORKSPACE_ID}? (y/n) "
            ),
            done: "successfully deleted",
        },
    ]
}

fn env_for(case: &Case) -> TestEnv {
    if case.apc {
        TestEnv::apc()
    } else {
        TestEnv::astro()
    }
}

#[test]
fn piped_they_act_as_go_does_without_asking() {
    for case in cases() {
        let env = env_for(&case);
        // Piped input is not read as an answer.
        let run = env.run_with_input(case.args, "n\n");
        run.assert_ok();
        assert!(run.stdout.contains(case.done), "{:?}: {run:?}", case.args);
        assert_eq!(run.stderr, "", "{:?}", case.args);
        assert_eq!(changes(&env).len(), 1, "{:?}", case.args);
        // Stdin closed, as in CI: the same.
        let env = env_for(&case);
        let run = env.run(case.args);
        run.assert_ok();
        assert_eq!(run.stderr, "", "{:?}", case.args);
    }
}

#[test]
fn piped_private_cloud_sends_only_what_go_sends() {
    let env = TestEnv::apc();
    env.run(&["workspace", "team", "remove", APC_ENGINEERS])
        .assert_ok();
    assert_eq!(operations(&env), ["workspaceRemoveTeam"]);
    let env = TestEnv::apc();
    env.run(&["workspace", "sa", "delete", CI_RUNNER])
        .assert_ok();
    assert_eq!(operations(&env), ["deleteWorkspaceServiceAccount"]);
}

#[test]
fn the_force_and_yes_flags_are_accepted_piped() {
    for case in cases() {
        for flag in ["--force", "--yes", "-f"] {
            let env = env_for(&case);
            let mut args = case.args.to_vec();
            args.push(flag);
            let run = env.run(&args);
            run.assert_ok();
            assert_eq!(run.stderr, "", "{args:?}");
        }
    }
}

#[test]
fn help_names_the_flag() {
    let env = TestEnv::astro();
    let run = env.run(&["workspace", "user", "remove", "-h"]);
    run.assert_ok();
    assert!(
        run.stdout.contains(
            "  -f, --force  Do not ask for confirmation (it is asked only at a terminal) [alias: --yes]"
        ),
        "{run:?}"
    );
}

#[test]
fn gos_own_confirmations_keep_gos_rules_and_take_yes() {
    let env = TestEnv::astro();
    // `token delete` asks in a pipe too, as Go does.
    let run = env.run_with_input(&["workspace", "token", "delete", "--name", "ci"], "n\n");
    run.assert_ok();
    assert!(
        run.stderr.contains("Canceling API Token deletion"),
        "{run:?}"
    );
    assert!(changes(&env).is_empty());
    let run = env.run(&["workspace", "token", "delete", "--name", "ci", "--yes"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Astro Workspace API token ci was successfully deleted\n"
    );
    assert_eq!(run.stderr, "");
}

mod context_delete {
    use super::*;

    #[test]
    fn another_context_piped_is_deleted_without_asking() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["context", "delete", &env.apc_domain()], "n\n");
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Successfully deleted context: {}\n", env.apc_domain())
        );
        assert_eq!(run.stderr, "");
        assert!(!env.read_config().contains(DEFAULT_HOUSTON_TOKEN));
    }

    #[test]
    fn the_current_context_keeps_gos_question_in_a_pipe() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["context", "delete", &env.astro_domain()], "n\n");
        run.assert_ok();
        assert!(
            run.stderr.contains("Canceling context delete..."),
            "{run:?}"
        );
        // End of input is an error naming --force, never a yes or a no.
        let run = env.run(&["context", "delete", &env.astro_domain()]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.ends_with(
                "\nError: deleting the current context needs confirmation but there is no input: pass --force\n"
            ),
            "{run:?}"
        );
        let run = env.run(&["context", "delete", &env.astro_domain(), "--yes"]);
        run.assert_ok();
    }
}

/// At a terminal a person is asked: `n` cancels with nothing sent, `y` acts.
#[cfg(unix)]
mod at_a_terminal {
    use super::*;
    use crate::common::pty::Pty;

    #[test]
    fn each_asks_and_n_cancels_and_y_acts() {
        for case in cases() {
            let env = env_for(&case);
            let mut pty = Pty::spawn(env.command(case.args));
            pty.expect(&case.question);
            pty.send_line("n");
            let (code, screen) = pty.finish();
            assert_eq!(code, 0, "{screen:?}");
            assert!(screen.contains("Canceling"), "{screen:?}");
            assert!(!screen.contains(case.done), "{screen:?}");
            assert!(changes(&env).is_empty(), "{:?}", changes(&env));

            let mut pty = Pty::spawn(env.command(case.args));
            pty.expect("(y/n) ");
            pty.send_line("y");
            let (code, screen) = pty.finish();
            assert_eq!(code, 0, "{screen:?}");
            assert!(screen.contains(case.done), "{screen:?}");
            assert_eq!(changes(&env).len(), 1, "{:?}", case.args);
        }
    }

    #[test]
    fn force_and_yes_skip_the_question() {
        for case in cases() {
            for flag in ["--force", "--yes"] {
                let env = env_for(&case);
                let mut args = case.args.to_vec();
                args.push(flag);
                let (code, screen) = Pty::spawn(env.command(&args)).finish();
                assert_eq!(code, 0, "{screen:?}");
                assert!(!screen.contains("(y/n)"), "{screen:?}");
                assert!(screen.contains(case.done), "{screen:?}");
            }
        }
    }

    #[test]
    fn the_question_names_the_workspace_once_a_list_has_run() {
        let env = TestEnv::astro();
        env.run(&["workspace", "list"]).assert_ok();
        let mut pty = Pty::spawn(env.command(&["workspace", "user", "remove", "ada@example.com"]));
        pty.expect(
            "Are you sure you want to remove the user ada@example.com from Workspace demo-workspace? (y/n) ",
        );
        pty.send_line("n");
        let (code, _) = pty.finish();
        assert_eq!(code, 0);
    }

    #[test]
    fn context_delete_of_another_context_asks() {
        let env = TestEnv::astro();
        let apc = env.apc_domain();
        let mut pty = Pty::spawn(env.command(&["context", "delete", &apc]));
        pty.expect(&format!(
            "Are you sure you want to delete the context {apc}? (y/n) "
        ));
        pty.send_line("n");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(screen.contains("Canceling context delete..."), "{screen:?}");
        assert!(env.read_config().contains(DEFAULT_HOUSTON_TOKEN));

        let mut pty = Pty::spawn(env.command(&["context", "delete", &apc]));
        pty.expect("(y/n) ");
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains(&format!("Successfully deleted context: {apc}")),
            "{screen:?}"
        );
        assert!(!env.read_config().contains(DEFAULT_HOUSTON_TOKEN));

        // An unknown domain has nothing to delete: nothing is asked.
        let (code, screen) =
            Pty::spawn(env.command(&["context", "delete", "nowhere.example.com"])).finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(!screen.contains("(y/n)"), "{screen:?}");
    }
}
