//! The KV record store: every key of every namespace in memory, its write-ahead log, and the
//! set of keys changed since the last checkpoint. The JS engine (`src/engine/kv.ts`) holds
//! the semantics (types, expiry, hashes, SCAN over LMDB, checkpoints into LMDB); the socket
//! thread's fast path (`fast_path.rs`) serves plain GET and SET from it directly. Both go
//! through one mutex, so each operation is atomic and the log's order is the map's order.
//!
//! Records: `[u8 type][f64 BE expireAt, 0 = none][payload]`, as in `kv.ts`.
//! Log frames: `[u32 LE payload length][u32 LE crc32(payload)][payload]`, ops
//! `[u8 1 = put][u16 LE full key length][full key][u32 LE record length][record]` or
//! `[u8 2 = del][u16 LE full key length][full key]` (full key = namespace prefix + key), as
//! `src/engine/kv-log.ts` reads them at startup.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

pub const TYPE_STRING: u8 = 1;
pub const RECORD_HEADER: usize = 9;
/// As `MAX_KEY_BYTES` in kv.ts: LMDB caps keys near 2 KB, this leaves room for the prefix.
pub const MAX_KEY_BYTES: usize = 1800;

const OP_PUT: u8 = 1;
const OP_DEL: u8 = 2;
const FRAME_HEADER: usize = 8;
/// Checkpoint change records: a deletion's length field.
pub const DELETED: u32 = u32::MAX;

/// A record's expireAt in ms since the epoch, 0 = none.
pub fn expiry_of(rec: &[u8]) -> f64 {
    // 0.0 is all-zero bytes; any other double has a non-zero top two bytes.
    if rec.len() < RECORD_HEADER || (rec[1] == 0 && rec[2] == 0) {
        return 0.0;
    }
    f64::from_be_bytes(rec[1..RECORD_HEADER].try_into().unwrap())
}

/// Usage accrued since the JS side last took it (it keeps the totals).
#[derive(Default, Clone, Copy)]
pub struct UsageDelta {
    pub stored_bytes: i64,
    pub queries: u64,
    pub writes: u64,
}

struct Entry {
    /// None: deleted, kept until a checkpoint has taken the deletion.
    rec: Option<Box<[u8]>>,
    dirty: bool,
}

struct Space {
    prefix: Box<[u8]>,
    map: HashMap<Box<[u8]>, Entry>,
    dirty: Vec<Box<[u8]>>,
    usage: UsageDelta,
    usage_touched: bool,
}

pub struct Core {
    spaces: Vec<Space>,
    ids: HashMap<Box<[u8]>, u32>,
    log: Log,
    pending_ops: u64,
    pending_min_expiry: f64,
}

impl Core {
    pub fn open(log_file: &Path, fsync: bool) -> io::Result<Self> {
        Ok(Self { spaces: Vec::new(), ids: HashMap::new(), log: Log::open(log_file, fsync)?, pending_ops: 0, pending_min_expiry: f64::INFINITY })
    }

    /// The id of the namespace with this key prefix (created on first use).
    pub fn space_id(&mut self, prefix: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(prefix) {
            return id;
        }
        let id = self.spaces.len() as u32;
        self.spaces.push(Space { prefix: prefix.into(), map: HashMap::new(), dirty: Vec::new(), usage: UsageDelta::default(), usage_touched: false });
        self.ids.insert(prefix.into(), id);
        id
    }

