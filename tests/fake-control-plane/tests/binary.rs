//! The `fake-control-plane` binary: one stdout line, serves until stdin closes, `--log` redacts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn binary_prints_address_serves_and_stops_on_stdin_eof() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-control-plane"))
        .args([
            "--demo",
            "--extra-tokens",
            "3",
            "--astro-token=Bearer t",
            "--log",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line.trim_end().to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line:?}");

    let mut s = TcpStream::connect(&addr).unwrap();
    let req = "GET /v1/organizations/clorg0000000000000000000000/tokens?workspaceId=clws0000000000000000000000&limit=100&offset=0 HTTP/1.1\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n";
    s.write_all(req.as_bytes()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200 "), "{resp}");
    // The four demo tokens, the two whose expiry shows (the sandbox's), and three extra.
    assert!(resp.contains("\"totalCount\":9"), "{resp}");
    assert!(resp.contains("bench-3"));
    assert!(resp.contains("\"name\":\"release-bot\""), "{resp}");
    assert!(resp.contains("\"endAt\":"), "{resp}");

    drop(child.stdin.take()); // EOF on stdin stops the server
    let status = child.wait().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing but the address on stdout");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("authorization: <redacted>"), "{err}");
    assert!(!err.contains("Bearer t"), "{err}");
}

#[test]
fn binary_rejects_unknown_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_fake-control-plane"))
        .arg("--bogus")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument"));
}

#[test]
fn help_describes_every_flag_on_stdout() {
    let out = Command::new(env!("CARGO_BIN_EXE_fake-control-plane"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port N",
        "--demo",
        "--extra-tokens N",
        "--astro-token T",
        "--houston-token T",
        "--latency-ms N",
        "--log",
        "--ignore-stdin",
    ] {
        assert!(
            help.contains(&format!("  {flag}")),
            "{flag} missing:\n{help}"
        );
    }
    // How to point astro at it by hand.
    assert!(help.contains("platform = \"apc\""), "{help}");
}
