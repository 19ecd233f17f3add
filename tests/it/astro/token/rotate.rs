//! `astro workspace token rotate` against the fake Astro API
//! (docs/compatibility.md#rotate-requests).

use crate::common::*;
use std::time::Duration;

const CI_ID: &str = "cltokci000000000000000001";
const ORG_TOKEN_ID: &str = "cltokorgadmin000000000004";

#[test]
fn by_name_forced_clean_output_prints_only_the_new_token_with_two_requests() {
    let env = TestEnv::astro();
    let before = secret_of(&env, CI_ID);
    let run = env.run(&[
        "workspace",
        "token",
        "rotate",
        "--name",
        "ci",
        "--force",
        "--clean-output",
    ]);
    run.assert_ok();
    let after = secret_of(&env, CI_ID);
    assert_ne!(before, after, "the fake rotated the token");
    astro_snapshot!(env, run, [(after, "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    [NEW_TOKEN]

    ----- stderr -----
    "#);
    assert_eq!(
        env.request_lines(),
        [
            format!("GET {TOKENS}?limit=100&offset=0&workspaceId={DEMO_WORKSPACE_ID}"),
            format!("POST {TOKENS}/{CI_ID}/rotate"),
        ]
    );
}

#[test]
fn by_name_forced_prints_the_go_success_block() {
    let env = TestEnv::astro();
    let run = env.run(&["workspace", "token", "rotate", "--name", "ci", "--force"]);
    astro_snapshot!(env, run, [(secret_of(&env, CI_ID), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----

    Astro Workspace API token ci was successfully rotated
    Copy and paste this API token for your records.

    [NEW_TOKEN]

    You will not be shown this API token value again.

    ----- stderr -----
    "#);
}

#[test]
fn help_lists_every_flag() {
    let env = TestEnv::astro();
    astro_snapshot!(env, env.run(&["workspace", "token", "rotate", "--help"]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    Rotate a Workspace API token. You can only rotate Workspace API tokens. You cannot rotate Organization API tokens with this command.

    Usage: astro workspace token rotate [OPTIONS] [TOKEN_ID]

    Arguments:
      [TOKEN_ID]
              ID of the token to rotate; without it (and without --name) a menu lists the Workspace's tokens

    Options:
      -t, --name <NAME>
              The name of the token to be rotated. If the name contains a space, specify the entire name within quotes ""

      -f, --force
              Rotate the Workspace API token without showing a warning
              
              [alias: --yes]

      -c, --clean-output
              Print only the token as output. For use of the command in scripts

      -o, --output <FORMAT>
              Output format: table or json (the Go CLI's "template" format is not supported)

          --json
              Output as JSON

      -h, --help
              Print help (see a summary with '-h')

    Global Flags:
          --verbosity <LEVEL>
              Log level (debug, info, warn, error, fatal, panic)
              
              [default: warn]
              [possible values: debug, info, warn, error, fatal, panic]

      -w, --workspace-id <WORKSPACE_NAME_OR_ID>
              Workspace where you would like to manage tokens

    Examples:
      $ astro workspace token rotate --name ci
      # In CI: no prompt, and nothing but the new token on stdout
      $ TOKEN=$(astro workspace token rotate --name ci --force --clean-output)

    ----- stderr -----
    "#);
    assert!(env.requests().is_empty());
}

#[test]
fn requests_carry_the_go_cli_headers_on_one_keep_alive_connection() {
    let env = TestEnv::astro();
    env.run(&["workspace", "token", "rotate", "-t", "ci", "-f", "-c"])
        .assert_ok();
    let requests = env.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.header("authorization"), Some(DEFAULT_ASTRO_TOKEN));
        assert_eq!(r.header("x-astro-client-identifier"), Some("cli"));
        assert_eq!(
            r.header("x-astro-client-version"),
            Some(env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(
            r.header("user-agent"),
            Some(format!("astro-cli/{}", env!("CARGO_PKG_VERSION")).as_str())
        );
        let os = r.header("x-client-os-identifier").unwrap();
        assert!(os.contains('-') && !os.contains("x86_64"), "{os}");
    }
    // The rotate POST has no body and no content type.
    assert_eq!(requests[1].body, "");
    assert_eq!(requests[1].header("content-type"), None);
    assert_eq!(requests[0].connection_id, requests[1].connection_id);
}

#[test]
fn github_actions_identifies_itself() {
    let mut env = TestEnv::astro();
    env.set_env("GITHUB_ACTIONS", "true");
    env.set_env("DEPLOY_ACTION", "true");
    env.set_env("DEPLOY_ACTION_VERSION", "v9.9");
    env.run(&["workspace", "token", "rotate", CI_ID, "-f", "-c"])
        .assert_ok();
    let r = &env.requests()[0];
    assert_eq!(r.header("x-astro-client-identifier"), Some("deploy-action"));
    assert_eq!(r.header("x-astro-client-version"), Some("v9.9"));
}

#[test]
fn by_id_gets_then_rotates_and_names_the_token() {
    let env = TestEnv::astro();
    // IDs are lower-cased, as in the Go CLI.
    let run = env.run(&["workspace", "token", "ro", &CI_ID.to_uppercase(), "--force"]);
    run.assert_ok();
    astro_snapshot!(env, run, [(secret_of(&env, CI_ID), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----

    Astro Workspace API token ci was successfully rotated
    Copy and paste this API token for your records.

    [NEW_TOKEN]

    You will not be shown this API token value again.

    ----- stderr -----
    "#);
    assert_eq!(
        env.request_lines(),
        [
            format!("GET {TOKENS}/{CI_ID}"),
            format!("POST {TOKENS}/{CI_ID}/rotate"),
        ]
    );
}

#[test]
fn an_id_and_the_name_of_another_token_are_a_usage_error() {
    let env = TestEnv::astro();
    let run = env.run(&["wo", "to", "ro", CI_ID, "--name", "nightly", "-f"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(env.request_lines().iter().all(|l| !l.ends_with("/rotate")));
    // The same token both ways is fine.
    let run = env.run(&["wo", "to", "ro", CI_ID, "--name", "ci", "-f"]);
    run.assert_ok();
    assert!(
        run.stdout.contains("token ci was successfully rotated"),
        "{run:?}"
    );
}

#[test]
fn organization_tokens_are_refused_before_any_rotation() {
    let env = TestEnv::astro();
    env.run(&["workspace", "token", "rotate", ORG_TOKEN_ID, "-f"])
        .assert_error("the token selected is not of the type you are trying to modify");
    assert_eq!(
        env.request_lines(),
        [format!("GET {TOKENS}/{ORG_TOKEN_ID}")]
    );
}

#[test]
fn organization_tokens_by_name_are_refused_saying_what_they_are() {
    // Go's text first, then what the token is and what rotates it
    // (docs/compatibility.md#token-other-kind).
    let env = TestEnv::astro();
    env.run(&["workspace", "token", "rotate", "--name", "org-admin", "-f"])
        .assert_error("no Workspace API token was found for the API token name you provided. The token \"org-admin\" is an Organization token: rotate it with the Go CLI's astro organization token rotate --name \"org-admin\"");
    assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
}

#[test]
fn unknown_name_and_unknown_id() {
    let env = TestEnv::astro();
    env.run(&["workspace", "token", "rotate", "--name", "nope", "-f"])
        .assert_error(&format!("no Workspace API token was found for the API token name you provided: \"nope\". Run astro workspace token list to see the tokens of workspace {DEMO_WORKSPACE_ID}"));
    env.run(&["workspace", "token", "rotate", "clnope", "-f"])
        .assert_error(&format!("api token not found: \"clnope\". Run astro workspace token list to see the tokens of workspace {DEMO_WORKSPACE_ID}"));
    assert!(env.request_lines().iter().all(|l| !l.ends_with("/rotate")));
}

#[test]
fn duplicate_names_show_a_menu_of_the_matches() {
    let env = TestEnv::astro();
    let second = env.fake.with_state(|s| {
        s.add_workspace_token(DEMO_WORKSPACE_ID, "dup");
        s.add_workspace_token(DEMO_WORKSPACE_ID, "dup").id
    });
    let run = env.run_with_input(
        &["workspace", "token", "rotate", "--name", "dup", "-f"],
        "2\n",
    );
    assert!(run.stderr.ends_with("\n\n> \n"), "{run:?}");
    astro_snapshot!(env, run, [(secret_of(&env, &second), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----

    Astro Workspace API token dup was successfully rotated
    Copy and paste this API token for your records.

    [NEW_TOKEN]

    You will not be shown this API token value again.

    ----- stderr -----

    There are more than one API tokens with name dup. Please select an API token:
     #     ID                            NAME     DESCRIPTION     SCOPE         WORKSPACE ROLE       CREATED      CREATED BY     
     1     cl00000000000000000000001     dup                      WORKSPACE     WORKSPACE_MEMBER     Just now     Test User      
     2     cl00000000000000000000003     dup                      WORKSPACE     WORKSPACE_MEMBER     Just now     Test User      

    >
    "#);
    assert_eq!(
        env.request_lines().last().unwrap(),
        &format!("POST {TOKENS}/{second}/rotate")
    );
}

#[test]
fn menu_then_confirmation_from_piped_answers() {
    let env = TestEnv::astro();
    let run = env.run_with_input(&["workspace", "token", "rotate"], " 3 \nYes\n");
    // The question ends stderr with a space and a line break, which a snapshot does not show.
    assert!(run.stderr.ends_with(
        "\n> \nWARNING: API Token rotation will invalidate the current token and cannot be undone.\n\nAre you sure you want to rotate the nightly API token? (y/n) \n"
    ), "{run:?}");
    let nightly = "cltoknightly0000000000003";
    // Workspace tokens only, in server order, with role, age and creator filled in.
    astro_snapshot!(env, run, [(secret_of(&env, nightly), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----

    Astro Workspace API token nightly was successfully rotated
    Copy and paste this API token for your records.

    [NEW_TOKEN]

    You will not be shown this API token value again.

    ----- stderr -----

    Please select the Workspace API token you would like to rotate:
     #     ID                            NAME           DESCRIPTION                     SCOPE         WORKSPACE ROLE         CREATED         CREATED BY     
     1     cltokci000000000000000001     ci                                             WORKSPACE     WORKSPACE_MEMBER       30 days ago     Demo User      
     2     cltokdeploybot00000000002     deploy-bot     Deploys from GitHub Actions     WORKSPACE     WORKSPACE_OPERATOR     7 days ago      Demo User      
     3     cltoknightly0000000000003     nightly                                        WORKSPACE     WORKSPACE_AUTHOR       2 days ago      ci             

    > 
    WARNING: API Token rotation will invalidate the current token and cannot be undone.

    Are you sure you want to rotate the nightly API token? (y/n)
    "#);
    // The list held what rotation needs: no GET of the token itself.
    assert_eq!(
        env.request_lines(),
        [
            format!("GET {TOKENS}?limit=100&offset=0&workspaceId={DEMO_WORKSPACE_ID}"),
            format!("POST {TOKENS}/{nightly}/rotate"),
        ]
    );
}

#[test]
fn answering_no_cancels_with_exit_zero() {
    let env = TestEnv::astro();
    let before = secret_of(&env, CI_ID);
    let run = env.run_with_input(&["workspace", "token", "rotate", "--name", "ci"], "n\n");
    assert!(
        run.stderr.ends_with("(y/n) \nCanceling token rotation\n"),
        "{run:?}"
    );
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----

    ----- stderr -----
    WARNING: API Token rotation will invalidate the current token and cannot be undone.

    Are you sure you want to rotate the ci API token? (y/n) 
    Canceling token rotation
    "#);
    assert_eq!(secret_of(&env, CI_ID), before);
    assert!(env.request_lines().iter().all(|l| !l.ends_with("/rotate")));
}

#[test]
fn end_of_input_is_an_error_naming_the_flag_never_a_no() {
    let env = TestEnv::astro();
    let run = env.run(&["workspace", "token", "rotate", "--name", "ci"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.ends_with(
            "(y/n) \nError: rotation needs confirmation but there is no input: pass --force\n"
        ),
        "{run:?}"
    );

    let run = env.run(&["workspace", "token", "rotate", "--force"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(
            "\n> \nError: no token selected and no input to choose one: pass TOKEN_ID or --name\n"
        ),
        "{run:?}"
    );
    assert!(env.request_lines().iter().all(|l| !l.ends_with("/rotate")));
}

#[test]
fn a_wrong_menu_answer_is_the_go_error() {
    let env = TestEnv::astro();
    let run = env.run_with_input(&["workspace", "token", "rotate", "-f"], "9\n");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .ends_with("Error: invalid Workspace API token selection\n"),
        "{run:?}"
    );
}

#[test]
fn workspace_id_flag_before_or_after_the_subcommand() {
    let env = TestEnv::astro();
    let other = env
        .fake
        .with_state(|s| s.add_workspace_token("clwsother0000000000000001", "ci").id);
    for args in [
        [
            "workspace",
            "token",
            "--workspace-id",
            "clwsother0000000000000001",
            "rotate",
            "--name",
            "ci",
            "-f",
            "-c",
        ],
        [
            "workspace",
            "token",
            "rotate",
            "--name",
            "ci",
            "-f",
            "-c",
            "--workspace-id",
            "clwsother0000000000000001",
        ],
    ] {
        env.fake.clear_requests();
        let run = env.run(&args);
        insta::allow_duplicates! {
            astro_snapshot!(env, run, [(secret_of(&env, &other), "[NEW_TOKEN]")], @r#"
            success: true
            exit_code: 0
            ----- stdout -----
            [NEW_TOKEN]

            ----- stderr -----
            "#);
        }
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TOKENS}?limit=100&offset=0&workspaceId=clwsother0000000000000001"),
                format!("POST {TOKENS}/{other}/rotate"),
            ]
        );
    }
}

#[test]
fn no_workspace_anywhere_is_an_error_before_any_request() {
    let env = TestEnv::astro();
    let config = env
        .read_config()
        .replace(&format!("workspace = \"{DEMO_WORKSPACE_ID}\"\n"), "");
    env.write_config(&config);
    env.run(&["workspace", "token", "rotate", "--name", "ci", "-f"])
        .assert_error("no Workspace given: pass --workspace-id or run astro workspace switch");
    assert!(env.requests().is_empty());
}

#[test]
fn lists_spanning_pages_are_fetched_concurrently_after_page_one() {
    let env = TestEnv::astro();
    let last = env.fake.with_state(|s| {
        let mut last = String::new();
        for i in 0..250 {
            last = s
                .add_workspace_token(DEMO_WORKSPACE_ID, &format!("bench-{i}"))
                .id;
        }
        last
    });
    let run = env.run(&[
        "workspace",
        "token",
        "rotate",
        "--name",
        "bench-249",
        "-f",
        "-c",
    ]);
    astro_snapshot!(env, run, [(secret_of(&env, &last), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    [NEW_TOKEN]

    ----- stderr -----
    "#);
    let lines = env.request_lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        lines[0],
        format!("GET {TOKENS}?limit=100&offset=0&workspaceId={DEMO_WORKSPACE_ID}")
    );
    let mut later: Vec<&String> = lines[1..3].iter().collect();
    later.sort();
    assert_eq!(
        later,
        [
            &format!("GET {TOKENS}?limit=100&offset=100&workspaceId={DEMO_WORKSPACE_ID}"),
            &format!("GET {TOKENS}?limit=100&offset=200&workspaceId={DEMO_WORKSPACE_ID}"),
        ]
    );
    assert_eq!(lines[3], format!("POST {TOKENS}/{last}/rotate"));
}

#[test]
fn a_503_on_a_read_is_retried() {
    let env = TestEnv::astro();
    env.fake
        .inject(Fault::status(FaultTarget::rest("GET", "/tokens"), 503, 1));
    let run = env.run(&["workspace", "token", "rotate", "--name", "ci", "-f", "-c"]);
    astro_snapshot!(env, run, [(secret_of(&env, CI_ID), "[NEW_TOKEN]")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    [NEW_TOKEN]

    ----- stderr -----
    "#);
    let lines = env.request_lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0], lines[1], "the same GET again");
}

#[test]
fn a_dropped_connection_on_a_read_is_retried() {
    let env = TestEnv::astro();
    env.fake
        .inject(Fault::drop_connection(FaultTarget::rest("GET", CI_ID), 1));
    env.run(&["workspace", "token", "rotate", CI_ID, "-f", "-c"])
        .assert_ok();
    assert_eq!(env.requests().len(), 3);
}

#[test]
fn a_503_on_the_rotate_post_is_never_retried() {
    let env = TestEnv::astro();
    let before = secret_of(&env, CI_ID);
    env.fake
        .inject(Fault::status(FaultTarget::rest("POST", "/rotate"), 503, 1));
    env.run(&["workspace", "token", "rotate", "--name", "ci", "-f", "-c"])
        .assert_error("injected fault: status 503");
    let posts = env
        .request_lines()
        .into_iter()
        .filter(|l| l.starts_with("POST"))
        .count();
    assert_eq!(posts, 1);
    assert_eq!(secret_of(&env, CI_ID), before);
}

#[test]
fn a_dropped_rotate_post_is_an_error_and_not_sent_again() {
    let env = TestEnv::astro();
    env.fake.inject(Fault::drop_connection(
        FaultTarget::rest("POST", "/rotate"),
        1,
    ));
    let run = env.run(&["workspace", "token", "rotate", CI_ID, "-f", "-c"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
    assert!(
        run.stderr.starts_with(&format!(
            "Error: Post \"http://{}{TOKENS}/{CI_ID}/rotate\": ",
            env.astro_domain()
        )),
        "{run:?}"
    );
    assert_eq!(env.requests().len(), 2);
}

#[test]
fn error_bodies_without_a_message_fall_back_to_the_status() {
    let env = TestEnv::astro();
    env.fake.inject(Fault::status_body(
        FaultTarget::rest("GET", CI_ID),
        500,
        "{}",
        1,
    ));
    env.run(&["workspace", "token", "rotate", CI_ID, "-f"])
        .assert_error("failed to perform request, status 500");
}

#[test]
fn a_non_json_body_is_a_clear_error() {
    let env = TestEnv::astro();
    env.fake
        .inject(Fault::malformed(FaultTarget::rest("GET", CI_ID), 1));
    env.run(&["workspace", "token", "rotate", CI_ID, "-f"])
        .assert_error("failed to perform request, status 200");
}

#[test]
fn a_rejected_token_gives_the_server_message() {
    let env = TestEnv::astro();
    env.write_config(
        &env.read_config()
            .replace(DEFAULT_ASTRO_TOKEN, "Bearer wrong"),
    );
    // The server's word, then how to get a credential that works.
    env.run(&["workspace", "token", "rotate", CI_ID, "-f"])
        .assert_error(&format!(
            "Unauthorized: log in again: run astro login {}",
            env.astro_domain()
        ));
}

#[test]
fn a_rejected_api_token_says_which_variable_holds_it() {
    let env = TestEnv::astro();
    let token = jwt(&serde_json::json!({
        "permissions": [format!("workspaceId:{DEMO_WORKSPACE_ID}"), format!("organizationId:{DEFAULT_ORG_ID}")],
    }));
    let run = env
        .command(&["workspace", "token", "rotate", CI_ID, "-f"])
        .env("ASTRO_API_TOKEN", &token)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.ends_with("Error: Unauthorized: the API token in ASTRO_API_TOKEN was refused: check that it has not expired or been deleted, or unset ASTRO_API_TOKEN to use your login\n"),
        "{stderr}"
    );
}

#[test]
fn a_slow_server_times_out_with_a_hint() {
    let env = TestEnv::astro();
    env.write_config(
        &env.read_config()
            .replace("timeout_seconds = 20", "timeout_seconds = 1"),
    );
    env.fake.inject(Fault::delay(
        FaultTarget::rest("POST", "/rotate"),
        Duration::from_secs(3),
        1,
    ));
    let run = env.run(&["workspace", "token", "rotate", CI_ID, "-f", "-c"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
    assert!(
        run.stderr
            .contains("request timed out after 1s (http.timeout_seconds in the config)"),
        "{run:?}"
    );
}

#[test]
fn an_unreachable_server_is_a_clear_error() {
    let env = TestEnv::astro();
    let port = env.fake.addr().port();
    // Point the context at a port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = closed.local_addr().unwrap().port();
    drop(closed);
    env.write_config(
        &env.read_config()
            .replace(&port.to_string(), &dead.to_string()),
    );
    let run = env.run(&["workspace", "token", "rotate", CI_ID, "-f"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .starts_with(&format!("Error: Get \"http://127.0.0.1:{dead}/v1/")),
        "{run:?}"
    );
    // Which host, what happened and what to check; none of the HTTP stack's own words.
    assert!(
        run.stderr.contains(&format!(
            ": could not connect to 127.0.0.1:{dead}: the connection was refused; check the domain of the current context (astro context list) and your network or proxy settings (HTTPS_PROXY, NO_PROXY)\n"
        )),
        "{run:?}"
    );
    assert!(!run.stderr.contains("tcp connect"), "{run:?}");
    assert!(!run.stderr.contains("os error"), "{run:?}");
}

#[test]
fn astro_domain_naming_an_unknown_domain_says_so() {
    let mut env = TestEnv::astro();
    env.set_env("ASTRO_DOMAIN", "nosuch.example.com");
    env.run(&["workspace", "token", "rotate", CI_ID, "-f"])
        .assert_error("not connected, have you authenticated to Astro? ASTRO_DOMAIN=nosuch.example.com names a domain with no context: run astro login nosuch.example.com, or unset ASTRO_DOMAIN (astro context list shows the contexts)");
    assert!(env.requests().is_empty());
}

#[test]
fn debug_logs_requests_with_the_credentials_redacted() {
    let env = TestEnv::astro();
    let run = env.run(&[
        "--verbosity",
        "debug",
        "workspace",
        "token",
        "rotate",
        CI_ID,
        "-f",
        "-c",
    ]);
    run.assert_ok();
    assert!(
        run.stderr.contains(&format!(
            "> GET http://{}{TOKENS}/{CI_ID}",
            env.astro_domain()
        )),
        "{run:?}"
    );
    assert!(run.stderr.contains("authorization: <redacted>"), "{run:?}");
    assert!(!run.stderr.contains("astro-test-token"), "{run:?}");
    let secret = secret_of(&env, CI_ID);
    assert!(!run.stderr.contains(&secret), "{run:?}");
    assert_eq!(run.stdout, format!("{secret}\n"));
}

mod api_token {
    use super::*;

    fn api_token_env(claims: serde_json::Value) -> (TestEnv, String) {
        let token = jwt(&claims);
        (TestEnv::with_api_token_alone(&token), token)
    }

    #[test]
    fn claims_give_org_and_workspace_and_nothing_is_written() {
        let (env, token) = api_token_env(serde_json::json!({
            "permissions": [
                format!("organizationId:{DEFAULT_ORG_ID}"),
                format!("workspaceId:{DEMO_WORKSPACE_ID}"),
                "apiTokenId:whatever",
                "bogus"
            ],
            "exp": 4_102_444_800u64
        }));
        let run = env.run(&["workspace", "token", "rotate", "--name", "ci", "-f", "-c"]);
        assert_eq!(run.stderr, "Using an Astro API Token\n");
        astro_snapshot!(env, run, [(secret_of(&env, CI_ID), "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        [NEW_TOKEN]

        ----- stderr -----
        Using an Astro API Token
        "#);
        let expected = format!("Bearer {token}");
        assert!(
            env.requests()
                .iter()
                .all(|r| r.header("authorization") == Some(expected.as_str()))
        );
        assert!(
            !env.home.path().join(".astro").exists(),
            "no config written"
        );
    }

    #[test]
    fn expired_and_malformed_tokens_stop_the_command() {
        let (env, _) = api_token_env(serde_json::json!({"permissions": [], "exp": 1000}));
        let run = env.run(&["workspace", "token", "rotate", CI_ID, "-f"]);
        assert_eq!(
            run.stderr,
            "Using an Astro API Token\nError: API Token is expired: the token in the ASTRO_API_TOKEN environment variable has expired. Set it to a new one (astro workspace token rotate gives one), or unset it to use the login of the current context\n"
        );
        assert_eq!(run.code, 1);

        let mut env = env;
        env.set_env("ASTRO_API_TOKEN", "not-a-jwt");
        let run = env.run(&["workspace", "token", "rotate", CI_ID, "-f"]);
        assert_eq!(
            run.stderr,
            "Using an Astro API Token\nError: API Token is invalid or malformed: the ASTRO_API_TOKEN environment variable does not hold an Astro API token. Set it to a token that astro workspace token create printed, or unset it to use the login of the current context\n"
        );
        assert!(env.requests().is_empty());
    }
}
