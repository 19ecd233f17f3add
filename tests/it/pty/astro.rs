//! The Astro workspace tree's menus answered at a real terminal: workspace, user, team, role
//! and Organization-token pickers (docs/compatibility.md#menu-answers).
#![cfg(unix)]

use crate::common::pty::Pty;
use crate::common::*;
use fake_control_plane::{
    DEMO_ANALYTICS_WORKSPACE_ID, DEMO_DATA_TEAM_ID, DEMO_PLATFORM_TEAM_ID, DEMO_USER_ID,
};

#[test]
fn workspace_switch_menu_highlights_the_current_workspace() {
    let env = TestEnv::astro();
    let mut command = env.command(&["workspace", "switch"]);
    command.env_remove("NO_COLOR");
    let mut pty = Pty::spawn(command);
    let menu = pty.expect("\n> ");
    assert!(
        // Green, and marked `*` so that it shows without colour too
        // (docs/compatibility.md#at-a-terminal).
        menu.contains(
            "\x1b[1;32m * 2     demo-workspace     clws0000000000000000000000     \x1b[0m"
        ),
        "{menu:?}"
    );
    assert!(menu.contains(" 1     analytics "), "{menu:?}");
    pty.send_line("1");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(screen.contains(" CONTROLPLANE "), "{screen:?}");
    assert!(
        env.read_config()
            .contains(&format!("workspace = \"{DEMO_ANALYTICS_WORKSPACE_ID}\"")),
        "{}",
        env.read_config()
    );
}

#[test]
fn workspace_delete_picker_then_confirmation() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "delete"]));
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains("Please select the workspace you would like to delete:"),
        "{menu:?}"
    );
    assert!(menu.contains(" #     WORKSPACENAME "), "{menu:?}");
    pty.send_line("3");
    pty.expect("delete the sandbox Workspace? (y/n) ");
    pty.send_line("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains("Astro Workspace sandbox was successfully deleted"),
        "{screen:?}"
    );
    assert_eq!(env.fake.with_state(|s| s.astro_workspaces.len()), 2);
}

#[test]
fn user_picker_with_workspace_roles() {
    let env = TestEnv::astro();
    let mut pty =
        Pty::spawn(env.command(&["workspace", "user", "update", "--role", "WORKSPACE_AUTHOR"]));
    let menu = pty.expect("\n> ");
    assert!(menu.contains("Please select the user:"), "{menu:?}");
    assert!(
        menu.contains(" 1     Demo User        demo.user@example.com     cluser0000000000000000001     WORKSPACE_OWNER "),
        "{menu:?}"
    );
    pty.send_line("1");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains(
            "The workspace user demo.user@example.com role was successfully updated to WORKSPACE_AUTHOR"
        ),
        "{screen:?}"
    );
    let role = env.fake.with_state(|s| {
        s.astro_user(DEMO_USER_ID).unwrap().workspace_roles[0]
            .role
            .clone()
    });
    assert_eq!(role, "WORKSPACE_AUTHOR");
}

#[test]
fn role_menu_then_team_picker() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "team", "update"]));
    let roles = pty.expect("\n> ");
    assert!(roles.contains(" 4     WORKSPACE_OWNER "), "{roles:?}");
    pty.send_line("4");
    let teams = pty.expect("\n> ");
    assert!(teams.contains("Please select a team:"), "{teams:?}");
    assert!(
        teams.contains(&format!(" 1     platform     {DEMO_PLATFORM_TEAM_ID} ")),
        "{teams:?}"
    );
    pty.send_line("1");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains(&format!(
            "The workspace team {DEMO_PLATFORM_TEAM_ID} role was successfully updated to WORKSPACE_OWNER"
        )),
        "{screen:?}"
    );
}

#[test]
fn team_picker_of_the_organization() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "team", "add", "-r", "WORKSPACE_MEMBER"]));
    let teams = pty.expect("\n> ");
    assert!(
        teams.contains(&format!(" 2     data-science     {DEMO_DATA_TEAM_ID} ")),
        "{teams:?}"
    );
    // A person gets three tries, each wrong one saying what is valid; then Go's error.
    for answer in ["9", "x"] {
        pty.send_line(answer);
        pty.expect("invalid team selection: choose a number from 1 to 2, or a name\r\n> ");
    }
    pty.send_line("0");
    let (code, screen) = pty.finish();
    assert_eq!(code, 1, "{screen:?}");
    assert!(
        screen.ends_with("Error: invalid team selection\r\n"),
        "{screen:?}"
    );
}

#[test]
fn token_create_name_prompt_and_role_menu() {
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "token", "create", "--clean-output"]));
    pty.expect("Enter a name for the new Workspace API token: ");
    pty.send_line("typed at a terminal");
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains("Select a Workspace Role for the new API token:"),
        "{menu:?}"
    );
    pty.send_line("2");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    let created = env
        .fake
        .with_state(|s| s.api_tokens.last().cloned())
        .unwrap();
    assert_eq!(created.name, "typed at a terminal");
    assert_eq!(created.roles[0].role, "WORKSPACE_AUTHOR");
    assert!(
        screen.ends_with(&format!("{}\r\n", created.token)),
        "{screen:?}"
    );
}

#[test]
fn organization_token_menu() {
    let env = TestEnv::astro();
    let reporting = env
        .fake
        .with_state(|s| s.add_organization_token("reporting").id);
    let mut pty = Pty::spawn(env.command(&["workspace", "token", "add", "-r", "WORKSPACE_MEMBER"]));
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains("Please select the Organization API token you would like to update:"),
        "{menu:?}"
    );
    assert!(
        menu.contains(" #     NAME          DESCRIPTION "),
        "{menu:?}"
    );
    assert!(menu.contains(" 2     reporting "), "{menu:?}");
    pty.send_line("2");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains(
            "Astro Organization API token reporting was successfully added to the Workspace"
        ),
        "{screen:?}"
    );
    let roles = env
        .fake
        .with_state(|s| s.token(&reporting).unwrap().roles.len());
    assert_eq!(roles, 2);
}
