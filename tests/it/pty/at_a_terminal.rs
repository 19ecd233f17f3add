//! What a person at a terminal gets beyond Go's bytes (docs/compatibility.md#at-a-terminal): the
//! current row marked `*` with colour off, `context list` with platform and workspace, tables
//! fitted to the width; and the same commands in a pipe, unchanged.
#![cfg(unix)]

use crate::common::pty::Pty;
use crate::common::*;
use fake_control_plane::DEMO_ANALYTICS_WORKSPACE_ID;

/// The whole screen of a command run at a terminal, line endings as in a pipe.
fn at_terminal(command: std::process::Command) -> String {
    let (code, screen) = Pty::spawn(command).finish();
    assert_eq!(code, 0, "{screen:?}");
    screen.replace("\r\n", "\n")
}

/// Go's table with the marker slot after its leading space: `* ` on row `current` (0 is the
/// first row after the header), blank elsewhere.
fn marked(go_table: &str, current: usize) -> String {
    go_table
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let rest = line.strip_prefix(' ').expect("Go's leading space");
            let mark = if i == current + 1 { "* " } else { "  " };
            format!(" {mark}{rest}\n")
        })
        .collect()
}

#[test]
fn astro_workspace_list_marks_the_current_workspace_without_colour() {
    let env = TestEnv::astro();
    let piped = env.run(&["workspace", "list"]);
    piped.assert_ok();
    // The pipe keeps Go's layout: no marker, no colour.
    assert!(piped.stdout.starts_with(" NAME "), "{piped:#?}");
    assert!(!piped.stdout.contains('*') && !piped.stdout.contains('\x1b'));
    let current = piped
        .stdout
        .lines()
        .skip(1)
        .position(|l| l.contains(DEMO_WORKSPACE_ID))
        .unwrap();

    let screen = at_terminal(env.command(&["workspace", "list"]));
    assert_eq!(screen, marked(&piped.stdout, current));
    assert!(screen.contains(" * demo-workspace "), "{screen:?}");

    // With colour on, the marker is still there, inside the green row.
    let mut command = env.command(&["workspace", "list"]);
    command.env_remove("NO_COLOR");
    let coloured = at_terminal(command);
    assert!(
        coloured.contains("\x1b[1;32m * demo-workspace "),
        "{coloured:?}"
    );
}

#[test]
fn private_cloud_workspace_list_marks_the_current_workspace() {
    let env = TestEnv::apc();
    let piped = env.run(&["workspace", "list"]);
    piped.assert_ok();
    assert!(!piped.stdout.contains('*'), "{piped:#?}");
    let current = piped
        .stdout
        .lines()
        .skip(1)
        .position(|l| l.contains(DEMO_HOUSTON_WORKSPACE_ID))
        .unwrap();
    let screen = at_terminal(env.command(&["workspace", "list"]));
    assert_eq!(screen, marked(&piped.stdout, current));
}

#[test]
fn context_list_at_a_terminal_shows_platform_and_workspace() {
    let env = TestEnv::astro();
    // Go's single NAME column, 44 wide, in a pipe.
    let piped = env.run(&["context", "list"]);
    piped.assert_ok();
    assert_eq!(
        piped.stdout,
        format!(
            " {:<44}\n {:<44}\n {:<44}\n",
            "NAME",
            env.astro_domain(),
            env.apc_domain()
        )
    );

    // At a terminal: platform and workspace (its ID until a list has named it), the current
    // context marked.
    // The port, so the width of the NAME column, varies.
    let name_width = env.astro_domain().len().max(env.apc_domain().len()) + 5;
    let row = |mark: &str, domain: &str, platform: &str, workspace: &str| {
        format!(" {mark}{domain:<name_width$}{platform:<13}{workspace:<31}\n")
    };
    let header = row("  ", "NAME", "PLATFORM", "WORKSPACE");
    let screen = at_terminal(env.command(&["context", "list"]));
    assert_eq!(
        screen,
        format!(
            "{header}{}{}",
            row("* ", &env.astro_domain(), "astro", DEMO_WORKSPACE_ID),
            row("  ", &env.apc_domain(), "apc", DEMO_HOUSTON_WORKSPACE_ID),
        )
    );

    // Once `workspace list` has seen the names, they are shown instead of the IDs.
    env.run(&["workspace", "list"]).assert_ok();
    let screen = at_terminal(env.command(&["context", "list"]));
    assert!(
        screen.contains(&format!(" * {:<name_width$}astro", env.astro_domain()))
            && screen.contains("demo-workspace")
            && !screen.contains(DEMO_WORKSPACE_ID),
        "{screen:?}"
    );
    // The pipe is unchanged by the cache.
    assert_eq!(env.run(&["context", "list"]).stdout, piped.stdout);
}

