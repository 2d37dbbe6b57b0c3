//! The socket thread: accepts connections, reads every readable socket until it would block,
//! and appends what it read to one shared inbox that the JS side takes whole. Replies are
//! written by the JS thread itself (see [`Shared::send`]) while the socket can take them; the
//! rest waits in the connection's outbox and this thread flushes it on the next writable edge.
//!
//! Inbox records: `[u8 kind][u32 LE connection][u32 LE length][bytes]`, kinds in [`wire`].
//! Outgoing records: `[u32 LE connection][u32 LE length][u8 flags][bytes]`.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use mio::net::{TcpListener, TcpStream};
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token, Waker};

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
}

const LISTENER: Token = Token(usize::MAX - 1);
const WAKER: Token = Token(usize::MAX);
const READ_CHUNK: usize = 64 * 1024;
/// Bytes read from one connection per loop turn, so one busy client cannot starve the rest.
const READ_BUDGET: usize = 1024 * 1024;
/// Bytes waiting in the inbox above which reading pauses until the JS side takes them.
const MAX_INBOX: usize = 64 * 1024 * 1024;

struct Conn {
    stream: TcpStream,
    /// Set once our side is shut down for writing: later input is read and dropped.
    ended: AtomicBool,
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
}

pub struct Shared {
    state: Mutex<State>,
    waker: Waker,
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
            if out.pending.len() == out.sent {
                match write_some(&out.conn.stream, bytes) {
                    Ok(n) => {
                        if n < bytes.len() {
                            out.pending.clear();
                            out.sent = 0;
                            out.pending.extend_from_slice(&bytes[n..]);
                        }
                    }
                    Err(_) => {
                        st.close.push(id);
                        wake = true;
                        continue;
                    }
                }
            } else {
                out.pending.extend_from_slice(bytes);
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

pub struct EventLoop {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
}

impl EventLoop {
    /// Binds `host:port` and starts the socket thread; `notify` runs (on that thread) when
    /// the inbox turns non-empty after a `take`.
    pub fn start(host: &str, port: u16, notify: Box<dyn Fn() + Send>) -> Result<Self, String> {
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
        let shared = Arc::new(Shared { state: Mutex::new(State::default()), waker });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("synq-resp-io".into())
            .spawn(move || Loop::new(poll, listener, thread_shared, notify).run())
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

struct Loop {
    poll: Poll,
    listener: TcpListener,
    shared: Arc<Shared>,
    notify: Box<dyn Fn() + Send>,
    conns: HashMap<u32, Arc<Conn>>,
    next_id: u32,
    /// Records read this turn, appended to the inbox under one lock.
    local: Vec<u8>,
    scratch: Vec<u8>,
    /// Connections with unread input left (read budget spent or inbox full).
    unread: Vec<u32>,
}

impl Loop {
    fn new(poll: Poll, listener: TcpListener, shared: Arc<Shared>, notify: Box<dyn Fn() + Send>) -> Self {
        Self {
            poll,
            listener,
            shared,
            notify,
            conns: HashMap::new(),
            next_id: 1,
            local: Vec::with_capacity(256 * 1024),
            scratch: vec![0; READ_CHUNK],
            unread: Vec::new(),
        }
    }

    fn run(mut self) {
        let mut events = Events::with_capacity(1024);
        let mut todo: Vec<u32> = Vec::new();
        let mut paused = false;
        loop {
            // Don't sleep while a connection has input left unread, unless the inbox is full.
            let timeout = if self.unread.is_empty() || paused { None } else { Some(Duration::ZERO) };
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                break;
            }
            let close = {
                let mut st = self.shared.lock();
                if st.stopping {
                    break;
                }
                paused = st.inbox.len() >= MAX_INBOX;
                // `take` wakes us once the JS side has emptied the inbox.
                st.starved = paused;
                std::mem::take(&mut st.close)
            };
            for id in close {
                self.close(id);
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
                    let conn = Arc::new(Conn { stream, ended: AtomicBool::new(false) });
                    self.conns.insert(id, conn.clone());
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
        let Some(conn) = self.conns.get(&id).cloned() else { return };
        let discard = conn.ended.load(Ordering::Acquire);
        let header = self.local.len();
        push_record(&mut self.local, wire::DATA, id, &[]);
        let mut total = 0;
        let mut gone = false;
        loop {
            match (&conn.stream).read(&mut self.scratch) {
                Ok(0) => {
                    gone = true;
                    break;
                }
                Ok(n) => {
                    total += n;
                    if !discard {
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
                    gone = true;
                    break;
                }
            }
        }
        let len = self.local.len() - header - wire::INBOX_HEADER;
        if len == 0 {
            self.local.truncate(header);
        } else {
            self.local[header + 5..header + 9].copy_from_slice(&(len as u32).to_le_bytes());
        }
        if gone {
            self.close(id);
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
            }
            Err(_) => {
                drop(st);
                self.close(id);
            }
        }
    }

    fn close(&mut self, id: u32) {
        let Some(conn) = self.conns.remove(&id) else { return };
        let fd = conn.stream.as_raw_fd();
        let _ = self.poll.registry().deregister(&mut SourceFd(&fd));
        self.shared.lock().outboxes.remove(&id);
        self.unread.retain(|&u| u != id);
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
