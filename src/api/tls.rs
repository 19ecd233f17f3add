//! TLS trust for the process's one client: which certificate authorities are trusted, read
//! only when a server's certificate actually has to be checked, and what to tell the user when
//! a certificate is refused.
//!
//! Roots are the system's, as OpenSSL and curl find them, so a corporate CA added to the system
//! bundle, or named by `SSL_CERT_FILE` / `SSL_CERT_DIR`, keeps working. The trusted set is the
//! bundle file and the certificate folders: `SSL_CERT_FILE` and `SSL_CERT_DIR` (`:`-separated)
//! when either is set, else the distribution's (`/etc/ssl/certs/ca-certificates.crt` and
//! `/etc/ssl/certs` on Debian).
//!
//! The bundle alone is read first. The folder holds the same certificates again, one per file,
//! on every distribution that has both (many images also set both variables to them), and
//! reading it costs about 290 file operations and as much parsing again as the bundle. It is
//! read only when a certificate fails against the bundle, so a CA that is in a folder and not in
//! the bundle is still trusted: the same certificates are accepted as when everything is read
//! up front. docs/benchmarks.md has the figures.
//!
//! Nothing is read at start-up: commands that make no HTTPS request never parse a certificate.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// The rustls configuration for the client. Cheap: no certificate is read here.
pub fn client_config(skip_verify: bool) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = if skip_verify {
        Arc::new(AcceptAnyCertificate { algorithms })
    } else {
        Arc::new(SystemRoots {
            provider: Arc::clone(&provider),
            sources: OnceLock::new(),
            preferred: OnceLock::new(),
            complete: OnceLock::new(),
        })
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // What reqwest offers when it builds the configuration itself (it speaks HTTP/1.1 only here).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Where the trusted certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RootSources {
    /// Read first, and alone when it suffices.
    preferred: Paths,
    /// Also read when a certificate fails against `preferred` alone (the system's folders).
    fallback_dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Paths {
    file: Option<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl RootSources {
    fn from_env() -> RootSources {
        let file = std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty());
        let dirs = std::env::var_os("SSL_CERT_DIR").filter(|v| !v.is_empty());
        RootSources::choose(file.map(PathBuf::from), dirs, system_locations)
    }

    /// `system` gives the distribution's bundle file and certificate folders that exist.
    fn choose(
        file: Option<PathBuf>,
        dirs: Option<std::ffi::OsString>,
        system: impl FnOnce() -> (Option<PathBuf>, Vec<PathBuf>),
    ) -> RootSources {
        let (file, dirs) = if file.is_some() || dirs.is_some() {
            // The user said where: exactly that, as OpenSSL does.
            let dirs = dirs
                .map(|d| {
                    std::env::split_paths(&d)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default();
            (file, dirs)
        } else {
            system()
        };
        match (file, dirs) {
            (Some(file), dirs) => RootSources {
                preferred: Paths {
                    file: Some(file),
                    dirs: Vec::new(),
                },
                fallback_dirs: dirs,
            },
            (None, dirs) => RootSources {
                preferred: Paths { file: None, dirs },
                fallback_dirs: Vec::new(),
            },
        }
    }
}

/// The bundle file and certificate folders OpenSSL would use on this system.
fn system_locations() -> (Option<PathBuf>, Vec<PathBuf>) {
    // Only consulted when neither variable is set, so the probe sees no override either.
    let probe = openssl_probe::probe();
    (probe.cert_file, probe.cert_dir)
}

fn read_certificates(paths: &Paths, out: &mut Vec<CertificateDer<'static>>) {
    // Unreadable files and bad PEM are skipped, as OpenSSL does: one broken file in a
    // certificate folder must not stop every request.
    if let Some(file) = &paths.file {
        out.extend(rustls_native_certs::load_certs_from_paths(Some(file), None).certs);
    }
    for dir in &paths.dirs {
        out.extend(rustls_native_certs::load_certs_from_paths(None, Some(dir)).certs);
    }
}

fn verifier_for(
    certificates: Vec<CertificateDer<'static>>,
    provider: &Arc<CryptoProvider>,
) -> Option<Arc<WebPkiServerVerifier>> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(certificates);
    if roots.is_empty() {
        // Every certificate will be refused as of an unknown issuer; the error says what to set.
        return None;
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(provider))
        .build()
        .ok()
}

/// Checks certificates against the system's roots, loaded on first use and kept for the rest of
/// the process.
#[derive(Debug)]
struct SystemRoots {
    provider: Arc<CryptoProvider>,
    /// Found on first use too: even probing for the system's files is a few syscalls.
    sources: OnceLock<RootSources>,
    preferred: OnceLock<Option<Arc<WebPkiServerVerifier>>>,
    complete: OnceLock<Option<Arc<WebPkiServerVerifier>>>,
}

impl SystemRoots {
    fn sources(&self) -> &RootSources {
        self.sources.get_or_init(RootSources::from_env)
    }

    fn preferred(&self) -> Option<&Arc<WebPkiServerVerifier>> {
        self.preferred
            .get_or_init(|| {
                let mut certificates = Vec::new();
                read_certificates(&self.sources().preferred, &mut certificates);
                verifier_for(certificates, &self.provider)
            })
            .as_ref()
    }

    fn complete(&self) -> Option<&Arc<WebPkiServerVerifier>> {
        self.complete
            .get_or_init(|| {
                let mut certificates = Vec::new();
                read_certificates(&self.sources().preferred, &mut certificates);
                let dirs = Paths {
                    file: None,
                    dirs: self.sources().fallback_dirs.clone(),
                };
                read_certificates(&dirs, &mut certificates);
                certificates.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
                certificates.dedup();
                verifier_for(certificates, &self.provider)
            })
            .as_ref()
    }
}

fn unknown_issuer() -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)
}

