//! Native socket layer of the storage node's Redis-protocol server (see `event_loop`).
//!
//! Node's `net` sockets cost a JS callback, a stream push and a write request per connection
//! per round trip, more than the engine's own work on a pipelined batch. Here one thread
//! does the socket work and the JS side gets every pending request of every connection in
//! one buffer per wake-up, and answers with one buffer. Protocol parsing, commands, auth
//! and durability all stay in TypeScript.

mod event_loop;

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

use event_loop::EventLoop;

/// Called with no arguments when requests are waiting; the callee calls `take()`.
type ReadyCallback = ThreadsafeFunction<(), (), (), Status, false>;

#[napi]
pub struct BatchServer {
    event_loop: Option<EventLoop>,
    port: u32,
}

#[napi]
impl BatchServer {
    /// Binds `host:port` (port 0: a free one) and starts the socket thread.
    #[napi(constructor)]
    pub fn new(host: String, port: u32, on_ready: ReadyCallback) -> Result<Self> {
        let port = u16::try_from(port).map_err(|_| Error::from_reason(format!("port out of range: {port}")))?;
        let notify = Box::new(move || {
            on_ready.call((), ThreadsafeFunctionCallMode::NonBlocking);
        });
        let event_loop = EventLoop::start(&host, port, notify).map_err(Error::from_reason)?;
        let port = u32::from(event_loop.port);
        Ok(Self { event_loop: Some(event_loop), port })
    }

    /// The bound port.
    #[napi(getter)]
    pub fn port(&self) -> u32 {
        self.port
    }

    /// Every event since the last call: `[u8 kind][u32 LE connection][u32 LE length][bytes]`
    /// records, kinds 1 = opened (bytes: peer address), 2 = data, 3 = closed.
    #[napi]
    pub fn take(&self) -> Buffer {
        match &self.event_loop {
            Some(l) => Buffer::from(l.shared().take()),
            None => Buffer::from(Vec::new()),
        }
    }

    /// Sends replies: `[u32 LE connection][u32 LE length][u8 flags][bytes]` records; flag 1
    /// closes the connection once its bytes are out. Unknown connections are skipped.
    #[napi]
    pub fn send(&self, records: &[u8]) -> Result<()> {
        match &self.event_loop {
            Some(l) => l.shared().send(records).map_err(Error::from_reason),
            None => Ok(()),
        }
    }

    /// Stops listening and closes every connection (idempotent).
    #[napi]
    pub fn close(&mut self) {
        if let Some(mut l) = self.event_loop.take() {
            l.stop();
        }
    }
}
