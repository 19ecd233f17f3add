//! A workspace that was created is reported as created, even when the server's reply lacks its
//! ID: Go's success output, and a warning on stderr, never a plain failure that invites a second
//! create. docs/reliability.md#changes-reported-as-made names these tests.

use crate::common::*;

mod astro {
    use super::*;

    fn names(env: &TestEnv) -> Vec<String> {
        env.fake
            .with_state(|s| s.astro_workspaces.iter().map(|w| w.name.clone()).collect())
    }

    #[test]
    fn a_reply_without_an_id_prints_the_go_success_line_and_warns() {
        for edit in [
            Fault::omit_field(FaultTarget::rest("POST", "/workspaces"), "/id", 1),
            Fault::replace_field(
                FaultTarget::rest("POST", "/workspaces"),
                "/id",
                serde_json::json!(""),
                1,
            ),
        ] {
            let env = TestEnv::astro();
            env.fake.inject(edit);
            let run = env.run(&["workspace", "create", "--name", "data team"]);
            assert_eq!(
                (run.code, run.stdout.as_str(), run.stderr.as_str()),
                (
                    0,
                    "Astro Workspace data team was successfully created\n",
                    "Warning: the server's reply had no ID for the new Workspace data team: astro workspace list shows it\n"
                ),
                "{run:?}"
            );
            assert!(names(&env).contains(&"data team".to_string()));
            assert_eq!(env.requests().len(), 1, "never retried");
        }
    }

    #[test]
    fn json_names_the_workspace_sent_when_the_reply_lacks_it() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::omit_fields(
            FaultTarget::rest("POST", "/workspaces"),
            &["/id", "/name"],
            1,
        ));
        let run = env.run(&["workspace", "create", "--name", "data", "-o", "json"]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            run.stdout,
            "{\n  \"name\": \"data\",\n  \"id\": \"\",\n  \"isCurrent\": false\n}\n"
        );
        assert!(
            run.stderr
                .starts_with("Warning: the server's reply had no ID")
        );
    }

    #[test]
    fn a_whole_reply_prints_no_warning() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "create", "--name", "data"]);
        run.assert_ok();
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("Astro Workspace data was successfully created\n", "")
        );
    }
}

mod apc {
    use super::*;

    #[test]
    fn a_reply_without_an_id_prints_the_table_and_warns() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::omit_field(
            FaultTarget::graphql("createWorkspace"),
            "/data/createWorkspace/id",
            1,
        ));
        let run = env.run(&["workspace", "create", "--label", "data"]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            run.stdout,
            " NAME     ID     \n data            \n\n Successfully created workspace\n"
        );
        assert_eq!(
            run.stderr,
            "Warning: the server's reply had no ID for the new workspace data: astro workspace list shows it\n"
        );
        assert!(
            env.fake
                .with_state(|s| s.houston_workspaces.iter().any(|w| w.label == "data"))
        );
    }

    #[test]
    fn a_null_reply_says_to_look_before_creating_again() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::replace_field(
            FaultTarget::graphql("createWorkspace"),
            "/data/createWorkspace",
            serde_json::Value::Null,
            1,
        ));
        env.run(&["workspace", "create", "--label", "data"])
            .assert_error("the server accepted the workspace data, but its reply named no workspace: run astro workspace list to see it before creating it again");
        assert!(
            env.fake
                .with_state(|s| s.houston_workspaces.iter().any(|w| w.label == "data"))
        );
        assert_eq!(env.requests().len(), 1, "never retried");
    }
}
