//! `astro login` on Astro with a token (`--token-login TOKEN`, or `-` for stdin): who the user
//! is, the organization and the default workspace; `astro logout` and `astro auth token`.

use crate::common::*;
use fake_control_plane::{DEFAULT_USER_EMAIL, ExtraOrganization, Workspace, days_ago};

const TOKEN: &str = "astro-test-token";

/// The fake, with no config at all (a first login), and one workspace in the organization
/// (tests that want more add them).
fn fresh() -> TestEnv {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    env.fake
        .with_state(|s| s.astro_workspaces.retain(|w| w.id == DEMO_WORKSPACE_ID));
    env
}

fn doc(env: &TestEnv) -> toml::Table {
    env.read_config().parse().unwrap()
}

fn context(env: &TestEnv) -> toml::Table {
    doc(env)["contexts"][&env.astro_domain().replace(['.', ':'], "_")]
        .as_table()
        .unwrap()
        .clone()
}

/// The test token is not a JWT: it carries no expiry, so none is claimed
/// (docs/compatibility.md#login-truth).
const WELCOME: &str = "Welcome to the Astro CLI 🚀\nTo learn more about Astro, go to https://www.astronomer.io/docs\nYou are logging into Astro via an OAuth token\nThis token will not refresh\n";

#[test]
fn token_login_with_one_workspace() {
    let env = fresh();
    let run = env.run(&["login", &env.astro_domain(), "--token-login", TOKEN]);
    run.assert_ok();
    // Exactly Go's bytes on stdout; our line that says where, as whom and in which Workspace
    // ends stderr (docs/compatibility.md#apc-login).
    assert_eq!(
        run.stdout,
        "\"demo-workspace\" Workspace found. This is your default Workspace.\nSuccessfully authenticated to Astronomer\n"
    );
    assert_eq!(
        run.stderr,
        format!(
            "{WELCOME}Logging in as {DEFAULT_USER_EMAIL}\nLogged in to {} as {DEFAULT_USER_EMAIL}, Workspace demo-workspace ({DEMO_WORKSPACE_ID})\n",
            env.astro_domain()
        )
    );
    assert_eq!(
        env.request_lines(),
        [
            "GET /v1/users/self?createIfNotExist=true".to_string(),
            "GET /v1/organizations?limit=100".to_string(),
            format!(
                "GET /v1/organizations/{DEFAULT_ORG_ID}/workspaces?limit=1000&offset=0&sorts=name%3Aasc"
            ),
        ]
    );
    for r in env.requests() {
        assert_eq!(r.header("authorization"), Some(DEFAULT_ASTRO_TOKEN));
        assert_eq!(r.header("x-astro-client-identifier"), Some("cli"));
    }
    let doc = doc(&env);
    assert_eq!(doc["context"].as_str(), Some(env.astro_domain().as_str()));
    let c = context(&env);
    assert_eq!(c["domain"].as_str(), Some(env.astro_domain().as_str()));
    assert_eq!(env.stored_token(&env.astro_domain()), DEFAULT_ASTRO_TOKEN);
    assert_eq!(c["token_store"].as_str(), Some("keyring"));
    assert!(c.get("token").is_none() && c.get("refreshtoken").is_none());
    assert_eq!(c["user_email"].as_str(), Some(DEFAULT_USER_EMAIL));
    assert_eq!(c["organization"].as_str(), Some(DEFAULT_ORG_ID));
    assert_eq!(c["organization_product"].as_str(), Some("HOSTED"));
    assert_eq!(c["workspace"].as_str(), Some(DEMO_WORKSPACE_ID));
    assert_eq!(c["last_used_workspace"].as_str(), Some(DEMO_WORKSPACE_ID));
    assert_eq!(
        env.keyring_entry(&env.astro_domain()).unwrap()["refreshtoken"],
        ""
    );
    // No expiry is stored for a token that carries none.
    assert_eq!(c["expiresin"].as_str(), Some(""));
    assert!(c.get("platform").is_none(), "loopback is Astro by default");

    // The stored token, as scripts take it.
    let token = env.run(&["auth", "token"]);
    token.assert_ok();
    assert_eq!(token.stdout, format!("{TOKEN}\n"));
    assert_eq!(token.stderr, "");
}

