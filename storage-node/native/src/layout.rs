//! How the KV dataset lies in LMDB (the `kv` sub-database), as checkpoints write it and
//! `src/engine/kv.ts` / `kv-layout.ts` read it:
//!
//! * Every key has one record under its full key (namespace prefix + key): a string record, a
//!   hash stored whole (`[TYPE_HASH][expiry][u32 BE len][field][u32 BE len][value]...`, the
//!   only layout before field-level checkpoints, still read as it is), or the header of a hash
//!   stored field by field: `[TYPE_HASH][expiry][ff ff ff ff]` (no whole hash decodes from it).
//! * A hash stored field by field has one record per field, outside every namespace's key range
//!   (namespace prefixes start with their length, 1..67): `[ff][u16 BE full key length][full
//!   key][00][field]` -> the value, or, when that key would pass LMDB's key limit, `[ff][u16 BE
//!   ...][full key][01][sha256(field)]` -> `[u32 BE field length][field][value]`.
//!
//! A hash is stored field by field once its payload passes `SPLIT_BYTES` (and whole again
//! below a quarter of that), so a checkpoint of a big hash writes its header and the fields
//! changed since the last one, not the whole hash; small hashes stay one record.
//!
//! A checkpoint hands JS a list of LMDB writes: `[u8 op][u16 LE key length][LMDB key]`, then
//! for the puts `[u32 LE value length][value]`. Ops: 1 = put a key's record (kv.ts indexes its
//! expiry), 2 = delete a key's record, 3 = put a field record, 4 = delete a field record, 5 =
//! delete every field record under the key (a prefix: `[ff][u16 BE][full key]`). The ops of one
//! key form a group whose last op has the 0x80 bit set.
//!
//! JS applies the ops in slices, one LMDB transaction each, so a crash may come between any
//! two of them; the order within a group makes every such cut recoverable by replaying the
//! rotated log (every op of which sets a field, a record or an expiry, never a delta):
//! * a key's record (a string, a whole hash, a deletion) comes before the clearing of its
//!   field records: a cut leaves field records without their hash, which replay and startup
//!   delete;
//! * a hash's header comes after its field records: until it is written, what LMDB holds of
//!   the key (a whole hash, the older header, or nothing) is what counts, and field records
//!   written so far are either the fields' current values (which the log sets again) or
//!   orphans (as above). A clear before them is only emitted for a hash that replaced another,
//!   which the log holds whole (the replacement and every field since).

use sha2::{Digest, Sha256};

use crate::value::{RECORD_HEADER, TYPE_HASH};

/// The first byte of every field record's key (no namespace prefix starts with it).
pub const FIELD_LEAD: u8 = 0xff;
/// After the record header, what marks a hash stored field by field.
pub const SPLIT_MARK: [u8; 4] = [0xff; 4];
pub const SPLIT_HEADER_LEN: usize = RECORD_HEADER + SPLIT_MARK.len();
/// LMDB's key limit as lmdb-js builds it (4 KiB pages).
pub const MAX_LMDB_KEY: usize = 1978;
/// A hash is stored field by field past this many payload bytes (and whole again under a
/// quarter of it): below it, writing it whole costs about as much as a few field records.
pub const SPLIT_BYTES: usize = 16 * 1024;

pub const OP_PUT: u8 = 1;
pub const OP_DEL: u8 = 2;
pub const OP_PUT_FIELD: u8 = 3;
pub const OP_DEL_FIELD: u8 = 4;
pub const OP_CLEAR_FIELDS: u8 = 5;
pub const END_OF_GROUP: u8 = 0x80;

const TAG_PLAIN: u8 = 0;
const TAG_DIGEST: u8 = 1;

/// Whether a stored record is the header of a hash stored field by field.
pub fn is_split_header(rec: &[u8]) -> bool {
    rec.len() == SPLIT_HEADER_LEN && rec[0] == TYPE_HASH && rec[RECORD_HEADER..] == SPLIT_MARK
}

/// The header record of a hash stored field by field.
pub fn split_header(expire_at: f64) -> [u8; SPLIT_HEADER_LEN] {
    let mut out = [0; SPLIT_HEADER_LEN];
    out[0] = TYPE_HASH;
    out[1..RECORD_HEADER].copy_from_slice(&crate::value::header_expiry(expire_at));
    out[RECORD_HEADER..].copy_from_slice(&SPLIT_MARK);
    out
}

/// Whether a hash of `payload` bytes is stored field by field, given how it is stored now.
pub fn stays_split(payload: usize, split_now: bool) -> bool {
    if split_now {
        payload >= SPLIT_BYTES / 4
    } else {
        payload > SPLIT_BYTES
    }
}

