//! Test harness: a fake control plane on 127.0.0.1 and a temporary `ASTRO_HOME` whose
//! config.toml points an Astro context and a Private Cloud context at it. The config file is the
//! only seam between the tests and the real `astro` binary.

// PTYs are a Unix thing; the prompt tests that need one are Unix-only.
#[cfg(unix)]
pub mod pty;
mod snapshot;

pub(crate) use snapshot::astro_snapshot;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub use fake_control_plane::{
    DEFAULT_ASTRO_TOKEN, DEFAULT_HOUSTON_TOKEN, DEFAULT_ORG_ID, DEMO_HOUSTON_WORKSPACE_ID,
    DEMO_WORKSPACE_ID, FakeControlPlane, Fault, FaultTarget, RecordedRequest, State,
};

/// The demo Astro workspace (the context's), under the short name the tests use.
pub const WS: &str = DEMO_WORKSPACE_ID;
/// The demo's second Astro workspace, "analytics".
pub const ANALYTICS: &str = fake_control_plane::DEMO_ANALYTICS_WORKSPACE_ID;
/// The demo organization's API-token collection.
pub const TOKENS: &str = "/v1/organizations/clorg0000000000000000000000/tokens";
/// The demo organization's users.
pub const USERS: &str = "/v1/organizations/clorg0000000000000000000000/users";
/// The demo organization's teams.
pub const TEAMS: &str = "/v1/organizations/clorg0000000000000000000000/teams";
/// The demo's workspace API token named `ci`.
pub const CI: &str = "cltokci000000000000000001";

/// Which context is current in the generated config.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Current {
    Astro,
    Apc,
}

pub struct TestEnv {
    pub fake: FakeControlPlane,
    pub home: tempfile::TempDir,
    env: Vec<(String, String)>,
}

/// What a run of `astro` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestEnv {
    /// The demo state, with the Astro context current.
    pub fn astro() -> TestEnv {
        TestEnv::new(State::demo(), Current::Astro)
    }

    /// The demo state, with the Private Cloud context current.
    pub fn apc() -> TestEnv {
        TestEnv::new(State::demo(), Current::Apc)
    }

    pub fn new(state: State, current: Current) -> TestEnv {
        let env = TestEnv {
            fake: FakeControlPlane::start_with(state),
            home: tempfile::tempdir().expect("temporary ASTRO_HOME"),
            env: Vec::new(),
        };
        env.write_config(&env.default_config(current));
        env
    }

    /// The demo state whose server takes `token` (as `astro` sends it, trimmed), given in
    /// `ASTRO_API_TOKEN`; the config file keeps its two contexts.
    pub fn with_api_token(token: &str) -> TestEnv {
        let mut state = State::demo();
        state.astro_token = format!("Bearer {}", token.trim());
        let mut env = TestEnv::new(state, Current::Astro);
        env.set_env("ASTRO_API_TOKEN", token);
        env
    }

    /// `with_api_token` with no config file at all: `ASTRO_DOMAIN` names the fake.
    pub fn with_api_token_alone(token: &str) -> TestEnv {
        let mut env = TestEnv::with_api_token(token);
        std::fs::remove_dir_all(env.home.path().join(".astro")).unwrap();
        let domain = env.astro_domain();
        env.set_env("ASTRO_DOMAIN", &domain);
        env
    }

    /// The Astro context's domain: the fake's `127.0.0.1:PORT`.
    pub fn astro_domain(&self) -> String {
        self.fake.domain()
    }

    /// The Private Cloud context's domain: `localhost:PORT` (another loopback name for the
    /// same server, so that the two contexts have different keys).
    pub fn apc_domain(&self) -> String {
        format!("localhost:{}", self.fake.addr().port())
    }

    pub fn default_config(&self, current: Current) -> String {
        let current = match current {
            Current::Astro => self.astro_domain(),
            Current::Apc => self.apc_domain(),
        };
        format!(
            r#"context = "{current}"

[contexts."{astro_key}"]
domain = "{astro}"
platform = "astro"
organization = "{DEFAULT_ORG_ID}"
workspace = "{DEMO_WORKSPACE_ID}"
token = "{DEFAULT_ASTRO_TOKEN}"

[contexts."{apc_key}"]
domain = "{apc}"
platform = "apc"
workspace = "{DEMO_HOUSTON_WORKSPACE_ID}"
token = "{DEFAULT_HOUSTON_TOKEN}"

[http]
timeout_seconds = 20
"#,
            astro = self.astro_domain(),
            astro_key = self.astro_domain().replace(['.', ':'], "_"),
            apc = self.apc_domain(),
            apc_key = self.apc_domain().replace(['.', ':'], "_"),
        )
    }

    pub fn config_path(&self) -> PathBuf {
        self.home.path().join(".astro").join("config.toml")
    }

    pub fn write_config(&self, text: &str) {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The file keyring every run uses (`ASTRO_KEYRING_BACKEND=file:<path>`).
    pub fn keyring_path(&self) -> PathBuf {
        self.home.path().join("keyring.json")
    }

    /// The entry the store keeps for `domain` (`{"token": …, "refreshtoken": …}`), if any.
    pub fn keyring_entry(&self, domain: &str) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.keyring_path()).ok()?;
        let store: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entry = store["entries"][format!("astro:{domain}")].as_str()?;
        Some(serde_json::from_str(entry).unwrap())
    }

    /// The token the store keeps for `domain`; panics when there is none.
    pub fn stored_token(&self, domain: &str) -> String {
        let entry = self.keyring_entry(domain).expect("an entry in the store");
        entry["token"].as_str().unwrap().to_string()
    }

    pub fn read_config(&self) -> String {
        std::fs::read_to_string(self.config_path()).unwrap_or_default()
    }

    /// Adds an environment variable for every later run.
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.env.push((name.into(), value.into()));
    }

    /// `astro` with a clean environment: no proxies, no colour, our home.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_astro"));
        cmd.args(args)
            .env_clear()
            .env("ASTRO_HOME", self.home.path())
            // The documented file store stands in for the system's credential store
            // (docs/reliability.md#where-secrets-live): no test touches the real keyring.
            .env(
                "ASTRO_KEYRING_BACKEND",
                format!("file:{}", self.keyring_path().display()),
            )
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200");
        // Windows loads its socket library through SystemRoot: without it every connection to
        // the fake fails.
        #[cfg(windows)]
        if let Some(root) = std::env::var_os("SystemRoot") {
            cmd.env("SystemRoot", root);
        }
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        cmd
    }

    /// Runs with stdin closed (as in CI).
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self
            .command(args)
            .stdin(Stdio::null())
            .output()
            .expect("run astro");
        Run::from(output)
    }

    /// `run` with arguments built at run time.
    pub fn run_strings(&self, args: &[String]) -> Run {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args)
    }

    /// Runs with `input` piped to stdin.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn astro");
        let mut stdin = child.stdin.take().unwrap();
        // The child may exit before reading everything; a broken pipe is not a test failure.
        let _ = stdin.write_all(input.as_bytes());
        drop(stdin);
        Run::from(child.wait_with_output().expect("wait for astro"))
    }

    /// Requests recorded by the fake, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.fake.requests()
    }

    /// `METHOD path?query` of every request, for compact assertions.
    pub fn request_lines(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| {
                let mut line = format!("{} {}", r.method, r.path);
                if !r.raw_query.is_empty() {
                    line.push('?');
                    line.push_str(&r.raw_query);
                }
                if let Some(op) = &r.graphql_operation {
                    line.push(' ');
                    line.push_str(op);
                }
                line
            })
            .collect()
    }
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts success with nothing on stderr.
    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    /// Asserts exit 1 with exactly `Error: <message>\n` on stderr and nothing on stdout.
    #[track_caller]
    pub fn assert_error(&self, message: &str) {
        assert_eq!(
            (self.code, self.stdout.as_str(), self.stderr.as_str()),
            (1, "", format!("Error: {message}\n").as_str()),
            "{self:#?}"
        );
    }
}