    fn space(&mut self, id: u32) -> io::Result<&mut Space> {
        self.spaces.get_mut(id as usize).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("unknown namespace id {id}")))
    }

    /// The stored record (expired or not), None when missing.
    pub fn get(&self, id: u32, key: &[u8]) -> Option<&[u8]> {
        self.spaces.get(id as usize)?.map.get(key)?.rec.as_deref()
    }

    /// Stores a whole record: map, change set, log (committed by `commit`) and usage.
    pub fn put(&mut self, id: u32, key: &[u8], rec: Box<[u8]>) -> io::Result<()> {
        let exp = expiry_of(&rec);
        let sp = self.spaces.get_mut(id as usize).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "unknown namespace id"))?;
        self.log.append_put(&sp.prefix, key, &rec);
        let new_len = rec.len() as i64;
        let old_len = match sp.map.get_mut(key) {
            Some(e) => {
                let old = e.rec.as_ref().map_or(0, |r| r.len() as i64);
                e.rec = Some(rec);
                if !e.dirty {
                    e.dirty = true;
                    sp.dirty.push(key.into());
                }
                old
            }
            None => {
                sp.map.insert(key.into(), Entry { rec: Some(rec), dirty: true });
                sp.dirty.push(key.into());
                0
            }
        };
        let full = (sp.prefix.len() + key.len()) as i64;
        sp.usage.stored_bytes += new_len - old_len + if old_len == 0 { full } else { 0 };
        sp.usage.writes += 1;
        sp.usage_touched = true;
        self.pending_ops += 1;
        if exp != 0.0 && exp < self.pending_min_expiry {
            self.pending_min_expiry = exp;
        }
        Ok(())
    }

    /// Deletes a stored record; returns its length, None when there was none.
    pub fn del(&mut self, id: u32, key: &[u8]) -> io::Result<Option<usize>> {
        let sp = self.space(id)?;
        let Some(e) = sp.map.get_mut(key) else { return Ok(None) };
        let Some(old) = e.rec.take() else { return Ok(None) };
        if !e.dirty {
            e.dirty = true;
            sp.dirty.push(key.into());
        }
        let prefix_len = sp.prefix.len();
        sp.usage.stored_bytes -= (old.len() + prefix_len + key.len()) as i64;
        sp.usage.writes += 1;
        sp.usage_touched = true;
        let sp = &self.spaces[id as usize];
        self.log.append_del(&sp.prefix, key);
        self.pending_ops += 1;
        Ok(Some(old.len()))
    }

    /// Startup: a record already in LMDB (not logged, not changed).
    pub fn load(&mut self, id: u32, key: &[u8], rec: &[u8]) -> io::Result<()> {
        self.space(id)?.map.insert(key.into(), Entry { rec: Some(rec.into()), dirty: false });
        Ok(())
    }

    /// The expiry sweep deleted this record from LMDB: forget it, unless it changed since
    /// (then it is pending and its expiry differs). Returns the record's length when removed.
    pub fn forget_expired(&mut self, id: u32, key: &[u8], expire_at_floor: f64) -> io::Result<Option<usize>> {
        let sp = self.space(id)?;
        let Some(e) = sp.map.get(key) else { return Ok(None) };
        let Some(rec) = e.rec.as_ref() else { return Ok(None) };
        let exp = expiry_of(rec);
        if e.dirty || exp == 0.0 || exp.floor() != expire_at_floor {
            return Ok(None);
        }
        let len = rec.len();
        sp.map.remove(key);
        Ok(Some(len))
    }

    /// Forgets every unchanged record of a namespace (FLUSHDB, after a checkpoint emptied LMDB
    /// of it); records written since stay, as they come after the flush.
    pub fn clear_space(&mut self, id: u32) -> io::Result<()> {
        self.space(id)?.map.retain(|_, e| e.dirty);
        Ok(())
    }

    /// Counts one command served for the namespace.
    pub fn count_query(&mut self, id: u32) {
        if let Some(sp) = self.spaces.get_mut(id as usize) {
            sp.usage.queries += 1;
            sp.usage_touched = true;
        }
    }

    /// Writes the pending log frame (one write(2), fdatasync with `fsync`).
    pub fn commit(&mut self) -> io::Result<()> {
        self.log.commit()
    }

    pub fn pending_ops(&self) -> u64 {
        self.pending_ops
    }

    pub fn pending_min_expiry(&self) -> f64 {
        self.pending_min_expiry
    }

    pub fn log_size(&self) -> u64 {
        self.log.pos
    }

    /// Starts a checkpoint: commits the pending frame, rotates the log to `<file>.old` and
    /// takes every changed key's current record as
    /// `[u32 LE space][u16 LE key length][key][u32 LE record length or DELETED][record]`.
    /// Returns None when nothing is pending. Once the records are in LMDB, `end_checkpoint`
    /// deletes the old log; until then a restart replays it.
    pub fn begin_checkpoint(&mut self) -> io::Result<Option<(Vec<u8>, f64)>> {
        self.log.commit()?;
        if self.pending_ops == 0 && self.log.pos == 0 {
            return Ok(None);
        }
        self.log.rotate()?;
        let mut out = Vec::new();
        for (id, sp) in self.spaces.iter_mut().enumerate() {
            for key in sp.dirty.drain(..) {
                let Some(e) = sp.map.get_mut(&key) else { continue };
                out.extend_from_slice(&(id as u32).to_le_bytes());
                out.extend_from_slice(&(key.len() as u16).to_le_bytes());
                out.extend_from_slice(&key);
                match &e.rec {
                    Some(rec) => {
                        out.extend_from_slice(&(rec.len() as u32).to_le_bytes());
                        out.extend_from_slice(rec);
                        e.dirty = false;
                    }
                    None => {
                        out.extend_from_slice(&DELETED.to_le_bytes());
                        sp.map.remove(&key);
                    }
                }
            }
        }
        let min_expiry = self.pending_min_expiry;
        self.pending_ops = 0;
        self.pending_min_expiry = f64::INFINITY;
        Ok(Some((out, min_expiry)))
    }

    /// The checkpoint's records are in LMDB: the old log is not needed any more.
    pub fn end_checkpoint(&mut self) -> io::Result<()> {
        self.log.drop_old()
    }

    /// Usage accrued since the last call, per namespace id.
    pub fn take_usage(&mut self) -> Vec<(u32, UsageDelta)> {
        let mut out = Vec::new();
        for (id, sp) in self.spaces.iter_mut().enumerate() {
            if sp.usage_touched {
                out.push((id as u32, std::mem::take(&mut sp.usage)));
                sp.usage_touched = false;
            }
        }
        out
    }
}

