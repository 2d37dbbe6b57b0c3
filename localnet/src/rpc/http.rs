//! The HTTP endpoint: JSON-RPC on POST (any path, as the validator), `GET /health`, and CORS so
//! browser clients can call it.
//!
//! HTTP/1.1 with keep-alive and pipelining, one thread per connection that reads, answers and
//! writes its own requests. Nothing is handed between threads per request, and a burst of new
//! keep-alive connections never waits behind a pool (tiny_http's could leave connections
//! opened together unserved for good, which a test suite's agent does on its first calls).

use crate::{jsonrpc, log, rpc, state::SharedNode};
use serde_json::json;
use std::{
    io::{ErrorKind, Read, Write},
    net::{TcpListener, TcpStream},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    thread,
    time::{Duration, Instant},
};

/// The validator's request body limit (`MAX_REQUEST_BODY_SIZE`, 50 KiB).
const MAX_REQUEST_BODY_SIZE: usize = 50 * 1024;
/// Request line and headers together.
const MAX_HEAD_SIZE: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// Connections served at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 1024;
/// How long a request may take to arrive once its first byte has. An idle keep-alive
/// connection may wait for its next request as long as its client likes.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const READ_CHUNK: usize = 16 * 1024;

/// Why a connection stops being served.
enum Stop {
    /// The peer closed it, or it failed: nothing more to say.
    Gone,
    /// Answer with this status and close.
    Refuse(u16, &'static str),
}

/// One parsed request.
struct Request {
    method: String,
    path: String,
    keep_alive: bool,
    allowed_headers: String,
    body: Vec<u8>,
}

/// One client connection: bytes read but not yet consumed are kept for the next request
/// (pipelining).
struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
    request_started: Option<Instant>,
}

impl Connection {
    /// Reads more bytes into the buffer. An idle connection waits indefinitely; a request
    /// that has begun must be whole within `REQUEST_TIMEOUT`.
    fn fill(&mut self) -> Result<(), Stop> {
        let mut chunk = [0u8; READ_CHUNK];
        loop {
            if self.request_started.is_some_and(|started| started.elapsed() > REQUEST_TIMEOUT) {
                return Err(Stop::Refuse(408, "Request Timeout"));
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(Stop::Gone),
                Ok(read) => {
                    self.request_started.get_or_insert_with(Instant::now);
                    self.buffer.extend_from_slice(&chunk[..read]);
                    return Ok(());
                }
                Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => continue,
                Err(_) => return Err(Stop::Gone),
            }
        }
    }

    /// Reads until `buffer[from..]` holds `len` bytes.
    fn fill_to(&mut self, from: usize, len: usize) -> Result<(), Stop> {
        while self.buffer.len() < from + len {
            self.fill()?;
        }
        Ok(())
    }

    /// Reads until a CRLF-terminated line starts at `from`; returns the index of its CR.
    fn line_end(&mut self, from: usize, limit: usize) -> Result<usize, Stop> {
        let mut scanned = from;
        loop {
            if let Some(at) = self.buffer[scanned..].windows(2).position(|pair| pair == b"\r\n") {
                return Ok(scanned + at);
            }
            scanned = self.buffer.len().saturating_sub(1).max(from);
            if self.buffer.len() - from > limit {
                return Err(Stop::Refuse(400, "Bad Request"));
            }
            self.fill()?;
        }
    }

