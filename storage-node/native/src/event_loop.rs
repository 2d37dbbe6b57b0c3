//! The socket thread: accepts connections and reads every readable socket until it would
//! block. A connection starts in the fast path when no AUTH is needed: this thread parses its
//! frames and serves the common KV commands itself (`fast_path`), all connections' commands of one
//! wake-up under one lock of the record store and one log commit, before any reply is sent.
//! At the first frame it does not serve, the connection goes to JS: that frame and everything
//! after it is appended to one shared inbox that the JS side takes whole, until the JS server
//! hands the connection back (`Shared::resume`) with its namespace and protocol. Replies from
//! JS are written by the JS thread itself (see [`Shared::send`]) while the socket can take
//! them; the rest waits in the connection's outbox and this thread flushes it on the next
//! writable edge.
//!
//! Inbox records: `[u8 kind][u32 LE connection][u32 LE length][bytes]`, kinds in [`wire`].
//! Outgoing records: `[u32 LE connection][u32 LE length][u8 flags][bytes]`.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use mio::net::{TcpListener, TcpStream};
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token, Waker};

use crate::core::SharedCore;
use crate::fast_path::{self, Parsed, Session};

pub mod wire {
    /// A connection was accepted; the bytes are the peer address.
    pub const OPEN: u8 = 1;
    /// Bytes read from the connection.
    pub const DATA: u8 = 2;
    /// The connection is gone (peer closed, error, or closed after `FLAG_END`).
    pub const CLOSED: u8 = 3;
    /// Outgoing flag: close the connection once these bytes are flushed.
    pub const FLAG_END: u8 = 1;
    pub const INBOX_HEADER: usize = 9;
    pub const OUTBOX_HEADER: usize = 9;
    /// Resume records: `[u32 LE connection][u32 LE namespace][u8 proto][f64 LE bytes taken]`.
    pub const RESUME_RECORD: usize = 17;
}

const LISTENER: Token = Token(usize::MAX - 1);
const WAKER: Token = Token(usize::MAX);
const READ_CHUNK: usize = 64 * 1024;
/// Bytes read from one connection per loop turn, so one busy client cannot starve the rest.
const READ_BUDGET: usize = 1024 * 1024;
/// Bytes waiting in the inbox above which reading pauses until the JS side takes them.
const MAX_INBOX: usize = 64 * 1024 * 1024;
/// Unsent reply bytes above which a connection is not read until its client has taken them, so
/// a client that pipelines without reading holds back itself (TCP backpressure), not our memory.
const MAX_OUTBOX: usize = 64 * 1024 * 1024;

struct Conn {
    stream: TcpStream,
    /// Set once our side is shut down for writing: later input is read and dropped.
    ended: AtomicBool,
    /// Its outbox holds more than MAX_OUTBOX: not read until the outbox drains.
    throttled: AtomicBool,
}

struct Outbox {
    conn: Arc<Conn>,
    pending: Vec<u8>,
    sent: usize,
    /// Close (shut down writing) once `pending` is flushed.
    end: bool,
}

#[derive(Default)]
struct State {
    outboxes: HashMap<u32, Outbox>,
    inbox: Vec<u8>,
    /// The JS callback has been scheduled and has not taken the inbox yet.
    notified: bool,
    /// Connections the socket thread must close (write errors seen by the JS thread).
    close: Vec<u32>,
    /// Reading paused because the inbox was full: resume when it is taken.
    starved: bool,
    stopping: bool,
    /// Connections the JS server hands back to the fast path.
    resumes: Vec<Resume>,
    /// Namespaces (space ids) whose commands all go to JS (the JS side refuses them, e.g. a
    /// developer past the paid limit), with a generation so the loop copies only changes.
    held_spaces: (u64, Vec<u32>),
}

struct Resume {
    id: u32,
    session: Session,
    /// Bytes of the connection JS has taken: the hand-back holds only if that is all of them.
    taken: u64,
}

