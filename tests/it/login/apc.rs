//! `astro login` on Astro Private Cloud (docs/compatibility.md#apc-login): username and password,
//! the pasted OAuth token, the token from stdin, then the default workspace.

#[cfg(unix)]
use crate::common::pty::Pty;
use crate::common::*;
use fake_control_plane::{DEFAULT_HOUSTON_PASSWORD, DEFAULT_HOUSTON_USERNAME};

fn key(domain: &str) -> String {
    domain.replace(['.', ':'], "_")
}

/// No config; the domain is the fake's `localhost:PORT`, so `--platform apc` says what it is.
/// The user can see one workspace, the demo one (tests that want more add them).
fn fresh() -> TestEnv {
    let env = TestEnv::apc();
    std::fs::remove_file(env.config_path()).unwrap();
    env.fake.with_state(|s| {
        s.houston_workspaces
            .retain(|w| w.id == DEMO_HOUSTON_WORKSPACE_ID)
    });
    env
}

fn context(env: &TestEnv) -> toml::Table {
    let doc: toml::Table = env.read_config().parse().unwrap();
    doc["contexts"][&key(&env.apc_domain())]
        .as_table()
        .unwrap()
        .clone()
}

fn cluster_table(domain: &str, workspace: &str) -> String {
    format!(
        " {:<36}{:<36}\n {:<36}{:<36}\n",
        "CLUSTER", "WORKSPACE", domain, workspace
    )
}

fn credentials() -> String {
    format!("{DEFAULT_HOUSTON_USERNAME}\n{DEFAULT_HOUSTON_PASSWORD}\n")
}

#[test]
fn username_and_password() {
    let env = fresh();
    let run = env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc"],
        &credentials(),
    );
    run.assert_ok();
    // No N/A table for a domain never logged in to; stdout is exactly Go's bytes.
    assert_eq!(
        run.stdout,
        "\n\"demo-workspace\" Workspace found. This is your default Workspace.\n"
    );
    // The prompts, then our line that says where, as whom and in which Workspace
    // (docs/compatibility.md#apc-login).
    assert_eq!(
        run.stderr,
        format!(
            "Username (leave blank for oAuth): \nPassword: \nLogged in to {} as {DEFAULT_HOUSTON_USERNAME}, Workspace demo-workspace ({DEMO_HOUSTON_WORKSPACE_ID})\n",
            env.apc_domain()
        )
    );
    assert!(!run.stdout.contains(DEFAULT_HOUSTON_PASSWORD));

    let requests = env.requests();
    let ops: Vec<_> = requests
        .iter()
        .map(|r| r.graphql_operation.clone().unwrap_or_default())
        .collect();
    assert_eq!(ops, ["authConfig", "createToken", "workspaces"]);
    assert!(requests[0].variables().is_null());
    assert_eq!(requests[0].header("authorization"), None);
    assert_eq!(
        requests[1].variables(),
        serde_json::json!({"identity": DEFAULT_HOUSTON_USERNAME, "password": DEFAULT_HOUSTON_PASSWORD})
    );
    assert_eq!(requests[1].header("authorization"), None);
    assert_eq!(
        requests[2].header("authorization"),
        Some(DEFAULT_HOUSTON_TOKEN)
    );

    let doc: toml::Table = env.read_config().parse().unwrap();
    assert_eq!(doc["context"].as_str(), Some(env.apc_domain().as_str()));
    let c = context(&env);
    assert_eq!(
        env.stored_token(&env.apc_domain()),
        DEFAULT_HOUSTON_TOKEN,
        "no Bearer prefix"
    );
    assert_eq!(c["token_store"].as_str(), Some("keyring"));
    assert!(c.get("token").is_none(), "the token is in the store only");
    assert_eq!(c["platform"].as_str(), Some("apc"));
    assert_eq!(c["workspace"].as_str(), Some(DEMO_HOUSTON_WORKSPACE_ID));
    assert_eq!(
        c["last_used_workspace"].as_str(),
        Some(DEMO_HOUSTON_WORKSPACE_ID)
    );
    // Who logged in, for `astro auth status` (docs/compatibility.md#auth-status).
    assert_eq!(c["user_email"].as_str(), Some(DEFAULT_HOUSTON_USERNAME));
    let status = env.run(&["auth", "status"]);
    assert!(
        status.stdout.starts_with(&format!(
            "Logged in to {} as {DEFAULT_HOUSTON_USERNAME}\n",
            env.apc_domain()
        )),
        "{status:?}"
    );

    // The context now picks the APC tree, and the token prints as is.
    let token = env.run(&["auth", "token"]);
    assert_eq!(token.stdout, format!("{DEFAULT_HOUSTON_TOKEN}\n"));
    let help = env.run(&["workspace", "--help"]);
    assert!(help.stdout.contains("service-account"), "{help:#?}");
}

