//! Menus answered as a person answers them, at a real terminal: a row's number or its name, one
//! wording with the valid range for a wrong answer, role names short or long; and the same menus
//! piped, where the Go CLI's error still ends the command on the first wrong answer
//! (docs/compatibility.md#menu-names, docs/compatibility.md#role-names).
#![cfg(unix)]

use super::role_of;
use crate::common::pty::Pty;
use crate::common::*;

const APC_WS_2: &str = "ckws0000000000000000000001";
const APC_WS_3: &str = "ckws0000000000000000000002";
const SANDBOX: &str = "clws0000000000000000000002";

fn rotated(env: &TestEnv) -> Vec<String> {
    env.request_lines()
        .into_iter()
        .filter(|l| l.ends_with("/rotate"))
        .collect()
}

mod at_a_terminal {
    use super::*;

    #[test]
    fn a_workspace_is_picked_by_its_name_in_any_case() {
        let env = TestEnv::astro();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
        pty.expect("\n> ");
        pty.send_line("SandBox");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{SANDBOX}\"")),
            "{}",
            env.read_config()
        );
    }

    #[test]
    fn a_wrong_answer_names_the_range_and_a_shared_name_asks_for_the_number() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            s.add_workspace_token(DEMO_WORKSPACE_ID, "twin");
            s.add_workspace_token(DEMO_WORKSPACE_ID, "twin");
        });
        let mut pty = Pty::spawn(env.command(&["workspace", "token", "rotate"]));
        let menu = pty.expect("\n> ");
        // ci, deploy-bot, nightly and the two twins (not the Organization token).
        assert!(menu.contains(" 5     "), "{menu:?}");
        pty.send_line("zzz");
        pty.expect(
            "invalid Workspace API token selection: choose a number from 1 to 5, or a name\r\n> ",
        );
        pty.send_line("twin");
        let said = pty.expect("\r\n> ");
        assert!(said.contains("\"twin\" is the name of rows "), "{said:?}");
        assert!(said.contains(": choose one by its number"), "{said:?}");
        // The third answer: a unique name picks its row.
        pty.send_line("NIGHTLY");
        pty.expect("(y/n) ");
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("Astro Workspace API token nightly was successfully rotated"),
            "{screen:?}"
        );
        assert_eq!(rotated(&env).len(), 1);
    }

    #[test]
    fn a_user_is_picked_by_email() {
        let env = TestEnv::astro();
        let mut pty = Pty::spawn(env.command(&["workspace", "user", "remove"]));
        pty.expect("\n> ");
        pty.send_line("ADA@example.com");
        // At a terminal the removal is confirmed (docs/compatibility.md#remove-confirms).
        pty.expect("Are you sure you want to remove the user ada@example.com from Workspace");
        pty.expect("(y/n) ");
        pty.send_line("y");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            screen.contains("The user ada@example.com was successfully removed from the workspace"),
            "{screen:?}"
        );
    }

    #[test]
    fn the_role_menu_takes_short_names() {
        let env = TestEnv::astro();
        let mut pty = Pty::spawn(env.command(&["workspace", "token", "create", "--name", "short"]));
        pty.expect("\n> ");
        pty.send_line("boss");
        pty.expect(
            "invalid workspace role selection: choose a number from 1 to 5, or a name\r\n> ",
        );
        pty.send_line("Author");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert_eq!(role_of(&env, "short"), "WORKSPACE_AUTHOR");
    }

    #[test]
    fn the_private_cloud_menu_words_it_the_same_way_and_takes_names() {
        let env = TestEnv::apc();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
        pty.expect("\n> ");
        pty.send_line("ml");
        pty.expect("cannot parse ml to int: choose a number from 1 to 3, or a name\r\n> ");
        pty.send_line("ML-Platform");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{APC_WS_3}\"")),
            "{}",
            env.read_config()
        );
    }

    #[test]
    fn the_paged_switch_menu_words_it_the_same_way_and_takes_names() {
        let env = TestEnv::apc();
        let mut pty = Pty::spawn(env.command(&["workspace", "switch", "-p", "-s", "2"]));
        pty.expect("n. next q. quit\r\n> ");
        pty.send_line("x");
        pty.expect("Invalid option: choose a number from 1 to 2, or a name");
        pty.expect("> ");
        pty.send_line("Data-Team");
        let (code, screen) = pty.finish();
        assert_eq!(code, 0, "{screen:?}");
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{APC_WS_2}\"")),
            "{}",
            env.read_config()
        );
    }
}

mod piped {
    use super::*;

    #[test]
    fn a_name_is_a_wrong_answer_with_go_error() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "rotate", "-f"], "nightly\n");
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr
                .ends_with("\nError: invalid Workspace API token selection\n"),
            "{run:?}"
        );
        assert!(rotated(&env).is_empty());

        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "switch"], "ml-platform\n");
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.ends_with(
                "\nError: cannot parse ml-platform to int: choose a number from 1 to 3\n"
            ),
            "{run:?}"
        );
    }

    #[test]
    fn the_paged_menu_does_not_take_a_name() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "switch", "-p", "-s", "2"], "data-team\nq\n");
        run.assert_ok();
        assert!(
            run.stderr
                .contains("\nInvalid option: choose a number from 1 to 2, or a name"),
            "{run:?}"
        );
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"")),
            "{}",
            env.read_config()
        );
    }

    #[test]
    fn the_role_menu_takes_role_names_short_or_long() {
        let env = TestEnv::astro();
        for (name, answer, role) in [
            ("by-number", "2\n", "WORKSPACE_AUTHOR"),
            ("by-name", "workspace_owner\n", "WORKSPACE_OWNER"),
            ("by-short-name", "operator\n", "WORKSPACE_OPERATOR"),
        ] {
            env.run_with_input(&["workspace", "token", "create", "--name", name], answer)
                .assert_ok();
            assert_eq!(role_of(&env, name), role, "{answer:?}");
        }
        let run = env.run_with_input(&["workspace", "token", "create", "--name", "x"], "boss\n");
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr
                .ends_with("\nError: invalid workspace role selection\n"),
            "{run:?}"
        );
    }
}
