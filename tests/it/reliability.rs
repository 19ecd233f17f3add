//! What servers and machines really do, against the real binary: endless and trickling bodies,
//! `Retry-After` dates, odd GraphQL errors, credentials with stray whitespace, symbolic links,
//! broken config files. docs/reliability.md names these tests next to each promise.

use crate::common::*;
use fake_control_plane::http_date;
use std::time::{Duration, SystemTime};

mod transport {
    use super::*;

    /// Peak resident memory allowed for a run whose server floods it: the 64 MiB body cap plus
    /// room for the runtime. A reader without a cap passes it within a second.
    #[cfg(target_os = "linux")]
    const PEAK_RSS_CEILING_MIB: i64 = 128;
    /// Address space for the child, so that a regression fails this test instead of eating the
    /// machine's memory.
    #[cfg(target_os = "linux")]
    const ADDRESS_SPACE_LIMIT: u64 = 1 << 30;

    /// Runs astro, waits for it with `wait4` and returns the run and its peak RSS in MiB.
    #[cfg(target_os = "linux")]
    fn run_measured(env: &TestEnv, args: &[&str]) -> (Run, i64) {
        use std::io::Read;
        use std::os::unix::process::CommandExt;
        let mut command = env.command(args);
        command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: ADDRESS_SPACE_LIMIT,
                    rlim_max: ADDRESS_SPACE_LIMIT,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        // Reaped by wait4 below, which also reports the peak memory `Child::wait` cannot.
        #[allow(clippy::zombie_processes)]
        let mut child = command.spawn().expect("spawn astro");
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stdout.read_to_string(&mut s);
            s
        });
        let err = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        let mut status = 0;
        // SAFETY: plain FFI calls on a zeroed, correctly sized struct and our own child's pid.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        assert_eq!(pid, child.id() as i32, "wait4 failed");
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        let run = Run {
            code,
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        };
        // ru_maxrss is in KiB on Linux.
        (run, usage.ru_maxrss / 1024)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_body_stops_at_the_cap_with_memory_bounded() {
        let env = TestEnv::astro();
        env.fake
            .inject(Fault::endless_body(FaultTarget::rest("GET", "/tokens"), 1));
        let (run, peak_mib) = run_measured(&env, &["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with(&format!(
                "Error: Get \"http://{}{TOKENS}?",
                env.astro_domain()
            )),
            "{run:?}"
        );
        assert!(
            run.stderr.ends_with(
                "\": the reply passed 64 MiB, the most astro reads; stopped reading it\n"
            ),
            "{run:?}"
        );
        assert!(
            peak_mib < PEAK_RSS_CEILING_MIB,
            "peak RSS {peak_mib} MiB, ceiling {PEAK_RSS_CEILING_MIB} MiB"
        );
        // Not retried: the next attempt would be as big.
        assert_eq!(env.requests().len(), 1);
    }

    #[test]
    fn a_body_that_trickles_forever_is_cut_by_the_request_timeout() {
        let env = TestEnv::astro();
        env.write_config(
            &env.default_config(Current::Astro)
                .replace("timeout_seconds = 20", "timeout_seconds = 1"),
        );
        env.fake.inject(Fault::trickle_body(
            FaultTarget::rest("GET", "/tokens"),
            Duration::from_millis(50),
            1,
        ));
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr
                .ends_with("\": request timed out after 1s (http.timeout_seconds in the config)\n"),
            "{run:?}"
        );
        assert_eq!(env.requests().len(), 1, "a timeout is not retried");
    }

    #[test]
    fn a_read_cut_short_mid_body_is_retried_and_a_mutation_is_not() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::truncated_body(
            FaultTarget::rest("GET", "/tokens"),
            1,
        ));
        let run = env.run(&["workspace", "token", "list"]);
        run.assert_ok();
        assert!(run.stdout.contains("ci"), "{run:?}");
        assert_eq!(env.requests().len(), 2, "{:?}", env.request_lines());

        env.fake.clear_requests();
        env.fake.inject(Fault::truncated_body(
            FaultTarget::rest("POST", "/rotate"),
            1,
        ));
        let id = "cltokci000000000000000001";
        let run = env.run(&["workspace", "token", "rotate", id, "-f", "-c"]);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
        assert!(
            run.stderr.starts_with(&format!(
                "Error: Post \"http://{}{TOKENS}/{id}/rotate\": ",
                env.astro_domain()
            )),
            "{run:?}"
        );
        let posts = env
            .request_lines()
            .iter()
            .filter(|l| l.starts_with("POST "))
            .count();
        assert_eq!(posts, 1, "never resent: {:?}", env.request_lines());
    }

    #[test]
    fn a_redirect_to_another_server_does_not_carry_the_token() {
        let env = TestEnv::astro();
        let elsewhere = FakeControlPlane::start();
        env.fake.inject(Fault::redirect(
            FaultTarget::rest("GET", "/tokens"),
            302,
            &format!(
                "{}/v1/organizations/{DEFAULT_ORG_ID}/tokens",
                elsewhere.base_url()
            ),
            1,
        ));
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:?}");
        let followed = elsewhere.requests();
        assert_eq!(followed.len(), 1, "{followed:?}");
        assert_eq!(followed[0].header("authorization"), None);
        assert!(!run.stderr.contains(DEFAULT_ASTRO_TOKEN), "{run:?}");
    }

    #[test]
    fn retry_after_as_a_past_http_date_retries_a_read_at_once() {
        let env = TestEnv::astro();
        let past = http_date(SystemTime::now() - Duration::from_secs(3600));
        env.fake.inject(Fault::retry_after(
            FaultTarget::rest("GET", "/tokens"),
            429,
            &past,
            1,
        ));
        let run = env.run(&["workspace", "token", "list"]);
        run.assert_ok();
        assert!(run.stdout.contains("ci"), "{run:?}");
        let gets = env
            .request_lines()
            .iter()
            .filter(|l| l.starts_with(&format!("GET {TOKENS}?")))
            .count();
        assert_eq!(gets, 2, "{:?}", env.request_lines());
    }

    #[test]
    fn retry_after_as_a_far_http_date_is_not_waited_for() {
        let env = TestEnv::astro();
        let later = http_date(SystemTime::now() + Duration::from_secs(3600));
        env.fake.inject(Fault::retry_after(
            FaultTarget::rest("GET", "/tokens"),
            503,
            &later,
            3,
        ));
        env.run(&["workspace", "token", "list"])
            .assert_error("Too Many Requests");
        // Without reading the date it would be the default backoff, and two retries.
        assert_eq!(env.requests().len(), 1, "{:?}", env.request_lines());
    }

    #[test]
    fn retry_after_never_resends_a_mutation() {
        let env = TestEnv::apc();
        let past = http_date(SystemTime::now() - Duration::from_secs(3600));
        env.fake.inject(Fault::retry_after(
            FaultTarget::graphql("createWorkspaceServiceAccount"),
            429,
            &past,
            1,
        ));
        let run = env.run(&["workspace", "sa", "create", "-l", "once"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(env.requests().len(), 1, "never retried");
        assert!(
            env.fake
                .with_state(|s| s.service_accounts.iter().all(|sa| sa.label != "once")),
            "nothing created"
        );
    }

    #[test]
    fn a_graphql_error_without_a_message_reads_its_code_or_a_sentence() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceServiceAccounts"),
            200,
            r#"{"errors":[{"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}"#,
            1,
        ));
        env.run(&["workspace", "sa", "get"])
            .assert_error("INTERNAL_SERVER_ERROR");
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceServiceAccounts"),
            200,
            r#"{"errors":[{"path":["workspaceServiceAccounts"]}]}"#,
            1,
        ));
        env.run(&["workspace", "sa", "get"])
            .assert_error("the server returned an error without a message");
    }

    #[test]
    fn debug_names_each_houston_operation_and_redacts_the_token() {
        let env = TestEnv::apc();
        let run = env.run(&["--verbosity", "debug", "workspace", "sa", "get"]);
        run.assert_ok();
        assert!(
            run.stderr.contains(&format!(
                "DEBUG > POST http://{}/v1 (workspaceServiceAccounts)\n",
                env.apc_domain()
            )),
            "{run:?}"
        );
        assert!(
            run.stderr
                .contains("DEBUG < 200 (workspaceServiceAccounts) ("),
            "{run:?}"
        );
        assert!(run.stderr.contains("authorization: <redacted>"), "{run:?}");
        assert!(!run.stderr.contains(DEFAULT_HOUSTON_TOKEN), "{run:?}");
        // Bodies are never logged: at login they carry the password.
        assert!(!run.stderr.contains("variables"), "{run:?}");
    }
}