#[test]
fn the_token_from_stdin_and_a_bearer_prefix() {
    let env = fresh();
    let run = env.run_with_input(
        &["auth", "login", &env.astro_domain(), "-t", "-"],
        &format!("Bearer {TOKEN}\n"),
    );
    run.assert_ok();
    assert_eq!(env.stored_token(&env.astro_domain()), DEFAULT_ASTRO_TOKEN);
    assert!(!run.stderr.contains(TOKEN));

    let empty = fresh();
    empty
        .run(&["login", &empty.astro_domain(), "--token-login", "-"])
        .assert_error("--token-login - reads the token from stdin, but there is no input");
    assert!(empty.requests().is_empty());
}

#[test]
fn a_wrong_token_changes_nothing_and_is_not_shown() {
    let env = TestEnv::astro();
    let before = env.read_config();
    let run = env.run(&[
        "login",
        &env.astro_domain(),
        "--token-login",
        "wrong-secret-value",
    ]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.ends_with(&format!(
            "Error: the token was refused by {}: Unauthorized. Get a fresh token and run astro login {}\n",
            env.astro_domain(),
            env.astro_domain()
        )),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("wrong-secret-value"));
    assert_eq!(env.read_config(), before);
    assert_eq!(
        env.request_lines(),
        ["GET /v1/users/self?createIfNotExist=true"]
    );
}

fn three_workspaces(env: &TestEnv) {
    env.fake.with_state(|s| {
        s.add_astro_workspace("clwsbbbbbbbbbbbbbbbbbbbbb", "beta");
        s.add_astro_workspace("clwsaaaaaaaaaaaaaaaaaaaaa", "alpha");
    });
}

#[test]
fn several_workspaces_show_a_menu_then_the_last_used_one_wins() {
    let env = fresh();
    three_workspaces(&env);
    let run = env.run_with_input(&["login", &env.astro_domain(), "-t", TOKEN], "2\n");
    run.assert_ok();
    // Sorted by name: alpha, beta, demo-workspace.
    let row = |n: &str, name: &str, id: &str| format!(" {n:<6}{name:<19}{id:<31}\n");
    assert!(
        run.stderr.ends_with(&format!(
            "\nPlease choose a workspace:\n{}{}{}{}\n> \nLogged in to {} as {DEFAULT_USER_EMAIL}, Workspace beta (clwsbbbbbbbbbbbbbbbbbbbbb)\n",
            row("#", "NAME", "ID"),
            row("1", "alpha", "clwsaaaaaaaaaaaaaaaaaaaaa"),
            row("2", "beta", "clwsbbbbbbbbbbbbbbbbbbbbb"),
            row("3", "demo-workspace", DEMO_WORKSPACE_ID),
            env.astro_domain()
        )),
        "{run:#?}"
    );
    // Go's bytes only.
    assert_eq!(
        run.stdout,
        format!(
            " {:<36}{:<36}\n {:<36}{:<36}\nSuccessfully authenticated to Astronomer\n",
            "CONTROLPLANE",
            "WORKSPACE",
            env.astro_domain(),
            "clwsbbbbbbbbbbbbbbbbbbbbb",
        )
    );
    let c = context(&env);
    assert_eq!(c["workspace"].as_str(), Some("clwsbbbbbbbbbbbbbbbbbbbbb"));
    assert_eq!(
        c["last_used_workspace"].as_str(),
        Some("clwsbbbbbbbbbbbbbbbbbbbbb")
    );

    // Logging in again: the last used workspace, no menu, no input needed.
    let again = env.run(&["login", "-t", TOKEN]);
    again.assert_ok();
    assert_eq!(
        again.stdout,
        "\"beta\" Workspace found. This is your default Workspace.\nSuccessfully authenticated to Astronomer\n"
    );
    assert!(!again.stderr.contains("Please choose"), "{again:#?}");
    assert!(
        again.stderr.ends_with(&format!(
            "\nLogged in to {} as {DEFAULT_USER_EMAIL}, Workspace beta (clwsbbbbbbbbbbbbbbbbbbbbb)\n",
            env.astro_domain()
        )),
        "{again:#?}"
    );
}