struct Log {
    file: File,
    path: PathBuf,
    old_path: PathBuf,
    /// Where the next frame goes (the file's intact length).
    pos: u64,
    /// The pending frame: header space, then ops.
    buf: Vec<u8>,
    fsync: bool,
}

impl Log {
    fn open(path: &Path, fsync: bool) -> io::Result<Self> {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
        let pos = file.metadata()?.len();
        let mut old = path.as_os_str().to_owned();
        old.push(".old");
        Ok(Self { file, path: path.to_owned(), old_path: PathBuf::from(old), pos, buf: vec![0; FRAME_HEADER], fsync })
    }

    fn op_head(&mut self, op: u8, prefix: &[u8], key: &[u8]) {
        self.buf.push(op);
        self.buf.extend_from_slice(&((prefix.len() + key.len()) as u16).to_le_bytes());
        self.buf.extend_from_slice(prefix);
        self.buf.extend_from_slice(key);
    }

    fn append_put(&mut self, prefix: &[u8], key: &[u8], rec: &[u8]) {
        self.op_head(OP_PUT, prefix, key);
        self.buf.extend_from_slice(&(rec.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(rec);
    }

    fn append_del(&mut self, prefix: &[u8], key: &[u8]) {
        self.op_head(OP_DEL, prefix, key);
    }

    fn commit(&mut self) -> io::Result<()> {
        if self.buf.len() == FRAME_HEADER {
            return Ok(());
        }
        let payload_len = (self.buf.len() - FRAME_HEADER) as u32;
        let crc = crc32fast::hash(&self.buf[FRAME_HEADER..]);
        self.buf[0..4].copy_from_slice(&payload_len.to_le_bytes());
        self.buf[4..8].copy_from_slice(&crc.to_le_bytes());
        // On failure the frame stays pending (the next commit rewrites it at the same offset).
        self.file.write_all_at(&self.buf, self.pos)?;
        if self.fsync {
            self.file.sync_data()?;
        }
        self.pos += self.buf.len() as u64;
        self.buf.truncate(FRAME_HEADER);
        if self.buf.capacity() > 1 << 20 {
            self.buf.shrink_to(64 * 1024);
        }
        Ok(())
    }

    fn rotate(&mut self) -> io::Result<()> {
        if self.old_path.exists() {
            return Err(io::Error::other("rotate while the old log is still being applied"));
        }
        std::fs::rename(&self.path, &self.old_path)?;
        self.file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&self.path)?;
        self.pos = 0;
        self.sync_dir()
    }

    fn drop_old(&mut self) -> io::Result<()> {
        match std::fs::remove_file(&self.old_path) {
            Ok(()) => self.sync_dir(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn sync_dir(&self) -> io::Result<()> {
        if !self.fsync {
            return Ok(());
        }
        match self.path.parent() {
            Some(dir) => File::open(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })?.sync_all(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_log(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("synq-core-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("kv.log")
    }

    fn rec(v: &[u8], expire_at: f64) -> Box<[u8]> {
        let mut r = vec![TYPE_STRING];
        r.extend_from_slice(&expire_at.to_be_bytes());
        r.extend_from_slice(v);
        r.into()
    }

    /// (full key, record or None for a deletion) of every op in a log file's intact frames.
    fn read_ops(bytes: &[u8]) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
        let mut ops = Vec::new();
        let mut pos = 0;
        while pos + FRAME_HEADER <= bytes.len() {
            let len = u32::from_le_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
            let crc = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap());
            let payload = &bytes[pos + FRAME_HEADER..pos + FRAME_HEADER + len];
            assert_eq!(crc32fast::hash(payload), crc);
            let mut o = 0;
            while o < payload.len() {
                let op = payload[o];
                let kl = u16::from_le_bytes(payload[o + 1..o + 3].try_into().unwrap()) as usize;
                let key = payload[o + 3..o + 3 + kl].to_vec();
                o += 3 + kl;
                if op == OP_DEL {
                    ops.push((key, None));
                    continue;
                }
                let rl = u32::from_le_bytes(payload[o..o + 4].try_into().unwrap()) as usize;
                ops.push((key, Some(payload[o + 4..o + 4 + rl].to_vec())));
                o += 4 + rl;
            }
            pos += FRAME_HEADER + len;
        }
        ops
    }

    #[test]
    fn logs_each_change_as_a_whole_record_in_one_frame_per_commit() {
        let path = temp_log("frames");
        let mut core = Core::open(&path, false).unwrap();
        let ns = core.space_id(b"\x01a");
        assert_eq!(core.space_id(b"\x01a"), ns);
        core.put(ns, b"k", rec(b"v1", 0.0)).unwrap();
        core.put(ns, b"k", rec(b"v2", 0.0)).unwrap();
        assert_eq!(core.log_size(), 0, "nothing is written before commit");
        core.commit().unwrap();
        assert_eq!(core.del(ns, b"k").unwrap(), Some(11));
        assert_eq!(core.del(ns, b"k").unwrap(), None, "a second delete finds nothing and logs nothing");
        core.commit().unwrap();
        let ops = read_ops(&std::fs::read(&path).unwrap());
        assert_eq!(ops.len(), 3);
        assert_eq!(ops[0], (b"\x01ak".to_vec(), Some(rec(b"v1", 0.0).to_vec())));
        assert_eq!(ops[1].1.as_deref(), Some(&rec(b"v2", 0.0)[..]));
        assert_eq!(ops[2], (b"\x01ak".to_vec(), None));
        assert_eq!(core.get(ns, b"k"), None);
        assert!(core.space(7).is_err(), "unknown namespace ids are refused");
        assert!(core.put(7, b"k", rec(b"v", 0.0)).is_err());
    }

    #[test]
    fn counts_usage_like_the_js_engine() {
        let mut core = Core::open(&temp_log("usage"), false).unwrap();
        let ns = core.space_id(b"\x01a");
        core.put(ns, b"k", rec(b"abc", 0.0)).unwrap(); // new: record 12 + full key 3
        core.put(ns, b"k", rec(b"abcdef", 0.0)).unwrap(); // +3
        core.count_query(ns);
        let u = core.take_usage();
        assert_eq!(u.len(), 1);
        assert_eq!((u[0].1.stored_bytes, u[0].1.writes, u[0].1.queries), (18, 2, 1));
        core.del(ns, b"k").unwrap();
        assert_eq!(core.take_usage()[0].1.stored_bytes, -18);
        assert!(core.take_usage().is_empty(), "taken once");
    }

    #[test]
    fn a_checkpoint_rotates_the_log_and_takes_each_changed_key_once() {
        let path = temp_log("checkpoint");
        let mut core = Core::open(&path, false).unwrap();
        let ns = core.space_id(b"\x01a");
        core.load(ns, b"clean", &rec(b"c", 0.0)).unwrap();
        core.put(ns, b"a", rec(b"1", 0.0)).unwrap();
        core.put(ns, b"a", rec(b"2", 5000.0)).unwrap();
        core.put(ns, b"b", rec(b"1", 0.0)).unwrap();
        core.del(ns, b"b").unwrap();
        assert_eq!(core.pending_ops(), 4);
        assert_eq!(core.pending_min_expiry(), 5000.0);
        let (records, min_expiry) = core.begin_checkpoint().unwrap().expect("changes pending");
        assert_eq!(min_expiry, 5000.0);
        assert!(path.with_extension("log.old").exists(), "the log rotated");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        // [u32 space][u16 len][key][u32 len | DELETED][record]
        let mut expected = Vec::new();
        for (key, r) in [(&b"a"[..], Some(rec(b"2", 5000.0))), (&b"b"[..], None)] {
            expected.extend_from_slice(&ns.to_le_bytes());
            expected.extend_from_slice(&(key.len() as u16).to_le_bytes());
            expected.extend_from_slice(key);
            match r {
                Some(r) => {
                    expected.extend_from_slice(&(r.len() as u32).to_le_bytes());
                    expected.extend_from_slice(&r);
                }
                None => expected.extend_from_slice(&DELETED.to_le_bytes()),
            }
        }
        assert_eq!(records, expected);
        assert_eq!(core.pending_ops(), 0);
        core.put(ns, b"c", rec(b"1", 0.0)).unwrap();
        assert!(core.begin_checkpoint().is_err(), "no second rotation while the old log is pending");
        assert_eq!(core.pending_ops(), 1, "a refused checkpoint takes nothing");
        core.end_checkpoint().unwrap();
        assert!(!path.with_extension("log.old").exists());
        let (records, _) = core.begin_checkpoint().unwrap().expect("c pending");
        assert_eq!(&records[6..7], b"c");
        core.end_checkpoint().unwrap();
        assert!(!path.with_extension("log.old").exists());
        assert!(core.begin_checkpoint().unwrap().is_none(), "nothing changed since");
        assert_eq!(core.get(ns, b"clean"), Some(&rec(b"c", 0.0)[..]));
    }

    #[test]
    fn the_expiry_sweep_forgets_only_unchanged_records_with_that_expiry() {
        let mut core = Core::open(&temp_log("expiry"), false).unwrap();
        let ns = core.space_id(b"\x01a");
        core.load(ns, b"due", &rec(b"x", 1500.5)).unwrap();
        core.load(ns, b"plain", &rec(b"x", 0.0)).unwrap();
        assert_eq!(core.forget_expired(ns, b"due", 1400.0).unwrap(), None, "another expiry");
        assert_eq!(core.forget_expired(ns, b"plain", 0.0).unwrap(), None, "no expiry at all");
        core.put(ns, b"due", rec(b"y", 1500.0)).unwrap();
        assert_eq!(core.forget_expired(ns, b"due", 1500.0).unwrap(), None, "rewritten since the checkpoint");
        core.begin_checkpoint().unwrap();
        assert_eq!(core.forget_expired(ns, b"due", 1500.0).unwrap(), Some(10));
        assert_eq!(core.get(ns, b"due"), None);
    }

    #[test]
    fn flushing_a_namespace_keeps_records_written_after_the_flush_began() {
        let mut core = Core::open(&temp_log("flush"), false).unwrap();
        let ns = core.space_id(b"\x01a");
        let other = core.space_id(b"\x01b");
        core.load(ns, b"old", &rec(b"x", 0.0)).unwrap();
        core.load(other, b"old", &rec(b"x", 0.0)).unwrap();
        core.put(ns, b"new", rec(b"y", 0.0)).unwrap();
        core.clear_space(ns).unwrap();
        assert_eq!(core.get(ns, b"old"), None);
        assert!(core.get(ns, b"new").is_some());
        assert!(core.get(other, b"old").is_some(), "other namespaces are untouched");
    }
}
