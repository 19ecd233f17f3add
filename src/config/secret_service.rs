//! The Secret Service (GNOME Keyring, KWallet) over the D-Bus session bus, for Linux: the few
//! calls astro needs, spoken directly on the bus's socket (docs/reliability.md#where-secrets-live).
//! The `keyring` crate's Secret Service backends need libdbus (C) or zbus, which with its two
//! async runtimes took the release binary from 5.1 to 7.3 MB; this is about 500 lines of std.
//!
//! A session with the `plain` algorithm, as `gh` (through go-keyring) opens one: the secret
//! travels on the user's own session bus, a socket only that user can open. Items carry the
//! attributes `service = astro`, `username = <domain>`, so `secret-tool lookup service astro
//! username <domain>` shows an entry.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use super::store::StoreError;

const SECRETS: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const SERVICE_IFACE: &str = "org.freedesktop.Secret.Service";
const ITEM_IFACE: &str = "org.freedesktop.Secret.Item";
const COLLECTION_IFACE: &str = "org.freedesktop.Secret.Collection";
const DEFAULT_COLLECTION: &str = "/org/freedesktop/secrets/aliases/default";
/// A keyring that does not answer within this time is treated as absent.
const TIMEOUT: Duration = Duration::from_secs(10);

type Result<T> = std::result::Result<T, StoreError>;

pub fn get(service: &str, user: &str) -> Result<Option<String>> {
    let mut bus = Bus::connect()?;
    let session = bus.open_session()?;
    let Some(item) = bus.find(service, user)? else {
        return Ok(None);
    };
    let value = bus.secret(&session, &item)?;
    String::from_utf8(value)
        .map(Some)
        .map_err(|_| StoreError::Refused("the entry is not text".into()))
}

/// Another program's entry for `user`: the `service`/`username` item `get` reads, or else an
/// item in the layout of the Go keyring library the Go CLI uses on Linux (attribute
/// `profile = <user>`, in a collection of its own, the secret a JSON envelope whose `Data` is
/// the entry in base64; docs/reliability.md#where-secrets-live). Only read.
pub fn get_other(service: &str, user: &str) -> Result<Option<String>> {
    if let Some(text) = get(service, user)? {
        return Ok(Some(text));
    }
    let mut bus = Bus::connect()?;
    let session = bus.open_session()?;
    let (unlocked, locked_items) = bus.search(&[("profile", user)])?;
    for item in &unlocked {
        if let Some(text) = unwrap_envelope(&bus.secret(&session, item)?, user) {
            return Ok(Some(text));
        }
    }
    if locked_items.is_empty() {
        Ok(None)
    } else {
        Err(locked())
    }
}

/// The entry inside a Go keyring library envelope (`{"Key": <user>, "Data": <base64>, …}`);
/// `None` for anything else, or an envelope for another key.
fn unwrap_envelope(secret: &[u8], user: &str) -> Option<String> {
    use base64::Engine as _;
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(rename = "Key", default)]
        key: String,
        #[serde(rename = "Data", default)]
        data: String,
    }
    let envelope: Envelope = serde_json::from_slice(secret).ok()?;
    if envelope.key != user {
        return None;
    }
    let data = base64::engine::general_purpose::STANDARD
        .decode(envelope.data)
        .ok()?;
    String::from_utf8(data).ok()
}

pub fn set(service: &str, user: &str, label: &str, secret: &str) -> Result<()> {
    let mut bus = Bus::connect()?;
    let session = bus.open_session()?;
    let mut body = Body::new();
    // a{sv} properties
    body.array(8, |b| {
        b.dict_entry(|b| {
            b.string("org.freedesktop.Secret.Item.Label");
            b.variant("s", |b| b.string(label));
        });
        b.dict_entry(|b| {
            b.string("org.freedesktop.Secret.Item.Attributes");
            b.variant("a{ss}", |b| attributes(b, service, user));
        });
    });
    // (oayays) secret
    body.align(8);
    body.object_path(&session);
    body.byte_array(&[]);
    body.byte_array(secret.as_bytes());
    body.string("text/plain; charset=utf8");
    // b replace
    body.u32(1);
    let reply = bus.call(
        DEFAULT_COLLECTION,
        COLLECTION_IFACE,
        "CreateItem",
        "a{sv}(oayays)b",
        body,
    )?;
    let mut r = reply.reader();
    r.string()?;
    let prompt = r.string()?;
    if prompt != "/" {
        return Err(locked());
    }
    Ok(())
}

