//! Lists never stop early and never turn a missing answer into an empty success: pages are
//! followed until `totalCount` (the offset moves by the items received), a server that caps
//! its pages still gives the whole list in server order, and a list that cannot be completed
//! (a server that stops, a page that keeps failing, a null list) is an error with nothing on
//! stdout. Houston replies without data, and service-account mutations that answer without
//! the account, are errors naming what is missing.

use crate::common::*;
use fake_control_plane::{ApiTokenRole, PagingQuirks, WorkspaceRole};

/// Every paged Astro list, in JSON and as a table.
const LISTS: [&[&str]; 5] = [
    &["workspace", "list"],
    &["workspace", "token", "list"],
    &["workspace", "user", "list"],
    &["workspace", "team", "list"],
    &["workspace", "token", "organization-token", "list"],
];

/// The demo seed plus enough in the current workspace that every list spans pages of two.
fn seeded() -> TestEnv {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        for i in 0..3 {
            s.add_astro_workspace(&format!("clwsextra{i:017}"), &format!("extra-{i}"));
            s.add_workspace_token(DEMO_WORKSPACE_ID, &format!("extra-{i}"));
            let org = s.add_organization_token(&format!("org-extra-{i}")).id;
            s.token_mut(&org)
                .unwrap()
                .roles
                .push(ApiTokenRole::workspace(
                    DEMO_WORKSPACE_ID,
                    "WORKSPACE_MEMBER",
                ));
            let user = s
                .add_astro_user(&format!("extra{i}@example.com"), &format!("Extra {i}"))
                .id;
            let user = s.astro_users.iter_mut().find(|u| u.id == user).unwrap();
            user.workspace_roles = vec![WorkspaceRole::new(DEMO_WORKSPACE_ID, "WORKSPACE_MEMBER")];
            let team = s.add_astro_team(&format!("extra-team-{i}")).id;
            let team = s.astro_teams.iter_mut().find(|t| t.id == team).unwrap();
            team.workspace_roles = vec![WorkspaceRole::new(DEMO_WORKSPACE_ID, "WORKSPACE_MEMBER")];
        }
    });
    env
}

fn with_json(list: &[&str]) -> Vec<String> {
    list.iter()
        .map(|a| a.to_string())
        .chain(["--json".to_string()])
        .collect()
}

/// The `offset` of every list request, in the order sent.
fn offsets(env: &TestEnv) -> Vec<usize> {
    env.requests()
        .iter()
        .filter_map(|r| {
            r.query
                .iter()
                .find(|(k, _)| k == "offset")
                .and_then(|(_, o)| o.parse().ok())
        })
        .collect()
}

fn quirks(env: &TestEnv, quirks: PagingQuirks) {
    env.fake.with_state(|s| s.paging = quirks);
}

#[test]
fn a_server_that_caps_its_pages_still_gives_the_whole_list_in_order() {
    let env = seeded();
    for list in LISTS {
        quirks(&env, PagingQuirks::default());
        let whole = env.run_strings(&with_json(list));
        whole.assert_ok();
        let count = whole.stdout.matches("\"id\"").count();
        assert!(count >= 4, "{list:?}: {}", whole.stdout);
        let table = env.run(list);
        table.assert_ok();

        // The server answers two items a page, whatever the limit asked for.
        quirks(
            &env,
            PagingQuirks {
                max_page: Some(2),
                ..PagingQuirks::default()
            },
        );
        env.fake.clear_requests();
        let paged = env.run_strings(&with_json(list));
        paged.assert_ok();
        assert_eq!(paged.stdout, whole.stdout, "{list:?}");
        let mut sent = offsets(&env);
        assert_eq!(sent[0], 0, "{list:?}: page one first");
        sent.sort();
        // organization-token list keeps the ORGANIZATION tokens of a longer list.
        assert!(sent.len() >= count.div_ceil(2), "{list:?}: {sent:?}");
        let expected: Vec<usize> = (0..sent.len()).map(|p| p * 2).collect();
        assert_eq!(
            sent, expected,
            "{list:?}: the offset moves by the items received"
        );
        let paged_table = env.run(list);
        assert_eq!(paged_table.stdout, table.stdout, "{list:?}");
    }
}

