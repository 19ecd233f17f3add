//! Second chances for a person at a terminal, and the same prompts from a pipe: a wrong menu
//! answer is asked again with the valid range, role menus take names, a required name is asked
//! for again, a menu taller than the terminal pages and filters, long lists show progress.
//! Piped input keeps the Go CLI's behaviour: the first wrong answer is the error.
#![cfg(unix)]

use super::role_of;
use crate::common::pty::Pty;
use crate::common::*;

/// The demo workspace's 4 tokens and `extra` more, named `bulk-0000`….
fn many_tokens(extra: usize) -> TestEnv {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        for i in 0..extra {
            s.add_workspace_token(DEMO_WORKSPACE_ID, &format!("bulk-{i:04}"));
        }
    });
    env
}

#[test]
fn a_wrong_role_number_is_asked_again_and_a_role_name_is_taken() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "token", "create", "--name", "by-name"]));
    pty.expect("\n> ");
    pty.send_line("7");
    pty.expect("invalid workspace role selection: choose a number from 1 to 5, or a name\r\n> ");
    pty.send_line("workspace_owner");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert_eq!(role_of(&env, "by-name"), "WORKSPACE_OWNER");
}

#[test]
fn an_empty_token_name_is_asked_for_again_before_the_role_menu() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "token", "create"]));
    pty.expect("Enter a name for the new Workspace API token: ");
    pty.send_line("");
    let again = pty.expect("Enter a name for the new Workspace API token: ");
    assert!(again.contains("A value is required"), "{again:?}");
    assert!(
        !again.contains("ROLE"),
        "the role menu came first: {again:?}"
    );
    pty.send_line("typed-second");
    pty.expect("\n> ");
    pty.send_line("1");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert_eq!(role_of(&env, "typed-second"), "WORKSPACE_MEMBER");
}

#[test]
fn private_cloud_menu_answers_say_what_is_valid_without_go_internals() {
    let env = TestEnv::apc();
    let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
    pty.expect("\n> ");
    pty.send_line("abc");
    let hint = pty.expect("\r\n> ");
    assert!(
        hint.contains("cannot parse abc to int: choose a number from 1 to 3, or a name\r\n"),
        "{hint:?}"
    );
    assert!(!hint.contains("strconv"), "{hint:?}");
    pty.send_line("2");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(env.read_config().contains("ckws0000000000000000000001"));
}

#[test]
fn a_menu_taller_than_the_terminal_pages_filters_and_shows_progress() {
    let env = many_tokens(5000);
    let mut pty = Pty::spawn_sized(env.command(&["workspace", "token", "rotate"]), Some(24));
    let first = pty.expect("\n> ");
    // Progress while the pages arrive, erased before the menu.
    assert!(
        first.contains("Fetching tokens\u{2026} 100 of 5,004"),
        "{first:?}"
    );
    assert!(first.contains("5,004 of 5,004\r\x1b[2K"), "{first:?}");
    // One screenful, not 5,003 rows (the Organization token is not offered).
    assert!(first.contains("Showing 1-20 of 5,003 rows."), "{first:?}");
    assert!(!first.contains("bulk-0100"), "{first:?}");
    // Enter shows the next screenful.
    pty.send_line("");
    let second = pty.expect("\n> ");
    assert!(
        second.contains("Showing 21-40 of 5,003 rows."),
        "{second:?}"
    );
    // Text filters (a row's whole name would pick it: docs/compatibility.md#menu-names); the
    // row keeps its number in the whole list.
    pty.send_line("bulk-432");
    let filtered = pty.expect("\n> ");
    assert!(
        filtered.contains("Showing 1-10 of 10 rows containing \"bulk-432\""),
        "{filtered:?}"
    );
    assert!(filtered.contains(" 4325 "), "{filtered:?}");
    pty.send_line("4325");
    pty.expect("(y/n) ");
    pty.send_line("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains("Astro Workspace API token bulk-4321 was successfully rotated"),
        "{screen:?}"
    );
}

#[test]
fn no_progress_and_the_whole_menu_in_a_pipe() {
    let env = many_tokens(300);
    let run = env.run(&["workspace", "token", "list"]);
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let run = env.run_with_input(&["workspace", "token", "rotate"], "303\nn\n");
    run.assert_ok();
    assert!(!run.stderr.contains("Fetching"), "{run:?}");
    assert!(!run.stderr.contains("Showing"), "{run:?}");
    assert!(run.stderr.contains(" 303 "), "{run:?}");
}

#[test]
fn piped_answers_keep_go_errors_and_end_their_lines() {
    let env = TestEnv::astro();
    // A role name is also accepted from a pipe.
    let run = env.run_with_input(
        &["workspace", "token", "create"],
        "piped\nWORKSPACE_AUTHOR\n",
    );
    run.assert_ok();
    assert_eq!(role_of(&env, "piped"), "WORKSPACE_AUTHOR");
    // Each answer's line is ended, so nothing runs into a prompt.
    assert!(
        run.stderr
            .starts_with("Enter a name for the new Workspace API token: \nSelect"),
        "{run:?}"
    );
    assert!(run.stderr.ends_with("\n> \n"), "{run:?}");
    // The first wrong answer is the error: no second try, no hint.
    let run = env.run_with_input(&["workspace", "token", "create", "-n", "x"], "7\n1\n");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .ends_with("\n> \nError: invalid workspace role selection\n"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("choose a number"), "{run:?}");
    // An empty piped name keeps Go's error, after the role menu as in Go.
    let run = env.run_with_input(&["workspace", "token", "create"], "\n1\n");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.ends_with(
            "Error: no name provided for the workspace token. Retry with a valid name\n"
        ),
        "{run:?}"
    );
}
