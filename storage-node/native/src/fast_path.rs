//! The commands the socket thread serves itself: `PING` (also inline), `GET key`, plain `SET
//! key value`, `MSET`, the counters (`INCR`, `DECR`, `INCRBY`, `DECRBY`) and the hash field
//! commands (`HSET`, `HMSET`, `HGET`, `HDEL`, `HEXISTS`, `HLEN`), up to 32 arguments: the bulk
//! of most KV workloads (and of redis-benchmark's default suite),
//! straight from the record store without a trip through JS. A frame
//! that is anything else (another command, options, an inline command, a malformed or large
//! frame, a key over the limit, a record of another type) is left to the JS server, which
//! then owns the connection until it hands it back (see `event_loop`).

use crate::core::{Core, Oom, WrongType, MAX_KEY_BYTES, RECORD_HEADER, TYPE_STRING};
use crate::value::{Hash, Value, TYPE_HASH};

/// Bulk strings above this go to JS (it enforces the protocol limits and takes big frames).
const MAX_FAST_BULK: usize = 64 * 1024;
/// Digits of a length line the fast path reads (JS parses anything longer).
const MAX_DIGITS: usize = 9;
/// Arguments of a frame the fast path takes (longer HSET/HDEL/MSET frames go to JS).
const MAX_FAST_ARGS: usize = 32;

/// A command's arguments after its key.
#[derive(Clone, Copy)]
pub struct Rest<'a> {
    items: [&'a [u8]; MAX_FAST_ARGS],
    len: usize,
}

