//! A stored value: a string record as bytes, or a hash held as its fields, so HSET, HGET and
//! HDEL cost O(1) and log one field instead of the whole hash. Both encode to the record
//! layout of `src/engine/kv.ts` (`[u8 type][f64 BE expireAt, 0 = none][payload]`; a hash's
//! payload is `[u32 BE len][field][u32 BE len][value]` per field), which is what LMDB and
//! the JS engine see.

use std::borrow::Cow;

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

pub struct Hash {
    pub expire_at: f64,
    /// Insertion order (a deletion moves the last field into the gap).
    pub fields: IndexMap<Box<[u8]>, Box<[u8]>>,
    /// Payload bytes when encoded.
    pub payload: usize,
}

impl Hash {
    pub fn new(expire_at: f64) -> Self {
        Self { expire_at, fields: IndexMap::new(), payload: 0 }
    }

    /// Sets a field; returns its previous value (None: the field is new).
    pub fn set(&mut self, field: &[u8], value: &[u8]) -> Option<Box<[u8]>> {
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
    pub fn remove(&mut self, field: &[u8]) -> Option<Box<[u8]>> {
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

    fn encode(&self) -> Vec<u8> {
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
    Record(Box<[u8]>),
    Hash(Box<Hash>),
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

    pub fn kind(&self) -> u8 {
        match self {
            Value::Record(r) => r.first().copied().unwrap_or(0),
            Value::Hash(_) => TYPE_HASH,
        }
    }

    pub fn expiry(&self) -> f64 {
        match self {
            Value::Record(r) => expiry_of(r),
            Value::Hash(h) => h.expire_at,
        }
    }

    /// The record's length when encoded.
    pub fn len(&self) -> usize {
        match self {
            Value::Record(r) => r.len(),
            Value::Hash(h) => RECORD_HEADER + h.payload,
        }
    }

    pub fn record(&self) -> Cow<'_, [u8]> {
        match self {
            Value::Record(r) => Cow::Borrowed(r),
            Value::Hash(h) => Cow::Owned(h.encode()),
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
