//! The storage node's native KV data plane (an N-API addon).
//!
//! * [`KvCore`]: every KV record in memory, the KV write-ahead log and the set of keys changed
//!   since the last checkpoint (`core`). The JS engine (`src/engine/kv.ts`) keeps the semantics
//!   and LMDB; it reads and writes records through this.
//! * [`BatchServer`]: the Redis-protocol sockets on their own thread (`event_loop`). GET and
//!   plain SET, the counters and the hash field commands are served there, straight from the core (`fast_path`); anything else goes to
//!   the JS server, every pending request of every connection in one buffer per wake-up.
//!
//! Why native: with Node's sockets and a JS map the server did under half of redis-server's
//! pipelined GET/SET rate, and a no-op JS server was not much faster.

mod commitment;
mod core;
mod event_loop;
mod fast_path;
mod layout;
mod pattern;
mod value;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

use event_loop::{EventLoop, Startup};

/// Called with no arguments when requests are waiting; the callee calls `take()`.
type ReadyCallback = ThreadsafeFunction<(), (), (), Status, false>;

fn io_error(e: std::io::Error) -> Error {
    Error::from_reason(e.to_string())
}

/// Splits `[u32 LE length][bytes]`... into its parts.
fn split_lengths(buf: &[u8]) -> Result<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut o = 0;
    while o < buf.len() {
        let len = buf.get(o..o + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize);
        let item = len.and_then(|n| buf.get(o + 4..o + 4 + n)).ok_or_else(|| Error::from_reason("truncated length-prefixed list"))?;
        out.push(item);
        o += 4 + item.len();
    }
    Ok(out)
}

/// `KvCore::checkpoint_stats`.
#[napi(object)]
pub struct CheckpointStats {
    pub keys: f64,
    pub ops: f64,
    pub field_ops: f64,
    pub bytes: f64,
    pub lock_micros: f64,
}

#[napi]
pub struct KvCore {
    inner: core::SharedCore,
    /// Nesting of `begin_batch` (the JS thread's hold on the store).
    batch_depth: AtomicU32,
}

#[napi]
impl KvCore {
    /// Opens (creating) the log file; startup replay is the JS engine's (it reads the file first).
    #[napi(constructor)]
    pub fn new(log_file: String, fsync: bool) -> Result<Self> {
        let core = core::Core::open(std::path::Path::new(&log_file), fsync).map_err(io_error)?;
        Ok(Self { inner: Arc::new(parking_lot::ReentrantMutex::new(RefCell::new(core))), batch_depth: AtomicU32::new(0) })
    }

    /// Runs `f` on the store under its lock (taken again if this thread holds a batch).
    fn with<R>(&self, f: impl FnOnce(&mut core::Core) -> R) -> R {
        let guard = self.inner.lock();
        let mut core = guard.borrow_mut();
        f(&mut core)
    }

    /// Holds the store until `end_batch`: the socket thread waits, so a JS command's reads and
    /// writes are atomic with respect to its own. Nests. Call only from the JS thread.
    #[napi]
    pub fn begin_batch(&self) {
        std::mem::forget(self.inner.lock());
        self.batch_depth.fetch_add(1, Ordering::Relaxed);
    }

    /// Releases one `begin_batch`.
    #[napi]
    pub fn end_batch(&self) -> Result<()> {
        if self.batch_depth.load(Ordering::Relaxed) == 0 {
            return Err(Error::from_reason("end_batch without begin_batch"));
        }
        self.batch_depth.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: this thread took the lock in begin_batch and forgot the guard.
        unsafe { self.inner.force_unlock() };
        Ok(())
    }

    /// The id of the namespace whose keys carry this prefix.
    #[napi]
    pub fn space_id(&self, prefix: &[u8]) -> u32 {
        self.with(|c| c.space_id(prefix))
    }

    /// A copy of the stored record (expired or not), null when missing.
    #[napi]
    pub fn get(&self, space: u32, key: &[u8]) -> Option<Buffer> {
        self.with(|c| c.value(space, key).map(|v| Buffer::from(v.record().into_owned())))
    }