/// The LMDB writes of a checkpoint, as the store's lock holds them (see the module's doc).
#[derive(Default)]
pub struct OpWriter {
    pub buf: Vec<u8>,
    /// Where the last op starts (its op byte takes the end-of-group bit).
    last: usize,
    pub ops: u64,
    pub field_ops: u64,
}

impl OpWriter {
    fn head(&mut self, op: u8, key_len: usize) {
        self.last = self.buf.len();
        self.buf.push(op);
        self.buf.extend_from_slice(&(key_len as u16).to_le_bytes());
        self.ops += 1;
    }

    fn full_key_head(&mut self, op: u8, prefix: &[u8], key: &[u8]) {
        self.head(op, prefix.len() + key.len());
        self.buf.extend_from_slice(prefix);
        self.buf.extend_from_slice(key);
    }

    fn value(&mut self, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        self.buf.extend_from_slice(&(len as u32).to_le_bytes());
        for p in parts {
            self.buf.extend_from_slice(p);
        }
    }

    /// A key's record.
    pub fn put(&mut self, prefix: &[u8], key: &[u8], rec: &[u8]) {
        self.full_key_head(OP_PUT, prefix, key);
        self.value(&[rec]);
    }

    pub fn del(&mut self, prefix: &[u8], key: &[u8]) {
        self.full_key_head(OP_DEL, prefix, key);
    }

    /// `[ff][u16 BE full key length][full key]`, the start of every field record's key.
    fn field_prefix(&mut self, prefix: &[u8], key: &[u8]) {
        self.buf.push(FIELD_LEAD);
        self.buf.extend_from_slice(&((prefix.len() + key.len()) as u16).to_be_bytes());
        self.buf.extend_from_slice(prefix);
        self.buf.extend_from_slice(key);
    }

    /// A field record's key; true when it names the field by its digest (the value then
    /// carries the field).
    fn field_key(&mut self, op: u8, prefix: &[u8], key: &[u8], field: &[u8]) -> bool {
        let base = 3 + prefix.len() + key.len() + 1;
        let digest = base + field.len() > MAX_LMDB_KEY;
        self.head(op, base + if digest { 32 } else { field.len() });
        self.field_prefix(prefix, key);
        if digest {
            self.buf.push(TAG_DIGEST);
            self.buf.extend_from_slice(&Sha256::digest(field));
        } else {
            self.buf.push(TAG_PLAIN);
            self.buf.extend_from_slice(field);
        }
        self.field_ops += 1;
        digest
    }

    pub fn put_field(&mut self, prefix: &[u8], key: &[u8], field: &[u8], value: &[u8]) {
        if self.field_key(OP_PUT_FIELD, prefix, key, field) {
            self.value(&[&(field.len() as u32).to_be_bytes(), field, value]);
        } else {
            self.value(&[value]);
        }
    }

    pub fn del_field(&mut self, prefix: &[u8], key: &[u8], field: &[u8]) {
        self.field_key(OP_DEL_FIELD, prefix, key, field);
    }

    /// Every field record of the key.
    pub fn clear_fields(&mut self, prefix: &[u8], key: &[u8]) {
        self.head(OP_CLEAR_FIELDS, 3 + prefix.len() + key.len());
        self.field_prefix(prefix, key);
    }

    /// Ends the key's group (its ops are applied in one LMDB transaction).
    pub fn end_group(&mut self) {
        if self.buf.len() > self.last {
            self.buf[self.last] |= END_OF_GROUP;
        }
    }
}

/// One parsed op: (op without the group bit, key, value of a put, the op's end, end of group).
fn parse(ops: &[u8], o: usize) -> Option<(u8, &[u8], &[u8], usize, bool)> {
    let op = *ops.get(o)?;
    let kl = u16::from_le_bytes(ops.get(o + 1..o + 3)?.try_into().unwrap()) as usize;
    let key = ops.get(o + 3..o + 3 + kl)?;
    let kind = op & !END_OF_GROUP;
    let mut end = o + 3 + kl;
    let mut value: &[u8] = &[];
    if kind == OP_PUT || kind == OP_PUT_FIELD {
        let vl = u32::from_le_bytes(ops.get(end..end + 4)?.try_into().unwrap()) as usize;
        value = ops.get(end + 4..end + 4 + vl)?;
        end += 4 + vl;
    }
    Some((kind, key, value, end, op & END_OF_GROUP != 0))
}

/// Where an op goes within its key's group (see the module's doc): the key's record first,
/// unless it is a hash's header, which goes last; field records and clears in between.
fn rank(kind: u8, value: &[u8]) -> u8 {
    match kind {
        OP_PUT if is_split_header(value) => 2,
        OP_PUT | OP_DEL => 0,
        _ => 1,
    }
}

