//! Bad input from the machine and from servers, against the real binary: a broken config file
//! whose error must not show the token, a config the user made read-only, a proxy that is down,
//! and list counts (`totalCount`) that are absurd. docs/reliability.md names these tests next
//! to each promise.

use crate::common::*;
use fake_control_plane::PagingQuirks;

/// A port on 127.0.0.1 where nothing listens (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

mod config_errors {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-ABC123";
    const REFRESH: &str = "v1.refresh-SECRET-xyz987";

    fn assert_no_secret(run: &Run, secrets: &[&str]) {
        for secret in secrets {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} shown: {run:#?}"
            );
        }
    }

    /// Commands that need the config, on both platforms and one that writes it.
    const COMMANDS: [&[&str]; 4] = [
        &["workspace", "token", "list"],
        &["workspace", "sa", "get"],
        &["context", "list"],
        &["config", "set", "page_size", "3"],
    ];

    #[test]
    fn a_broken_token_line_is_named_by_line_and_column_with_the_token_redacted() {
        let env = TestEnv::astro();
        let broken = format!(
            "context = \"127.0.0.1:1\"\n\n[contexts.\"127_0_0_1_1\"]\ndomain = \"127.0.0.1:1\"\ntoken = \"Bearer {JWT}\nrefreshtoken = \"{REFRESH}\"\n"
        );
        env.write_config(&broken);
        for args in COMMANDS {
            let run = env.run(args);
            assert_no_secret(&run, &[JWT, "c2VjcmV0LXBheWxvYWQ", "sig-ABC123", REFRESH]);
            assert!(
                run.stderr.contains(&format!(
                    "{} is not a valid config file: TOML parse error at line 5, column ",
                    env.config_path().display()
                )),
                "{args:?}: {run:#?}"
            );
            assert!(
                run.stderr.contains("5 | token = \"<redacted>\"\n"),
                "{args:?}: {run:#?}"
            );
            assert_eq!(run.code, 1, "{args:?}: {run:#?}");
            assert_eq!(run.stdout, "", "{args:?}");
        }
        assert_eq!(env.read_config(), broken, "never rewritten");
    }

    #[test]
    fn a_broken_line_beside_the_token_is_shown_and_the_token_is_not() {
        let env = TestEnv::astro();
        let broken = format!(
            "context = \"a.example\"\n[contexts.a_example]\ndomain = \"a.example\"\ntoken = \"Bearer {JWT}\"\norganization = clorg bad\nrefreshtoken = \"{REFRESH}\"\n"
        );
        env.write_config(&broken);
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .contains("TOML parse error at line 5, column 16\n  |\n5 | organization = clorg bad\n  |                ^\n"),
            "{run:#?}"
        );
        assert_no_secret(&run, &[JWT, REFRESH]);
    }

    #[test]
    fn a_token_pasted_on_a_line_of_its_own_is_not_shown() {
        let env = TestEnv::astro();
        let broken = format!("context = \"a.example\"\n[contexts.a_example]\ntoken =\n{JWT}\n");
        env.write_config(&broken);
        let run = env.run(&["context", "list"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(
            run.stderr
                .contains("TOML parse error at line 4, column 52\n  |\n4 | <redacted>\n"),
            "{run:#?}"
        );
        assert_no_secret(&run, &[JWT, "c2VjcmV0LXBheWxvYWQ"]);
    }

    #[test]
    fn a_broken_go_config_yaml_is_named_without_its_token() {
        let env = TestEnv::astro();
        std::fs::remove_file(env.config_path()).unwrap();
        let yaml = env.config_path().with_file_name("config.yaml");
        std::fs::write(
            &yaml,
            format!(
                "context: a.example\ncontexts:\n  a_example:\n    domain: a.example\n    token: \"Bearer {JWT}\n    refreshtoken: {REFRESH}\n"
            ),
        )
        .unwrap();
        let run = env.run(&["config", "import"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.ends_with(&format!(
                "Error: {} is not a valid config file: invalid indentation in quoted scalar at byte 75 line 5 column 12\nFix it, or move it aside to start again with no contexts.\n",
                yaml.display()
            )),
            "{run:#?}"
        );
        assert_no_secret(&run, &[JWT, REFRESH]);
        // The one-time import on any command warns with the same scrubbed text.
        let run = env.run(&["context", "list"]);
        assert!(
            run.stderr
                .contains("Warning: could not import the Go CLI config: "),
            "{run:#?}"
        );
        assert_no_secret(&run, &[JWT, REFRESH]);
    }
}

#[cfg(unix)]
mod read_only_config {
    use super::*;
    use fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_read_only_config_is_refused_and_left_as_it_was() {
        let env = TestEnv::astro();
        let path = env.config_path();
        chmod(&path, 0o400);
        let before = env.read_config();
        let expected = format!(
            "cannot write {0}: permission denied (the file is read-only); nothing was changed: make it writable (chmod u+w {0}) for astro to save the change",
            path.display()
        );
        env.run(&["workspace", "switch", DEMO_SANDBOX_WORKSPACE_ID])
            .assert_error(&expected);
        env.run(&["config", "set", "page_size", "3"])
            .assert_error(&expected);
        assert_eq!(env.read_config(), before);
        assert_eq!(mode(&path), 0o400);
        assert!(
            std::fs::symlink_metadata(&path).unwrap().is_file(),
            "not replaced"
        );
        // Reading it is fine.
        env.run(&["context", "list"]).assert_ok();
        // Made writable again, the same switch works and keeps the file private.
        chmod(&path, 0o600);
        env.run(&["workspace", "switch", DEMO_SANDBOX_WORKSPACE_ID])
            .assert_ok();
        assert!(env.read_config().contains(DEMO_SANDBOX_WORKSPACE_ID));
    }

    #[test]
    fn a_login_due_for_refresh_is_not_refreshed_into_a_file_that_cannot_keep_it() {
        let env = TestEnv::astro();
        let config = env.default_config(Current::Astro).replacen(
            &format!("token = \"{DEFAULT_ASTRO_TOKEN}\"\n"),
            "token = \"Bearer stale\"\nrefreshtoken = \"fake-refresh-token\"\nexpiresin = \"2020-01-01T00:00:00Z\"\n",
            1,
        );
        env.write_config(&config);
        chmod(&env.config_path(), 0o400);
        let run = env.run(&["workspace", "list"]);
        run.assert_error(&format!(
            "cannot write {0}: permission denied (the file is read-only); nothing was changed: make it writable (chmod u+w {0}) for astro to save the change",
            env.config_path().display()
        ));
        assert!(
            env.requests().is_empty(),
            "no refresh asked for: {:?}",
            env.request_lines()
        );
        assert_eq!(env.read_config(), config);
    }

    #[test]
    fn a_link_to_a_read_only_file_is_refused_and_stays_a_link() {
        let env = TestEnv::astro();
        let dotfiles = env.home.path().join("dotfiles");
        std::fs::create_dir_all(&dotfiles).unwrap();
        let target = dotfiles.join("config.toml");
        std::fs::rename(env.config_path(), &target).unwrap();
        std::os::unix::fs::symlink(&target, env.config_path()).unwrap();
        chmod(&target, 0o444);
        let before = std::fs::read_to_string(&target).unwrap();
        env.run(&["config", "set", "page_size", "3"])
            .assert_error(&format!(
                "cannot write {0} (linked from {1}): permission denied (the file is read-only); nothing was changed: make it writable (chmod u+w {0}) for astro to save the change",
                target.display(),
                env.config_path().display()
            ));
        assert!(
            std::fs::symlink_metadata(env.config_path())
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), before);
        assert_eq!(mode(&target), 0o444);
    }

    #[test]
    fn a_read_only_folder_is_refused_and_gains_no_file() {
        let env = TestEnv::astro();
        let dir = env.config_path().parent().unwrap().to_path_buf();
        chmod(&dir, 0o500);
        let before = env.read_config();
        let run = env.run(&["workspace", "switch", DEMO_SANDBOX_WORKSPACE_ID]);
        let listing = names(&dir);
        chmod(&dir, 0o700);
        run.assert_error(&format!(
            "cannot write {}: permission denied (its folder {1} is read-only, and astro saves the file by replacing it); nothing was changed: make the folder writable (chmod u+w {1}) for astro to save the change",
            env.config_path().display(),
            dir.display()
        ));
        // No lock file, no completion cache, no temporary file.
        assert_eq!(listing, ["config.toml"]);
        assert_eq!(env.read_config(), before);
    }
}

mod proxy_errors {
    use super::*;

    #[test]
    fn a_proxy_that_is_down_is_named_not_the_server() {
        let mut env = TestEnv::astro();
        let port = closed_port();
        env.set_env("HTTP_PROXY", &format!("http://127.0.0.1:{port}"));
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains(&format!(
                ": could not connect to the proxy http://127.0.0.1:{port} (HTTP_PROXY): the connection was refused; check HTTP_PROXY (or add the server's host to NO_PROXY if it should be reached without a proxy)\n"
            )),
            "{run:#?}"
        );
        assert!(
            !run.stderr
                .contains(&format!("could not connect to {}", env.astro_domain())),
            "the server is not blamed: {run:#?}"
        );
        assert!(env.requests().is_empty(), "nothing reached the server");
    }

    #[test]
    fn the_credentials_in_a_proxy_url_are_never_shown() {
        let mut env = TestEnv::astro();
        let port = closed_port();
        env.set_env(
            "http_proxy",
            &format!("http://proxyuser:pr0xy-Secret@127.0.0.1:{port}/"),
        );
        let run = env.run(&["workspace", "list"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(
            run.stderr.contains(&format!(
                "could not connect to the proxy http://127.0.0.1:{port} (http_proxy)"
            )),
            "{run:#?}"
        );
        for secret in ["pr0xy-Secret", "proxyuser"] {
            assert!(!run.stderr.contains(secret), "{run:#?}");
        }
    }

    #[test]
    fn an_https_server_behind_a_proxy_that_is_down_names_the_proxy() {
        let mut env = TestEnv::apc();
        env.write_config(
            "context = \"example.com\"\n[contexts.example_com]\ndomain = \"example.com\"\nplatform = \"apc\"\nworkspace = \"ckws\"\ntoken = \"t\"\n",
        );
        let port = closed_port();
        // Without a scheme, as many set it: http is meant.
        env.set_env("HTTPS_PROXY", &format!("127.0.0.1:{port}"));
        let run = env.run(&["workspace", "sa", "get"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains(&format!(
                "Post \"https://houston.example.com/v1\": could not connect to the proxy http://127.0.0.1:{port} (HTTPS_PROXY): the connection was refused; check HTTPS_PROXY"
            )),
            "{run:#?}"
        );
    }

    #[test]
    fn a_proxy_that_refuses_the_tunnel_is_named_with_the_server_it_was_asked_for() {
        let mut env = TestEnv::apc();
        env.write_config(
            "context = \"example.com\"\n[contexts.example_com]\ndomain = \"example.com\"\nplatform = \"apc\"\nworkspace = \"ckws\"\ntoken = \"t\"\n",
        );
        // The fake without TLS answers CONNECT with 405, as a proxy that will not tunnel.
        let proxy = format!("http://{}", env.fake.addr());
        env.set_env("HTTPS_PROXY", &proxy);
        let run = env.run(&["workspace", "sa", "get"]);
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(
            run.stderr.contains(&format!(
                "Post \"https://houston.example.com/v1\": the proxy {proxy} (HTTPS_PROXY) would not open a connection to houston.example.com:443; check HTTPS_PROXY"
            )),
            "{run:#?}"
        );
    }

    #[test]
    fn a_host_in_no_proxy_is_reached_directly() {
        let mut env = TestEnv::astro();
        env.set_env("HTTP_PROXY", &format!("http://127.0.0.1:{}", closed_port()));
        env.set_env("NO_PROXY", "localhost,127.0.0.1");
        env.run(&["workspace", "token", "list"]).assert_ok();
    }
}

mod server_numbers {
    use super::*;

    /// The demo workspace with more than a page of tokens (the first page is full).
    fn many_tokens(total_count: &str) -> TestEnv {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            for i in 0..120 {
                s.add_workspace_token(DEMO_WORKSPACE_ID, &format!("bulk-{i}"));
            }
            s.paging = PagingQuirks {
                total_count: Some(total_count.to_string()),
                ..PagingQuirks::default()
            };
        });
        env
    }

    #[test]
    fn a_count_beyond_the_cap_is_an_error_naming_the_cap_after_one_request() {
        for count in ["1000000000000", "18446744073709551616", "1e300"] {
            let env = many_tokens(count);
            let run = env.run(&["workspace", "token", "list"]);
            assert_eq!(run.code, 1, "{count}: {run:#?}");
            assert_eq!(run.stdout, "", "{count}");
            assert!(
                run.stderr
                    .starts_with("Error: aborted listing tokens: the server counts ")
                    && run.stderr.contains(
                        "more than the 1000 pages of 100 astro reads for one list (its cap)"
                    ),
                "{count}: {run:#?}"
            );
            assert_eq!(env.requests().len(), 1, "{count}: one page, then the check");
        }
        let env = many_tokens("1000000000000");
        env.run(&["workspace", "token", "list"]).assert_error(
            "aborted listing tokens: the server counts 1000000000000, more than the 1000 pages of 100 astro reads for one list (its cap); nothing is shown",
        );
    }

    #[test]
    fn every_paged_list_checks_the_count_before_paging() {
        for args in [
            &["workspace", "list"][..],
            &["workspace", "user", "list"],
            &["workspace", "team", "list"],
            &["workspace", "token", "organization-token", "list"],
        ] {
            let env = TestEnv::astro();
            env.fake.with_state(|s| {
                s.paging.total_count = Some("1000000000000".into());
            });
            let run = env.run(args);
            assert_eq!(run.code, 1, "{args:?}: {run:#?}");
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.starts_with("Error: aborted listing ")
                    && run.stderr.contains("1000000000000")
                    && run.stderr.contains(" pages of "),
                "{args:?}: {run:#?}"
            );
            assert!(
                env.requests().len() <= 2,
                "{args:?}: {:?}",
                env.request_lines()
            );
        }
    }

    #[test]
    fn a_count_that_is_not_a_count_is_an_error_naming_it() {
        for (count, shown) in [
            ("-1", "-1"),
            ("-1000000000000", "-1000000000000"),
            ("1.5", "1.5"),
            ("120.0", "120.0"),
            ("1e12", "1000000000000.0"),
            ("\"120\"", "\"120\""),
            ("true", "true"),
            ("[130]", "[130]"),
            ("{\"n\":130}", "{\"n\":130}"),
        ] {
            let env = many_tokens(count);
            env.run(&["workspace", "token", "list"]).assert_error(&format!(
                "the server sent totalCount {shown} for tokens, which is not a count of items (a whole number, 0 or more): the list cannot be completed, so nothing is shown"
            ));
            assert_eq!(env.requests().len(), 1, "{count}");
        }
    }

    #[test]
    fn no_count_with_a_full_page_is_an_error_and_with_a_short_page_the_whole_list() {
        for count in ["null", ""] {
            let env = many_tokens(count);
            env.run(&["workspace", "token", "list"]).assert_error(
                "the server sent a full page of 100 tokens without a totalCount: astro cannot tell whether more follow, so nothing is shown; try again",
            );
            assert_eq!(env.requests().len(), 1, "{count:?}");

            // A page shorter than asked for is the whole list.
            let env = TestEnv::astro();
            let whole = env.run(&["workspace", "token", "list", "--json"]);
            whole.assert_ok();
            env.fake
                .with_state(|s| s.paging.total_count = Some(count.to_string()));
            let run = env.run(&["workspace", "token", "list", "--json"]);
            run.assert_ok();
            assert_eq!(run.stdout, whole.stdout, "{count:?}");
        }
    }

    #[test]
    fn a_count_within_the_cap_still_gives_the_whole_list() {
        let env = many_tokens("");
        env.fake.with_state(|s| s.paging.total_count = None);
        let run = env.run(&["workspace", "token", "list", "--json"]);
        run.assert_ok();
        assert!(
            run.stdout.matches("\"id\"").count() >= 120,
            "{}",
            run.stdout
        );
    }
}
