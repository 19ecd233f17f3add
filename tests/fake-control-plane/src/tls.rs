//! HTTPS for the fake: a certificate authority and a server certificate made at start-up, and
//! the TLS side of a connection, reached either directly (the first byte is a TLS handshake)
//! or through `CONNECT` (the fake is its own HTTPS proxy).
//!
//! The proxy is what lets `astro` reach the fake as it reaches a real installation: a context
//! for the domain [`HTTPS_DOMAIN`] makes `astro` call `https://api.control-plane.test/v1` or
//! `https://houston.control-plane.test/v1`; with `HTTPS_PROXY` pointing at the fake, the name is
//! never looked up (the proxy is asked for it), so no DNS entry, hosts file or root is needed.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The domain whose `api.` and `houston.` hosts the fake's certificate covers. `.test` is
/// reserved (RFC 2606): it can never reach a real server.
pub const HTTPS_DOMAIN: &str = "control-plane.test";

/// What the server certificate is valid for.
const SERVER_NAMES: &[&str] = &[
    "*.control-plane.test",
    "control-plane.test",
    "localhost",
    "127.0.0.1",
];

pub(crate) struct TlsIdentity {
    /// The CA that signed the server certificate, PEM: what a client must trust.
    pub ca_pem: String,
    pub config: Arc<rustls::ServerConfig>,
}

fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("fake control plane TLS: {e}"))
}

/// A fresh CA and server certificate (ECDSA P-256, as most public endpoints use today).
pub(crate) fn identity() -> io::Result<TlsIdentity> {
    let ca_key = KeyPair::generate().map_err(invalid)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(invalid)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "fake control plane test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(invalid)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().map_err(invalid)?;
    let names: Vec<String> = SERVER_NAMES.iter().map(|s| s.to_string()).collect();
    let mut params = CertificateParams::new(names).map_err(invalid)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "fake control plane");
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let server_cert = params.signed_by(&server_key, &issuer).map_err(invalid)?;

    let chain: Vec<CertificateDer<'static>> = vec![server_cert.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(invalid)?
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .map_err(invalid)?;
    // The fake speaks HTTP/1.1 only; curl offers h2 first and must not pick it.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsIdentity {
        ca_pem: ca_cert.pem(),
        config: Arc::new(config),
    })
}

/// Whether a client opened this connection with a TLS handshake record (rather than HTTP).
pub(crate) fn starts_with_tls(stream: &TcpStream) -> bool {
    let mut first = [0u8; 1];
    matches!(stream.peek(&mut first), Ok(1) if first[0] == 0x16)
}

/// The socket, with bytes already read past a `CONNECT` request served first.
pub(crate) struct Prefixed {
    prefix: Vec<u8>,
    stream: TcpStream,
}

impl Read for Prefixed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.prefix.is_empty() {
            return self.stream.read(buf);
        }
        let n = buf.len().min(self.prefix.len());
        buf[..n].copy_from_slice(&self.prefix[..n]);
        self.prefix.drain(..n);
        Ok(n)
    }
}

impl Write for Prefixed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// One TLS session, shared by the connection's reader and writer halves (one thread uses both,
/// so the lock is never contended).
#[derive(Clone)]
pub(crate) struct TlsStream(Arc<Mutex<rustls::StreamOwned<rustls::ServerConnection, Prefixed>>>);

impl TlsStream {
    pub fn accept(
        config: &Arc<rustls::ServerConfig>,
        stream: &TcpStream,
        prefix: Vec<u8>,
    ) -> io::Result<TlsStream> {
        let conn = rustls::ServerConnection::new(Arc::clone(config)).map_err(invalid)?;
        let socket = Prefixed {
            prefix,
            stream: stream.try_clone()?,
        };
        Ok(TlsStream(Arc::new(Mutex::new(rustls::StreamOwned::new(
            conn, socket,
        )))))
    }

    fn with<R>(
        &self,
        f: impl FnOnce(&mut rustls::StreamOwned<rustls::ServerConnection, Prefixed>) -> R,
    ) -> R {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.with(|s| s.read(buf))
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.with(|s| s.write(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.with(|s| s.flush())
    }
}