#[test]
fn a_wrong_password_gives_houstons_error_and_changes_nothing() {
    let env = TestEnv::apc();
    let before = env.read_config();
    // The stored context says APC: no --platform needed.
    let run = env.run_with_input(
        &["login", &env.apc_domain()],
        &format!("{DEFAULT_HOUSTON_USERNAME}\nnot-the-password\n"),
    );
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.ends_with(
            "Error: local auth login failed: Invalid password and username combination\n"
        ),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("not-the-password"));
    assert_eq!(env.read_config(), before);

    let unknown = env.run_with_input(&["login", &env.apc_domain()], "nobody\nx\n");
    assert!(
        unknown
            .stderr
            .ends_with("Error: local auth login failed: No password credentials found\n"),
        "{unknown:#?}"
    );
}

#[test]
fn the_pasted_oauth_token() {
    let env = fresh();
    let run = env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc", "--oauth"],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n"),
    );
    run.assert_ok();
    assert_eq!(
        run.stderr,
        format!(
            "\nPlease visit the following URL, authenticate and paste token in next prompt\n\nhttp://{0}/token\n\noAuth Token: \nLogged in to {0} as the OAuth token given, Workspace demo-workspace ({DEMO_HOUSTON_WORKSPACE_ID})\n",
            env.apc_domain()
        )
    );
    assert_eq!(
        run.stdout,
        "\n\"demo-workspace\" Workspace found. This is your default Workspace.\n"
    );
    assert_eq!(env.stored_token(&env.apc_domain()), DEFAULT_HOUSTON_TOKEN);
    let ops: Vec<_> = env
        .requests()
        .iter()
        .map(|r| r.graphql_operation.clone().unwrap_or_default())
        .collect();
    assert_eq!(ops, ["authConfig", "workspaces"]);

    // A blank username means OAuth too.
    let blank = fresh();
    let run = blank.run_with_input(
        &["login", &blank.apc_domain(), "--platform", "apc"],
        &format!("\n{DEFAULT_HOUSTON_TOKEN}\n"),
    );
    run.assert_ok();
    assert!(
        run.stderr
            .starts_with("Username (leave blank for oAuth): \n\nPlease visit")
    );
}

#[test]
fn a_wrong_pasted_token_is_not_saved() {
    let env = fresh();
    let run = env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc", "-o"],
        "not-a-token\n",
    );
    assert_eq!(run.code, 1);
    // Which host refused it, Houston's reason, and how to get a token it takes
    // (docs/compatibility.md#login-truth).
    assert!(
        run.stderr.ends_with(&format!(
            "Error: the token was refused by {0}: You do not have the appropriate permissions for that. Get a fresh token from http://{0}/token and run astro login {0}\n",
            env.apc_domain()
        )),
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
    assert!(!env.config_path().exists());
}

