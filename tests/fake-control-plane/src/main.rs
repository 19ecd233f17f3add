//! `fake-control-plane [--port N] [--demo] [--extra-tokens N] [--astro-token T]
//! [--houston-token T] [--latency-ms N] [--tls-ca-file PATH] [--log] [--ignore-stdin]`
//!
//! With `--tls-ca-file PATH` the port speaks HTTPS too (directly, or as an HTTPS proxy for any
//! host: `HTTPS_PROXY=http://127.0.0.1:PORT`), and the CA to trust is written to PATH (PEM)
//! before the address is printed.
//!
//! Prints exactly one line, `127.0.0.1:PORT`, to stdout, then serves until stdin reaches EOF
//! (close the pipe to stop it) or until killed. With `--ignore-stdin` it serves until killed,
//! for callers whose stdin is `/dev/null` (e.g. `cmd &` in a script).

use fake_control_plane::{DEMO_WORKSPACE_ID, FakeControlPlane, Fault, FaultTarget, Options, State};
use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: fake-control-plane [--port N] [--demo] [--extra-tokens N] \
[--astro-token T] [--houston-token T] [--latency-ms N] [--tls-ca-file PATH] [--log] [--ignore-stdin]";

const HELP: &str = "\
fake-control-plane: a local stand-in for both back ends of astro, the Astro REST API and a
Private Cloud Houston GraphQL API (POST /v1), on one port of 127.0.0.1. State lives in memory
and is lost when it stops.

It prints one line, 127.0.0.1:PORT, on stdout, then serves until its stdin reaches end of file
(close the pipe, or press Ctrl-D when run at a terminal) or until it is killed.

Options:
  --port N           Listen on port N (default: 0, any free port)
  --demo             Seed demo data: an organization clorg0000000000000000000000 with three
                     workspaces (clws0000000000000000000000 is \"demo-workspace\"), users,
                     teams and six tokens (ci, deploy-bot, nightly, org-admin; release-bot,
                     which expires in 3 days, and legacy-ci, which expired 2 days ago); and
                     Private Cloud workspaces (ckws0000000000000000000000) with service accounts
  --extra-tokens N   Add N more workspace tokens (bench-1 ...) to demo-workspace
  --astro-token T    The Authorization header Astro requests must carry
                     (default: \"Bearer astro-test-token\")
  --houston-token T  The Authorization header Houston requests must carry
                     (default: \"houston-test-token\")
  --latency-ms N     Wait N ms before every answer, like a network round trip
  --log              Log each request and its status on stderr
  --ignore-stdin     Serve until killed, for callers whose stdin is /dev/null (cmd &)
  -h, --help         Print this help

Drive it by hand (or let scripts/sandbox --shell do all of this):
  $ fake-control-plane --demo --log      # prints e.g. 127.0.0.1:40123
  then in another terminal, a config with one context per back end:
  $ export ASTRO_HOME=$(mktemp -d) && mkdir \"$ASTRO_HOME/.astro\"
  $ cat > \"$ASTRO_HOME/.astro/config.toml\" <<EOF
  context = \"127.0.0.1:40123\"
  [contexts.\"127_0_0_1_40123\"]
  domain = \"127.0.0.1:40123\"
  platform = \"astro\"
  organization = \"clorg0000000000000000000000\"
  workspace = \"clws0000000000000000000000\"
  token = \"Bearer astro-test-token\"
  [contexts.\"localhost_40123\"]
  domain = \"localhost:40123\"
  platform = \"apc\"
  workspace = \"ckws0000000000000000000000\"
  token = \"houston-test-token\"
  EOF
  $ astro workspace token list                               # Astro
  $ ASTRO_DOMAIN=localhost:40123 astro workspace sa get      # Private Cloud
";

struct Args {
    port: u16,
    demo: bool,
    extra_tokens: usize,
    /// Added before every answer, to stand in for a network round trip (benchmarks).
    latency_ms: u64,
    astro_token: Option<String>,
    houston_token: Option<String>,
    log: bool,
    ignore_stdin: bool,
    tls_ca_file: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        demo: false,
        extra_tokens: 0,
        latency_ms: 0,
        astro_token: None,
        houston_token: None,
        log: false,
        ignore_stdin: false,
        tls_ca_file: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value("--port")?;
                args.port = v.parse().map_err(|_| format!("invalid --port {v:?}"))?;
            }
            "--extra-tokens" => {
                let v = value("--extra-tokens")?;
                args.extra_tokens = v
                    .parse()
                    .map_err(|_| format!("invalid --extra-tokens {v:?}"))?;
            }
            "--latency-ms" => {
                let v = value("--latency-ms")?;
                args.latency_ms = v
                    .parse()
                    .map_err(|_| format!("invalid --latency-ms {v:?}"))?;
            }
            "--astro-token" => args.astro_token = Some(value("--astro-token")?),
            "--houston-token" => args.houston_token = Some(value("--houston-token")?),
            "--tls-ca-file" => args.tls_ca_file = Some(value("--tls-ca-file")?),
            "--demo" => args.demo = true,
            "--log" => args.log = true,
            "--ignore-stdin" => args.ignore_stdin = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if msg.is_empty() {
                // Help is a result: stdout, so that `--help | less` works.
                let _ = io::stdout().write_all(HELP.as_bytes());
                return ExitCode::SUCCESS;
            }
            eprintln!("fake-control-plane: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut state = if args.demo {
        let mut state = State::demo();
        state.add_expiring_demo_tokens();
        state
    } else {
        State::default()
    };
    for i in 1..=args.extra_tokens {
        state.add_workspace_token(DEMO_WORKSPACE_ID, &format!("bench-{i}"));
    }
    if let Some(t) = args.astro_token {
        state.astro_token = t;
    }
    if let Some(t) = args.houston_token {
        state.houston_token = t;
    }
    let options = Options {
        port: args.port,
        log: args.log,
        tls: args.tls_ca_file.is_some(),
    };
    let fake = match FakeControlPlane::start_with_options(state, options) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "fake-control-plane: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    if let (Some(path), Some(pem)) = (&args.tls_ca_file, fake.ca_pem())
        && let Err(e) = std::fs::write(path, pem)
    {
        eprintln!("fake-control-plane: cannot write the CA to {path}: {e}");
        return ExitCode::FAILURE;
    }
    if args.latency_ms > 0 {
        fake.inject(Fault::delay(
            FaultTarget::Any,
            Duration::from_millis(args.latency_ms),
            usize::MAX,
        ));
    }
    {
        let mut out = io::stdout().lock();
        if writeln!(out, "{}", fake.domain())
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    if args.ignore_stdin {
        loop {
            std::thread::park();
        }
    }
    // Serve until stdin reaches EOF (or fails).
    let mut sink = [0u8; 4096];
    let mut stdin = io::stdin().lock();
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    drop(fake);
    ExitCode::SUCCESS
}