impl<'a> Rest<'a> {
    fn of(args: &[&'a [u8]]) -> Self {
        let mut items: [&'a [u8]; MAX_FAST_ARGS] = [&[]; MAX_FAST_ARGS];
        items[..args.len()].copy_from_slice(args);
        Self { items, len: args.len() }
    }

    pub fn as_slice(&self) -> &[&'a [u8]] {
        &self.items[..self.len]
    }
}

pub enum Command<'a> {
    /// PING without a message (RESP or inline).
    Ping,
    Get(&'a [u8]),
    /// MSET: key/value pairs.
    MSet(Rest<'a>),
    Set(&'a [u8], &'a [u8]),
    /// INCR/DECR/INCRBY/DECRBY: the key and the delta (None: not an integer).
    IncrBy(&'a [u8], Option<i64>),
    /// HSET (replies the fields added) / HMSET (replies OK): the key, then field/value pairs.
    HSet { key: &'a [u8], pairs: Rest<'a>, reply_ok: bool },
    HDel(&'a [u8], Rest<'a>),
    HGet(&'a [u8], &'a [u8]),
    HExists(&'a [u8], &'a [u8]),
    HLen(&'a [u8]),
}

pub enum Parsed<'a> {
    /// A command and the frame's length.
    Command(Command<'a>, usize),
    /// A fast-path frame, not all here yet.
    Incomplete,
    /// Not for the fast path.
    Other,
}

enum Line {
    Value(usize, usize),
    Incomplete,
    Other,
}

/// Reads `<digits>\r\n` at `pos`: the value and the position after the line.
fn int_line(buf: &[u8], pos: usize) -> Line {
    let mut n = 0usize;
    let mut i = pos;
    loop {
        let Some(&b) = buf.get(i) else { return Line::Incomplete };
        match b {
            b'0'..=b'9' if i - pos < MAX_DIGITS => n = n * 10 + (b - b'0') as usize,
            b'\r' if i > pos => break,
            _ => return Line::Other,
        }
        i += 1;
    }
    match buf.get(i + 1) {
        None => Line::Incomplete,
        Some(b'\n') => Line::Value(n, i + 2),
        Some(_) => Line::Other,
    }
}

/// `PING\r\n` in any case, as redis-benchmark's PING_INLINE sends it (other inline commands go to JS).
fn inline_ping(buf: &[u8]) -> Parsed<'_> {
    const LINE: &[u8] = b"ping\r\n";
    let n = buf.len().min(LINE.len());
    if !buf[..n].iter().zip(LINE).all(|(a, b)| if b.is_ascii_alphabetic() { a | 0x20 == *b } else { a == b }) {
        return Parsed::Other;
    }
    if n < LINE.len() {
        return Parsed::Incomplete;
    }
    Parsed::Command(Command::Ping, LINE.len())
}

/// Parses the frame at the start of `buf`.
pub fn parse(buf: &[u8]) -> Parsed<'_> {
    match buf.first() {
        None => return Parsed::Incomplete,
        Some(b'*') => {}
        Some(b'p' | b'P') => return inline_ping(buf),
        Some(_) => return Parsed::Other,
    }
    let (argc, mut pos) = match int_line(buf, 1) {
        Line::Value(n @ 1..=MAX_FAST_ARGS, p) => (n, p),
        Line::Incomplete => return Parsed::Incomplete,
        _ => return Parsed::Other,
    };
    let mut args: [&[u8]; MAX_FAST_ARGS] = [&[]; MAX_FAST_ARGS];
    for arg in args.iter_mut().take(argc) {
        match buf.get(pos) {
            None => return Parsed::Incomplete,
            Some(b'$') => {}
            Some(_) => return Parsed::Other,
        }
        let (len, start) = match int_line(buf, pos + 1) {
            Line::Value(n, p) if n <= MAX_FAST_BULK => (n, p),
            Line::Incomplete => return Parsed::Incomplete,
            _ => return Parsed::Other,
        };
        let end = start + len;
        if buf.len() < end + 2 {
            return Parsed::Incomplete;
        }
        if &buf[end..end + 2] != b"\r\n" {
            return Parsed::Other;
        }
        *arg = &buf[start..end];
        pos = end + 2;
    }
    let name = args[0];
    let is = |word: &[u8]| name.len() == word.len() && name.iter().zip(word).all(|(a, b)| a | 0x20 == *b);
    let command = match argc {
        1 if is(b"ping") => Command::Ping,
        2 if is(b"get") => Command::Get(args[1]),
        n if n >= 3 && n % 2 == 1 && is(b"mset") => Command::MSet(Rest::of(&args[1..n])),
        3 if is(b"set") => Command::Set(args[1], args[2]),
        2 if is(b"incr") => Command::IncrBy(args[1], Some(1)),
        2 if is(b"decr") => Command::IncrBy(args[1], Some(-1)),
        3 if is(b"incrby") => Command::IncrBy(args[1], parse_i64(args[2])),
        // (DECRBY of i64::MIN has its own error: JS words it.)
        3 if is(b"decrby") => match parse_i64(args[2]) {
            Some(i64::MIN) => return Parsed::Other,
            d => Command::IncrBy(args[1], d.map(|d| -d)),
        },
        n if n >= 4 && n % 2 == 0 && (is(b"hset") || is(b"hmset")) => Command::HSet { key: args[1], pairs: Rest::of(&args[2..n]), reply_ok: is(b"hmset") },
        n if n >= 3 && is(b"hdel") => Command::HDel(args[1], Rest::of(&args[2..n])),
        3 if is(b"hget") => Command::HGet(args[1], args[2]),
        3 if is(b"hexists") => Command::HExists(args[1], args[2]),
        2 if is(b"hlen") => Command::HLen(args[1]),
        _ => return Parsed::Other,
    };
    Parsed::Command(command, pos)
}

/// A signed 64-bit integer as Redis reads one (`string2ll`): no sign but `-`, no leading
/// zeros, no spaces, no overflow.
pub fn parse_i64(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, b),
    };
    match digits {
        [b'0'] if !neg => return Some(0),
        [b'1'..=b'9', ..] if digits.len() <= 19 => {}
        _ => return None,
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        let d = (d - b'0') as i64;
        // Negative numbers accumulate downwards, so i64::MIN parses too.
        n = n.checked_mul(10)?.checked_add(if neg { -d } else { d })?;
    }
    Some(n)
}

/// What the fast path knows of a connection (set by the JS server when it hands one back).
#[derive(Clone, Copy)]
pub struct Session {
    pub ns: u32,
    /// 2 or 3 (RESP3 has its own null).
    pub proto: u8,
}

const WRONGTYPE: &[u8] = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const NOT_AN_INTEGER: &[u8] = b"-ERR value is not an integer or out of range\r\n";
const OVERFLOW: &[u8] = b"-ERR increment or decrement would overflow\r\n";

fn now_ms() -> f64 {
    // Whole milliseconds without a u128 (as_millis) and its conversion to f64.
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| (d.as_secs() * 1000 + u64::from(d.subsec_millis())) as f64)
}