/// The path of one of the demo organization's collections on the Astro API:
/// `astro_path("workspaces")`.
pub fn astro_path(collection: &str) -> String {
    format!("/v1/organizations/{DEFAULT_ORG_ID}/{collection}")
}

/// The request line (as `request_lines` shows it) of the first page of `collection`'s
/// members in workspace `ws`: `ws_list(TOKENS, WS)`, `ws_list(USERS, WS)`, `ws_list(TEAMS, WS)`.
pub fn ws_list(collection: &str, ws: &str) -> String {
    format!("GET {collection}?limit=100&offset=0&workspaceId={ws}")
}

/// The request line of the Astro workspace list.
pub fn workspace_list() -> String {
    format!(
        "GET {}?limit=1000&offset=0&sorts=name%3Aasc",
        astro_path("workspaces")
    )
}

/// The value the fake holds for the token `id` (a rotated or new token's secret).
pub fn secret_of(env: &TestEnv, id: &str) -> String {
    env.fake
        .with_state(|s| s.token(id).map(|t| t.token.clone()))
        .expect("token has a secret")
}

/// The GraphQL operation name of every request the fake recorded, in order (empty for REST).
pub fn operations(env: &TestEnv) -> Vec<String> {
    env.requests()
        .iter()
        .map(|r| r.graphql_operation.clone().unwrap_or_default())
        .collect()
}

impl Run {
    /// Asserts a usage error in clap's format: exit 2, nothing on stdout, stderr starting
    /// `error: invalid value '<value>'` and holding `message`.
    #[track_caller]
    pub fn assert_bad_value(&self, value: &str, message: &str) {
        assert_eq!((self.code, self.stdout.as_str()), (2, ""), "{self:#?}");
        assert!(
            self.stderr
                .starts_with(&format!("error: invalid value '{value}' for '")),
            "{self:#?}"
        );
        assert!(self.stderr.contains(message), "{self:#?}");
    }
}

/// An unsigned JWT with `payload`, shaped like an Astro API token.
pub fn jwt(payload: &serde_json::Value) -> String {
    fn b64url(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64url(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64url(payload.to_string().as_bytes())
    )
}
