//! A login says nothing untrue (docs/compatibility.md#login-truth): nothing that looks like
//! success before the token is accepted, a refused token named as refused and by whom, and no
//! expiry the token does not carry.

#[cfg(unix)]
use crate::common::pty::Pty;
use crate::common::*;
use fake_control_plane::{DEFAULT_HOUSTON_PASSWORD, DEFAULT_HOUSTON_USERNAME};

/// The Private Cloud context current, and one workspace to log in to (no menu).
fn apc_with_one_workspace() -> TestEnv {
    let env = TestEnv::apc();
    env.fake.with_state(|s| {
        s.houston_workspaces
            .retain(|w| w.id == DEMO_HOUSTON_WORKSPACE_ID)
    });
    env
}

/// Go's context table, as `astro login` prints it for a domain it knows.
fn cluster_table(domain: &str, workspace: &str) -> String {
    format!(
        " {:<36}{:<36}\n {:<36}{:<36}\n",
        "CLUSTER", "WORKSPACE", domain, workspace
    )
}

#[test]
fn a_refused_private_cloud_token_prints_no_table_and_says_who_refused_it() {
    // A known domain: Go printed its CLUSTER/WORKSPACE table first, then the refusal.
    let env = TestEnv::apc();
    let before = env.read_config();
    for args in [
        vec!["login", "--token-login", "not-the-token"],
        vec!["login", "--oauth"],
    ] {
        let run = env.run_with_input(&args, "not-the-token\n");
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(run.stdout, "", "nothing that looks like success: {run:#?}");
        assert!(
            run.stderr.ends_with(&format!(
                "Error: the token was refused by {0}: You do not have the appropriate permissions for that. Get a fresh token from http://{0}/token and run astro login {0}\n",
                env.apc_domain()
            )),
            "{run:#?}"
        );
        assert!(!run.stderr.contains("CLUSTER"), "{run:#?}");
        assert_eq!(env.read_config(), before, "nothing saved");
    }
}

#[test]
fn an_expired_private_cloud_token_is_refused_too() {
    let env = TestEnv::apc();
    env.fake.inject(Fault::status_body(
        FaultTarget::graphql("workspaces"),
        200,
        r#"{"errors":[{"message":"AUTH_TOKEN_REFRESH_FAILED"}]}"#,
        1,
    ));
    let run = env.run(&["login", "--token-login", DEFAULT_HOUSTON_TOKEN]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.ends_with(&format!(
            "Error: the token was refused by {0}: your token has expired. Please log in again. Get a fresh token from http://{0}/token and run astro login {0}\n",
            env.apc_domain()
        )),
        "{run:#?}"
    );
}

#[test]
fn a_server_failure_at_login_is_not_called_a_refusal() {
    let env = TestEnv::apc();
    env.fake.inject(Fault::status_body(
        FaultTarget::graphql("workspaces"),
        500,
        "upstream broke",
        3,
    ));
    let run = env.run(&["login", "--token-login", DEFAULT_HOUSTON_TOKEN]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(!run.stderr.contains("refused"), "{run:#?}");
    assert!(run.stderr.contains("API error (500)"), "{run:#?}");
}

#[test]
fn an_accepted_private_cloud_login_keeps_gos_stdout() {
    // The table Go prints first is still the first thing on stdout, with the same bytes.
    let env = apc_with_one_workspace();
    let run = env.run_with_input(
        &["login"],
        &format!("{DEFAULT_HOUSTON_USERNAME}\n{DEFAULT_HOUSTON_PASSWORD}\n"),
    );
    run.assert_ok();
    assert!(
        run.stdout.starts_with(&format!(
            "{}\n\"demo-workspace\" Workspace found. This is your default Workspace.\n",
            cluster_table(&env.apc_domain(), DEMO_HOUSTON_WORKSPACE_ID)
        )),
        "{run:#?}"
    );
}

#[cfg(unix)]
#[test]
fn at_a_terminal_the_table_comes_after_the_password_and_ctrl_c_leaves_none() {
    let env = apc_with_one_workspace();
    let before = env.read_config();
    let mut pty = Pty::spawn(env.command(&["login"]));
    let shown = pty.expect("Username (leave blank for oAuth): ");
    assert!(!shown.contains("CLUSTER"), "{shown:?}");
    pty.send_ctrl_c();
    let (code, screen) = pty.wait_for_exit();
    assert_ne!(code, 0, "{screen:?}");
    assert!(!screen.contains("CLUSTER"), "nothing switched: {screen:?}");
    assert_eq!(env.read_config(), before);

    let mut pty = Pty::spawn(env.command(&["login"]));
    pty.expect("Username (leave blank for oAuth): ");
    pty.send_line(DEFAULT_HOUSTON_USERNAME);
    pty.expect("Password: ");
    pty.wait_for_no_echo();
    pty.send_line(DEFAULT_HOUSTON_PASSWORD);
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    let password = screen.find("Password: ").unwrap();
    let table = screen.find("CLUSTER").expect("the table, after success");
    assert!(password < table, "{screen:?}");
}

#[test]
fn a_token_without_expiry_is_not_said_to_expire() {
    let env = TestEnv::astro();
    let run = env.run(&[
        "login",
        &env.astro_domain(),
        "--token-login",
        "astro-test-token",
    ]);
    run.assert_ok();
    assert!(!run.stderr.contains("expire"), "{run:#?}");
    assert!(
        run.stderr.contains("This token will not refresh\n"),
        "{run:#?}"
    );
    // Nothing claims it later either.
    let status = env.run(&["auth", "status"]);
    assert!(
        status
            .stdout
            .contains("unknown (the token carries no expiry)"),
        "{status:#?}"
    );
}

#[test]
fn a_jwt_is_said_to_expire_when_its_exp_says() {
    let env = TestEnv::astro();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Three days and a half from now: "3 days", whatever the clock reads during the test.
    let exp = now + 3 * 86_400 + 43_200;
    let token = jwt(&serde_json::json!({"sub": "user", "exp": exp}));
    env.fake
        .with_state(|s| s.astro_token = format!("Bearer {token}"));
    let run = env.run(&["login", &env.astro_domain(), "--token-login", &token]);
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "You are logging into Astro via an OAuth token\nThis token will expire in 3 days and will not refresh\n"
        ),
        "{run:#?}"
    );
    let status = env.run(&["auth", "status"]);
    assert!(status.stdout.contains("Expires:"), "{status:#?}");
    assert!(!status.stdout.contains("unknown"), "{status:#?}");
}

#[test]
fn a_refused_astro_token_names_the_api_host_and_the_next_step() {
    let env = TestEnv::astro();
    let run = env.run(&["login", &env.astro_domain(), "--token-login", "stale"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.ends_with(&format!(
            "Error: the token was refused by {0}: Unauthorized. Get a fresh token and run astro login {0}\n",
            env.astro_domain()
        )),
        "{run:#?}"
    );
}