/// Removes the entry; one already gone is not an error.
pub fn delete(service: &str, user: &str) -> Result<()> {
    let mut bus = Bus::connect()?;
    let Some(item) = bus.find(service, user)? else {
        return Ok(());
    };
    let reply = bus.call(&item, ITEM_IFACE, "Delete", "", Body::new())?;
    if reply.reader().string()? != "/" {
        return Err(locked());
    }
    Ok(())
}

fn attributes(b: &mut Body, service: &str, user: &str) {
    attribute_dict(b, &[("service", service), ("username", user)]);
}

/// An `a{ss}` of `pairs`.
fn attribute_dict(b: &mut Body, pairs: &[(&str, &str)]) {
    b.array(8, |b| {
        for (k, v) in pairs {
            b.dict_entry(|b| {
                b.string(k);
                b.string(v);
            });
        }
    });
}

fn locked() -> StoreError {
    StoreError::Locked("the collection is locked; unlocking it needs a prompt".into())
}

fn unavailable(why: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(why.to_string())
}

struct Bus {
    stream: UnixStream,
    serial: u32,
}

impl Bus {
    /// The session bus of `DBUS_SESSION_BUS_ADDRESS` (else `$XDG_RUNTIME_DIR/bus`),
    /// authenticated as this user, with its `Hello` said.
    fn connect() -> Result<Bus> {
        let address = std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .ok()
            .filter(|a| !a.is_empty())
            .or_else(|| {
                std::env::var("XDG_RUNTIME_DIR")
                    .ok()
                    .filter(|d| !d.is_empty())
                    .map(|d| format!("unix:path={d}/bus"))
            })
            .ok_or_else(|| {
                unavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
            })?;
        let stream = address
            .split(';')
            .find_map(|one| connect_one(one).ok())
            .ok_or_else(|| {
                unavailable(format!("cannot connect to the D-Bus session bus {address}"))
            })?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
            .map_err(unavailable)?;
        let mut bus = Bus { stream, serial: 0 };
        bus.authenticate()?;
        bus.call_to(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "Hello",
            "",
            Body::new(),
        )?;
        Ok(bus)
    }

    fn authenticate(&mut self) -> Result<()> {
        // SAFETY: getuid(2) has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        let hex: String = uid
            .to_string()
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.stream
            .write_all(format!("\0AUTH EXTERNAL {hex}\r\n").as_bytes())
            .map_err(unavailable)?;
        let line = self.read_line()?;
        if !line.starts_with("OK ") {
            return Err(unavailable(format!(
                "the D-Bus session bus refused this user ({})",
                line.trim()
            )));
        }
        self.stream.write_all(b"BEGIN\r\n").map_err(unavailable)
    }

