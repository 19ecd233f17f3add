//! `astro` over HTTPS, reached as a real installation is: a context for a domain that is not
//! loopback (`control-plane.test`, so `https://api.control-plane.test/v1` and
//! `https://houston.control-plane.test/v1`), through `HTTPS_PROXY`, with the fake's CA trusted
//! (or not) through the standard `SSL_CERT_FILE` / `SSL_CERT_DIR`. Nothing in astro knows it is
//! being tested: the fake is the proxy, and the end of the tunnel.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fake_control_plane::{
    DEFAULT_ASTRO_TOKEN, DEFAULT_HOUSTON_TOKEN, DEFAULT_ORG_ID, DEMO_HOUSTON_WORKSPACE_ID,
    DEMO_WORKSPACE_ID, FakeControlPlane, HTTPS_DOMAIN, Options, State,
};

struct Https {
    fake: FakeControlPlane,
    home: tempfile::TempDir,
    ca_file: PathBuf,
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Https {
    /// A fake serving HTTPS, and a config whose current context is `platform` ("astro" or
    /// "apc") at `domain`, plus `extra` config text.
    fn new(platform: &str, domain: &str, extra: &str) -> Https {
        let options = Options {
            tls: true,
            ..Options::default()
        };
        let fake = FakeControlPlane::start_with_options(State::demo(), options).unwrap();
        let home = tempfile::tempdir().unwrap();
        let ca_file = home.path().join("fake-ca.pem");
        std::fs::write(&ca_file, fake.ca_pem().unwrap()).unwrap();
        let key = domain.replace(['.', ':'], "_");
        let context = if platform == "astro" {
            format!(
                "organization = \"{DEFAULT_ORG_ID}\"\nworkspace = \"{DEMO_WORKSPACE_ID}\"\ntoken = \"{DEFAULT_ASTRO_TOKEN}\""
            )
        } else {
            format!(
                "workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"\ntoken = \"{DEFAULT_HOUSTON_TOKEN}\""
            )
        };
        let config = format!(
            "context = \"{domain}\"\n\n[contexts.\"{key}\"]\ndomain = \"{domain}\"\nplatform = \"{platform}\"\n{context}\n\n[http]\ntimeout_seconds = 20\n{extra}"
        );
        std::fs::create_dir_all(home.path().join(".astro")).unwrap();
        std::fs::write(home.path().join(".astro/config.toml"), config).unwrap();
        Https {
            fake,
            home,
            ca_file,
        }
    }

    /// Runs astro with only the proxy and `env` set, as a user's shell would have them.
    fn run(&self, args: &[&str], env: &[(&str, &Path)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_astro"));
        cmd.args(args)
            .env_clear()
            .env("ASTRO_HOME", self.home.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("HTTPS_PROXY", self.fake.proxy_url())
            .stdin(Stdio::null());
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().expect("run astro");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn hosts(&self) -> Vec<String> {
        self.fake
            .requests()
            .iter()
            .map(|r| r.header("host").unwrap_or_default().to_string())
            .collect()
    }
}

#[test]
fn a_certificate_from_a_ca_named_by_ssl_cert_file_is_trusted() {
    let h = Https::new("astro", HTTPS_DOMAIN, "");
    let run = h.run(
        &["workspace", "token", "list"],
        &[("SSL_CERT_FILE", &h.ca_file)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("cltokci000000000000000001"), "{run:?}");
    assert_eq!(h.hosts(), vec!["api.control-plane.test".to_string()]);
}

#[test]
fn a_certificate_from_a_ca_in_ssl_cert_dir_is_trusted_by_private_cloud() {
    let h = Https::new("apc", HTTPS_DOMAIN, "");
    let dir = h.home.path().join("ca-dir");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(&h.ca_file, dir.join("corporate.pem")).unwrap();
    let run = h.run(
        &["workspace", "service-account", "list"],
        &[("SSL_CERT_DIR", &dir)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("ci-runner"), "{run:?}");
    assert!(
        h.hosts()
            .iter()
            .all(|host| host == "houston.control-plane.test"),
        "{:?}",
        h.hosts()
    );
}

#[test]
fn an_untrusted_certificate_names_the_host_and_how_to_trust_a_corporate_ca() {
    let h = Https::new("astro", HTTPS_DOMAIN, "");
    // The system's store (whatever this machine has) does not know the fake's CA.
    let run = h.run(&["workspace", "token", "list"], &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Error: Get \"https://api.control-plane.test/v1/organizations/"),
        "{run:?}"
    );
    assert!(
        first.ends_with(
            "tls: failed to verify certificate: x509: certificate signed by unknown authority"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("The certificate of api.control-plane.test is not signed by a certificate authority this computer trusts."),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("point SSL_CERT_FILE at a PEM file"),
        "{run:?}"
    );
    // Nothing was sent: the request never left the handshake.
    assert!(h.fake.requests().is_empty());
}

#[test]
fn a_certificate_for_another_name_is_refused_even_from_a_trusted_ca() {
    // The fake's certificate covers *.control-plane.test, not this domain's API host.
    let h = Https::new("apc", "elsewhere.test", "");
    let run = h.run(
        &["workspace", "service-account", "list"],
        &[("SSL_CERT_FILE", &h.ca_file)],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("x509: certificate is not valid for houston.elsewhere.test"),
        "{run:?}"
    );
    assert!(h.fake.requests().is_empty());
}

#[test]
fn skip_verify_tls_accepts_the_untrusted_certificate() {
    let h = Https::new("apc", HTTPS_DOMAIN, "\n[houston]\nskip_verify_tls = true\n");
    let run = h.run(&["workspace", "service-account", "list"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("ci-runner"), "{run:?}");
    assert!(!h.fake.requests().is_empty());
}

#[test]
fn a_ca_only_in_ssl_cert_dir_is_trusted_when_the_bundle_lacks_it() {
    // The bundle is read first and alone; the folder must still be consulted when a certificate
    // fails against it, or a CA dropped only into the folder would stop working.
    let h = Https::new("astro", HTTPS_DOMAIN, "");
    let other = FakeControlPlane::start_with_options(
        State::default(),
        Options {
            tls: true,
            ..Options::default()
        },
    )
    .unwrap();
    let bundle = h.home.path().join("bundle.pem");
    std::fs::write(&bundle, other.ca_pem().unwrap()).unwrap();
    let dir = h.home.path().join("ca-dir");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(&h.ca_file, dir.join("corporate.pem")).unwrap();
    let run = h.run(
        &["workspace", "token", "list"],
        &[("SSL_CERT_FILE", &bundle), ("SSL_CERT_DIR", &dir)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("cltokci000000000000000001"), "{run:?}");

    // And neither alone is enough: the bundle without the folder refuses it.
    let run = h.run(
        &["workspace", "token", "list"],
        &[("SSL_CERT_FILE", &bundle)],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("unknown authority"), "{run:?}");
}