    /// The stored record's header, `[u8 type][f64 BE expireAt]` (no payload), null when missing.
    #[napi]
    pub fn head(&self, space: u32, key: &[u8]) -> Option<Buffer> {
        self.with(|c| c.value(space, key).map(|v| Buffer::from(v.header().to_vec())))
    }

    /// Stores a whole record and logs it (durable at the next `commit`).
    #[napi]
    pub fn put(&self, space: u32, key: &[u8], record: &[u8]) -> Result<()> {
        self.with(|c| c.put(space, key, record)).map_err(io_error)
    }

    /// Sets the expiry (0 = none) of a stored record; false when there is none.
    #[napi]
    pub fn set_expiry(&self, space: u32, key: &[u8], expire_at: f64) -> Result<bool> {
        self.with(|c| c.set_expiry(space, key, expire_at)).map_err(io_error)
    }

    /// HSET on the live hash at `key` (a new one if none is live): `pairs` is
    /// `[u32 LE length][field][u32 LE length][value]`... Returns the fields added, -1 when the
    /// key holds a string.
    #[napi]
    pub fn hset(&self, space: u32, key: &[u8], pairs: &[u8], now_ms: f64) -> Result<i32> {
        let items = split_lengths(pairs)?;
        if items.len() % 2 != 0 {
            return Err(Error::from_reason("hset: a field without a value"));
        }
        let pairs: Vec<(&[u8], &[u8])> = items.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        Ok(self.with(|c| c.hset(space, key, &pairs, now_ms)).map_err(io_error)?.map_or(-1, |n| n as i32))
    }

    /// HDEL on the live hash at `key`: `fields` is `[u32 LE length][field]`... Returns the
    /// fields removed, -1 when the key holds a string.
    #[napi]
    pub fn hdel(&self, space: u32, key: &[u8], fields: &[u8], now_ms: f64) -> Result<i32> {
        let fields = split_lengths(fields)?;
        Ok(self.with(|c| c.hdel(space, key, &fields, now_ms)).map_err(io_error)?.map_or(-1, |n| n as i32))
    }

    /// APPEND (`offset` < 0: at the end) or SETRANGE on the live string at `key`, in place
    /// (the log gets the bytes written, not the whole value): the new length, -1 when the key
    /// holds a hash, -2 when the string would pass 512 MiB.
    #[napi]
    pub fn write_range(&self, space: u32, key: &[u8], offset: f64, part: &[u8], now_ms: f64) -> Result<f64> {
        let offset = if offset < 0.0 { None } else { Some(offset as usize) };
        Ok(match self.with(|c| c.write_range(space, key, offset, part, now_ms)).map_err(io_error)? {
            Ok(n) => n as f64,
            Err(core::StringError::WrongType) => -1.0,
            Err(core::StringError::TooLong) => -2.0,
        })
    }

    /// SETBIT on the live string at `key`: the bit's previous value (0 or 1), -1 when the key
    /// holds a hash, -2 when the string would pass 512 MiB.
    #[napi]
    pub fn setbit(&self, space: u32, key: &[u8], bit_offset: f64, bit: bool, now_ms: f64) -> Result<i32> {
        Ok(match self.with(|c| c.setbit(space, key, bit_offset as u64, bit, now_ms)).map_err(io_error)? {
            Ok(b) => b as i32,
            Err(core::StringError::WrongType) => -1,
            Err(core::StringError::TooLong) => -2,
        })
    }