#[test]
fn a_bad_or_missing_menu_answer_keeps_the_login_and_says_how_to_pick_later() {
    for (input, reason) in [
        (Some("9\n"), "invalid workspace selection"),
        (
            None,
            "no workspace selected and no input to choose one: run astro workspace switch",
        ),
    ] {
        let env = fresh();
        three_workspaces(&env);
        let args = ["login", &env.astro_domain(), "-t", TOKEN];
        let run = match input {
            Some(input) => env.run_with_input(&args, input),
            None => env.run(&args),
        };
        run.assert_ok();
        assert_eq!(run.stdout, "Successfully authenticated to Astronomer\n");
        assert!(
            run.stderr.ends_with(&format!(
                "Warning: {reason}\n\nNo default workspace detected, you can list workspaces with \n\tastro workspace list\nand set your default workspace with \n\tastro workspace switch [WORKSPACEID]\n\nLogged in to {} as {DEFAULT_USER_EMAIL}, no Workspace selected: run astro workspace switch\n",
                env.astro_domain()
            )),
            "{run:#?}"
        );
        let c = context(&env);
        assert_eq!(env.stored_token(&env.astro_domain()), DEFAULT_ASTRO_TOKEN);
        assert!(c.get("workspace").is_none());
    }
}

#[test]
fn no_workspace_and_no_organization() {
    let env = fresh();
    env.fake.with_state(|s| s.astro_workspaces.clear());
    let run = env.run(&["login", &env.astro_domain(), "-t", TOKEN]);
    run.assert_ok();
    assert_eq!(run.stdout, "Successfully authenticated to Astronomer\n");
    assert!(
        run.stderr.ends_with(&format!(
            "\nLogged in to {} as {DEFAULT_USER_EMAIL}, no Workspace selected: run astro workspace switch\n",
            env.astro_domain()
        )),
        "{run:#?}"
    );
    assert!(context(&env).get("workspace").is_none());
}

fn extra_org(env: &TestEnv) {
    env.fake.with_state(|s| {
        s.auth.extra_organizations.push(ExtraOrganization {
            id: "clorgextra0000000000000000".into(),
            name: "Other".into(),
            product: "HYBRID".into(),
            workspaces: vec![Workspace {
                id: "clwsextra0000000000000000".into(),
                name: "other-ws".into(),
                description: String::new(),
                cicd_enforced_default: false,
                created_at: days_ago(1),
                updated_at: days_ago(1),
            }],
        });
        s.auth.organization_product = None;
    });
}

#[test]
fn several_organizations_the_first_unless_the_context_names_one() {
    let env = fresh();
    extra_org(&env);
    env.run(&["login", &env.astro_domain(), "-t", TOKEN])
        .assert_ok();
    let c = context(&env);
    assert_eq!(c["organization"].as_str(), Some(DEFAULT_ORG_ID));
    // No product in the answer: HYBRID, as Go.
    assert_eq!(c["organization_product"].as_str(), Some("HYBRID"));

    // The context's organization is kept when it is still ours.
    env.run(&["config", "get", "page_size"]).assert_ok();
    let text = env
        .read_config()
        .replace(DEFAULT_ORG_ID, "clorgextra0000000000000000");
    env.write_config(&text);
    env.fake.clear_requests();
    let run = env.run(&["login", "-t", TOKEN]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "\"other-ws\" Workspace found. This is your default Workspace.\nSuccessfully authenticated to Astronomer\n"
    );
    assert!(
        run.stderr.ends_with(&format!(
            "\nLogged in to {} as {DEFAULT_USER_EMAIL}, Workspace other-ws (clwsextra0000000000000000)\n",
            env.astro_domain()
        )),
        "{run:#?}"
    );
    assert_eq!(
        env.request_lines(),
        [
            "GET /v1/users/self?createIfNotExist=true",
            "GET /v1/organizations/clorgextra0000000000000000",
            "GET /v1/organizations/clorgextra0000000000000000/workspaces?limit=1000&offset=0&sorts=name%3Aasc",
        ]
    );
    let c = context(&env);
    assert_eq!(
        c["organization"].as_str(),
        Some("clorgextra0000000000000000")
    );
    assert_eq!(c["organization_product"].as_str(), Some("HYBRID"));
    assert_eq!(c["workspace"].as_str(), Some("clwsextra0000000000000000"));

    // An organization that is gone (404) falls back to the list.
    let text = env
        .read_config()
        .replace("clorgextra0000000000000000", "clorggone00000000000000000");
    env.write_config(&text);
    env.fake.clear_requests();
    env.run(&["login", "-t", TOKEN]).assert_ok();
    assert_eq!(context(&env)["organization"].as_str(), Some(DEFAULT_ORG_ID));
    assert_eq!(
        env.request_lines()[1..3],
        [
            "GET /v1/organizations/clorggone00000000000000000".to_string(),
            "GET /v1/organizations?limit=100".to_string(),
        ]
    );
}

