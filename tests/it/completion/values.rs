//! Tab completes the values of every argument that has a natural set (docs/compatibility.md#completion):
//! context domains, `config` keys, workspace names (quoted for bash), tokens scoped by a
//! `--workspace-id` typed earlier on the line, Organization tokens and service accounts. Driven
//! through a real bash, as a person's Tab; none of it sends a request.
#![cfg(unix)]

use crate::common::*;

/// The candidates of each line, separated by `|`.
fn bash_complete(env: &TestEnv, lines: &[&str]) -> Vec<String> {
    super::bash_complete_joined(env, lines, '|')
}

/// The values among the candidates: after a space, clap offers the flags too.
fn values(answers: Vec<String>) -> Vec<String> {
    answers
        .iter()
        .map(|a| {
            let kept: Vec<&str> = a.split('|').filter(|c| !c.starts_with('-')).collect();
            kept.join("|")
        })
        .collect()
}

#[test]
fn contexts_and_config_keys() {
    let env = TestEnv::astro();
    let answers = values(bash_complete(
        &env,
        &[
            "astro context switch ",
            "astro context delete l",
            "astro logout 1",
            "astro config get h",
            "astro config set p",
        ],
    ));
    let mut domains: Vec<&str> = answers[0].split('|').collect();
    domains.sort();
    let mut expected = [env.astro_domain(), env.apc_domain()];
    expected.sort();
    assert_eq!(domains, expected);
    assert_eq!(answers[1], env.apc_domain());
    assert_eq!(answers[2], env.astro_domain());
    assert_eq!(
        answers[3],
        "houston.dial_timeout|houston.skip_verify_tls|http.timeout_seconds"
    );
    assert_eq!(answers[4], "page_size");
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

const TEAM_WS: &str = "clwsteam00000000000000000";

#[test]
fn a_name_with_a_space_is_offered_escaped_and_workspace_id_scopes_the_tokens() {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        s.add_astro_workspace(TEAM_WS, "My Team");
        s.add_workspace_token(TEAM_WS, "team-bot");
    });
    env.run(&["workspace", "list"]).assert_ok();
    env.run(&["workspace", "token", "list"]).assert_ok();
    env.run(&["workspace", "token", "list", "-w", TEAM_WS])
        .assert_ok();
    env.fake.clear_requests();
    let answers = bash_complete(
        &env,
        &[
            "astro workspace switch M",
            "astro workspace token rotate --name ",
            &format!("astro workspace token rotate --workspace-id {TEAM_WS} --name "),
            &format!("astro workspace token -w {TEAM_WS} delete -t "),
            &format!("astro workspace token update --workspace-id={TEAM_WS} -t t"),
            // The workspace flag's own value is not a scope yet.
            "astro workspace token rotate -w ",
        ],
    );
    assert_eq!(answers[0], r"My\ Team");
    assert_eq!(answers[1], "ci|deploy-bot|nightly");
    assert_eq!(answers[2], "team-bot");
    assert_eq!(answers[3], "team-bot");
    assert_eq!(answers[4], "team-bot");
    assert!(
        answers[5].split('|').any(|w| w == TEAM_WS) && answers[5].contains(r"My\ Team"),
        "{}",
        answers[5]
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[test]
fn organization_tokens_after_organization_token_list() {
    let env = TestEnv::astro();
    let lines = [
        "astro workspace token organization-token remove ",
        "astro workspace token organization-token update --org-token-name ",
    ];
    assert_eq!(values(bash_complete(&env, &lines)), ["", ""]);
    env.run(&["workspace", "token", "organization-token", "list"])
        .assert_ok();
    env.fake.clear_requests();
    assert_eq!(
        values(bash_complete(&env, &lines)),
        ["cltokorgadmin000000000004", "org-admin"]
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[test]
fn service_accounts_after_service_account_get() {
    let env = TestEnv::apc();
    let lines = [
        "astro workspace service-account delete ",
        "astro workspace service-account get cksa",
    ];
    assert_eq!(values(bash_complete(&env, &lines)), ["", ""]);
    env.run(&["workspace", "service-account", "get"])
        .assert_ok();
    env.fake.clear_requests();
    let both = "cksa000000000000000000001|cksa000000000000000000002";
    assert_eq!(values(bash_complete(&env, &lines)), [both, both]);
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}