const OOM_NODE: &[u8] = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n";
const OOM_NAMESPACE: &[u8] = b"-OOM command not allowed when the namespace's stored bytes > its quota.\r\n";

/// Runs a command, appending its reply to `out`. Returns Some(wrote) when served here, None
/// when the command must go to JS after all (nothing done then).
pub fn run(core: &mut Core, s: Session, cmd: &Command<'_>, out: &mut Vec<u8>) -> Option<bool> {
    // The commands that may grow the dataset make room first (Redis's "denyoom").
    let key = match *cmd {
        Command::Set(key, _) | Command::IncrBy(key, _) | Command::HSet { key, .. } => key,
        Command::MSet(pairs) => match pairs.as_slice().chunks_exact(2).map(|p| p[0]).find(|k| k.len() > MAX_KEY_BYTES) {
            Some(long) => long,
            None => b"",
        },
        _ => return serve(core, s, cmd, out),
    };
    if key.len() > MAX_KEY_BYTES {
        return None;
    }
    if !core.limited() {
        return serve(core, s, cmd, out);
    }
    let (evicted, room) = core.make_room(s.ns, now_ms());
    if let Err(oom) = room {
        core.count_query(s.ns);
        out.extend_from_slice(if oom == Oom::Node { OOM_NODE } else { OOM_NAMESPACE });
        return Some(evicted);
    }
    serve(core, s, cmd, out).map(|wrote| wrote || evicted)
}

fn serve(core: &mut Core, s: Session, cmd: &Command<'_>, out: &mut Vec<u8>) -> Option<bool> {
    match *cmd {
        Command::Ping => {
            core.count_query(s.ns);
            out.extend_from_slice(b"+PONG\r\n");
            Some(false)
        }
        Command::MSet(pairs) => {
            // (`run` has sent MSETs with a key over the limit to JS.)
            core.mset(s.ns, pairs.as_slice()).ok()?;
            core.count_query(s.ns);
            out.extend_from_slice(b"+OK\r\n");
            Some(true)
        }
        Command::Get(key) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            match core.value(s.ns, key) {
                Some(v) if !expired(v) => match v.bytes() {
                    Some(rec) if rec.len() >= RECORD_HEADER && rec[0] == TYPE_STRING => bulk(out, &rec[RECORD_HEADER..]),
                    _ => out.extend_from_slice(WRONGTYPE),
                },
                _ => out.extend_from_slice(if s.proto == 3 { b"_\r\n" } else { b"$-1\r\n" }),
            }
            core.count_query(s.ns);
            Some(false)
        }
        Command::Set(key, value) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            core.put_string(s.ns, key, value, 0.0).ok()?;
            core.count_query(s.ns);
            out.extend_from_slice(b"+OK\r\n");
            Some(true)
        }
        Command::IncrBy(key, delta) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            core.count_query(s.ns);
            let Some(delta) = delta else {
                out.extend_from_slice(NOT_AN_INTEGER);
                return Some(false);
            };
            let (current, expire_at) = match core.value(s.ns, key) {
                Some(v) if !expired(v) => match v.bytes() {
                    Some(rec) if rec.len() >= RECORD_HEADER && rec[0] == TYPE_STRING => match parse_i64(&rec[RECORD_HEADER..]) {
                        Some(n) => (n, v.expiry()),
                        None => {
                            out.extend_from_slice(NOT_AN_INTEGER);
                            return Some(false);
                        }
                    },
                    _ => {
                        out.extend_from_slice(WRONGTYPE);
                        return Some(false);
                    }
                },
                _ => (0, 0.0),
            };
            let Some(next) = current.checked_add(delta) else {
                out.extend_from_slice(OVERFLOW);
                return Some(false);
            };
            let digits = next.to_string();
            core.put_string(s.ns, key, digits.as_bytes(), expire_at).ok()?;
            out.push(b':');
            out.extend_from_slice(digits.as_bytes());
            out.extend_from_slice(b"\r\n");
            Some(true)
        }
        Command::HSet { key, pairs, reply_ok } => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            let mut buf: [(&[u8], &[u8]); MAX_FAST_ARGS / 2] = [(&[], &[]); MAX_FAST_ARGS / 2];
            let mut n = 0;
            for (slot, p) in buf.iter_mut().zip(pairs.as_slice().chunks_exact(2)) {
                *slot = (p[0], p[1]);
                n += 1;
            }
            let done = core.hset(s.ns, key, &buf[..n], now_ms()).ok()?;
            core.count_query(s.ns);
            match done {
                Ok(_) if reply_ok => out.extend_from_slice(b"+OK\r\n"),
                Ok(added) => int(out, added as i64),
                Err(WrongType) => {
                    out.extend_from_slice(WRONGTYPE);
                    return Some(false);
                }
            }
            Some(true)
        }
        Command::HDel(key, fields) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            let done = core.hdel(s.ns, key, fields.as_slice(), now_ms()).ok()?;
            core.count_query(s.ns);
            match done {
                Ok(n) => {
                    int(out, n as i64);
                    Some(n > 0)
                }
                Err(WrongType) => {
                    out.extend_from_slice(WRONGTYPE);
                    Some(false)
                }
            }
        }
        Command::HGet(key, field) | Command::HExists(key, field) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            let exists = matches!(cmd, Command::HExists(..));
            match hash_of(core.value(s.ns, key)) {
                Ok(h) => match (h.and_then(|h| h.fields.get(field)), exists) {
                    (v, true) => int(out, v.is_some() as i64),
                    (Some(v), false) => bulk(out, v),
                    (None, false) => out.extend_from_slice(if s.proto == 3 { b"_\r\n" } else { b"$-1\r\n" }),
                },
                Err(WrongType) => out.extend_from_slice(WRONGTYPE),
            }
            core.count_query(s.ns);
            Some(false)
        }
        Command::HLen(key) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            match hash_of(core.value(s.ns, key)) {
                Ok(h) => int(out, h.map_or(0, |h| h.fields.len() as i64)),
                Err(WrongType) => out.extend_from_slice(WRONGTYPE),
            }
            core.count_query(s.ns);
            Some(false)
        }
    }
}