    /// The next request, whole; `Ok(None)` when the client closed the connection between
    /// requests.
    fn next_request(&mut self) -> Result<Option<Request>, Stop> {
        self.request_started = (!self.buffer.is_empty()).then(Instant::now);
        // Each pass searches only what the last one had not (a client sending a byte at a time
        // must not make every read rescan the head from its start).
        let mut scanned = 0;
        let head_end = loop {
            let searched = self.buffer.len().min(MAX_HEAD_SIZE + 4);
            if let Some(at) = self.buffer[scanned..searched].windows(4).position(|quad| quad == b"\r\n\r\n") {
                break scanned + at + 4;
            }
            scanned = searched.saturating_sub(3);
            if self.buffer.len() > MAX_HEAD_SIZE {
                return Err(Stop::Refuse(431, "Request Header Fields Too Large"));
            }
            match self.fill() {
                Err(Stop::Gone) if self.buffer.is_empty() => return Ok(None),
                other => other?,
            }
        };
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&self.buffer[..head_end]) {
            Ok(httparse::Status::Complete(_)) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(Stop::Refuse(431, "Request Header Fields Too Large")),
            _ => return Err(Stop::Refuse(400, "Bad Request")),
        }
        let (Some(method), Some(path), Some(version)) = (parsed.method, parsed.path, parsed.version) else {
            return Err(Stop::Refuse(400, "Bad Request"));
        };
        let (method, path) = (method.to_owned(), path.to_owned());
        let header = |name: &'static str| {
            parsed.headers.iter().filter(move |h| h.name.eq_ignore_ascii_case(name)).map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
        };
        let connection = header("connection").collect::<Vec<_>>().join(",").to_ascii_lowercase();
        let tokens: Vec<&str> = connection.split(',').map(str::trim).collect();
        let keep_alive = if version == 0 { tokens.contains(&"keep-alive") } else { !tokens.contains(&"close") };
        let allowed_headers = header("access-control-request-headers")
            .next()
            .filter(|value| value.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
            .unwrap_or_else(|| "content-type, solana-client".into());
        let expect_continue = match header("expect").next() {
            None => false,
            Some(value) if value.eq_ignore_ascii_case("100-continue") => true,
            Some(_) => return Err(Stop::Refuse(417, "Expectation Failed")),
        };
        let transfer_encoding = header("transfer-encoding").collect::<Vec<_>>().join(",").to_ascii_lowercase();
        let lengths: Vec<String> = header("content-length").collect();
        let chunked = match transfer_encoding.as_str() {
            "" => false,
            "chunked" if lengths.is_empty() => true,
            _ => return Err(Stop::Refuse(400, "Bad Request")),
        };
        let content_length = match lengths.as_slice() {
            [] => 0,
            [length] => length.parse::<usize>().map_err(|_| Stop::Refuse(400, "Bad Request"))?,
            _ => return Err(Stop::Refuse(400, "Bad Request")),
        };
        if content_length > MAX_REQUEST_BODY_SIZE {
            return Err(Stop::Refuse(413, "Payload Too Large"));
        }
        if expect_continue && (chunked || content_length > 0) && self.buffer.len() == head_end {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").map_err(|_| Stop::Gone)?;
        }
        let (body, consumed) = if chunked {
            self.chunked_body(head_end)?
        } else {
            self.fill_to(head_end, content_length)?;
            (self.buffer[head_end..head_end + content_length].to_vec(), head_end + content_length)
        };
        self.buffer.drain(..consumed);
        Ok(Some(Request { method, path, keep_alive, allowed_headers, body }))
    }

    /// Decodes a chunked body that starts at `from`; returns it and where the request ends.
    fn chunked_body(&mut self, from: usize) -> Result<(Vec<u8>, usize), Stop> {
        let mut body = Vec::new();
        let mut at = from;
        loop {
            let line_end = self.line_end(at, 64)?;
            let size_text = String::from_utf8_lossy(&self.buffer[at..line_end]);
            let size_text = size_text.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| Stop::Refuse(400, "Bad Request"))?;
            at = line_end + 2;
            if size == 0 {
                // Trailer fields, then the empty line that ends the request.
                loop {
                    let end = self.line_end(at, MAX_HEAD_SIZE)?;
                    let empty = end == at;
                    at = end + 2;
                    if empty {
                        return Ok((body, at));
                    }
                }
            }
            if body.len() + size > MAX_REQUEST_BODY_SIZE {
                return Err(Stop::Refuse(413, "Payload Too Large"));
            }
            self.fill_to(at, size + 2)?;
            if &self.buffer[at + size..at + size + 2] != b"\r\n" {
                return Err(Stop::Refuse(400, "Bad Request"));
            }
            body.extend_from_slice(&self.buffer[at..at + size]);
            at += size + 2;
        }
    }

    fn respond(&mut self, status: u16, reason: &str, content_type: &str, body: &[u8], allowed_headers: &str, close: bool) -> Result<(), Stop> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nAccess-Control-Allow-Origin: *\r\n\
             Access-Control-Allow-Methods: POST, GET, OPTIONS\r\nAccess-Control-Allow-Headers: {allowed_headers}\r\n\
             Access-Control-Max-Age: 86400\r\n{connection}\r\n",
            body.len()
        );
        // One write per reply: with TCP_NODELAY, separate pieces would go out as separate packets.
        let mut reply = Vec::with_capacity(head.len() + body.len());
        reply.extend_from_slice(head.as_bytes());
        reply.extend_from_slice(body);
        self.stream.write_all(&reply).map_err(|_| Stop::Gone)
    }
}

