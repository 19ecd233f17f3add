//! A value the server will not show again (a new token, a service account's API key) reaches
//! stdout, or the command fails loudly and says what was done on the server and how to recover;
//! a change that was made is reported as made even when the reply lacks a part.
//! docs/reliability.md#secrets-reach-you and #changes-reported-as-made name these tests.
//!
//! Each stream condition is a real process: stdout closed before exec, a pipe whose reader was
//! closed before the command started, `/dev/full`, and `/dev/null` (which is not a failure).
#![cfg(unix)]

use crate::common::*;
use std::process::Stdio;

const CI_ID: &str = "cltokci000000000000000001";

/// Where the command's stdout goes.
#[derive(Debug, Clone, Copy)]
enum Out {
    /// fd 1 closed before exec, as `astro … >&-` does.
    Closed,
    /// A pipe whose read end was closed before the command started: every write is EPIPE.
    ReaderGone,
    /// `>/dev/full`: every write is ENOSPC (Linux).
    Full,
    /// `>/dev/null`, chosen by the user.
    Null,
}

/// The text of the stream's error, as astro shows it after "could not be written to stdout: ".
fn reason(out: Out) -> &'static str {
    match out {
        Out::Closed => "it was closed when astro started",
        Out::ReaderGone => "Broken pipe (os error 32)",
        Out::Full => "No space left on device (os error 28)",
        Out::Null => unreachable!("writing to /dev/null succeeds"),
    }
}

/// The conditions a test runs under: `/dev/full` exists on Linux only.
fn failing_outputs() -> Vec<Out> {
    let mut outs = vec![Out::Closed, Out::ReaderGone];
    if cfg!(target_os = "linux") {
        outs.push(Out::Full);
    }
    outs
}

/// Runs astro with stdin closed, stdout as `out`, stderr captured.
fn run_to(env: &TestEnv, args: &[&str], out: Out) -> Run {
    use std::os::unix::process::CommandExt;
    let mut command = env.command(args);
    command.stdin(Stdio::null()).stderr(Stdio::piped());
    match out {
        Out::Closed => {
            command.stdout(Stdio::null());
            // SAFETY: only close(2), which is async-signal-safe, runs between fork and exec;
            // it runs after the standard streams were set up, so fd 1 is closed at exec.
            unsafe {
                command.pre_exec(|| {
                    libc::close(1);
                    Ok(())
                });
            }
        }
        Out::ReaderGone => {
            let (reader, writer) = std::io::pipe().expect("pipe");
            // Closed before the child exists: nobody can ever read what it writes.
            drop(reader);
            command.stdout(Stdio::from(writer));
        }
        Out::Full => {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full");
            command.stdout(Stdio::from(full));
        }
        Out::Null => {
            command.stdout(Stdio::null());
        }
    }
    let output = command.output().expect("run astro");
    Run::from(output)
}

fn rotate_again(id: &str) -> String {
    format!("astro workspace token rotate {id} --workspace-id {DEMO_WORKSPACE_ID}")
}

mod rotate {
    use super::*;

    fn rotate_args(form: &str) -> Vec<&str> {
        let mut args = vec!["workspace", "token", "rotate", "--name", "ci", "--force"];
        match form {
            "clean" => args.push("--clean-output"),
            "json" => args.extend(["-o", "json"]),
            _ => {}
        }
        args
    }

    #[test]
    fn a_new_value_that_cannot_be_written_is_a_loud_failure_in_every_form() {
        for out in failing_outputs() {
            for form in ["clean", "plain", "json"] {
                let env = TestEnv::astro();
                let before = secret_of(&env, CI_ID);
                let run = run_to(&env, &rotate_args(form), out);
                assert_eq!(run.code, 1, "{out:?} {form}: {run:?}");
                assert_eq!(
                    run.stderr,
                    format!(
                        "Error: the token ci ({CI_ID}) was rotated, but it could not be written to stdout: {}; the old value no longer works, rotate again: {}\n",
                        reason(out),
                        rotate_again(CI_ID)
                    ),
                    "{out:?} {form}"
                );
                assert_ne!(
                    secret_of(&env, CI_ID),
                    before,
                    "{out:?} {form}: the server did rotate"
                );
                assert_eq!(
                    env.request_lines().last().map(String::as_str),
                    Some(format!("POST {TOKENS}/{CI_ID}/rotate").as_str())
                );
            }
        }
    }