#[test]
fn the_token_from_stdin_needs_no_prompt() {
    let env = fresh();
    let run = env.run_with_input(
        &[
            "login",
            &env.apc_domain(),
            "--platform",
            "apc",
            "--token-login",
            "-",
        ],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n"),
    );
    run.assert_ok();
    // No prompt: stderr holds only our line, stdout only Go's.
    assert_eq!(
        run.stderr,
        format!(
            "Logged in to {} as the token given, Workspace demo-workspace ({DEMO_HOUSTON_WORKSPACE_ID})\n",
            env.apc_domain()
        )
    );
    assert_eq!(
        run.stdout,
        "\n\"demo-workspace\" Workspace found. This is your default Workspace.\n"
    );
    assert_eq!(
        env.requests()
            .iter()
            .map(|r| r.graphql_operation.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["workspaces"]
    );
    assert_eq!(env.stored_token(&env.apc_domain()), DEFAULT_HOUSTON_TOKEN);
    // A token says nothing about its owner: no user is recorded.
    assert_eq!(context(&env)["user_email"].as_str(), Some(""));
}

#[test]
fn end_of_input_and_disabled_methods() {
    let env = fresh();
    env.run(&["login", &env.apc_domain(), "--platform", "apc"])
        .assert_error_tail("login needs a username but there is no input: pass --token-login - and give the token on stdin, or --oauth");
    assert!(!env.config_path().exists());

    let env = fresh();
    env.run_with_input(&["login", &env.apc_domain(), "--platform", "apc"], "admin\n")
        .assert_error_tail("login needs a password but there is no input: pass --token-login - and give the token on stdin");

    let env = fresh();
    env.fake.with_state(|s| s.auth.houston_providers.clear());
    env.run(&["login", &env.apc_domain(), "--platform", "apc", "--oauth"])
        .assert_error_tail("cannot authenticate, oauth is disabled");

    let env = fresh();
    env.fake
        .with_state(|s| s.auth.houston_local_enabled = false);
    // Local auth off: no username prompt, straight to the OAuth token.
    let run = env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc"],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n"),
    );
    run.assert_ok();
    assert!(!run.stderr.contains("Username"), "{run:#?}");
}