mod api_token {
    use super::*;

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "permissions": [
                format!("organizationId:{DEFAULT_ORG_ID}"),
                format!("workspaceId:{DEMO_WORKSPACE_ID}")
            ],
            "exp": 4_102_444_800u64
        })
    }

    #[test]
    fn surrounding_whitespace_and_the_line_break_of_a_file_are_trimmed() {
        let token = jwt(&claims());
        // `export ASTRO_API_TOKEN=$(cat token.txt)` keeps no newline, but `"$(<…)"` and
        // `read` variants do, and so do CI secret stores.
        let env = TestEnv::with_api_token_alone(&format!("  {token}\n"));
        let run = env.run(&["workspace", "token", "list"]);
        run.assert_ok();
        let expected = format!("Bearer {token}");
        assert!(!env.requests().is_empty());
        assert!(
            env.requests()
                .iter()
                .all(|r| r.header("authorization") == Some(expected.as_str()))
        );
    }

    #[test]
    fn a_token_that_cannot_be_a_header_names_the_variable_not_the_value() {
        let token = jwt(&claims());
        let (head, tail) = token.split_at(20);
        let broken = format!("{head}\n{tail}");
        let env = TestEnv::with_api_token_alone(&broken);
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(
            run.stderr,
            "Using an Astro API Token\nError: ASTRO_API_TOKEN cannot be sent as an HTTP header: it holds a line break or another character a header cannot carry. Set it to the token alone, on one line\n"
        );
        assert!(!run.stderr.contains(head) && !run.stderr.contains(tail));
        assert!(env.requests().is_empty());
    }
}