#[test]
fn logout_forgets_the_credentials_and_the_current_context() {
    let env = TestEnv::astro();
    let run = env.run(&["logout"]);
    run.assert_ok();
    // Go's line alone on stdout; what was forgotten on stderr
    // (docs/compatibility.md#apc-login).
    assert_eq!(run.stdout, "Successfully logged out of Astronomer\n");
    assert_eq!(
        run.stderr,
        format!(
            "Forgot the credentials for {d}; no context is current now. Log in again with astro login {d}\n",
            d = env.astro_domain()
        )
    );
    let doc = doc(&env);
    assert_eq!(doc["context"].as_str(), Some(""));
    let c = context(&env);
    assert_eq!(c["token"].as_str(), Some(""));
    assert_eq!(c["organization"].as_str(), Some(DEFAULT_ORG_ID));
    env.run(&["auth", "token", "--domain", &env.astro_domain()])
        .assert_error("no token found. Please run 'astro login' to authenticate");
    env.run(&["auth", "token"]).assert_error(
        "no context set, have you authenticated to Astro or APC? Run astro login and try again",
    );
    env.run(&["logout", "nowhere.example.com"]).assert_error(
        "not logged in to nowhere.example.com: there is no context for it (astro context list shows the contexts)",
    );
}

#[test]
fn logging_out_of_another_domain_keeps_the_current_context() {
    let env = TestEnv::astro();
    let run = env.run(&["auth", "logout", &env.apc_domain()]);
    run.assert_ok();
    // Go prints nothing for Private Cloud, and neither does this on stdout; what was
    // forgotten goes to stderr.
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "Forgot the credentials for {d}. Log in again with astro login {d}\n",
            d = env.apc_domain()
        )
    );
    let doc = doc(&env);
    assert_eq!(doc["context"].as_str(), Some(env.astro_domain().as_str()));
    let apc = doc["contexts"][&env.apc_domain().replace(['.', ':'], "_")]
        .as_table()
        .unwrap();
    assert_eq!(apc["token"].as_str(), Some(""));
    assert_eq!(apc["workspace"].as_str(), Some(DEMO_HOUSTON_WORKSPACE_ID));
    let token = env.run(&["auth", "token", "-d", &env.astro_domain()]);
    assert_eq!(token.stdout, "astro-test-token\n");
}

#[test]
fn api_token_in_the_environment_is_never_stored_by_login_or_logout() {
    let mut env = TestEnv::astro();
    env.set_env("ASTRO_API_TOKEN", "env-token-value");
    env.run(&["logout"]).assert_ok();
    assert!(!env.read_config().contains("env-token-value"));
}

#[test]
fn debug_output_never_shows_the_token() {
    let env = fresh();
    let run = env.run(&[
        "login",
        &env.astro_domain(),
        "--token-login",
        TOKEN,
        "--verbosity",
        "debug",
    ]);
    run.assert_ok();
    assert!(run.stderr.contains("authorization: <redacted>"), "{run:#?}");
    assert!(!run.stderr.contains(TOKEN), "{run:#?}");
    assert!(!run.stdout.contains(TOKEN), "{run:#?}");
}
