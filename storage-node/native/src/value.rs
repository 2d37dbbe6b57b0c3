//! A stored value: a string record as bytes, or a hash held as its fields, so HSET, HGET and
//! HDEL cost O(1) and log one field instead of the whole hash. Both encode to the record
//! layout of `src/engine/kv.ts` (`[u8 type][f64 BE expireAt, 0 = none][payload]`; a hash's
//! payload is `[u32 BE len][field][u32 BE len][value]` per field), which is what the JS engine
//! sees; LMDB holds a big hash field by field (`layout.rs`).

use std::borrow::{Borrow, Cow};
use std::collections::HashSet;
use std::hash::{Hash as StdHash, Hasher};
use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;

pub const TYPE_STRING: u8 = 1;
pub const TYPE_HASH: u8 = 2;
pub const RECORD_HEADER: usize = 9;

/// A record's expireAt in ms since the epoch, 0 = none.
pub fn expiry_of(rec: &[u8]) -> f64 {
    // 0.0 is all-zero bytes; any other double has a non-zero top two bytes.
    if rec.len() < RECORD_HEADER || (rec[1] == 0 && rec[2] == 0) {
        return 0.0;
    }
    f64::from_be_bytes(rec[1..RECORD_HEADER].try_into().unwrap())
}

/// Bytes held inline up to this length (a `Bytes` is 24 bytes either way).
pub const INLINE: usize = 22;

/// A key, a hash field or a record: inline when short (most keys, fields and small values),
/// so a map entry holds it without an allocation of its own or a pointer to chase (a lookup
/// compares the key in the entry; a rewrite frees nothing), on the heap otherwise.
#[derive(Clone)]
pub enum Bytes {
    Inline(u8, [u8; INLINE]),
    Heap(Box<[u8]>),
}

impl Bytes {
    /// The concatenation of `parts`.
    pub fn concat(parts: &[&[u8]]) -> Self {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len <= INLINE {
            let mut buf = [0; INLINE];
            let mut o = 0;
            for p in parts {
                buf[o..o + p.len()].copy_from_slice(p);
                o += p.len();
            }
            Bytes::Inline(len as u8, buf)
        } else {
            Bytes::Heap(parts.concat().into_boxed_slice())
        }
    }
}

impl From<&[u8]> for Bytes {
    fn from(b: &[u8]) -> Self {
        Self::concat(&[b])
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Inline(n, buf) => &buf[..*n as usize],
            Bytes::Heap(b) => b,
        }
    }
}

impl DerefMut for Bytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Bytes::Inline(n, buf) => &mut buf[..*n as usize],
            Bytes::Heap(b) => b,
        }
    }
}

// Borrow<[u8]> lets maps keyed by Bytes be searched with a &[u8]: equality and hashing are the
// slice's, as Borrow requires.
impl Borrow<[u8]> for Bytes {
    fn borrow(&self) -> &[u8] {
        self
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Bytes {}

impl StdHash for Bytes {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", &**self)
    }
}

pub struct Hash {
    pub expire_at: f64,
    /// Insertion order (a deletion moves the last field into the gap); aHash, randomly keyed
    /// (clients pick the fields).
    pub fields: IndexMap<Bytes, Bytes, ahash::RandomState>,
    /// Payload bytes when encoded.
    pub payload: usize,
    /// LMDB holds this hash field by field as of the last checkpoint, and `changed` has every
    /// field set or removed since: the next checkpoint writes just those. False: the next
    /// checkpoint writes the whole hash (a new one, or one stored whole).
    tracked: bool,
    changed: Option<Box<HashSet<Bytes, ahash::RandomState>>>,
}

impl Hash {
    pub fn new(expire_at: f64) -> Self {
        Self { expire_at, fields: IndexMap::default(), payload: 0, tracked: false, changed: None }
    }

    /// A hash LMDB holds field by field (loaded from its header record): changes are tracked.
    pub fn stored_split(expire_at: f64) -> Self {
        Self { tracked: true, ..Self::new(expire_at) }
    }