#[test]
fn a_short_page_in_the_middle_moves_the_offset_by_what_it_held() {
    let env = seeded();
    for list in LISTS {
        quirks(&env, PagingQuirks::default());
        let whole = env.run_strings(&with_json(list));
        whole.assert_ok();
        // Pages of two, but the page at offset 2 holds one item.
        quirks(
            &env,
            PagingQuirks {
                max_page: Some(2),
                short_at: Some(2),
                ..PagingQuirks::default()
            },
        );
        env.fake.clear_requests();
        let paged = env.run_strings(&with_json(list));
        paged.assert_ok();
        assert_eq!(paged.stdout, whole.stdout, "{list:?}");
        assert!(offsets(&env).contains(&3), "{list:?}: {:?}", offsets(&env));
    }
}

#[test]
fn switch_by_the_id_of_a_workspace_on_a_later_page() {
    let env = seeded();
    quirks(
        &env,
        PagingQuirks {
            max_page: Some(1),
            ..PagingQuirks::default()
        },
    );
    // Sorted by name, "sandbox" is the last workspace.
    let run = env.run(&[
        "workspace",
        "switch",
        fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID,
    ]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains(fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID),
        "{run:?}"
    );
}

/// `quirks` make every list fail: exit 1, `message` on stderr, nothing on stdout.
fn every_list_fails(quirk: PagingQuirks, message: &str) {
    let env = seeded();
    quirks(&env, quirk);
    for list in LISTS {
        for args in [
            with_json(list),
            list.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        ] {
            let run = env.run_strings(&args);
            assert_eq!(run.code, 1, "{args:?}: {run:?}");
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.starts_with("Error: ") && run.stderr.contains(message),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_server_that_stops_before_total_count_is_an_error() {
    every_list_fails(
        PagingQuirks {
            max_page: Some(2),
            stop_at: Some(2),
            ..PagingQuirks::default()
        },
        "after 2 of ",
    );
    every_list_fails(
        PagingQuirks {
            stop_at: Some(0),
            ..PagingQuirks::default()
        },
        "the server stopped sending",
    );
}

#[test]
fn a_page_that_fails_after_retries_is_an_error() {
    every_list_fails(
        PagingQuirks {
            max_page: Some(2),
            fail_offset: Some(2),
            ..PagingQuirks::default()
        },
        "injected fault: page unavailable",
    );
    // The failing page was asked three times (503 is retried twice), the others once.
    let env = seeded();
    quirks(
        &env,
        PagingQuirks {
            max_page: Some(2),
            fail_offset: Some(2),
            ..PagingQuirks::default()
        },
    );
    env.run(&["workspace", "list"]);
    assert_eq!(offsets(&env).iter().filter(|o| **o == 2).count(), 3);
}

#[test]
fn a_null_list_with_a_total_is_an_error_naming_it() {
    every_list_fails(
        PagingQuirks {
            null_items: true,
            ..PagingQuirks::default()
        },
        "the server returned no ",
    );
    let env = seeded();
    quirks(
        &env,
        PagingQuirks {
            null_items: true,
            ..PagingQuirks::default()
        },
    );
    env.run(&["workspace", "token", "list"]).assert_error(
        "the server returned no tokens although it counts 10: the list is incomplete, so nothing is shown; try again",
    );
}

#[test]
fn a_null_list_that_counts_nothing_is_an_empty_list() {
    let env = TestEnv::astro();
    env.fake.with_state(|s| {
        s.api_tokens.clear();
        s.paging.null_items = true;
    });
    let run = env.run(&["workspace", "token", "list", "--json"]);
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "tokens": []
    }

    ----- stderr -----
    "#);
}

mod houston {
    use super::*;
    use fake_control_plane::DEMO_HOUSTON_WORKSPACE_ID;

    /// Every Private Cloud list and the root field of its operation.
    const LISTS: [(&[&str], &str); 6] = [
        (&["workspace", "list"], "workspaces"),
        (&["workspace", "user", "list"], "workspaceUsers"),
        (
            &["workspace", "user", "list", "--paginated"],
            "paginatedWorkspaceUsers",
        ),
        (&["workspace", "team", "list"], "workspaceTeams"),
        (&["workspace", "sa", "get"], "workspaceServiceAccounts"),
        (
            &["workspace", "switch", "--paginated"],
            "paginatedWorkspaces",
        ),
    ];

    #[test]
    fn data_null_without_errors_is_an_error_on_every_list() {
        let env = TestEnv::apc();
        for (args, field) in LISTS {
            env.fake.inject(Fault::status_body(
                FaultTarget::graphql(field),
                200,
                r#"{"data":null}"#,
                1,
            ));
            let run = env.run(args);
            assert_eq!(run.code, 1, "{args:?}: {run:?}");
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.ends_with(&format!(
                    "Error: the server returned no data for {field} and no error\n"
                )),
                "{args:?}: {}",
                run.stderr
            );
        }
    }

    #[test]
    fn a_null_list_is_an_error_on_every_list() {
        let env = TestEnv::apc();
        for (args, field) in LISTS {
            env.fake.inject(Fault::status_body(
                FaultTarget::graphql(field),
                200,
                &format!(r#"{{"data":{{"{field}":null}}}}"#),
                1,
            ));
            let run = env.run(args);
            assert_eq!(run.code, 1, "{args:?}: {run:?}");
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.contains(&format!("({field} was null)")),
                "{args:?}: {}",
                run.stderr
            );
        }
    }

    const MUTATIONS: [(&[&str], &str); 2] = [
        (
            &["workspace", "sa", "create", "-l", "deployer"],
            "createWorkspaceServiceAccount",
        ),
        (
            &["workspace", "sa", "delete", "cksa000000000000000000001"],
            "deleteWorkspaceServiceAccount",
        ),
    ];

    #[test]
    fn a_service_account_mutation_without_the_account_is_an_error() {
        let env = TestEnv::apc();
        for (args, field) in MUTATIONS {
            for answer in [
                format!(r#"{{"data":{{"{field}":null}}}}"#),
                format!(r#"{{"data":{{"{field}":{{}}}}}}"#),
                format!(r#"{{"data":{{"{field}":{{"label":"x","id":null}}}}}}"#),
                r#"{"data":null}"#.to_string(),
            ] {
                env.fake.inject(Fault::status_body(
                    FaultTarget::graphql(field),
                    200,
                    &answer,
                    1,
                ));
                let run = env.run(args);
                assert_eq!(run.code, 1, "{answer}: {run:?}");
                assert_eq!(run.stdout, "", "{answer}");
                // A create whose reply lacks the account says the server took it, so that it
                // is not created twice (docs/reliability.md#changes-reported-as-made).
                let expected = if field == "createWorkspaceServiceAccount"
                    && answer != r#"{"data":null}"# {
                    "Error: the server accepted the service account deployer, but its reply named no ID for it"
                } else {
                    "Error: the server returned no "
                };
                assert!(run.stderr.contains(expected), "{answer}: {}", run.stderr);
            }
        }
        // Nothing was created or deleted by the fake: every answer above was injected.
        env.fake.with_state(|s| {
            assert_eq!(s.service_accounts_in(DEMO_HOUSTON_WORKSPACE_ID).len(), 2);
        });
    }

    #[test]
    fn an_account_whose_fields_are_empty_strings_is_still_an_answer() {
        let env = TestEnv::apc();
        let (create, create_field) = MUTATIONS[0];
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql(create_field),
            200,
            &format!(
                r#"{{"data":{{"{create_field}":{{"id":"","label":"","category":"","apiKey":""}}}}}}"#
            ),
            1,
        ));
        let run = env.run(create);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME     CATEGORY     ID     APIKEY     
                                                 

         Service account successfully created.

        ----- stderr -----
        "#);
        let (delete, delete_field) = MUTATIONS[1];
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql(delete_field),
            200,
            &format!(r#"{{"data":{{"{delete_field}":{{"id":"","label":""}}}}}}"#),
            1,
        ));
        let run = env.run(delete);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Service Account  () successfully deleted

        ----- stderr -----
        "#);
    }
}