    #[test]
    fn closed_by_the_shell_is_a_loud_failure() {
        // As a user writes it: `sh -c 'exec astro … >&-'`.
        let env = TestEnv::astro();
        let before = secret_of(&env, CI_ID);
        let astro = env.command(&rotate_args("clean"));
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg("exec \"$0\" \"$@\" >&-")
            .arg(astro.get_program())
            .args(astro.get_args())
            .env_clear();
        for (name, value) in astro.get_envs() {
            if let Some(value) = value {
                sh.env(name, value);
            }
        }
        let output = sh
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run sh");
        let run = Run::from(output);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                1,
                format!(
                    "Error: the token ci ({CI_ID}) was rotated, but it could not be written to stdout: it was closed when astro started; the old value no longer works, rotate again: {}\n",
                    rotate_again(CI_ID)
                )
                .as_str()
            ),
            "{run:?}"
        );
        assert_ne!(secret_of(&env, CI_ID), before, "the server did rotate");
    }

    #[test]
    fn dev_null_chosen_by_the_user_is_not_a_failure() {
        // Rotating only to revoke a leaked value is a real use.
        for form in ["clean", "plain", "json"] {
            let env = TestEnv::astro();
            let before = secret_of(&env, CI_ID);
            let run = run_to(&env, &rotate_args(form), Out::Null);
            assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{form}: {run:?}");
            assert_ne!(secret_of(&env, CI_ID), before, "{form}");
        }
    }

    #[test]
    fn a_reply_without_the_new_value_says_the_token_was_rotated() {
        let env = TestEnv::astro();
        let before = secret_of(&env, CI_ID);
        env.fake.inject(Fault::omit_field(
            FaultTarget::rest("POST", "/rotate"),
            "/token",
            1,
        ));
        env.run(&rotate_args("clean")).assert_error(&format!(
            "the token ci ({CI_ID}) was rotated, but the server's reply had no token value; the old value no longer works, rotate again: {}",
            rotate_again(CI_ID)
        ));
        assert_ne!(secret_of(&env, CI_ID), before, "the server did rotate");
        // The command it names works.
        let run = env.run(&[
            "workspace",
            "token",
            "rotate",
            CI_ID,
            "--workspace-id",
            DEMO_WORKSPACE_ID,
            "--force",
            "--clean-output",
        ]);
        run.assert_ok();
        assert_eq!(run.stdout, format!("{}\n", secret_of(&env, CI_ID)));
    }

    #[test]
    fn an_empty_value_in_the_reply_is_missing_too() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::replace_field(
            FaultTarget::rest("POST", "/rotate"),
            "/token",
            serde_json::json!(""),
            1,
        ));
        let run = env.run(&rotate_args("json"));
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
        assert!(
            run.stderr
                .contains("was rotated, but the server's reply had no token value"),
            "{run:?}"
        );
    }
}

mod create {
    use super::*;

    fn create_args(form: &str) -> Vec<&str> {
        let mut args = vec![
            "workspace",
            "token",
            "create",
            "--name",
            "deploy bot",
            "--role",
            "WORKSPACE_MEMBER",
        ];
        match form {
            "clean" => args.push("--clean-output"),
            "json" => args.extend(["-o", "json"]),
            _ => {}
        }
        args
    }

    /// The token the fake created last: its ID, name and value.
    fn last_created(env: &TestEnv) -> (String, String, String) {
        env.fake.with_state(|s| {
            let t = s.api_tokens.last().expect("a token");
            (t.id.clone(), t.name.clone(), t.token.clone())
        })
    }

    #[test]
    fn a_new_value_that_cannot_be_written_is_a_loud_failure_in_every_form() {
        for out in failing_outputs() {
            for form in ["clean", "plain", "json"] {
                let env = TestEnv::astro();
                let count = env.fake.with_state(|s| s.api_tokens.len());
                let run = run_to(&env, &create_args(form), out);
                let (id, name, _) = last_created(&env);
                assert_eq!(
                    (name.as_str(), env.fake.with_state(|s| s.api_tokens.len())),
                    ("deploy bot", count + 1),
                    "{out:?} {form}: the server did create it"
                );
                assert_eq!(run.code, 1, "{out:?} {form}: {run:?}");
                assert_eq!(
                    run.stderr,
                    format!(
                        "Error: the token deploy bot ({id}) was created, but it could not be written to stdout: {}; its value cannot be shown again, rotate it to get a new one: {}\n",
                        reason(out),
                        rotate_again(&id)
                    ),
                    "{out:?} {form}"
                );
            }
        }
    }

    #[test]
    fn dev_null_chosen_by_the_user_is_not_a_failure() {
        let env = TestEnv::astro();
        let run = run_to(&env, &create_args("clean"), Out::Null);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
        assert_eq!(last_created(&env).1, "deploy bot");
    }

