//! Where a domain's APIs are and which platform it is: loopback domains, the Go CLI's cloud
//! domain pattern, the Astro REST base URL and the Houston GraphQL URL.

use super::*;

/// `localhost`, `127.0.0.1` or `[::1]`, optionally with `:port`.
pub fn is_loopback(domain: &str) -> bool {
    let host = if let Some(rest) = domain.strip_prefix("[::1]") {
        return rest.is_empty() || is_port_suffix(rest);
    } else {
        match domain.rsplit_once(':') {
            Some((host, port)) if is_port_suffix(&format!(":{port}")) => host,
            _ => domain,
        }
    };
    host == "localhost" || host == "127.0.0.1"
}

/// Astro for the Go CLI's cloud domains and loopback domains; Private Cloud otherwise.
pub fn platform_of_domain(domain: &str) -> Platform {
    if is_loopback(domain) || is_cloud_domain(domain) {
        Platform::Astro
    } else {
        Platform::Apc
    }
}

/// Astro REST base URL for a domain, as the Go CLI builds it (`https://api.<domain>/v1`; a
/// loopback domain is plain `http://<domain>/v1`: docs/compatibility.md#loopback).
pub fn astro_base_url(domain: &str) -> String {
    if is_loopback(domain) {
        return format!("http://{domain}/v1");
    }
    if let Some(rest) = strip_pr_prefix(domain)
        && rest == "astronomer-dev.io"
    {
        let pr = &domain[..domain.len() - rest.len() - 1];
        return format!("https://{pr}.api.astronomer-dev.io/v1");
    }
    let d = domain.strip_prefix("https://").unwrap_or(domain);
    let d = d.strip_prefix("cloud.").unwrap_or(d);
    let d = d.trim_end_matches('/');
    format!("https://api.{d}/v1")
}

/// Houston GraphQL URL for a domain.
pub fn houston_url(domain: &str) -> String {
    if is_loopback(domain) {
        format!("http://{domain}/v1")
    } else {
        format!("https://houston.{domain}/v1")
    }
}

/// The Go CLI's `FormatDomain` for Astro logins: a domain containing `cloud` loses its first
/// `cloud.`, its `https://` and trailing `/`; an empty one is `astronomer.io`.
pub fn format_astro_domain(domain: &str) -> String {
    if domain.contains("cloud") {
        domain
            .replacen("cloud.", "", 1)
            .replacen("https://", "", 1)
            .trim_end_matches('/')
            .to_string()
    } else if domain.is_empty() {
        "astronomer.io".to_string()
    } else {
        domain.to_string()
    }
}

fn is_port_suffix(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The Go CLI's cloud pattern:
/// `(?:https://|^)(?:(pr\d{4,6})\.|)(?:cloud\.|)astronomer(?:-(dev|stage|perf))?\.io(?:/|)$`.
fn is_cloud_domain(domain: &str) -> bool {
    let rest = domain.strip_prefix("https://").unwrap_or(domain);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let rest = strip_pr_prefix(rest).unwrap_or(rest);
    let rest = rest.strip_prefix("cloud.").unwrap_or(rest);
    matches!(
        rest,
        "astronomer.io" | "astronomer-dev.io" | "astronomer-stage.io" | "astronomer-perf.io"
    )
}

/// `prNNNN.` (4 to 6 digits) at the start: returns what follows.
fn strip_pr_prefix(s: &str) -> Option<&str> {
    let digits_and_rest = s.strip_prefix("pr")?;
    let digits = digits_and_rest
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if !(4..=6).contains(&digits) {
        return None;
    }
    digits_and_rest[digits..].strip_prefix('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_follows_the_go_cloud_pattern() {
        for d in [
            "astronomer.io",
            "cloud.astronomer.io",
            "astronomer-dev.io",
            "astronomer-stage.io",
            "astronomer-perf.io",
            "pr1234.astronomer-dev.io",
            "pr123456.cloud.astronomer-dev.io",
            "https://cloud.astronomer.io/",
            "localhost",
            "localhost:8871",
            "127.0.0.1:5000",
            "[::1]:80",
        ] {
            assert_eq!(platform_of_domain(d), Platform::Astro, "{d}");
        }
        for d in [
            "mycompany.astronomer.io",
            "astro.example.com",
            "example.com",
            "pr12.astronomer-dev.io",
            "astronomer.io.evil.com",
            "localhost.example.com",
        ] {
            assert_eq!(platform_of_domain(d), Platform::Apc, "{d}");
        }
    }

    #[test]
    fn endpoints() {
        assert_eq!(
            astro_base_url("astronomer.io"),
            "https://api.astronomer.io/v1"
        );
        assert_eq!(
            astro_base_url("cloud.astronomer-stage.io"),
            "https://api.astronomer-stage.io/v1"
        );
        assert_eq!(
            astro_base_url("pr1234.astronomer-dev.io"),
            "https://pr1234.api.astronomer-dev.io/v1"
        );
        assert_eq!(astro_base_url("127.0.0.1:9999"), "http://127.0.0.1:9999/v1");
        assert_eq!(houston_url("example.com"), "https://houston.example.com/v1");
        assert_eq!(houston_url("localhost:1234"), "http://localhost:1234/v1");
    }
}