    /// Part of the stored record (expired or not), null when missing:
    /// `[u8 type][f64 BE expireAt][f64 LE payload length][payload from..to]` (clamped to the
    /// payload; a hash gives its header and no bytes). GETRANGE, GETBIT and STRLEN copy what they
    /// read, not the whole value.
    #[napi]
    pub fn slice(&self, space: u32, key: &[u8], from: f64, to: f64) -> Option<Buffer> {
        self.with(|c| {
            let v = c.value(space, key)?;
            let mut out = v.header().to_vec();
            let payload = v.bytes().map_or(&[][..], |b| b.get(core::RECORD_HEADER..).unwrap_or(&[]));
            out.extend_from_slice(&(payload.len() as f64).to_le_bytes());
            let end = (to.max(0.0) as usize).min(payload.len());
            let start = (from.max(0.0) as usize).min(end);
            out.extend_from_slice(&payload[start..end]);
            Some(Buffer::from(out))
        })
    }

    /// A field of the hash at `key` (callers check type and expiry with `head`), null when none.
    #[napi]
    pub fn hget(&self, space: u32, key: &[u8], field: &[u8]) -> Option<Buffer> {
        self.with(|c| match c.value(space, key)? {
            value::Value::Hash(h) => h.fields.get(field).map(|v| Buffer::from(v.to_vec())),
            value::Value::Record(_) | value::Value::Grown(_) => None,
        })
    }

    /// The number of fields of the hash at `key` (callers check type and expiry with `head`).
    #[napi]
    pub fn hlen(&self, space: u32, key: &[u8]) -> u32 {
        self.with(|c| match c.value(space, key) {
            Some(value::Value::Hash(h)) => h.fields.len() as u32,
            _ => 0,
        })
    }

    /// Deletes a record and logs it; returns the old record's length, -1 when there was none.
    #[napi]
    pub fn del(&self, space: u32, key: &[u8]) -> Result<i64> {
        Ok(self.with(|c| c.del(space, key)).map_err(io_error)?.map_or(-1, |n| n as i64))
    }

    /// Startup: a record already in LMDB (the header of a hash stored field by field loads as
    /// an empty hash, `load_fields` adds its fields).
    #[napi]
    pub fn load(&self, space: u32, key: &[u8], record: &[u8]) -> Result<()> {
        self.with(|c| c.load(space, key, record)).map_err(io_error)
    }

    /// Startup: field records of a hash stored field by field (`pairs` as
    /// `[u32 LE length][field][u32 LE length][value]`...). False when the key holds no such
    /// hash (orphaned field records: the caller deletes them).
    #[napi]
    pub fn load_fields(&self, space: u32, key: &[u8], pairs: &[u8]) -> Result<bool> {
        let items = split_lengths(pairs)?;
        if items.len() % 2 != 0 {
            return Err(Error::from_reason("load_fields: a field without a value"));
        }
        let pairs: Vec<(&[u8], &[u8])> = items.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        self.with(|c| c.load_fields(space, key, &pairs)).map_err(io_error)
    }

    /// The expiry sweep removed the record from LMDB: forget it unless it changed since.
    /// Returns its length, -1 when kept.
    #[napi]
    pub fn forget_expired(&self, space: u32, key: &[u8], expire_at_floor: f64) -> Result<i64> {
        Ok(self.with(|c| c.forget_expired(space, key, expire_at_floor)).map_err(io_error)?.map_or(-1, |n| n as i64))
    }

    /// Forgets the unchanged records of a namespace (FLUSHDB).
    #[napi]
    pub fn clear_space(&self, space: u32) -> Result<()> {
        self.with(|c| c.clear_space(space)).map_err(io_error)
    }

    /// Sets the KV dataset's limits in stored bytes (0 = none) and the eviction policy
    /// (`noeviction`, `allkeys-lru`, `allkeys-random`, `volatile-lru`, `volatile-random`,
    /// `volatile-ttl`); the socket thread's writes obey them too.
    #[napi]
    pub fn set_limits(&self, maxmemory: f64, quota: f64, policy: String) -> Result<()> {
        let policy = core::Policy::parse(&policy).ok_or_else(|| Error::from_reason(format!("unknown eviction policy {policy}")))?;
        self.with(|c| c.set_limits(maxmemory as u64, quota as u64, policy));
        Ok(())
    }