#[test]
fn several_workspaces_menu_then_last_used() {
    let env = fresh();
    env.fake.with_state(|s| {
        s.add_houston_workspace("ckwsbbbbbbbbbbbbbbbbbbbbb", "beta");
        s.add_houston_workspace("ckwsaaaaaaaaaaaaaaaaaaaaa", "alpha");
    });
    let run = env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc", "-t", "-"],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n3\n"),
    );
    run.assert_ok();
    assert!(
        run.stderr
            .starts_with("\nPlease choose a workspace:\n #     NAME"),
        "{run:#?}"
    );
    assert!(
        run.stderr.ends_with(&format!(
            "\n\n> \nLogged in to {} as the token given, Workspace alpha (ckwsaaaaaaaaaaaaaaaaaaaaa)\n",
            env.apc_domain()
        )),
        "{run:#?}"
    );
    assert_eq!(
        run.stdout,
        cluster_table(&env.apc_domain(), "ckwsaaaaaaaaaaaaaaaaaaaaa")
    );
    let c = context(&env);
    assert_eq!(c["workspace"].as_str(), Some("ckwsaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(
        c["last_used_workspace"].as_str(),
        Some("ckwsaaaaaaaaaaaaaaaaaaaaa")
    );
    let last = env.requests().pop().unwrap();
    assert_eq!(last.graphql_operation.as_deref(), Some("workspace"));
    assert_eq!(
        last.variables(),
        serde_json::json!({"workspaceUuid": "ckwsaaaaaaaaaaaaaaaaaaaaa"})
    );

    // Again: the last used workspace is checked and kept, no menu.
    env.fake.clear_requests();
    let again = env.run_with_input(
        &["login", "--token-login", "-"],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n"),
    );
    again.assert_ok();
    assert_eq!(
        again.stderr,
        format!(
            "Logged in to {} as the token given, Workspace alpha (ckwsaaaaaaaaaaaaaaaaaaaaa)\n",
            env.apc_domain()
        )
    );
    // A known context: Go's table, as Go shows it, and nothing else.
    assert_eq!(
        again.stdout,
        cluster_table(&env.apc_domain(), "ckwsaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(
        env.requests()
            .iter()
            .map(|r| r.graphql_operation.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["workspaces", "workspace"]
    );
}

#[test]
fn interactive_setting_asks_for_two_workspaces_only() {
    let env = fresh();
    env.run(&["config", "set", "interactive", "true"])
        .assert_ok();
    env.run_with_input(
        &["login", &env.apc_domain(), "--platform", "apc", "-t", "-"],
        &format!("{DEFAULT_HOUSTON_TOKEN}\n"),
    )
    .assert_ok();
    let request = env.requests().pop().unwrap();
    assert_eq!(
        request.graphql_operation.as_deref(),
        Some("paginatedWorkspaces")
    );
    assert_eq!(
        request.variables(),
        serde_json::json!({"pageSize": 2, "pageNumber": 0})
    );
}

#[test]
fn logging_in_to_apc_from_an_astro_context_says_so() {
    let env = TestEnv::astro();
    let run = env.run_with_input(&["login", &env.apc_domain()], &credentials());
    run.assert_ok();
    assert!(
        run.stderr.starts_with("To login to APC follow the instructions below. If you are attempting to login in to Astro cancel the login and run 'astro login'.\n\n"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .starts_with(&cluster_table(&env.apc_domain(), DEMO_HOUSTON_WORKSPACE_ID))
    );
}

#[cfg(unix)]
#[test]
fn the_password_is_not_echoed_at_a_terminal() {
    let env = fresh();
    let mut pty = Pty::spawn(env.command(&["login", &env.apc_domain(), "--platform", "apc"]));
    pty.expect("Username (leave blank for oAuth): ");
    pty.send_line(DEFAULT_HOUSTON_USERNAME);
    pty.expect("Password: ");
    pty.wait_for_no_echo();
    pty.send_line(DEFAULT_HOUSTON_PASSWORD);
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert!(
        screen.contains("\"demo-workspace\" Workspace found."),
        "{screen:?}"
    );
    assert!(
        screen.contains(DEFAULT_HOUSTON_USERNAME),
        "the username is echoed"
    );
    assert!(!screen.contains(DEFAULT_HOUSTON_PASSWORD), "{screen:?}");
    assert_eq!(env.stored_token(&env.apc_domain()), DEFAULT_HOUSTON_TOKEN);
}

#[cfg(unix)]
#[test]
fn ctrl_c_at_the_password_prompt_gives_the_terminal_back_with_echo() {
    let env = fresh();
    let mut pty = Pty::spawn(env.command(&["login", &env.apc_domain(), "--platform", "apc"]));
    pty.expect("Username (leave blank for oAuth): ");
    pty.send_line(DEFAULT_HOUSTON_USERNAME);
    pty.expect("Password: ");
    pty.wait_for_no_echo();
    pty.send_ctrl_c();
    let (code, screen) = pty.wait_for_exit();
    assert_eq!(code, 130, "{screen:?}");
    assert!(pty.echo_is_on(), "the terminal echoes again: {screen:?}");
    assert!(!env.config_path().exists(), "nothing saved");
}

trait ErrorTail {
    fn assert_error_tail(&self, message: &str);
}

impl ErrorTail for Run {
    /// Exit 1, nothing on stdout, stderr ending with the error (after any prompt).
    #[track_caller]
    fn assert_error_tail(&self, message: &str) {
        assert_eq!(self.code, 1, "{self:#?}");
        assert!(
            self.stderr.ends_with(&format!("Error: {message}\n")),
            "{self:#?}"
        );
    }
}
