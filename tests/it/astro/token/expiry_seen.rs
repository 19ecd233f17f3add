//! Expiry that can be seen: a token made with `--expiration` comes back with its end
//! (`expiresAt`), `--expiring-within` tables add an EXPIRES column (`in 3 days`, `2 days ago`)
//! while the table without the flag stays Go's, and token JSON carries the API's `kind`.

use crate::common::*;
use serde_json::Value;

const RELEASE_BOT: &str = "cltokreleasebot0000000005";
const LEGACY_CI: &str = "cltoklegacyci000000000006";

/// The demo state with the two tokens the sandbox's fake adds: `release-bot` ends in 3 days,
/// `legacy-ci` ended 2 days ago.
fn with_expiring_tokens() -> TestEnv {
    let env = TestEnv::astro();
    env.fake.with_state(|s| s.add_expiring_demo_tokens());
    env
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"))
}

#[test]
fn expiring_within_adds_an_expires_column_told_relative_to_now() {
    let env = with_expiring_tokens();
    let run = env.run(&["workspace", "token", "list", "--expiring-within", "30"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        format!(
            concat!(
                " ID                            NAME            DESCRIPTION     SCOPE         WORKSPACE ROLE       CREATED         CREATED BY     EXPIRES        \n",
                " {}     release-bot                     WORKSPACE     WORKSPACE_AUTHOR     26 days ago     Demo User      in 3 days      \n",
                " {}     legacy-ci                       WORKSPACE     WORKSPACE_MEMBER     92 days ago     Demo User      2 days ago     \n",
            ),
            RELEASE_BOT, LEGACY_CI
        ),
        "{run:?}"
    );
    assert_eq!(run.stderr, "");

    // Organization tokens get the same column.
    env.fake.with_state(|s| {
        let t = s.token_mut(RELEASE_BOT).unwrap();
        t.scope = "ORGANIZATION".into();
    });
    let run = env.run(&[
        "workspace",
        "token",
        "organization-token",
        "list",
        "--expiring-within",
        "30",
    ]);
    run.assert_ok();
    let mut lines = run.stdout.lines();
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .trim_end()
            .ends_with("EXPIRES"),
        "{run:?}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(row.contains("release-bot"), "{run:?}");
    assert!(row.trim_end().ends_with("in 3 days"), "{run:?}");
    assert_eq!(lines.next(), None, "{run:?}");
}

#[test]
fn without_the_flag_the_table_is_gos_and_json_is_the_same_with_or_without_it() {
    let env = with_expiring_tokens();
    let run = env.run(&["workspace", "token", "list"]);
    run.assert_ok();
    assert!(!run.stdout.contains("EXPIRES"), "{run:?}");
    assert!(!run.stdout.contains("in 3 days"), "{run:?}");
    assert_eq!(
        run.stdout.lines().count(),
        7,
        "header and six tokens: {run:?}"
    );
    assert!(
        run.stdout
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .ends_with("CREATED BY"),
        "{run:?}"
    );

    let filtered = env.run(&[
        "workspace",
        "token",
        "list",
        "--expiring-within",
        "30",
        "-o",
        "json",
    ]);
    filtered.assert_ok();
    let doc = json(&filtered);
    let tokens = doc["tokens"].as_array().unwrap();
    let names: Vec<&str> = tokens.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["release-bot", "legacy-ci"]);
    // No relative text in JSON: the time itself, as the API sent it.
    assert!(tokens.iter().all(|t| t["expiresAt"].is_string()));
    assert!(tokens.iter().all(|t| t.get("expires").is_none()));
}

#[test]
fn a_token_made_with_an_expiration_comes_back_with_its_end_and_is_listed_as_expiring() {
    let env = TestEnv::astro();
    let run = env.run(&[
        "workspace",
        "token",
        "create",
        "-n",
        "ten-days",
        "-r",
        "WORKSPACE_MEMBER",
        "-e",
        "10",
        "-o",
        "json",
    ]);
    run.assert_ok();
    let made = json(&run);
    let end_at = env.fake.with_state(|s| {
        s.api_tokens
            .iter()
            .find(|t| t.name == "ten-days")
            .and_then(|t| t.end_at.clone())
    });
    let end_at = end_at.expect("the fake keeps the end of a token made with an expiry");
    assert_eq!(made["expiresAt"], end_at.as_str(), "{run:?}");
    let requests = env.requests();
    assert!(
        requests[0]
            .body
            .ends_with(r#""tokenExpiryPeriodInDays":10}"#),
        "{requests:?}"
    );

    let within = env.run(&["workspace", "token", "list", "--expiring-within", "30"]);
    within.assert_ok();
    let rows: Vec<&str> = within.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{within:?}");
    assert!(rows[0].contains("ten-days"), "{within:?}");
    assert!(rows[0].trim_end().ends_with("in 10 days"), "{within:?}");

    let not_yet = env.run(&["workspace", "token", "list", "--expiring-within", "5"]);
    not_yet.assert_ok();
    assert_eq!(
        not_yet.stdout.lines().count(),
        1,
        "header only: {not_yet:?}"
    );

    // A token made without one never expires: no expiresAt, and never listed as expiring.
    let run = env.run(&[
        "workspace",
        "token",
        "create",
        "-n",
        "forever",
        "-r",
        "WORKSPACE_MEMBER",
        "-o",
        "json",
    ]);
    run.assert_ok();
    assert!(json(&run).get("expiresAt").is_none(), "{run:?}");
}

#[test]
fn token_json_carries_the_apis_kind_when_it_sends_one() {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        s.token_mut("cltoknightly0000000000003").unwrap().kind = "DIRECT_ACCESS".into();
        s.token_mut("cltokci000000000000000001").unwrap().kind = String::new();
    });
    let run = env.run(&["workspace", "token", "list", "--json"]);
    run.assert_ok();
    let doc = json(&run);
    let kind = |name: &str| {
        doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t.get("kind").cloned())
            .unwrap()
    };
    assert_eq!(kind("deploy-bot"), Some(Value::from("STANDARD")));
    assert_eq!(kind("nightly"), Some(Value::from("DIRECT_ACCESS")));
    assert_eq!(kind("ci"), None, "an empty kind is left out");

    let run = env.run(&[
        "workspace",
        "token",
        "organization-token",
        "list",
        "-o",
        "json",
    ]);
    run.assert_ok();
    assert_eq!(json(&run)["tokens"][0]["kind"], "STANDARD", "{run:?}");
}