    /// Before a write that may grow the dataset: evicts per the policy; 0 = room, 1 = the node
    /// is over maxmemory, 2 = the namespace is over its quota (nothing left to evict).
    #[napi]
    pub fn make_room(&self, space: u32, now_ms: f64) -> u32 {
        match self.with(|c| c.make_room(space, now_ms)).1 {
            Ok(()) => 0,
            Err(core::Oom::Node) => 1,
            Err(core::Oom::Namespace) => 2,
        }
    }

    /// The namespace's stored bytes of the other models (documents, vectors, time-series): they
    /// count against its quota with its KV bytes (`make_room` evicts KV keys for them, or
    /// refuses once they alone fill it).
    #[napi]
    pub fn set_other_bytes(&self, space: u32, bytes: f64) -> Result<()> {
        self.with(|c| c.set_other_bytes(space, bytes as i64)).map_err(io_error)
    }

    /// Stored bytes of the KV dataset (records plus keys) and of one namespace.
    #[napi]
    pub fn used_bytes(&self, space: Option<u32>) -> f64 {
        self.with(|c| match space {
            Some(id) => c.space_bytes(id),
            None => c.used_bytes(),
        }) as f64
    }

    /// Writes the pending log frame (one write(2), fdatasync with fsync).
    #[napi]
    pub fn commit(&self) -> Result<()> {
        self.with(|c| c.commit()).map_err(io_error)
    }

    /// Ops logged since the last checkpoint began.
    #[napi(getter)]
    pub fn pending_ops(&self) -> f64 {
        self.with(|c| c.pending_ops()) as f64
    }

    /// The smallest expiry written since the last checkpoint began (Infinity: none).
    #[napi(getter)]
    pub fn pending_min_expiry(&self) -> f64 {
        self.with(|c| c.pending_min_expiry())
    }

    /// Bytes in the current log file.
    #[napi(getter)]
    pub fn log_size(&self) -> f64 {
        self.with(|c| c.log_size()) as f64
    }

    /// Commits, rotates the log to `<file>.old` and takes the LMDB writes of every changed key
    /// (a big hash's changed fields, not the whole hash): null when nothing is pending, else
    /// `[f64 LE smallest expiry]` then ops `[u8 op][u16 LE key length][LMDB key]([u32 LE value
    /// length][value])`, in groups, one per key, ordered by key (LMDB writes them into
    /// neighbouring pages): `layout.rs` has the format.
    #[napi]
    pub fn begin_checkpoint(&self) -> Result<Option<Buffer>> {
        let Some((records, min_expiry)) = self.with(|c| c.begin_checkpoint()).map_err(io_error)? else { return Ok(None) };
        // Sorted here, with the store's lock released: the socket thread keeps serving.
        let records = layout::sort_ops(&records);
        let mut out = Vec::with_capacity(8 + records.len());
        out.extend_from_slice(&min_expiry.to_le_bytes());
        out.extend_from_slice(&records);
        Ok(Some(Buffer::from(out)))
    }

    /// What the last `begin_checkpoint` took: keys changed, LMDB writes (`ops`, of them
    /// `fieldOps` on hash field records), bytes, and how long it held the store.
    #[napi]
    pub fn checkpoint_stats(&self) -> CheckpointStats {
        let s = self.with(|c| c.last_checkpoint());
        CheckpointStats { keys: s.keys as f64, ops: s.ops as f64, field_ops: s.field_ops as f64, bytes: s.bytes as f64, lock_micros: s.lock_micros as f64 }
    }

    /// The checkpoint's records are in LMDB: deletes the old log.
    #[napi]
    pub fn end_checkpoint(&self) -> Result<()> {
        self.with(|c| c.end_checkpoint()).map_err(io_error)
    }

