//! The browser login (OAuth code + PKCE) against the fake's auth server, which approves at
//! once: the test plays the browser, following the printed link to the fake and its redirect
//! to the CLI's callback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::common::*;
use fake_control_plane::{DEFAULT_USER_EMAIL, FAKE_CLIENT_ID, s256};

const LINK_PREFIX: &str = "Please visit the following link on a device with a browser: ";
#[cfg(unix)]
const UNOPENED_PREFIX: &str = "Unable to open the URL, please visit the following link: ";

/// A GET as a browser sends it; returns (status, location header).
fn browse(url: &str) -> (u16, Option<String>) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = response
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
        })
        .map(|(_, v)| v.trim().to_string());
    (status, location)
}

/// The rest of stderr, read on a thread so that the child never blocks on a full pipe.
type StderrRest = std::thread::JoinHandle<String>;

/// Starts `astro` with stderr piped; returns the child, what follows `prefix` on the first
/// stderr line that has it, everything read so far, and the rest of stderr.
#[allow(clippy::zombie_processes)] // the caller waits for the child it is handed
fn start(
    env: &TestEnv,
    args: &[&str],
    input: &str,
    prefix: &str,
) -> (Child, String, String, StderrRest) {
    let mut child = env
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("astro ended before printing {prefix:?}: {seen}");
        }
        seen.push_str(&line);
        if let Some(at) = line.find(prefix) {
            let url = line[at + prefix.len()..].trim().to_string();
            let rest = std::thread::spawn(move || {
                let mut rest = String::new();
                let _ = stderr.read_to_string(&mut rest);
                rest
            });
            return (child, url, seen, rest);
        }
    }
}

fn query(url: &str, name: &str) -> String {
    let q = url.split_once('?').unwrap().1;
    q.split('&')
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn login_link_then_the_browser_completes_it() {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    // One workspace in the organization: it becomes the default without a menu.
    env.fake
        .with_state(|s| s.astro_workspaces.retain(|w| w.id == DEMO_WORKSPACE_ID));
    let (child, url, seen, rest) = start(
        &env,
        &["login", &env.astro_domain(), "--login-link"],
        "",
        LINK_PREFIX,
    );
    assert!(seen.starts_with("Welcome to the Astro CLI"), "{seen}");
    assert!(
        url.starts_with(&format!(
            "http://{}/auth/authorize?prompt=login&audience=astronomer-ee&client_id={FAKE_CLIENT_ID}&redirect_uri=http://127.0.0.1:",
            env.astro_domain()
        )),
        "{url}"
    );
    assert!(url.contains("&scope=openid%20profile%20email%20offline_access&response_type=code&response_mode=query&code_challenge="), "{url}");
    assert!(url.ends_with("&code_challenge_method=S256"), "{url}");

    // The browser: the auth server approves and sends it back to the CLI.
    let (status, location) = browse(&url);
    assert_eq!(status, 302);
    let callback = location.unwrap();
    assert!(
        callback.starts_with(&query(&url, "redirect_uri")),
        "{callback}"
    );
    let (status, _) = browse(&callback);
    assert_eq!(status, 200);

    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    // Exactly Go's bytes on stdout; our line ends stderr (docs/compatibility.md#apc-login).
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "\"demo-workspace\" Workspace found. This is your default Workspace.\nSuccessfully authenticated to Astronomer\n"
    );
    let rest = rest.join().unwrap();
    assert!(
        rest.ends_with(&format!(
            "\nLogged in to {} as {DEFAULT_USER_EMAIL}, Workspace demo-workspace ({DEMO_WORKSPACE_ID})\n",
            env.astro_domain()
        )),
        "{rest}"
    );

    let requests = env.requests();
    let exchange = requests
        .iter()
        .find(|r| r.path == "/auth/oauth/token")
        .expect("code exchange");
    assert_eq!(
        exchange.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form: Vec<(String, String)> = exchange
        .body
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(field("grant_type"), "authorization_code");
    assert_eq!(field("client_id"), FAKE_CLIENT_ID);
    assert_eq!(s256(&field("code_verifier")), query(&url, "code_challenge"));
    assert_eq!(
        requests.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        [
            "/private/v1alpha1/cli/auth-config",
            "/auth/authorize",
            "/auth/oauth/token",
            "/v1/users/self",
            "/v1/organizations",
            &format!("/v1/organizations/{DEFAULT_ORG_ID}/workspaces"),
        ]
    );

    let doc: toml::Table = env.read_config().parse().unwrap();
    let c = &doc["contexts"][&env.astro_domain().replace(['.', ':'], "_")];
    let entry = env.keyring_entry(&env.astro_domain()).unwrap();
    assert_eq!(entry["token"], DEFAULT_ASTRO_TOKEN);
    assert_eq!(entry["refreshtoken"], "fake-refresh-token");
    assert!(c.get("token").is_none() && c.get("refreshtoken").is_none());
    assert_eq!(c["user_email"].as_str(), Some(DEFAULT_USER_EMAIL));
}

// Unix only: Windows finds its opener (rundll32) in System32 whatever PATH says.
#[cfg(unix)]
#[test]
fn without_a_browser_opener_the_link_is_printed_after_enter() {
    let env = TestEnv::astro();
    // PATH is empty in tests: no xdg-open, so the CLI prints the link instead.
    let (child, url, seen, _rest) =
        start(&env, &["login", &env.astro_domain()], "\n", UNOPENED_PREFIX);
    assert!(
        seen.contains("Press Enter to open the browser to log in or ^C to quit…"),
        "{seen}"
    );
    let (_, location) = browse(&url);
    browse(&location.unwrap());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        env.keyring_entry(&env.astro_domain()).unwrap()["refreshtoken"],
        "fake-refresh-token"
    );
    assert!(!env.read_config().contains("fake-refresh-token"));
}

#[test]
fn without_input_the_browser_login_names_the_alternatives() {
    let env = TestEnv::astro();
    let before = env.read_config();
    let run = env.run(&["login", &env.astro_domain()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.ends_with("Error: the browser login needs you to press Enter, but there is no input: pass --login-link to get a link to open elsewhere, or --token-login TOKEN\n"), "{run:#?}");
    assert_eq!(env.read_config(), before);
}

#[test]
fn a_denied_login_is_an_error() {
    let env = TestEnv::astro();
    let before = env.read_config();
    let (child, url, _, rest) = start(&env, &["login", &env.astro_domain(), "-l"], "", LINK_PREFIX);
    let redirect = query(&url, "redirect_uri");
    browse(&format!(
        "{redirect}?error=access_denied&error_description=User%20said%20no"
    ));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        rest.join().unwrap(),
        "Error: Could not authorize your device. access_denied: User said no\n"
    );
    assert_eq!(env.read_config(), before);
}

#[test]
fn an_unreachable_auth_configuration_suggests_a_token() {
    let env = TestEnv::astro();
    env.fake.with_state(|s| s.auth.auth_config_enabled = false);
    let run = env.run(&["login", &env.astro_domain(), "--login-link"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(&format!(
            "Error: cannot start the browser login: the auth configuration at http://{d}/private/v1alpha1/cli/auth-config could not be read: http://{d}/private/v1alpha1/cli/auth-config answered with status 404. Log in without a browser instead: astro login {d} --token-login TOKEN, or set ASTRO_API_TOKEN\n",
            d = env.astro_domain()
        )),
        "{run:#?}"
    );
}