/// The live hash of a value: None when missing or expired (or a hash record that did not
/// decode: it reads as empty), WrongType for a string.
fn hash_of(v: Option<&Value>) -> Result<Option<&Hash>, WrongType> {
    match v {
        Some(v) if !expired(v) => match v {
            Value::Hash(h) => Ok(Some(h)),
            Value::Record(r) if r.first() == Some(&TYPE_HASH) => Ok(None),
            Value::Record(_) | Value::Grown(_) => Err(WrongType),
        },
        _ => Ok(None),
    }
}

fn int(out: &mut Vec<u8>, n: i64) {
    out.push(b':');
    out.extend_from_slice(n.to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
}

fn expired(v: &Value) -> bool {
    let exp = v.expiry();
    // The clock is read only for records that have an expiry.
    exp != 0.0 && exp <= now_ms()
}

fn bulk(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'$');
    let mut digits = [0u8; 20];
    let mut n = bytes.len();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(buf: &[u8]) -> Option<(String, usize)> {
        match parse(buf) {
            Parsed::Command(Command::Get(k), n) => Some((format!("get {}", String::from_utf8_lossy(k)), n)),
            Parsed::Command(Command::Set(k, v), n) => Some((format!("set {} {}", String::from_utf8_lossy(k), String::from_utf8_lossy(v)), n)),
            _ => None,
        }
    }

    #[test]
    fn parses_get_and_set_in_any_case() {
        assert_eq!(cmd(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2"), Some(("get k".into(), 20)));
        assert_eq!(cmd(b"*3\r\n$3\r\nsEt\r\n$1\r\nk\r\n$2\r\nvv\r\n"), Some(("set k vv".into(), 28)));
    }

    #[test]
    fn parses_the_counters_and_their_deltas_as_redis_does() {
        let delta = |frame: &[u8]| match parse(frame) {
            Parsed::Command(Command::IncrBy(_, d), _) => d,
            _ => panic!("not a counter: {}", String::from_utf8_lossy(frame)),
        };
        assert_eq!(delta(b"*2\r\n$4\r\nincr\r\n$1\r\nk\r\n"), Some(1));
        assert_eq!(delta(b"*2\r\n$4\r\nDECR\r\n$1\r\nk\r\n"), Some(-1));
        assert_eq!(delta(b"*3\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n$3\r\n-12\r\n"), Some(-12));
        assert_eq!(delta(b"*3\r\n$6\r\ndecrBy\r\n$1\r\nk\r\n$2\r\n12\r\n"), Some(-12));
        assert_eq!(delta(b"*3\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n$2\r\n01\r\n"), None);
        assert!(matches!(parse(b"*3\r\n$6\r\nDECRBY\r\n$1\r\nk\r\n$20\r\n-9223372036854775808\r\n"), Parsed::Other));
        for (text, n) in [("0", Some(0)), ("-1", Some(-1)), ("9223372036854775807", Some(i64::MAX)), ("-9223372036854775808", Some(i64::MIN))] {
            assert_eq!(parse_i64(text.as_bytes()), n, "{text}");
        }
        for text in ["", "-", "-0", "01", "+1", " 1", "1 ", "1.5", "9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            assert_eq!(parse_i64(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn waits_for_a_partial_frame() {
        let full = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n";
        for cut in 0..full.len() {
            assert!(matches!(parse(&full[..cut]), Parsed::Incomplete), "cut at {cut}");
        }
    }

    #[test]
    fn parses_ping_inline_and_multibulk_and_mset() {
        assert!(matches!(parse(b"PING\r\n"), Parsed::Command(Command::Ping, 6)));
        assert!(matches!(parse(b"ping\r\nGET"), Parsed::Command(Command::Ping, 6)));
        assert!(matches!(parse(b"PIN"), Parsed::Incomplete));
        assert!(matches!(parse(b"*1\r\n$4\r\nPiNg\r\n"), Parsed::Command(Command::Ping, 14)));
        let frame = b"*5\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n";
        match parse(frame) {
            Parsed::Command(Command::MSet(pairs), n) => {
                assert_eq!(n, frame.len());
                assert_eq!(pairs.as_slice(), &[&b"a"[..], b"1", b"b", b"2"]);
            }
            _ => panic!("MSET is served here"),
        }
    }

    #[test]
    fn leaves_everything_else_to_js() {
        for frame in [
            &b"PING hello\r\n"[..],
            b"PERSIST k\r\n",
            b"*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n",
            b"*4\r\n$4\r\nMSET\r\n$1\r\nk\r\n$1\r\nv\r\n$1\r\nw\r\n",
            b"*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nNX\r\n",
            b"*3\r\n$3\r\nGET\r\n$1\r\nk\r\n$1\r\nx\r\n",
            b"*3\r\n$4\r\nINCR\r\n$1\r\nk\r\n$1\r\nx\r\n",
            b"*2\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n",
            b"*3\r\n$4\r\nHSET\r\n$1\r\nk\r\n$1\r\nf\r\n",
            b"*5\r\n$4\r\nHSET\r\n$1\r\nk\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n",
            b"*2\r\n$4\r\nHDEL\r\n$1\r\nk\r\n",
            b"*33\r\n$4\r\nHDEL\r\n",
            b"*2\r\n$3\r\nSET\r\n$1\r\nk\r\n",
            b"*2\r\n$3\r\nGET\r\n$1\r\nkX\n",
            b"*2\r\n$3\r\nGET\r\n$-1\r\n",
            b"*2\r\n$3\r\nGET\r\n$99999999\r\n",
            b"*x\r\n",
            b"*2\n",
        ] {
            assert!(matches!(parse(frame), Parsed::Other), "{}", String::from_utf8_lossy(frame));
        }
    }

    #[test]
    fn writes_bulk_lengths() {
        let mut out = Vec::new();
        bulk(&mut out, b"");
        bulk(&mut out, &[b'x'; 120]);
        assert!(out.starts_with(b"$0\r\n\r\n$120\r\nxxx"));
    }
}