    #[test]
    fn a_reply_without_the_value_says_the_token_was_created_and_how_to_get_one() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::omit_field(
            FaultTarget::rest("POST", "/tokens"),
            "/token",
            1,
        ));
        let run = env.run(&create_args("clean"));
        let (id, name, _) = last_created(&env);
        assert_eq!(name, "deploy bot", "the server did create it");
        run.assert_error(&format!(
            "the token deploy bot ({id}) was created, but the server's reply had no token value; its value cannot be shown again, rotate it to get a new one: {}",
            rotate_again(&id)
        ));
    }

    #[test]
    fn a_reply_without_value_or_id_names_the_token_by_name() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::omit_fields(
            FaultTarget::rest("POST", "/tokens"),
            &["/token", "/id"],
            1,
        ));
        env.run(&create_args("plain")).assert_error(&format!(
            "the token deploy bot was created, but the server's reply had no token value; its value cannot be shown again, rotate it to get a new one: astro workspace token rotate --name 'deploy bot' --workspace-id {DEMO_WORKSPACE_ID}"
        ));
        assert_eq!(
            last_created(&env).1,
            "deploy bot",
            "the server did create it"
        );
    }
}

mod service_account {
    use super::*;

    fn create_args(json: bool) -> Vec<&'static str> {
        let mut args = vec![
            "workspace",
            "service-account",
            "create",
            "--label",
            "deployer",
        ];
        if json {
            args.extend(["-o", "json"]);
        }
        args
    }

    /// The account the fake created last: its ID and label.
    fn last_created(env: &TestEnv) -> (String, String) {
        env.fake.with_state(|s| {
            let sa = s.service_accounts.last().expect("an account");
            (sa.id.clone(), sa.label.clone())
        })
    }

    fn get_command(id: &str) -> String {
        format!(
            "astro workspace service-account get {id} --workspace-id {DEMO_HOUSTON_WORKSPACE_ID}"
        )
    }

    #[test]
    fn an_api_key_that_cannot_be_written_is_a_loud_failure_in_both_forms() {
        for out in failing_outputs() {
            for json in [false, true] {
                let env = TestEnv::apc();
                let count = env.fake.with_state(|s| s.service_accounts.len());
                let run = run_to(&env, &create_args(json), out);
                let (id, label) = last_created(&env);
                assert_eq!(
                    (
                        label.as_str(),
                        env.fake.with_state(|s| s.service_accounts.len())
                    ),
                    ("deployer", count + 1),
                    "{out:?} json={json}: the server did create it"
                );
                assert_eq!(run.code, 1, "{out:?} json={json}: {run:?}");
                assert_eq!(
                    run.stderr,
                    format!(
                        "Error: the service account deployer ({id}) was created, but it could not be written to stdout: {}; {} shows its API key\n",
                        reason(out),
                        get_command(&id)
                    ),
                    "{out:?} json={json}"
                );
            }
        }
    }

    #[test]
    fn dev_null_chosen_by_the_user_is_not_a_failure() {
        let env = TestEnv::apc();
        let run = run_to(&env, &create_args(false), Out::Null);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
        assert_eq!(last_created(&env).1, "deployer");
    }

    #[test]
    fn the_get_command_it_names_shows_the_api_key() {
        let env = TestEnv::apc();
        run_to(&env, &create_args(false), Out::ReaderGone);
        let (id, _) = last_created(&env);
        let key = env
            .fake
            .with_state(|s| s.service_accounts.last().map(|sa| sa.api_key.clone()))
            .expect("a key");
        let run = env.run(&[
            "workspace",
            "service-account",
            "get",
            &id,
            "--workspace-id",
            DEMO_HOUSTON_WORKSPACE_ID,
        ]);
        run.assert_ok();
        assert!(run.stdout.contains(&key), "{run:?}");
    }

    #[test]
    fn a_reply_without_the_api_key_says_the_account_was_created() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::omit_field(
            FaultTarget::graphql("createWorkspaceServiceAccount"),
            "/data/createWorkspaceServiceAccount/apiKey",
            1,
        ));
        let run = env.run(&create_args(false));
        let (id, label) = last_created(&env);
        assert_eq!(label, "deployer", "the server did create it");
        run.assert_error(&format!(
            "the service account deployer ({id}) was created, but the server's reply had no API key: {} shows it",
            get_command(&id)
        ));
    }

    #[test]
    fn a_reply_without_an_id_says_to_look_before_creating_again() {
        for edit in [
            Fault::omit_field(
                FaultTarget::graphql("createWorkspaceServiceAccount"),
                "/data/createWorkspaceServiceAccount/id",
                1,
            ),
            Fault::replace_field(
                FaultTarget::graphql("createWorkspaceServiceAccount"),
                "/data/createWorkspaceServiceAccount",
                serde_json::Value::Null,
                1,
            ),
        ] {
            let env = TestEnv::apc();
            env.fake.inject(edit);
            env.run(&create_args(true)).assert_error(&format!(
                "the server accepted the service account deployer, but its reply named no ID for it: run astro workspace service-account get --workspace-id {DEMO_HOUSTON_WORKSPACE_ID} to see it and its API key before creating it again"
            ));
            assert_eq!(last_created(&env).1, "deployer");
            assert_eq!(env.requests().len(), 1, "never retried");
        }
    }
}
