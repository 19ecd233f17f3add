//! Tokens that warn: `token list` and `organization-token list` JSON carry `expiresAt`,
//! `lastUsedAt` and `lastRotatedAt`; `--expiring-within DAYS` keeps the tokens that expire within
//! DAYS days or already have, in the table and in JSON; the table without it stays Go's.

use std::time::{Duration, SystemTime};

use crate::common::*;
use fake_control_plane::{ApiTokenRole, rfc3339};
use serde_json::Value;

const DAY: u64 = 86_400;

/// Four Workspace tokens in the demo workspace: expired yesterday, expiring tomorrow, in a
/// year, never; and the same four as Organization tokens with a role there.
fn tokens_with_expiries(env: &TestEnv) {
    let now = SystemTime::now();
    let ends = [
        ("expired", Some(now - Duration::from_secs(DAY))),
        ("tomorrow", Some(now + Duration::from_secs(DAY - 3600))),
        ("next-year", Some(now + Duration::from_secs(365 * DAY))),
        ("never", None),
    ];
    env.fake.with_state(|s| {
        s.api_tokens.clear();
        for (name, end) in ends {
            let id = s.add_workspace_token(DEMO_WORKSPACE_ID, name).id;
            let org = s.add_organization_token(&format!("org-{name}")).id;
            for id in [id, org] {
                let t = s.token_mut(&id).unwrap();
                t.end_at = end.map(rfc3339);
                t.last_used_at = Some("2024-06-01T00:00:00Z".into());
                if t.scope == "ORGANIZATION" {
                    t.roles.push(ApiTokenRole::workspace(
                        DEMO_WORKSPACE_ID,
                        "WORKSPACE_MEMBER",
                    ));
                }
            }
        }
        if let Some(t) = s.api_tokens.iter_mut().find(|t| t.name == "next-year") {
            t.last_rotated_at = Some("2024-07-01T00:00:00Z".into());
        }
    });
}

fn names(run: &Run) -> Vec<String> {
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

/// The NAME column of a token table.
fn table_names(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(1).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn json_carries_expiry_last_use_and_last_rotation() {
    let env = TestEnv::astro();
    tokens_with_expiries(&env);
    let run = env.run(&["workspace", "token", "list", "-o", "json"]);
    run.assert_ok();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let by_name = |name: &str| {
        doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .cloned()
            .unwrap()
    };
    assert!(by_name("expired")["expiresAt"].is_string());
    assert_eq!(by_name("expired")["lastUsedAt"], "2024-06-01T00:00:00Z");
    assert!(by_name("never").get("expiresAt").is_none());
    assert_eq!(
        by_name("next-year")["lastRotatedAt"],
        "2024-07-01T00:00:00Z"
    );
    assert!(by_name("tomorrow").get("lastRotatedAt").is_none());
}

#[test]
fn expiring_within_keeps_expired_and_soon_expiring_tokens_in_table_and_json() {
    let env = TestEnv::astro();
    tokens_with_expiries(&env);
    let all = env.run(&["workspace", "token", "list"]);
    all.assert_ok();
    assert_eq!(all.stdout.lines().count(), 9, "{all:?}");

    let run = env.run(&["workspace", "token", "list", "--expiring-within", "7"]);
    run.assert_ok();
    // Go's columns in Go's places, as without the flag, then EXPIRES; fewer rows.
    fn header(r: &Run) -> Vec<String> {
        let first = r.stdout.lines().next().unwrap_or_default();
        first.split_whitespace().map(str::to_string).collect()
    }
    let mut expected = header(&all);
    expected.push("EXPIRES".into());
    assert_eq!(header(&run), expected);
    assert_eq!(
        table_names(&run),
        ["expired", "org-expired", "tomorrow", "org-tomorrow"]
    );

    let run = env.run(&[
        "workspace",
        "token",
        "list",
        "--expiring-within",
        "0",
        "--json",
    ]);
    run.assert_ok();
    assert_eq!(names(&run), ["expired", "org-expired"]);

    let run = env.run(&[
        "workspace",
        "token",
        "list",
        "--expiring-within",
        "400",
        "-o",
        "json",
    ]);
    assert_eq!(
        names(&run),
        [
            "expired",
            "org-expired",
            "tomorrow",
            "org-tomorrow",
            "next-year",
            "org-next-year"
        ]
    );
}

#[test]
fn organization_token_list_filters_the_same_way() {
    let env = TestEnv::astro();
    tokens_with_expiries(&env);
    let run = env.run(&[
        "workspace",
        "token",
        "organization-token",
        "list",
        "--expiring-within",
        "2",
        "--json",
    ]);
    run.assert_ok();
    assert_eq!(names(&run), ["org-expired", "org-tomorrow"]);
    let run = env.run(&[
        "workspace",
        "token",
        "organization-token",
        "list",
        "--expiring-within",
        "2",
    ]);
    run.assert_ok();
    assert_eq!(table_names(&run), ["org-expired", "org-tomorrow"]);
}

#[test]
fn a_bad_day_count_is_a_usage_error_before_any_request() {
    let env = TestEnv::astro();
    for bad in ["-1", "soon", "36501"] {
        let flag = format!("--expiring-within={bad}");
        let run = env.run(&["workspace", "token", "list", &flag]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains("--expiring-within"), "{run:?}");
    }
    assert!(env.requests().is_empty());
}
