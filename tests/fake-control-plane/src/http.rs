//! Minimal HTTP/1.1 framing: just enough to read requests from real clients (reqwest, curl, raw
//! sockets in tests) and to write responses with an exact `Content-Length`.

use std::io::{self, BufRead, Read, Write};

/// Requests larger than this are refused; the fake never needs big bodies.
const MAX_BODY: usize = 16 * 1024 * 1024;
const MAX_LINE: usize = 64 * 1024;

/// A request as read off the wire, before it is interpreted.
pub(crate) struct RawRequest {
    pub method: String,
    /// Request target as sent: path plus optional `?query`.
    pub target: String,
    /// `HTTP/1.1`, `HTTP/1.0`, or empty for a bare `GET /path` line.
    pub version: String,
    /// Header names lower-cased, values trimmed, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection should stay open after answering this request.
    pub fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let tokens: Vec<&str> = conn.split(',').map(str::trim).collect();
        if tokens.contains(&"close") {
            return false;
        }
        if self.version == "HTTP/1.1" {
            return true;
        }
        tokens.contains(&"keep-alive")
    }
}

/// Reads one line (terminated by `\n`, optional `\r`); `None` at a clean EOF.
fn read_line(r: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = r
        .by_ref()
        .take(MAX_LINE as u64)
        .read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') {
        if buf.len() >= MAX_LINE {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
        }
        // EOF in the middle of a line: treat what we have as the line.
    } else {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// Reads the next request. `Ok(None)` means the client closed the connection between requests.
/// `continue_writer` receives `100 Continue` when the client asks for it.
pub(crate) fn read_request(
    r: &mut impl BufRead,
    continue_writer: &mut impl Write,
) -> io::Result<Option<RawRequest>> {
    // Tolerate stray empty lines between requests (RFC 9112 §2.2).
    let line = loop {
        match read_line(r)? {
            None => return Ok(None),
            Some(l) if l.trim().is_empty() => continue,
            Some(l) => break l,
        }
    };
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let version = parts.next().unwrap_or_default().to_string();

    let mut headers = Vec::new();
    // A request line without a version (HTTP/0.9 style) has no headers at all.
    if !version.is_empty() {
        while let Some(h) = read_line(r)? {
            if h.is_empty() {
                break;
            }
            if let Some((name, value)) = h.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
    }

    let mut req = RawRequest {
        method,
        target,
        version,
        headers,
        body: Vec::new(),
    };

    if req
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        continue_writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        continue_writer.flush()?;
    }

    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        req.body = read_chunked(r)?;
    } else if let Some(len) = req.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad content-length"))?;
        if len > MAX_BODY {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        req.body = body;
    }
    Ok(Some(req))
}

fn read_chunked(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(r)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "eof in chunk size"))?;
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while let Some(t) = read_line(r)? {
                if t.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        // CRLF after the chunk data.
        let _ = read_line(r)?;
    }
}

/// A response to be written by the connection loop.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    /// Extra headers (name, value); `content-length` is always added by [`write_response`].
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    pub fn empty(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_content_type(
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }
}

pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

pub(crate) fn write_response(w: &mut impl Write, resp: &Response, close: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (n, v) in &resp.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n", resp.body.len()));
    if close {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&resp.body);
    w.write_all(&out)?;
    w.flush()
}

/// Writes a chunked 200 `application/json` that never ends: `{"items":[` then one object per
/// chunk, forever, with `every` between chunks if given. Returns when the client hangs up (or the
/// server shuts down, which closes the socket).
pub(crate) fn write_endless(
    w: &mut impl Write,
    every: Option<std::time::Duration>,
) -> io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
    )?;
    let chunk = |data: &[u8]| {
        let mut out = format!("{:x}\r\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        out
    };
    w.write_all(&chunk(b"{\"items\":["))?;
    // Big chunks when flooding (so the test is quick), tiny ones when trickling.
    let item = br#"{"id":"endless","name":"again and again"},"#;
    let data = match every {
        None => item.repeat(64 * 1024 / item.len()),
        Some(_) => item.to_vec(),
    };
    let framed = chunk(&data);
    loop {
        w.write_all(&framed)?;
        w.flush()?;
        if let Some(pause) = every {
            std::thread::sleep(pause);
        }
    }
}

/// Percent-decodes a query component (`+` means space).
pub(crate) fn decode_query_component(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// Percent-decodes a path segment or query component; invalid escapes are kept literally.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Splits a raw query string into decoded pairs, in order.
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode_query_component(k), decode_query_component(v)),
            None => (decode_query_component(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query() {
        assert_eq!(
            parse_query("sorts=name%3Aasc&q=a+b&flag&x=%zz"),
            vec![
                ("sorts".into(), "name:asc".into()),
                ("q".into(), "a b".into()),
                ("flag".into(), String::new()),
                ("x".into(), "%zz".into()),
            ]
        );
        assert_eq!(percent_decode("abc%2"), "abc%2");
        assert_eq!(percent_decode("%41"), "A");
    }

    #[test]
    fn reads_chunked_body() {
        let raw = b"POST /v1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        let mut r = io::BufReader::new(&raw[..]);
        let req = read_request(&mut r, &mut io::sink()).unwrap().unwrap();
        assert_eq!(req.body, b"abcde");
        assert!(req.keep_alive());
    }

    #[test]
    fn reads_headerless_get() {
        let raw = b"GET /x\r\n";
        let mut r = io::BufReader::new(&raw[..]);
        let req = read_request(&mut r, &mut io::sink()).unwrap().unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/x");
        assert!(req.headers.is_empty());
        assert!(!req.keep_alive());
    }
}