#[test]
fn switch_menus_mark_the_current_entry() {
    // Astro workspace switch.
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
    let menu = pty.expect("\n> ").replace("\r\n", "\n");
    assert!(menu.starts_with("   #     NAME "), "{menu:?}");
    assert!(menu.contains("\n * 2     demo-workspace "), "{menu:?}");
    assert!(menu.contains("\n   1     analytics "), "{menu:?}");
    pty.send_line("1");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        env.read_config()
            .contains(&format!("workspace = \"{DEMO_ANALYTICS_WORKSPACE_ID}\""))
    );

    // Private Cloud workspace switch.
    let env = TestEnv::apc();
    let mut pty = Pty::spawn(env.command(&["workspace", "switch"]));
    let menu = pty.expect("\n> ").replace("\r\n", "\n");
    assert!(
        menu.lines()
            .any(|l| l.starts_with(" * ") && l.contains(DEMO_HOUSTON_WORKSPACE_ID)),
        "{menu:?}"
    );
    pty.send_line("1");
    assert_eq!(pty.finish().0, 0);

    // Context switch.
    let env = TestEnv::astro();
    let mut pty = Pty::spawn(env.command(&["context", "switch"]));
    let menu = pty.expect("\n> ").replace("\r\n", "\n");
    assert!(
        menu.contains(&format!("\n * 1     {} ", env.astro_domain())),
        "{menu:?}"
    );
    assert!(
        menu.contains(&format!("\n   2     {} ", env.apc_domain())),
        "{menu:?}"
    );
    pty.send_line("2");
    assert_eq!(pty.finish().0, 0);

    // Piped answers see no marker.
    let env = TestEnv::astro();
    let piped = env.run_with_input(&["workspace", "switch"], "1\n");
    piped.assert_ok();
    assert!(!piped.stderr.contains(" * "), "{piped:#?}");
}

/// A workspace token whose name and description are far wider than the terminal.
fn long_token(env: &TestEnv) -> String {
    env.fake.with_state(|s| {
        let mut token = s.add_workspace_token(
            DEMO_WORKSPACE_ID,
            "nightly-deploy-token-for-the-production-data-pipelines",
        );
        token.description =
            "used by the nightly deploy job of the data platform team, rotated every quarter"
                .into();
        let id = token.id.clone();
        *s.token_mut(&id).unwrap() = token;
        id
    })
}

#[test]
fn tables_fit_the_terminal_width_and_pipes_keep_gos_layout() {
    let env = TestEnv::astro();
    let id = long_token(&env);
    let piped = env.run(&["workspace", "token", "list"]);
    piped.assert_ok();
    // Go's layout in a pipe whatever COLUMNS says: the long cells are whole.
    let mut narrow = env.command(&["workspace", "token", "list"]);
    narrow.env("COLUMNS", "100");
    let narrow_pipe = narrow.output().unwrap();
    assert_eq!(String::from_utf8_lossy(&narrow_pipe.stdout), piped.stdout);
    assert!(piped.stdout.contains("rotated every quarter"));
    assert!(piped.stdout.lines().any(|l| l.chars().count() > 150));

    // The token list's IDs, scopes, roles and dates alone take about 85 columns, and each
    // free-text column keeps at least its header: from about 110 columns every line fits.
    for columns in [130usize, 110] {
        let mut command = env.command(&["workspace", "token", "list"]);
        command.env("COLUMNS", columns.to_string());
        let screen = at_terminal(command);
        assert_eq!(screen.lines().count(), piped.stdout.lines().count());
        for line in screen.lines() {
            assert!(
                line.chars().count() <= columns,
                "{line:?} is wider than {columns}: {screen}"
            );
        }
        // The ID is whole; the name and description are cut with an ellipsis.
        let row = screen.lines().find(|l| l.contains(&id)).unwrap();
        assert!(
            row.contains(" nightly-") && row.contains(" used by "),
            "{row:?}"
        );
        assert!(!row.contains("pipelines") && row.contains('…'), "{row:?}");
        assert!(row.contains("WORKSPACE_MEMBER"), "{row:?}");
    }
}

#[test]
fn the_terminal_size_is_used_without_columns() {
    let env = TestEnv::astro();
    let id = long_token(&env);
    let mut command = env.command(&["workspace", "token", "list"]);
    command.env_remove("COLUMNS");
    let (code, screen) = Pty::spawn_window(command, Some((40, 110))).finish();
    assert_eq!(code, 0, "{screen:?}");
    let screen = screen.replace("\r\n", "\n");
    for line in screen.lines() {
        assert!(line.chars().count() <= 110, "{line:?}");
    }
    assert!(screen.contains(&id), "{screen:?}");
    assert!(screen.contains('…'), "{screen:?}");
}

/// The token menu of `workspace token rotate` at a terminal `columns` wide.
fn rotate_at(env: &TestEnv, columns: u16) -> Pty {
    let mut command = env.command(&["workspace", "token", "rotate"]);
    command.env_remove("COLUMNS");
    Pty::spawn_window(command, Some((40, columns)))
}