    /// Remembers a field set or removed, for the next checkpoint (when changes are tracked).
    pub fn note(&mut self, field: &[u8]) {
        if self.tracked {
            let set = self.changed.get_or_insert_with(|| Box::new(HashSet::with_hasher(self.fields.hasher().clone())));
            if !set.contains(field) {
                set.insert(field.into());
            }
        }
    }

    /// Whether LMDB holds the hash field by field with the changes since noted.
    pub fn tracked(&self) -> bool {
        self.tracked
    }

    /// The fields changed since the last checkpoint (tracked hashes); tracking goes on afresh.
    pub fn take_changed(&mut self) -> Option<Box<HashSet<Bytes, ahash::RandomState>>> {
        self.changed.take()
    }

    /// After a checkpoint: LMDB holds the hash field by field (`true`: track changes from now)
    /// or whole (`false`: the next checkpoint writes it whole again).
    pub fn stored(&mut self, split: bool) {
        self.tracked = split;
        self.changed = None;
    }

    /// Sets a field; returns its previous value (None: the field is new).
    pub fn set(&mut self, field: &[u8], value: &[u8]) -> Option<Bytes> {
        match self.fields.get_mut(field) {
            Some(v) => {
                self.payload = self.payload - v.len() + value.len();
                Some(std::mem::replace(v, value.into()))
            }
            None => {
                self.payload += 8 + field.len() + value.len();
                self.fields.insert(field.into(), value.into());
                None
            }
        }
    }

    /// Removes a field; returns its value (None: there was no such field).
    pub fn remove(&mut self, field: &[u8]) -> Option<Bytes> {
        let v = self.fields.swap_remove(field)?;
        self.payload -= 8 + field.len() + v.len();
        Some(v)
    }

    fn decode(rec: &[u8]) -> Option<Self> {
        let mut h = Hash::new(expiry_of(rec));
        let mut o = RECORD_HEADER;
        let len_at = |o: usize| -> Option<usize> { Some(u32::from_be_bytes(rec.get(o..o + 4)?.try_into().ok()?) as usize) };
        while o < rec.len() {
            let fl = len_at(o)?;
            let field = rec.get(o + 4..o + 4 + fl)?;
            o += 4 + fl;
            let vl = len_at(o)?;
            let value = rec.get(o + 4..o + 4 + vl)?;
            o += 4 + vl;
            h.set(field, value);
        }
        Some(h)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(RECORD_HEADER + self.payload);
        out.push(TYPE_HASH);
        out.extend_from_slice(&header_expiry(self.expire_at));
        for (f, v) in &self.fields {
            out.extend_from_slice(&(f.len() as u32).to_be_bytes());
            out.extend_from_slice(f);
            out.extend_from_slice(&(v.len() as u32).to_be_bytes());
            out.extend_from_slice(v);
        }
        out
    }
}

/// The 8 expiry bytes of a record header.
pub fn header_expiry(expire_at: f64) -> [u8; 8] {
    if expire_at == 0.0 {
        [0; 8]
    } else {
        expire_at.to_be_bytes()
    }
}

pub enum Value {
    /// A whole record (strings, and anything that is not a well-formed hash).
    Record(Bytes),
    Hash(Box<Hash>),
    /// A string record that APPEND, SETRANGE or SETBIT changed: its bytes with room to grow
    /// (capacity doubles as a `Vec`'s does), changed in place, so n appends copy O(total)
    /// bytes, not O(n x total).
    Grown(Vec<u8>),
}

impl Value {
    /// A record as stored in LMDB or logged whole.
    pub fn from_record(rec: &[u8]) -> Self {
        if rec.first() == Some(&TYPE_HASH) {
            if let Some(h) = Hash::decode(rec) {
                return Value::Hash(Box::new(h));
            }
        }
        Value::Record(rec.into())
    }

    /// A string record: `[TYPE_STRING][expiry][value]`.
    pub fn string(value: &[u8], expire_at: f64) -> Self {
        Value::Record(Bytes::concat(&[&[TYPE_STRING], &header_expiry(expire_at), value]))
    }

