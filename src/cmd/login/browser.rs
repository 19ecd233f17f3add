//! The browser login (OAuth authorization code with PKCE, as the Go CLI): fetch the domain's
//! auth configuration, show or open the authorize URL, wait for the browser to come back to a
//! local callback with a code, exchange it for tokens.
//!
//! The callback listens on `localhost:12345`, the redirect URI the Astro auth server knows.
//! For a loopback domain (tests, the sandbox) it listens on a free port of 127.0.0.1 instead,
//! so that several logins can run at once.

use std::time::Duration;

use base64::Engine as _;
use sha2::Digest as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

use crate::api::astro::auth::{
    AuthConfig, auth_config_url, exchange_code, fetch_auth_config, with_slash,
};
use crate::cmd::Cx;
use crate::config;
use crate::error::{Error, Result};

/// How long the browser has to come back (Go: 300 s).
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(300);
const CALLBACK_ADDR: &str = "127.0.0.1:12345";
const REDIRECT_URI: &str = "http://localhost:12345/callback";

/// What a successful authentication gives (also built by `astro.rs` for a pasted token).
pub struct Credentials {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds the token lives, when known: the browser login's grant says; a given token says
    /// only if it is a JWT with `exp`.
    pub expires_in: Option<i64>,
}

pub async fn authenticate(domain: &str, login_link: bool, cx: &mut Cx) -> Result<Credentials> {
    let http = cx.http()?;
    let auth = fetch_auth_config(&http, domain)
        .await
        .map_err(|e| unreachable_error(domain, &e))?;
    let (verifier, challenge) = pkce()?;

    let loopback = config::is_loopback(domain);
    let listener = TcpListener::bind(if loopback { "127.0.0.1:0" } else { CALLBACK_ADDR })
        .await
        .map_err(|e| {
            Error::msg(format!(
                "cannot listen for the browser's answer on {CALLBACK_ADDR}: {e}. Is another login running? You can also log in with astro login --token-login TOKEN"
            ))
        })?;
    let redirect_uri = if loopback {
        let port = listener.local_addr().map_err(Error::Input)?.port();
        format!("http://127.0.0.1:{port}/callback")
    } else {
        REDIRECT_URI.to_string()
    };
    let url = authorize_url(&auth, &redirect_uri, &challenge);
    // The auth server's address is the server's text (docs/reliability.md#server-text).
    let shown = crate::output::safe(&url);

    if login_link {
        cx.io.note(&format!(
            "Please visit the following link on a device with a browser: {shown}\n"
        ));
    } else {
        cx.prompt.text(
            "Press Enter to open the browser to log in or ^C to quit…",
            "the browser login needs you to press Enter, but there is no input: pass --login-link to get a link to open elsewhere, or --token-login TOKEN",
        )?;
        if open_browser(&url).is_err() {
            cx.io.note(&format!(
                "\nUnable to open the URL, please visit the following link: {shown}\n\n"
            ));
        }
        cx.io.note("Waiting for login to complete in browser\n");
    }

    let code = tokio::time::timeout(CALLBACK_TIMEOUT, wait_for_code(&listener, loopback))
        .await
        .map_err(|_| {
            Error::msg("the operation has timed out: the browser did not complete the login within 5 minutes; run astro login again")
        })??;
    let grant = exchange_code(&http, &auth, &verifier, &code, &redirect_uri).await?;
    Ok(Credentials {
        access_token: grant.access_token,
        refresh_token: grant.refresh_token,
        expires_in: Some(grant.expires_in.filter(|s| *s > 0).unwrap_or(3600)),
    })
}

fn unreachable_error(domain: &str, error: &Error) -> Error {
    let where_to_get = if config::is_loopback(domain) {
        String::new()
    } else {
        format!(" (get one at https://cloud.{domain}/token)")
    };
    Error::msg(format!(
        "cannot start the browser login: the auth configuration at {} could not be read: {error}. Log in without a browser instead: astro login {domain} --token-login TOKEN{where_to_get}, or set ASTRO_API_TOKEN",
        auth_config_url(domain)
    ))
}