fn answer(request: &Request, node: &SharedNode) -> (u16, &'static str, &'static str, Vec<u8>) {
    match (request.method.as_str(), request.path.as_str()) {
        ("OPTIONS", _) => (200, "OK", "text/plain", Vec::new()),
        ("GET", "/health") => (200, "OK", "text/plain", b"ok".to_vec()),
        ("POST", _) => {
            let reply = jsonrpc::handle_payload(&request.body, &mut |method, params| rpc::dispatch(node, method, params));
            (200, "OK", "application/json; charset=utf-8", reply.unwrap_or_default().into_bytes())
        }
        _ => (405, "Method Not Allowed", "text/plain", b"Used HTTP Method is not allowed. POST or OPTIONS is required".to_vec()),
    }
}

fn serve(stream: TcpStream, node: &SharedNode) {
    if stream.set_read_timeout(Some(REQUEST_TIMEOUT)).is_err() {
        return;
    }
    let mut connection = Connection { stream, buffer: Vec::new(), request_started: None };
    loop {
        let request = match connection.next_request() {
            Ok(Some(request)) => request,
            Ok(None) | Err(Stop::Gone) => return,
            Err(Stop::Refuse(status, reason)) => {
                let _ = connection.respond(status, reason, "text/plain", reason.as_bytes(), "content-type, solana-client", true);
                linger(connection.stream);
                return;
            }
        };
        let (status, reason, content_type, body) = answer(&request, node);
        let close = !request.keep_alive;
        if connection.respond(status, reason, content_type, &body, &request.allowed_headers, close).is_err() || close {
            return;
        }
    }
}

/// Closes after a refusal without resetting the connection: the kernel answers a close with
/// unread input by a reset, which can destroy the refusal before the client reads it (a body
/// too large is never read). So stop writing, then read and drop what still comes, briefly.
fn linger(mut stream: TcpStream) {
    const LINGER_BYTES: usize = 256 * 1024;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut chunk = [0u8; READ_CHUNK];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(read) => dropped += read,
        }
    }
}

/// Counts a connection while it is served.
struct Served(Arc<AtomicUsize>);

impl Drop for Served {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Accepts connections on `listener` and serves each on its own thread until the process exits.
pub fn spawn(listener: TcpListener, node: SharedNode) -> Result<(), String> {
    let open = Arc::new(AtomicUsize::new(0));
    thread::Builder::new()
        .name("rpc-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let mut stream = match stream {
                    Ok(stream) => stream,
                    Err(err) => {
                        log::warn("rpc_accept_failed", json!({ "error": err.to_string() }));
                        continue;
                    }
                };
                if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::AcqRel);
                    let _ = stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    continue;
                }
                let (served, node) = (Served(open.clone()), node.clone());
                let spawned = thread::Builder::new().name("rpc-conn".into()).spawn(move || {
                    let _served = served;
                    serve(stream, &node);
                });
                if let Err(err) = spawned {
                    log::error("rpc_connection_thread_failed", json!({ "error": err.to_string() }));
                }
            }
        })
        .map(|_| ())
        .map_err(|err| format!("cannot start the RPC server: {err}"))
}