pub struct Shared {
    state: Mutex<State>,
    waker: Waker,
    /// Commands served by the fast path.
    pub commands: AtomicU64,
    /// Reply bytes handed to connections (fast path and JS replies): what the node reports as served.
    pub bytes_out: AtomicU64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind: keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Everything read since the last call.
    pub fn take(&self) -> Vec<u8> {
        let mut st = self.lock();
        st.notified = false;
        if st.starved {
            st.starved = false;
            let _ = self.waker.wake();
        }
        std::mem::take(&mut st.inbox)
    }

    /// Writes outgoing records: straight to the socket while it takes them, the rest queued.
    pub fn send(&self, records: &[u8]) -> Result<(), String> {
        let mut st = self.lock();
        let mut pos = 0;
        let mut wake = false;
        while pos < records.len() {
            if pos + wire::OUTBOX_HEADER > records.len() {
                return Err("truncated reply record header".into());
            }
            let id = u32::from_le_bytes(records[pos..pos + 4].try_into().unwrap());
            let len = u32::from_le_bytes(records[pos + 4..pos + 8].try_into().unwrap()) as usize;
            let flags = records[pos + 8];
            let start = pos + wire::OUTBOX_HEADER;
            let end = start.checked_add(len).filter(|&e| e <= records.len()).ok_or("truncated reply record")?;
            pos = end;
            let bytes = &records[start..end];
            let Some(out) = st.outboxes.get_mut(&id) else { continue };
            if out.end {
                continue;
            }
            self.bytes_out.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if out.write(bytes).is_err() {
                st.close.push(id);
                wake = true;
                continue;
            }
            if flags & wire::FLAG_END != 0 {
                out.end = true;
                if out.pending.len() == out.sent {
                    end_conn(&out.conn);
                }
            }
        }
        if wake {
            let _ = self.waker.wake();
        }
        Ok(())
    }
}

impl Shared {
    /// Sends every command of these namespaces to JS from now on (replacing the last list).
    pub fn hold_spaces(&self, spaces: Vec<u32>) {
        let mut st = self.lock();
        st.held_spaces = (st.held_spaces.0 + 1, spaces);
        drop(st);
        let _ = self.waker.wake();
    }

    /// Hands connections back to the fast path (records: `wire::RESUME_RECORD`).
    pub fn resume(&self, records: &[u8]) -> Result<(), String> {
        if records.len() % wire::RESUME_RECORD != 0 {
            return Err("truncated resume record".into());
        }
        let mut st = self.lock();
        for r in records.chunks_exact(wire::RESUME_RECORD) {
            let proto = r[8];
            if proto != 2 && proto != 3 {
                return Err(format!("bad protocol version {proto}"));
            }
            st.resumes.push(Resume {
                id: u32::from_le_bytes(r[0..4].try_into().unwrap()),
                session: Session { ns: u32::from_le_bytes(r[4..8].try_into().unwrap()), proto },
                taken: f64::from_le_bytes(r[9..17].try_into().unwrap()) as u64,
            });
        }
        drop(st);
        let _ = self.waker.wake();
        Ok(())
    }
}

impl Outbox {
    /// Writes `bytes` after whatever is queued: straight to the socket while it takes them.
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.pending.len() == self.sent {
            let n = write_some(&self.conn.stream, bytes)?;
            if n < bytes.len() {
                self.pending.clear();
                self.sent = 0;
                self.pending.extend_from_slice(&bytes[n..]);
            }
        } else {
            self.pending.extend_from_slice(bytes);
        }
        if self.pending.len() - self.sent > MAX_OUTBOX {
            self.conn.throttled.store(true, Ordering::Release);
        }
        Ok(())
    }
}

fn end_conn(conn: &Conn) {
    conn.ended.store(true, Ordering::Release);
    let _ = conn.stream.shutdown(Shutdown::Write);
}