    /// Usage accrued since the last call: `[u32 LE space][f64 LE stored bytes][f64 LE
    /// queries][f64 LE writes]` per namespace.
    #[napi]
    pub fn take_usage(&self) -> Buffer {
        let mut out = Vec::new();
        for (id, u) in self.with(|c| c.take_usage()) {
            out.extend_from_slice(&id.to_le_bytes());
            out.extend_from_slice(&(u.stored_bytes as f64).to_le_bytes());
            out.extend_from_slice(&(u.queries as f64).to_le_bytes());
            out.extend_from_slice(&(u.writes as f64).to_le_bytes());
        }
        Buffer::from(out)
    }
}

#[napi]
pub struct BatchServer {
    event_loop: Option<EventLoop>,
    port: u32,
}

#[napi]
impl BatchServer {
    /// Binds `host:port` (port 0: a free one) and starts the socket thread. Connections start
    /// on the fast path in namespace `default_space`, unless AUTH is required.
    #[napi(constructor)]
    pub fn new(host: String, port: u32, core: &KvCore, default_space: u32, require_auth: bool, max_clients: u32, on_ready: ReadyCallback) -> Result<Self> {
        let port = u16::try_from(port).map_err(|_| Error::from_reason(format!("port out of range: {port}")))?;
        let notify = Box::new(move || {
            on_ready.call((), ThreadsafeFunctionCallMode::NonBlocking);
        });
        let startup = Startup { core: core.inner.clone(), default_ns: default_space, require_auth, max_clients: max_clients as usize };
        let event_loop = EventLoop::start(&host, port, startup, notify).map_err(Error::from_reason)?;
        let port = u32::from(event_loop.port);
        Ok(Self { event_loop: Some(event_loop), port })
    }

    /// The bound port.
    #[napi(getter)]
    pub fn port(&self) -> u32 {
        self.port
    }

    /// Commands the socket thread has served itself.
    #[napi(getter)]
    pub fn fast_commands(&self) -> f64 {
        self.event_loop.as_ref().map_or(0.0, |l| l.shared().commands.load(std::sync::atomic::Ordering::Relaxed) as f64)
    }

    /// Reply bytes written to connections so far (fast path and JS replies).
    #[napi(getter)]
    pub fn bytes_out(&self) -> f64 {
        self.event_loop.as_ref().map_or(0.0, |l| l.shared().bytes_out.load(std::sync::atomic::Ordering::Relaxed) as f64)
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

    /// Hands connections back to the fast path, after the replies already sent:
    /// `[u32 LE connection][u32 LE space][u8 protocol 2|3][f64 LE bytes taken]` records. A
    /// connection whose bytes taken are not all it has sent stays with JS.
    #[napi]
    pub fn resume(&self, records: &[u8]) -> Result<()> {
        match &self.event_loop {
            Some(l) => l.shared().resume(records).map_err(Error::from_reason),
            None => Ok(()),
        }
    }

    /// Sends every command of these namespaces (u32 LE space ids, replacing the last list) to
    /// JS instead of the fast path: the JS side refuses them (paid access past its limit).
    #[napi]
    pub fn hold_spaces(&self, spaces: &[u8]) -> Result<()> {
        if spaces.len() % 4 != 0 {
            return Err(Error::from_reason("space ids are u32 LE"));
        }
        if let Some(l) = &self.event_loop {
            l.shared().hold_spaces(spaces.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect());
        }
        Ok(())
    }

    /// Stops listening and closes every connection (idempotent).
    #[napi]
    pub fn close(&mut self) {
        if let Some(mut l) = self.event_loop.take() {
            l.stop();
        }
    }
}

/// Leaves of the 4 KiB chunks of `data` (the last zero padded), numbered from `first_index`:
/// 32 bytes each (`commitment.rs`).
#[napi]
pub fn storage_chunk_leaves(data: &[u8], first_index: f64) -> Result<Buffer> {
    if !(first_index >= 0.0 && first_index.fract() == 0.0 && first_index <= 9_007_199_254_740_991.0) {
        return Err(Error::from_reason("first_index must be a non-negative integer"));
    }
    Ok(commitment::chunk_leaves(data, first_index as u64).into())
}