#[test]
fn menus_fit_the_terminal_width_and_a_shortened_name_is_still_taken_whole() {
    let env = TestEnv::astro();
    let id = long_token(&env);
    let mut pty = rotate_at(&env, 110);
    let menu = pty.expect("\n> ").replace("\r\n", "\n");
    // The ID, roles and dates are whole; the name and description are cut with an ellipsis.
    for line in menu.lines() {
        assert!(line.chars().count() <= 110, "{line:?} is wider than 110");
    }
    let row = menu
        .lines()
        .find(|l| l.contains(&id))
        .expect("the token's row");
    assert!(
        row.contains(" nightly-d") && row.contains(" used by"),
        "{row:?}"
    );
    assert!(row.contains("…"), "{row:?}");
    assert!(
        !row.contains("pipelines") && !row.contains("quarter"),
        "{row:?}"
    );
    insta::assert_snapshot!(menu, @r#"
    Please select the Workspace API token you would like to rotate:
     #  ID                         NAME        DESCRIPTION  SCOPE      WORKSPACE ROLE      CREATED      CREATED BY
     1  cltokci000000000000000001  ci                       WORKSPACE  WORKSPACE_MEMBER    30 days ago  Demo User
     2  cltokdeploybot00000000002  deploy-bot  Deploys fr…  WORKSPACE  WORKSPACE_OPERATOR  7 days ago   Demo User
     3  cltoknightly0000000000003  nightly                  WORKSPACE  WORKSPACE_AUTHOR    2 days ago   ci
     4  cl00000000000000000000001  nightly-d…  used by th…  WORKSPACE  WORKSPACE_MEMBER    Just now     Test User

    >
    "#);
    // The name typed whole, as the person knows it, picks the row.
    pty.send_line("Nightly-Deploy-Token-For-The-Production-Data-Pipelines");
    pty.expect("(y/n) ");
    pty.send_line("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    let rotated: Vec<String> = env
        .request_lines()
        .into_iter()
        .filter(|l| l.ends_with("/rotate"))
        .collect();
    assert_eq!(rotated.len(), 1, "{rotated:?}");
    assert!(rotated[0].contains(&id), "{rotated:?}");
}

#[test]
fn a_shortened_prefix_is_not_a_name() {
    // What the menu shows of a shortened name, `…` or not, is not the token's name: the
    // answer is wrong, as any other text that names no row.
    let env = TestEnv::astro();
    long_token(&env);
    let mut pty = rotate_at(&env, 110);
    let menu = pty.expect("\n> ").replace("\r\n", "\n");
    let shown = menu
        .split_whitespace()
        .find(|cell| cell.starts_with("nightly-") && cell.ends_with('…'))
        .expect("a shortened name")
        .to_string();
    pty.send_line(&shown);
    pty.expect("invalid Workspace API token selection: choose a number from 1 to ");
    pty.send_line(shown.trim_end_matches('…'));
    pty.expect("invalid Workspace API token selection: choose a number from 1 to ");
    pty.send_line("nightly");
    pty.expect("(y/n) ");
    pty.send_line("n");
    pty.finish();
}

#[test]
fn in_a_pipe_menus_keep_gos_layout_whatever_columns_says() {
    let env = TestEnv::astro();
    let id = long_token(&env);
    // An answer that is no row: the menu is shown and nothing is rotated.
    let piped = env.run_with_input(&["workspace", "token", "rotate"], "x\n");
    let mut narrow = env.command(&["workspace", "token", "rotate"]);
    narrow
        .env("COLUMNS", "60")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = narrow.spawn().expect("spawn astro");
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"x\n");
    let narrow = child.wait_with_output().expect("wait for astro");
    assert_eq!(String::from_utf8_lossy(&narrow.stderr), piped.stderr);
    assert!(piped.stderr.contains(&id));
    astro_snapshot!(env, piped, @r#"
    success: false
    exit_code: 1
    ----- stdout -----

    ----- stderr -----

    Please select the Workspace API token you would like to rotate:
     #     ID                            NAME                                                       DESCRIPTION                                                                         SCOPE         WORKSPACE ROLE         CREATED         CREATED BY     
     1     cltokci000000000000000001     ci                                                                                                                                             WORKSPACE     WORKSPACE_MEMBER       30 days ago     Demo User      
     2     cltokdeploybot00000000002     deploy-bot                                                 Deploys from GitHub Actions                                                         WORKSPACE     WORKSPACE_OPERATOR     7 days ago      Demo User      
     3     cltoknightly0000000000003     nightly                                                                                                                                        WORKSPACE     WORKSPACE_AUTHOR       2 days ago      ci             
     4     cl00000000000000000000001     nightly-deploy-token-for-the-production-data-pipelines     used by the nightly deploy job of the data platform team, rotated every quarter     WORKSPACE     WORKSPACE_MEMBER       Just now        Test User      

    > 
    Error: invalid Workspace API token selection
    "#);
}