/// Writes as much of `bytes` as the socket takes now.
fn write_some(mut stream: &TcpStream, bytes: &[u8]) -> io::Result<usize> {
    let mut done = 0;
    while done < bytes.len() {
        match stream.write(&bytes[done..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Node's wording for listen errors, so callers see `EADDRINUSE` as they would from `net`.
fn listen_error(e: &io::Error, addr: &str) -> String {
    let code = match e.kind() {
        io::ErrorKind::AddrInUse => "EADDRINUSE",
        io::ErrorKind::AddrNotAvailable => "EADDRNOTAVAIL",
        io::ErrorKind::PermissionDenied => "EACCES",
        _ => "EINVAL",
    };
    format!("listen {code}: {e} {addr}")
}

/// How new connections start.
#[derive(Clone)]
pub struct Startup {
    pub core: SharedCore,
    /// The namespace of a connection that has not sent AUTH.
    pub default_ns: u32,
    /// AUTH is required: every connection starts in JS (which hands it back once authenticated).
    pub require_auth: bool,
    /// Connections held at once (Redis's maxclients): one more is told so and closed, unserved.
    pub max_clients: usize,
}

pub struct EventLoop {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
}

impl EventLoop {
    /// Binds `host:port` and starts the socket thread; `notify` runs (on that thread) when
    /// the inbox turns non-empty after a `take`.
    pub fn start(host: &str, port: u16, startup: Startup, notify: Box<dyn Fn() + Send>) -> Result<Self, String> {
        let shown = format!("{host}:{port}");
        let addr: SocketAddr = (host, port)
            .to_socket_addrs()
            .map_err(|e| format!("listen ENOTFOUND: {e} {shown}"))?
            .next()
            .ok_or_else(|| format!("listen ENOTFOUND: no address for {shown}"))?;
        let mut listener = TcpListener::bind(addr).map_err(|e| listen_error(&e, &shown))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let poll = Poll::new().map_err(|e| e.to_string())?;
        poll.registry().register(&mut listener, LISTENER, Interest::READABLE).map_err(|e| e.to_string())?;
        let waker = Waker::new(poll.registry(), WAKER).map_err(|e| e.to_string())?;
        let shared = Arc::new(Shared { state: Mutex::new(State::default()), waker, commands: AtomicU64::new(0), bytes_out: AtomicU64::new(0) });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("synq-resp-io".into())
            .spawn(move || Loop::new(poll, listener, thread_shared, startup, notify).run())
            .map_err(|e| e.to_string())?;
        Ok(Self { shared, thread: Some(thread), port })
    }

    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stops accepting, drops every connection and joins the socket thread.
    pub fn stop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.shared.lock().stopping = true;
            let _ = self.shared.waker.wake();
            let _ = thread.join();
        }
    }
}

impl Drop for EventLoop {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Connection {
    conn: Arc<Conn>,
    /// Some while the fast path serves the connection; None while JS does.
    fast: Option<Session>,
    /// Unparsed input of a fast-path connection (a partial frame).
    input: Vec<u8>,
    /// Bytes handed to JS so far.
    forwarded: u64,
    /// The peer closed: close once its last commands have run.
    gone: bool,
}

/// One connection's replies in `Loop::replies`.
struct Span {
    id: u32,
    start: usize,
    commands: usize,
}

struct Loop {
    poll: Poll,
    listener: TcpListener,
    shared: Arc<Shared>,
    startup: Startup,
    notify: Box<dyn Fn() + Send>,
    conns: HashMap<u32, Connection>,
    next_id: u32,
    /// Records read this turn, appended to the inbox under one lock.
    local: Vec<u8>,
    scratch: Vec<u8>,
    /// Connections with unread input left (read budget spent or inbox full).
    unread: Vec<u32>,
    /// Fast-path connections with new input this turn.
    fresh: Vec<u32>,
    /// Fast-path connections with complete commands left unserved (their replies were over
    /// MAX_OUTBOX): served again next turn unless throttled.
    held: Vec<u32>,
    /// Copy of `State::held_spaces`: (generation, spaces).
    held_spaces: (u64, Vec<u32>),
    /// Fast-path replies of this turn, by connection (`spans`).
    replies: Vec<u8>,
    spans: Vec<Span>,
}

impl Loop {
    fn new(poll: Poll, listener: TcpListener, shared: Arc<Shared>, startup: Startup, notify: Box<dyn Fn() + Send>) -> Self {
        Self {
            poll,
            listener,
            shared,
            startup,
            notify,
            conns: HashMap::new(),
            next_id: 1,
            local: Vec::with_capacity(256 * 1024),
            scratch: vec![0; READ_CHUNK],
            unread: Vec::new(),
            fresh: Vec::new(),
            held: Vec::new(),
            held_spaces: (0, Vec::new()),
            replies: Vec::with_capacity(256 * 1024),
            spans: Vec::new(),
        }
    }

    fn run(mut self) {
        let mut events = Events::with_capacity(1024);
        let mut todo: Vec<u32> = Vec::new();
        let mut paused = false;
        loop {
            // Don't sleep while a connection has input left unread (unless the inbox is full) or
            // commands left unserved.
            let busy = (!self.unread.is_empty() && !paused) || !self.held.is_empty();
            let timeout = if busy { Some(Duration::ZERO) } else { None };
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                break;
            }
            let (close, resumes) = {
                let mut st = self.shared.lock();
                if st.stopping {
                    break;
                }
                paused = st.inbox.len() >= MAX_INBOX;
                // `take` wakes us once the JS side has emptied the inbox.
                st.starved = paused;
                if st.held_spaces.0 != self.held_spaces.0 {
                    self.held_spaces = st.held_spaces.clone();
                }
                (std::mem::take(&mut st.close), std::mem::take(&mut st.resumes))
            };
            for id in close {
                self.close(id);
            }
            for r in resumes {
                if let Some(c) = self.conns.get_mut(&r.id) {
                    if c.fast.is_none() && c.forwarded == r.taken && !c.conn.ended.load(Ordering::Acquire) {
                        c.fast = Some(r.session);
                    }
                }
            }
            let mut accept = false;
            todo.clear();
            todo.append(&mut self.unread);
            for ev in events.iter() {
                match ev.token() {
                    LISTENER => accept = true,
                    WAKER => {}
                    Token(t) => {
                        let id = t as u32;
                        if ev.is_writable() {
                            self.flush(id);
                        }
                        // (An id already in `todo` is read twice: the second read finds nothing.)
                        if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                            todo.push(id);
                        }
                    }
                }
            }
            if accept {
                self.accept();
            }
            if paused {
                self.unread.append(&mut todo);
            } else {
                for &id in &todo {
                    self.read(id);
                }
            }
            self.serve();
            self.close_gone(&todo);
            self.deliver();
        }
        // Stopping: dropping the listener and every connection closes their sockets.
        self.conns.clear();
        self.shared.lock().outboxes.clear();
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((stream, peer)) => {
                    if self.conns.len() >= self.startup.max_clients {
                        // As Redis answers, before any command of it is read; then closed.
                        let _ = (&stream).write(b"-ERR max number of clients reached\r\n");
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    let id = self.next_id;
                    // Ids are never 0 and never reused while a connection with that id lives.
                    loop {
                        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
                        if !self.conns.contains_key(&self.next_id) {
                            break;
                        }
                    }
                    let fd = stream.as_raw_fd();
                    // Edge-triggered: writable fires only when a full send buffer drains.
                    if self
                        .poll
                        .registry()
                        .register(&mut SourceFd(&fd), Token(id as usize), Interest::READABLE | Interest::WRITABLE)
                        .is_err()
                    {
                        continue;
                    }
                    let conn = Arc::new(Conn { stream, ended: AtomicBool::new(false), throttled: AtomicBool::new(false) });
                    let fast = (!self.startup.require_auth).then_some(Session { ns: self.startup.default_ns, proto: 2 });
                    self.conns.insert(id, Connection { conn: conn.clone(), fast, input: Vec::new(), forwarded: 0, gone: false });
                    self.shared.lock().outboxes.insert(id, Outbox { conn, pending: Vec::new(), sent: 0, end: false });
                    push_record(&mut self.local, wire::OPEN, id, peer.to_string().as_bytes());
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                // A connection reset before we accepted it, or out of fds for a moment.
                Err(e) if e.kind() == io::ErrorKind::Interrupted || e.kind() == io::ErrorKind::ConnectionAborted => {}
                Err(_) => break,
            }
        }
    }

    fn read(&mut self, id: u32) {
        let Some(c) = self.conns.get_mut(&id) else { return };
        let conn = c.conn.clone();
        if conn.throttled.load(Ordering::Acquire) {
            // Left in the socket buffer: `flush` reads it once the client has taken its replies.
            return;
        }
        let discard = conn.ended.load(Ordering::Acquire);
        let fast = c.fast.is_some() && !discard;
        let header = self.local.len();
        if !fast {
            push_record(&mut self.local, wire::DATA, id, &[]);
        }
        let fresh_before = c.input.len();
        let mut total = 0;
        loop {
            match (&conn.stream).read(&mut self.scratch) {
                Ok(0) => {
                    c.gone = true;
                    break;
                }
                Ok(n) => {
                    total += n;
                    if fast {
                        c.input.extend_from_slice(&self.scratch[..n]);
                    } else if !discard {
                        self.local.extend_from_slice(&self.scratch[..n]);
                    }
                    if total >= READ_BUDGET {
                        self.unread.push(id);
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    c.gone = true;
                    break;
                }
            }
        }
        if fast {
            if c.input.len() > fresh_before {
                self.fresh.push(id);
            }
            return;
        }
        let len = self.local.len() - header - wire::INBOX_HEADER;
        if len == 0 {
            self.local.truncate(header);
        } else {
            self.local[header + 5..header + 9].copy_from_slice(&(len as u32).to_le_bytes());
            c.forwarded += len as u64;
        }
    }

    /// Runs the fast-path commands that arrived this turn: all under one lock of the store and
    /// one log commit, then the replies go out. A connection whose next frame is not for the
    /// fast path goes to JS with the rest of its input.
    fn serve(&mut self) {
        for id in std::mem::take(&mut self.held) {
            if !self.fresh.contains(&id) {
                self.fresh.push(id);
            }
        }
        if self.fresh.is_empty() {
            return;
        }
        self.replies.clear();
        self.spans.clear();
        let mut wrote = false;
        let mut served = 0u64;
        let core = self.startup.core.clone();
        let guard = core.lock();
        let mut store = guard.borrow_mut();
        for id in std::mem::take(&mut self.fresh) {
            let Some(c) = self.conns.get_mut(&id) else { continue };
            let Some(session) = c.fast else { continue };
            if c.conn.throttled.load(Ordering::Acquire) {
                continue; // `flush` brings it back once the client has read
            }
            let start = self.replies.len();
            let mut pos = 0;
            let mut commands = 0;
            // A held namespace's input goes to JS whole, unparsed.
            let mut to_js = self.held_spaces.1.contains(&session.ns);
            while !to_js {
                if self.replies.len() - start > MAX_OUTBOX {
                    // The rest waits until these replies are taken.
                    self.held.push(id);
                    break;
                }
                match fast_path::parse(&c.input[pos..]) {
                    Parsed::Command(cmd, len) => match fast_path::run(&mut store, session, &cmd, &mut self.replies) {
                        Some(w) => {
                            wrote |= w;
                            pos += len;
                            commands += 1;
                        }
                        None => {
                            to_js = true;
                            break;
                        }
                    },
                    Parsed::Incomplete => break,
                    Parsed::Other => {
                        to_js = true;
                        break;
                    }
                }
            }
            served += commands as u64;
            if commands > 0 {
                self.spans.push(Span { id, start, commands });
            }
            if to_js {
                let rest = &c.input[pos..];
                push_record(&mut self.local, wire::DATA, id, rest);
                c.forwarded += rest.len() as u64;
                c.fast = None;
                c.input = Vec::new();
            } else {
                c.input.drain(..pos);
            }
        }
        // Group commit: the batch's writes reach the log (one write(2)) before any reply.
        if wrote {
            if let Err(e) = store.commit() {
                let msg = format!("-ERR write failed: {}\r\n", e.to_string().replace(['\r', '\n'], " "));
                self.replies.clear();
                for span in &mut self.spans {
                    span.start = self.replies.len();
                    for _ in 0..span.commands {
                        self.replies.extend_from_slice(msg.as_bytes());
                    }
                }
            }
        }
        drop(store);
        drop(guard);
        self.shared.commands.fetch_add(served, Ordering::Relaxed);
        self.shared.bytes_out.fetch_add(self.replies.len() as u64, Ordering::Relaxed);
        let mut st = self.shared.lock();
        let mut failed = Vec::new();
        for (i, span) in self.spans.iter().enumerate() {
            let end = self.spans.get(i + 1).map_or(self.replies.len(), |s| s.start);
            let Some(out) = st.outboxes.get_mut(&span.id) else { continue };
            if out.write(&self.replies[span.start..end]).is_err() {
                failed.push(span.id);
            }
        }
        drop(st);
        for id in failed {
            self.close(id);
        }
    }

    /// Closes the connections whose peer went away, now that their last commands have run.
    fn close_gone(&mut self, ids: &[u32]) {
        for &id in ids {
            if self.conns.get(&id).is_some_and(|c| c.gone) {
                self.close(id);
            }
        }
    }

    fn flush(&mut self, id: u32) {
        let mut st = self.shared.lock();
        let Some(out) = st.outboxes.get_mut(&id) else { return };
        if out.pending.len() == out.sent {
            return;
        }
        match write_some(&out.conn.stream, &out.pending[out.sent..]) {
            Ok(n) => {
                out.sent += n;
                if out.sent == out.pending.len() {
                    out.pending = Vec::new();
                    out.sent = 0;
                    if out.end {
                        end_conn(&out.conn);
                    }
                }
                if out.pending.len() - out.sent <= MAX_OUTBOX / 2 && out.conn.throttled.swap(false, Ordering::AcqRel) {
                    // Read what waited in the socket and serve what waited in `input`.
                    self.unread.push(id);
                    self.held.push(id);
                }
            }
            Err(_) => {
                drop(st);
                self.close(id);
            }
        }
    }

    fn close(&mut self, id: u32) {
        let Some(c) = self.conns.remove(&id) else { return };
        let fd = c.conn.stream.as_raw_fd();
        let _ = self.poll.registry().deregister(&mut SourceFd(&fd));
        self.shared.lock().outboxes.remove(&id);
        self.unread.retain(|&u| u != id);
        self.held.retain(|&u| u != id);
        push_record(&mut self.local, wire::CLOSED, id, &[]);
        // The socket closes when the JS thread's last reference (mid-send) drops too.
    }

    fn deliver(&mut self) {
        if self.local.is_empty() {
            return;
        }
        let mut st = self.shared.lock();
        if st.inbox.is_empty() {
            std::mem::swap(&mut st.inbox, &mut self.local);
        } else {
            st.inbox.extend_from_slice(&self.local);
            self.local.clear();
        }
        let notify = !st.notified;
        st.notified = true;
        drop(st);
        if self.local.capacity() == 0 {
            self.local.reserve(256 * 1024);
        }
        if notify {
            (self.notify)();
        }
    }
}

fn push_record(buf: &mut Vec<u8>, kind: u8, id: u32, bytes: &[u8]) {
    buf.push(kind);
    buf.extend_from_slice(&id.to_le_bytes());
    buf.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    buf.extend_from_slice(bytes);
}