/// A checkpoint's ops ordered for LMDB, outside the store's lock: groups by their key's
/// record (namespace, then key), and within a group as the module's doc says, field ops by
/// LMDB key (a clear comes before the fields it covers, as a prefix sorts first), so each
/// transaction writes neighbouring B-tree pages instead of one page per op (keys changed at
/// random touch every page). The end-of-group bit moves to each group's new last op. Ops
/// that do not parse are left at the end as they are.
pub fn sort_ops(ops: &[u8]) -> Vec<u8> {
    // (group key, rank, op key, start, end)
    let mut spans: Vec<(&[u8], u8, &[u8], usize, usize)> = Vec::new();
    let mut group_start = 0;
    let mut group_key: &[u8] = &[];
    let mut o = 0;
    while let Some((kind, key, value, end, last)) = parse(ops, o) {
        if kind == OP_PUT || kind == OP_DEL {
            group_key = key;
        }
        spans.push((&[], rank(kind, value), key, o, end));
        o = end;
        if last {
            for s in &mut spans[group_start..] {
                s.0 = group_key;
            }
            group_start = spans.len();
            group_key = &[];
        }
    }
    for s in &mut spans[group_start..] {
        s.0 = group_key;
    }
    spans.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut out = Vec::with_capacity(ops.len());
    for (i, &(group, _, _, start, end)) in spans.iter().enumerate() {
        let at = out.len();
        out.extend_from_slice(&ops[start..end]);
        let last = spans.get(i + 1).is_none_or(|next| next.0 != group);
        out[at] = (out[at] & !END_OF_GROUP) | if last { END_OF_GROUP } else { 0 };
    }
    out.extend_from_slice(&ops[o..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_keys_fall_outside_every_namespace_and_long_fields_go_by_digest() {
        let mut w = OpWriter::default();
        w.put_field(b"\x01a", b"h", b"f", b"v");
        assert_eq!(w.buf, [&[OP_PUT_FIELD, 8, 0][..], b"\xff\x00\x03\x01ah\x00f", &1u32.to_le_bytes(), b"v"].concat());
        let long = vec![b'x'; MAX_LMDB_KEY];
        let mut w = OpWriter::default();
        w.put_field(b"\x01a", b"h", &long, b"v");
        let kl = u16::from_le_bytes(w.buf[1..3].try_into().unwrap()) as usize;
        assert_eq!(kl, 3 + 3 + 1 + 32);
        assert_eq!(w.buf[3 + 6], TAG_DIGEST);
        let value = &w.buf[3 + kl + 4..];
        assert_eq!(value, [&(long.len() as u32).to_be_bytes()[..], &long, b"v"].concat());
        assert!(is_split_header(&split_header(5.0)));
        assert!(!is_split_header(&[TYPE_HASH, 0, 0, 0, 0, 0, 0, 0, 0]));
    }

    #[test]
    fn ops_sort_by_group_then_key_and_keep_one_end_per_group() {
        let mut w = OpWriter::default();
        w.put(b"\x01a", b"z", b"1");
        w.end_group();
        // A string replacing a hash stored field by field: its record, then the clear.
        w.clear_fields(b"\x01a", b"s");
        w.put(b"\x01a", b"s", b"1");
        w.end_group();
        w.put(b"\x01a", b"h", &split_header(0.0));
        w.put_field(b"\x01a", b"h", b"b", b"2");
        w.del_field(b"\x01a", b"h", b"a");
        w.clear_fields(b"\x01a", b"h");
        w.end_group();
        w.del(b"\x01a", b"b");
        w.end_group();
        let sorted = sort_ops(&w.buf);
        assert_eq!(sorted.len(), w.buf.len());
        let mut o = 0;
        let mut seen = Vec::new();
        while let Some((kind, key, _, end, last)) = parse(&sorted, o) {
            seen.push((kind, key.to_vec(), last));
            o = end;
        }
        let fk = |f: &[u8]| [&b"\xff\x00\x03\x01ah\x00"[..], f].concat();
        assert_eq!(
            seen,
            vec![
                (OP_DEL, b"\x01ab".to_vec(), true),
                (OP_CLEAR_FIELDS, b"\xff\x00\x03\x01ah".to_vec(), false),
                (OP_DEL_FIELD, fk(b"a"), false),
                (OP_PUT_FIELD, fk(b"b"), false),
                (OP_PUT, b"\x01ah".to_vec(), true),
                (OP_PUT, b"\x01as".to_vec(), false),
                (OP_CLEAR_FIELDS, b"\xff\x00\x03\x01as".to_vec(), true),
                (OP_PUT, b"\x01az".to_vec(), true),
            ]
        );
        // A truncated tail stays as it is, after the ops that parse.
        let cut = &w.buf[..w.buf.len() - 2];
        assert_eq!(sort_ops(cut).len(), cut.len());
    }
}