mod config_file {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &std::path::Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_config_in_a_dotfiles_folder_is_written_through_the_link() {
        let env = TestEnv::astro();
        let dotfiles = env.home.path().join("dotfiles").join("astro");
        std::fs::create_dir_all(&dotfiles).unwrap();
        let target = dotfiles.join("config.toml");
        std::fs::rename(env.config_path(), &target).unwrap();
        // A relative link, as dotfile managers make them.
        std::os::unix::fs::symlink("../dotfiles/astro/config.toml", env.config_path()).unwrap();

        env.run(&["config", "set", "page_size", "7"]).assert_ok();

        let link = std::fs::symlink_metadata(env.config_path()).unwrap();
        assert!(link.file_type().is_symlink(), "the link stays a link");
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains("page_size = 7"), "{text}");
        assert!(text.contains(DEFAULT_ASTRO_TOKEN), "contexts kept: {text}");
        assert_eq!(mode(&target), 0o600);
        // The temporary file went into the target's folder and is gone.
        let names = |dir: &std::path::Path| -> Vec<String> {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&dotfiles), ["config.toml"]);
        let mut astro_dir = names(&env.home.path().join(".astro"));
        astro_dir.sort();
        assert_eq!(astro_dir, ["config.toml", "config.toml.lock"]);
        let run = env.run(&["config", "get", "page_size"]);
        run.assert_ok();
        assert_eq!(run.stdout, "page_size: 7\n");
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_private_even_when_an_older_one_was_not() {
        use std::os::unix::fs::PermissionsExt;
        let env = TestEnv::astro();
        let lock = env.home.path().join(".astro").join("config.toml.lock");
        env.run(&["config", "set", "page_size", "3"]).assert_ok();
        assert_eq!(mode(&lock), 0o600);
        std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o644)).unwrap();
        env.run(&["config", "set", "page_size", "4"]).assert_ok();
        assert_eq!(mode(&lock), 0o600);
    }

    #[test]
    fn a_missing_astro_home_is_created_with_private_folders() {
        let env = TestEnv::astro();
        let fresh = env.home.path().join("ci-job").join("home");
        let run = env
            .command(&["config", "set", "page_size", "5"])
            .env("ASTRO_HOME", &fresh)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        let config = fresh.join(".astro").join("config.toml");
        assert!(
            std::fs::read_to_string(&config)
                .unwrap()
                .contains("page_size = 5")
        );
        #[cfg(unix)]
        {
            assert_eq!(mode(&fresh.join(".astro")), 0o700);
            assert_eq!(mode(&config), 0o600);
        }
    }

    const BROKEN: &str = "context = \"x\"\n[contexts\n";

    fn broken_env() -> TestEnv {
        let env = TestEnv::apc();
        env.write_config(BROKEN);
        env
    }

    #[test]
    fn help_version_and_completion_work_with_a_broken_config() {
        let env = broken_env();
        for args in [
            &["--help"][..],
            &["--version"],
            &["version"],
            &["--verbosity", "debug", "version"],
            &["completion", "bash"],
            &["workspace", "--help"],
            &["workspace"],
            &["help", "workspace"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 0, "{args:?}: {run:#?}");
            assert!(!run.stdout.is_empty(), "{args:?}: {run:#?}");
            assert!(!run.stderr.contains("Error"), "{args:?}: {run:#?}");
        }
        assert!(
            env.run(&["version"])
                .stdout
                .starts_with("Astro CLI Version: ")
        );
        assert!(env.run(&["workspace", "--help"]).stdout.contains("token"));
        assert_eq!(env.read_config(), BROKEN, "never rewritten");
        assert!(env.requests().is_empty());
    }

    #[test]
    fn a_command_that_needs_the_config_names_the_file_the_line_and_what_to_do() {
        let env = broken_env();
        for args in [
            &["workspace", "sa", "get"][..],
            &["workspace", "token", "list"],
            &["context", "list"],
            &["config", "set", "page_size", "3"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 1, "{args:?}: {run:#?}");
            assert_eq!(run.stdout, "");
            assert!(
                run.stderr.starts_with(&format!(
                    "Error: {} is not a valid config file: ",
                    env.config_path().display()
                )),
                "{args:?}: {run:#?}"
            );
            assert!(run.stderr.contains("line 2"), "{run:#?}");
            assert!(
                run.stderr
                    .ends_with("\nFix it, or move it aside to start again with no contexts.\n"),
                "{run:#?}"
            );
        }
        assert_eq!(env.read_config(), BROKEN, "never rewritten");
    }
}