    fn read_line(&mut self) -> Result<String> {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while !line.ends_with(b"\r\n") && line.len() < 4096 {
            self.stream.read_exact(&mut byte).map_err(unavailable)?;
            line.push(byte[0]);
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    }

    fn open_session(&mut self) -> Result<String> {
        let mut body = Body::new();
        body.string("plain");
        body.variant("s", |b| b.string(""));
        let reply = self.call(SERVICE_PATH, SERVICE_IFACE, "OpenSession", "sv", body)?;
        let mut r = reply.reader();
        r.skip_variant()?;
        r.string()
    }

    /// The item for `service`/`user`; an item in a locked collection is an error.
    fn find(&mut self, service: &str, user: &str) -> Result<Option<String>> {
        let (unlocked, locked_items) = self.search(&[("service", service), ("username", user)])?;
        match (unlocked.into_iter().next(), locked_items.is_empty()) {
            (Some(item), _) => Ok(Some(item)),
            (None, true) => Ok(None),
            (None, false) => Err(locked()),
        }
    }

    /// The items whose attributes include `attributes`: (unlocked, locked).
    fn search(&mut self, attributes: &[(&str, &str)]) -> Result<(Vec<String>, Vec<String>)> {
        let mut body = Body::new();
        attribute_dict(&mut body, attributes);
        let reply = self.call(SERVICE_PATH, SERVICE_IFACE, "SearchItems", "a{ss}", body)?;
        let mut r = reply.reader();
        let unlocked = r.object_paths()?;
        let locked_items = r.object_paths()?;
        Ok((unlocked, locked_items))
    }

    /// The secret of `item`, in the `plain` `session`.
    fn secret(&mut self, session: &str, item: &str) -> Result<Vec<u8>> {
        let mut body = Body::new();
        body.object_path(session);
        let reply = self.call(item, ITEM_IFACE, "GetSecret", "o", body)?;
        // (o session, ay parameters, ay value, s content_type)
        let mut r = reply.reader();
        r.align(8)?;
        r.string()?;
        r.bytes()?;
        r.bytes()
    }

    fn call(
        &mut self,
        path: &str,
        interface: &str,
        member: &str,
        signature: &str,
        body: Body,
    ) -> Result<Message> {
        self.call_to(SECRETS, path, interface, member, signature, body)
    }

    fn call_to(
        &mut self,
        destination: &str,
        path: &str,
        interface: &str,
        member: &str,
        signature: &str,
        body: Body,
    ) -> Result<Message> {
        self.serial += 1;
        let serial = self.serial;
        let mut m = Body::new();
        m.bytes.extend_from_slice(&[b'l', 1, 0, 1]);
        m.u32(u32::try_from(body.bytes.len()).unwrap_or(u32::MAX));
        m.u32(serial);
        m.array(8, |h| {
            let mut field = |code: u8, sig: &str, value: &str| {
                h.align(8);
                h.bytes.push(code);
                h.variant(sig, |b| match sig {
                    "g" => b.signature(value),
                    "o" => b.object_path(value),
                    _ => b.string(value),
                });
            };
            field(1, "o", path);
            field(2, "s", interface);
            field(3, "s", member);
            field(6, "s", destination);
            if !signature.is_empty() {
                field(8, "g", signature);
            }
        });
        m.align(8);
        m.bytes.extend_from_slice(&body.bytes);
        self.stream.write_all(&m.bytes).map_err(unavailable)?;
        loop {
            let reply = self.read_message()?;
            if reply.reply_serial != Some(serial) {
                // A signal (NameAcquired) or anything else not ours.
                continue;
            }
            if let Some(name) = &reply.error {
                let text = reply.reader().string().unwrap_or_default();
                return Err(match name.as_str() {
                    "org.freedesktop.DBus.Error.ServiceUnknown"
                    | "org.freedesktop.DBus.Error.NameHasNoOwner"
                    | "org.freedesktop.DBus.Error.Spawn.ServiceNotFound"
                    | "org.freedesktop.DBus.Error.Spawn.ChildExited" => {
                        unavailable(format!("no Secret Service is running ({name})"))
                    }
                    "org.freedesktop.Secret.Error.IsLocked" => locked(),
                    // No default collection to keep the entry in (a keyring never set up):
                    // as good as no store.
                    "org.freedesktop.Secret.Error.NoSuchObject"
                    | "org.freedesktop.DBus.Error.UnknownObject"
                    | "org.freedesktop.DBus.Error.UnknownMethod" => {
                        unavailable(format!("the keyring has no default collection ({name})"))
                    }
                    _ if text.is_empty() => StoreError::Refused(name.clone()),
                    _ => StoreError::Refused(format!("{name}: {text}")),
                });
            }
            return Ok(reply);
        }
    }

    fn read_message(&mut self) -> Result<Message> {
        let mut fixed = [0u8; 16];
        self.stream.read_exact(&mut fixed).map_err(unavailable)?;
        if fixed[0] != b'l' {
            return Err(StoreError::Refused("a big-endian D-Bus message".into()));
        }
        let word = |at: usize| {
            u32::from_le_bytes([fixed[at], fixed[at + 1], fixed[at + 2], fixed[at + 3]]) as usize
        };
        let (body_len, fields_len) = (word(4), word(12));
        if body_len > 1 << 24 || fields_len > 1 << 16 {
            return Err(StoreError::Refused("a D-Bus message too large".into()));
        }
        let header_end = (16 + fields_len).div_ceil(8) * 8;
        let mut rest = vec![0u8; header_end - 16 + body_len];
        self.stream.read_exact(&mut rest).map_err(unavailable)?;
        let mut all = fixed.to_vec();
        all.extend_from_slice(&rest);
        let mut message = Message {
            reply_serial: None,
            error: None,
            body: all[header_end..].to_vec(),
        };
        let mut r = Reader {
            bytes: &all[..16 + fields_len],
            at: 16,
        };
        while r.at < r.bytes.len() {
            r.align(8)?;
            let code = r.byte()?;
            let signature = r.signature()?;
            match (code, signature.as_str()) {
                (4, "s") => message.error = Some(r.string()?),
                (5, "u") => message.reply_serial = Some(r.u32()?),
                (_, "s" | "o") => {
                    r.string()?;
                }
                (_, "g") => {
                    r.signature()?;
                }
                (_, "u") => {
                    r.u32()?;
                }
                _ => return Err(StoreError::Refused("an unexpected D-Bus header".into())),
            }
        }
        Ok(message)
    }
}

fn connect_one(address: &str) -> std::io::Result<UnixStream> {
    let rest = address
        .strip_prefix("unix:")
        .ok_or_else(|| std::io::Error::other("not a unix address"))?;
    for part in rest.split(',') {
        if let Some(path) = part.strip_prefix("path=") {
            return UnixStream::connect(unescape(path));
        }
        if let Some(name) = part.strip_prefix("abstract=") {
            use std::os::linux::net::SocketAddrExt;
            let addr = std::os::unix::net::SocketAddr::from_abstract_name(unescape(name))?;
            return UnixStream::connect_addr(&addr);
        }
    }
    Err(std::io::Error::other("no path in the address"))
}

/// D-Bus addresses escape bytes as `%xx`.
fn unescape(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A message body being written, little-endian, aligned from its start (a message's body
/// starts at a multiple of 8).
struct Body {
    bytes: Vec<u8>,
}

impl Body {
    fn new() -> Body {
        Body { bytes: Vec::new() }
    }

    fn align(&mut self, to: usize) {
        while !self.bytes.len().is_multiple_of(to) {
            self.bytes.push(0);
        }
    }

    fn u32(&mut self, value: u32) {
        self.align(4);
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn string(&mut self, value: &str) {
        self.u32(u32::try_from(value.len()).unwrap_or(u32::MAX));
        self.bytes.extend_from_slice(value.as_bytes());
        self.bytes.push(0);
    }

    fn object_path(&mut self, value: &str) {
        self.string(value);
    }

    fn signature(&mut self, value: &str) {
        self.bytes
            .push(u8::try_from(value.len()).unwrap_or(u8::MAX));
        self.bytes.extend_from_slice(value.as_bytes());
        self.bytes.push(0);
    }

    fn byte_array(&mut self, value: &[u8]) {
        self.u32(u32::try_from(value.len()).unwrap_or(u32::MAX));
        self.bytes.extend_from_slice(value);
    }

    fn variant(&mut self, signature: &str, value: impl FnOnce(&mut Body)) {
        self.signature(signature);
        value(self);
    }

    /// An array whose elements align to `element_align`; its length is filled in after.
    fn array(&mut self, element_align: usize, elements: impl FnOnce(&mut Body)) {
        self.align(4);
        let at = self.bytes.len();
        self.bytes.extend_from_slice(&[0; 4]);
        self.align(element_align);
        let start = self.bytes.len();
        elements(self);
        let len = u32::try_from(self.bytes.len() - start).unwrap_or(u32::MAX);
        self.bytes[at..at + 4].copy_from_slice(&len.to_le_bytes());
    }

    fn dict_entry(&mut self, fields: impl FnOnce(&mut Body)) {
        self.align(8);
        fields(self);
    }
}

struct Message {
    reply_serial: Option<u32>,
    error: Option<String>,
    body: Vec<u8>,
}

impl Message {
    fn reader(&self) -> Reader<'_> {
        Reader {
            bytes: &self.body,
            at: 0,
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn short() -> StoreError {
        StoreError::Refused("a D-Bus reply cut short".into())
    }

    fn align(&mut self, to: usize) -> Result<()> {
        self.at = self.at.div_ceil(to) * to;
        if self.at > self.bytes.len() {
            return Err(Self::short());
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).ok_or_else(Self::short)?;
        let slice = self.bytes.get(self.at..end).ok_or_else(Self::short)?;
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32> {
        self.align(4)?;
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String> {
        let len = self.u32()? as usize;
        let text = String::from_utf8_lossy(self.take(len)?).into_owned();
        self.take(1)?;
        Ok(text)
    }

    fn signature(&mut self) -> Result<String> {
        let len = self.byte()? as usize;
        let text = String::from_utf8_lossy(self.take(len)?).into_owned();
        self.take(1)?;
        Ok(text)
    }

    fn bytes(&mut self) -> Result<Vec<u8>> {
        let len = self.u32()? as usize;
        Ok(self.take(len)?.to_vec())
    }

    fn object_paths(&mut self) -> Result<Vec<String>> {
        let len = self.u32()? as usize;
        let end = self.at + len;
        let mut paths = Vec::new();
        while self.at < end {
            paths.push(self.string()?);
        }
        Ok(paths)
    }

    /// Skips a variant holding a string or an array of bytes (what `OpenSession` answers).
    fn skip_variant(&mut self) -> Result<()> {
        match self.signature()?.as_str() {
            "s" | "o" => self.string().map(drop),
            "ay" => self.bytes().map(drop),
            other => Err(StoreError::Refused(format!(
                "an unexpected D-Bus variant {other}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_go_keyring_envelope_gives_its_data_for_its_own_key_only() {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(r#"{"token":"Bearer t"}"#);
        let envelope = format!(r#"{{"Key":"a.io","Data":"{data}","Label":"a.io"}}"#);
        assert_eq!(
            unwrap_envelope(envelope.as_bytes(), "a.io").as_deref(),
            Some(r#"{"token":"Bearer t"}"#)
        );
        assert_eq!(unwrap_envelope(envelope.as_bytes(), "b.io"), None);
        assert_eq!(unwrap_envelope(b"Bearer t", "a.io"), None);
    }

    #[test]
    fn arrays_of_dict_entries_are_aligned_and_measured() {
        let mut body = Body::new();
        attributes(&mut body, "astro", "a.io");
        // length, then padding to 8, then two entries of two strings each.
        let len = u32::from_le_bytes([body.bytes[0], body.bytes[1], body.bytes[2], body.bytes[3]]);
        assert_eq!(len as usize, body.bytes.len() - 8);
        let mut r = Reader {
            bytes: &body.bytes,
            at: 8,
        };
        assert_eq!(r.string().unwrap(), "service");
        assert_eq!(r.string().unwrap(), "astro");
        r.align(8).unwrap();
        assert_eq!(r.string().unwrap(), "username");
        assert_eq!(r.string().unwrap(), "a.io");
    }

    #[test]
    fn addresses_are_unescaped() {
        assert_eq!(unescape("/tmp/dbus%2dx"), "/tmp/dbus-x");
        assert_eq!(unescape("/run/user/0/bus"), "/run/user/0/bus");
    }
}