/// A random verifier (32 bytes, base64url) and its S256 challenge.
fn pkce() -> Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::msg(format!("cannot get random bytes for the login: {e}")))?;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let verifier = engine.encode(bytes);
    let challenge = engine.encode(sha2::Sha256::digest(verifier.as_bytes()));
    Ok((verifier, challenge))
}

/// The Go CLI's authorize URL (its parameters in its order).
pub fn authorize_url(auth: &AuthConfig, redirect_uri: &str, challenge: &str) -> String {
    format!(
        "{}authorize?prompt=login&audience={}&client_id={}&redirect_uri={}&scope=openid%20profile%20email%20offline_access&response_type=code&response_mode=query&code_challenge={}&code_challenge_method=S256",
        with_slash(&auth.domain_url),
        encode(&auth.audience),
        encode(&auth.client_id),
        redirect_uri,
        challenge
    )
}

/// Percent-encodes a query value (spaces as `%20`).
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Accepts connections until one brings `GET /callback?code=…` (or `?error=…`).
async fn wait_for_code(listener: &TcpListener, loopback: bool) -> Result<String> {
    loop {
        let (mut stream, _) = listener.accept().await.map_err(Error::Input)?;
        let mut head = Vec::new();
        let mut buf = [0u8; 2048];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head);
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or_default()
            .to_string();
        let Some(query) = target.strip_prefix("/callback") else {
            let _ = stream
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await;
            continue;
        };
        let query = query.strip_prefix('?').unwrap_or_default();
        let pairs = reqwest::Url::parse(&format!("http://callback.invalid/?{query}"))
            .map(|u| u.query_pairs().into_owned().collect::<Vec<_>>())
            .unwrap_or_default();
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let outcome = match (value("error"), value("code")) {
            (Some(error), _) => Err(Error::msg(format!(
                "Could not authorize your device. {}: {}",
                crate::output::safe(&error),
                crate::output::safe(&value("error_description").unwrap_or_default())
            ))),
            (None, Some(code)) if !code.is_empty() => Ok(code),
            _ => {
                let _ = stream
                    .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
                continue;
            }
        };
        let page = if outcome.is_ok() { "success" } else { "denied" };
        let response = if loopback {
            let text = if outcome.is_ok() {
                "Login complete: you can close this window and go back to the terminal.\n"
            } else {
                "Login failed: see the terminal.\n"
            };
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            )
        } else {
            format!(
                "HTTP/1.1 302 Found\r\nlocation: https://auth.astronomer.io/device/{page}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            )
        };
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        return outcome;
    }
}

/// Opens `url` in the user's browser with the platform's opener.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let status = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other("the browser opener failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_is_the_s256_of_the_verifier() {
        let (verifier, challenge) = pkce().unwrap();
        assert_eq!(verifier.len(), 43);
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        assert_eq!(
            challenge,
            engine.encode(sha2::Sha256::digest(verifier.as_bytes()))
        );
        // RFC 7636 appendix B.
        let known = engine.encode(sha2::Sha256::digest(
            b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ));
        assert_eq!(known, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn authorize_url_has_the_go_parameters() {
        let auth = AuthConfig {
            client_id: "cid".into(),
            audience: "astronomer-ee".into(),
            domain_url: "https://auth.astronomer.io".into(),
        };
        assert_eq!(
            authorize_url(&auth, REDIRECT_URI, "CH"),
            "https://auth.astronomer.io/authorize?prompt=login&audience=astronomer-ee&client_id=cid&redirect_uri=http://localhost:12345/callback&scope=openid%20profile%20email%20offline_access&response_type=code&response_mode=query&code_challenge=CH&code_challenge_method=S256"
        );
    }
}