impl ServerCertVerifier for SystemRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verify = |verifier: Option<&Arc<WebPkiServerVerifier>>| match verifier {
            Some(v) => {
                v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            None => Err(unknown_issuer()),
        };
        match verify(self.preferred()) {
            // Any refusal, not only an unknown issuer: a folder's CA may share its name with a
            // bundle's (then the bundle's key fails the signature), and the answer must be the
            // one the whole store would give.
            Err(rustls::Error::InvalidCertificate(_))
                if !self.sources().fallback_dirs.is_empty() =>
            {
                verify(self.complete())
            }
            outcome => outcome,
        }
    }

    // Handshake signatures are checked against the server's own certificate, not the roots, so
    // none of these needs the store.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// `houston.skip_verify_tls = true`: any certificate is accepted (the connection is still
/// encrypted, and the server must still prove it holds the certificate's key).
#[derive(Debug)]
struct AcceptAnyCertificate {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Whether the server's certificate was refused somewhere in `error`'s chain.
pub fn is_certificate_error(error: &(dyn std::error::Error + 'static)) -> bool {
    certificate_reason(error, "").is_some()
}

/// A refused server certificate, said so that the user knows which host and what to change;
/// `None` when `error` is not about a certificate.
pub fn certificate_reason(error: &(dyn std::error::Error + 'static), host: &str) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        // An io::Error's `source()` skips the error it wraps, which is where rustls puts its own.
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn std::error::Error + 'static));
        for candidate in [Some(e), inner].into_iter().flatten() {
            if let Some(rustls::Error::InvalidCertificate(reason)) =
                candidate.downcast_ref::<rustls::Error>()
            {
                return Some(describe(reason, host));
            }
        }
        current = e.source();
    }
    None
}

fn describe(reason: &CertificateError, host: &str) -> String {
    // Go's words first (scripts grep them), then which host and what to do.
    let (go, ours) = match reason {
        // A CA of the right name but another key is, to the user, an unknown one too (Go says
        // the same for both).
        CertificateError::UnknownIssuer | CertificateError::BadSignature => (
            "x509: certificate signed by unknown authority".to_string(),
            format!(
                "The certificate of {host} is not signed by a certificate authority this computer trusts."
            ),
        ),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
            format!("x509: certificate is not valid for {host}"),
            format!("The certificate {host} presented was made for another name."),
        ),
        CertificateError::Expired
        | CertificateError::ExpiredContext { .. }
        | CertificateError::NotValidYet
        | CertificateError::NotValidYetContext { .. } => (
            "x509: certificate has expired or is not yet valid".to_string(),
            format!("Check the certificate of {host}, and this computer's clock."),
        ),
        other => (
            format!("x509: {other}"),
            format!("The certificate of {host} was refused."),
        ),
    };
    format!(
        "tls: failed to verify certificate: {go}\n{ours} If {host} uses a private or corporate \
         certificate authority, point SSL_CERT_FILE at a PEM file that holds it (it replaces the \
         system bundle, so include the public roots if you need them) or SSL_CERT_DIR at a folder \
         of such files."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system() -> (Option<PathBuf>, Vec<PathBuf>) {
        (
            Some("/etc/ssl/certs/ca-certificates.crt".into()),
            vec!["/etc/ssl/certs".into()],
        )
    }

    #[test]
    fn the_bundle_alone_is_read_first_and_the_folder_only_as_a_fallback() {
        let sources = RootSources::choose(None, None, system);
        assert_eq!(
            sources.preferred,
            Paths {
                file: Some("/etc/ssl/certs/ca-certificates.crt".into()),
                dirs: vec![]
            }
        );
        assert_eq!(sources.fallback_dirs, vec![PathBuf::from("/etc/ssl/certs")]);
    }

    #[test]
    fn without_a_bundle_the_folders_are_read() {
        let sources = RootSources::choose(None, None, || (None, vec!["/etc/pki/tls/certs".into()]));
        assert_eq!(
            sources.preferred.dirs,
            vec![PathBuf::from("/etc/pki/tls/certs")]
        );
        assert!(sources.fallback_dirs.is_empty());
    }

    #[test]
    fn the_environment_names_exactly_what_is_trusted() {
        let no_system = || -> (Option<PathBuf>, Vec<PathBuf>) { panic!("system store consulted") };
        let sources = RootSources::choose(Some("/tmp/corp.pem".into()), None, no_system);
        assert_eq!(sources.preferred.file, Some(PathBuf::from("/tmp/corp.pem")));
        assert!(sources.preferred.dirs.is_empty() && sources.fallback_dirs.is_empty());

        // Both set (as many images do, to the same certificates): the file first.
        let sources = RootSources::choose(
            Some("/etc/ssl/certs/ca-certificates.crt".into()),
            Some("/etc/ssl/certs".into()),
            no_system,
        );
        assert_eq!(sources, RootSources::choose(None, None, system));

        let sources = RootSources::choose(None, Some("/a:/b::".into()), no_system);
        assert_eq!(sources.preferred.file, None);
        assert_eq!(
            sources.preferred.dirs,
            vec![PathBuf::from("/a"), PathBuf::from("/b")]
        );
    }

    #[test]
    fn a_refusal_names_the_host_and_the_variable() {
        let text = describe(&CertificateError::UnknownIssuer, "houston.example.com");
        assert!(
            text.starts_with(
                "tls: failed to verify certificate: x509: certificate signed by unknown authority\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("The certificate of houston.example.com is not signed"),
            "{text}"
        );
        assert!(text.contains("SSL_CERT_FILE"), "{text}");
    }

    #[test]
    fn a_missing_store_refuses_rather_than_panics() {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        assert!(verifier_for(Vec::new(), &provider).is_none());
    }
}