    pub fn kind(&self) -> u8 {
        match self {
            Value::Record(r) => r.first().copied().unwrap_or(0),
            Value::Grown(r) => r.first().copied().unwrap_or(0),
            Value::Hash(_) => TYPE_HASH,
        }
    }

    pub fn expiry(&self) -> f64 {
        match self {
            Value::Record(r) => expiry_of(r),
            Value::Grown(r) => expiry_of(r),
            Value::Hash(h) => h.expire_at,
        }
    }

    /// The record's length when encoded.
    pub fn len(&self) -> usize {
        match self {
            Value::Record(r) => r.len(),
            Value::Grown(r) => r.len(),
            Value::Hash(h) => RECORD_HEADER + h.payload,
        }
    }

    pub fn record(&self) -> Cow<'_, [u8]> {
        match self {
            Value::Record(r) => Cow::Borrowed(&r[..]),
            Value::Grown(r) => Cow::Borrowed(&r[..]),
            Value::Hash(h) => Cow::Owned(h.encode()),
        }
    }

    /// The bytes of a record held as bytes (a string, or a record that is not a well-formed
    /// hash), None for a hash held as its fields.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Record(r) => Some(r),
            Value::Grown(r) => Some(r),
            Value::Hash(_) => None,
        }
    }

    /// As `bytes`, mutable (the record's length stays).
    pub fn bytes_mut(&mut self) -> Option<&mut [u8]> {
        match self {
            Value::Record(r) => Some(r),
            Value::Grown(r) => Some(r),
            Value::Hash(_) => None,
        }
    }

    /// The record as a growable buffer (a `Record` becomes `Grown`: a boxed record is taken
    /// over without a copy), None for a hash.
    pub fn growable(&mut self) -> Option<&mut Vec<u8>> {
        if let Value::Record(r) = self {
            let v = match std::mem::replace(r, Bytes::Inline(0, [0; INLINE])) {
                Bytes::Heap(b) => b.into_vec(),
                inline => inline.to_vec(),
            };
            *self = Value::Grown(v);
        }
        match self {
            Value::Grown(v) => Some(v),
            _ => None,
        }
    }

    /// `[type][expiry]` without encoding a hash.
    pub fn header(&self) -> [u8; RECORD_HEADER] {
        let mut out = [0; RECORD_HEADER];
        out[0] = self.kind();
        out[1..].copy_from_slice(&header_expiry(self.expiry()));
        out
    }

    pub fn expired(&self, now_ms: f64) -> bool {
        let exp = self.expiry();
        exp != 0.0 && exp <= now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_record_round_trips_and_counts_its_bytes() {
        let mut h = Hash::new(1234.0);
        assert!(h.set(b"f", b"1").is_none());
        assert!(h.set(b"g", b"22").is_none());
        assert_eq!(h.set(b"f", b"333").as_deref(), Some(&b"1"[..]));
        let rec = Value::Hash(Box::new(h)).record().into_owned();
        assert_eq!(rec.len(), RECORD_HEADER + (8 + 1 + 3) + (8 + 1 + 2));
        let v = Value::from_record(&rec);
        assert_eq!(v.len(), rec.len());
        assert_eq!(v.expiry(), 1234.0);
        assert_eq!(v.record().as_ref(), &rec[..]);
        let Value::Hash(mut h) = v else { panic!("not decoded as a hash") };
        assert_eq!(h.remove(b"f").as_deref(), Some(&b"333"[..]));
        assert!(h.remove(b"f").is_none());
        assert_eq!(h.payload, 8 + 1 + 2);
    }

    #[test]
    fn a_malformed_hash_record_is_kept_as_bytes() {
        let rec = [TYPE_HASH, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, b'x'];
        let v = Value::from_record(&rec);
        assert!(matches!(v, Value::Record(_)));
        assert_eq!(v.record().as_ref(), &rec[..]);
    }
}
