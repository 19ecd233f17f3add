//! Menus and confirmations answered at a real terminal, as a person would
//! (docs/compatibility.md#menu-answers).
#![cfg(unix)]

use crate::common::pty::Pty;
use crate::common::*;

#[test]
fn rotate_from_the_menu_then_confirm() {
    let env = TestEnv::astro();
    let mut command = env.command(&["workspace", "token", "rotate"]);
    // Colour on: stderr is a terminal and NO_COLOR is unset.
    command.env_remove("NO_COLOR");
    let mut pty = Pty::spawn(command);
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains("Please select the Workspace API token you would like to rotate:"),
        "{menu:?}"
    );
    assert!(
        menu.contains(" 2     cltokdeploybot00000000002     deploy-bot "),
        "{menu:?}"
    );
    pty.send_line("2");
    let question = pty.expect("(y/n) ");
    assert!(
        question.contains(
            "WARNING: API Token rotation will invalidate the current token and cannot be undone."
        ),
        "{question:?}"
    );
    assert!(
        question.contains("rotate the \x1b[1mdeploy-bot\x1b[0m API token?"),
        "{question:?}"
    );
    pty.send_line("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains("Astro Workspace API token deploy-bot was successfully rotated"),
        "{screen:?}"
    );
    let rotated = env
        .fake
        .with_state(|s| s.token("cltokdeploybot00000000002").unwrap().token.clone());
    assert!(screen.contains(&rotated), "{screen:?}");
}

#[test]
fn declining_at_the_terminal_cancels() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "token", "rotate", "--name", "ci"]));
    pty.expect("(y/n) ");
    pty.send_line("n");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(screen.contains("Canceling token rotation"), "{screen:?}");
    assert!(env.requests().iter().all(|r| !r.path.ends_with("/rotate")));
}

#[test]
fn delete_a_service_account_from_the_menu() {
    let env = TestEnv::apc();
    let mut pty = Pty::spawn(env.command(&["workspace", "service-account", "delete"]));
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains(" #     NAME           CATEGORY          ID "),
        "{menu:?}"
    );
    assert!(
        !menu.contains("0123456789abcdef"),
        "API keys stay out of menus: {menu:?}"
    );
    pty.send_line("1");
    // At a terminal the deletion is confirmed (docs/compatibility.md#remove-confirms).
    pty.expect("Are you sure you want to delete the service account ci-runner (cksa000000000000000000001) from workspace");
    pty.expect("(y/n) ");
    pty.send_line("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen
            .contains("Service Account ci-runner (cksa000000000000000000001) successfully deleted"),
        "{screen:?}"
    );
    assert_eq!(
        env.fake
            .with_state(|s| s.service_accounts_in(DEMO_HOUSTON_WORKSPACE_ID).len()),
        1
    );
}
