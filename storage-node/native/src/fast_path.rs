//! The commands the socket thread serves itself: `GET key` and plain `SET key value`, the
//! bulk of any KV workload, straight from the record store without a trip through JS. A frame
//! that is anything else (another command, options, an inline command, a malformed or large
//! frame, a key over the limit, a record of another type) is left to the JS server, which
//! then owns the connection until it hands it back (see `event_loop`).

use crate::core::{Core, MAX_KEY_BYTES, RECORD_HEADER, TYPE_STRING};
use crate::value::Value;

/// Bulk strings above this go to JS (it enforces the protocol limits and takes big frames).
const MAX_FAST_BULK: usize = 64 * 1024;
/// Digits of a length line the fast path reads (JS parses anything longer).
const MAX_DIGITS: usize = 9;

pub enum Command<'a> {
    Get(&'a [u8]),
    Set(&'a [u8], &'a [u8]),
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

/// Parses the frame at the start of `buf`.
pub fn parse(buf: &[u8]) -> Parsed<'_> {
    match buf.first() {
        None => return Parsed::Incomplete,
        Some(b'*') => {}
        Some(_) => return Parsed::Other,
    }
    let (argc, mut pos) = match int_line(buf, 1) {
        Line::Value(n @ (2 | 3), p) => (n, p),
        Line::Incomplete => return Parsed::Incomplete,
        _ => return Parsed::Other,
    };
    let mut args: [&[u8]; 3] = [&[]; 3];
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
    if name.len() != 3 || (name[1] | 0x20) != b'e' || (name[2] | 0x20) != b't' {
        return Parsed::Other;
    }
    match (name[0] | 0x20, argc) {
        (b'g', 2) => Parsed::Command(Command::Get(args[1]), pos),
        (b's', 3) => Parsed::Command(Command::Set(args[1], args[2]), pos),
        _ => Parsed::Other,
    }
}

/// What the fast path knows of a connection (set by the JS server when it hands one back).
#[derive(Clone, Copy)]
pub struct Session {
    pub ns: u32,
    /// 2 or 3 (RESP3 has its own null).
    pub proto: u8,
}

const WRONGTYPE: &[u8] = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

fn now_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64)
}

/// Runs a command, appending its reply to `out`. Returns Some(wrote) when served here, None
/// when the command must go to JS after all (nothing done then).
pub fn run(core: &mut Core, s: Session, cmd: &Command<'_>, out: &mut Vec<u8>) -> Option<bool> {
    match *cmd {
        Command::Get(key) => {
            if key.len() > MAX_KEY_BYTES {
                return None;
            }
            match core.value(s.ns, key) {
                Some(v) if !expired(v) => match v {
                    Value::Record(rec) if rec[0] == TYPE_STRING => bulk(out, &rec[RECORD_HEADER..]),
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
            let mut rec = Vec::with_capacity(RECORD_HEADER + value.len());
            rec.push(TYPE_STRING);
            rec.extend_from_slice(&[0; RECORD_HEADER - 1]);
            rec.extend_from_slice(value);
            core.put(s.ns, key, &rec).ok()?;
            core.count_query(s.ns);
            out.extend_from_slice(b"+OK\r\n");
            Some(true)
        }
    }
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
    fn waits_for_a_partial_frame() {
        let full = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n";
        for cut in 0..full.len() {
            assert!(matches!(parse(&full[..cut]), Parsed::Incomplete), "cut at {cut}");
        }
    }

    #[test]
    fn leaves_everything_else_to_js() {
        for frame in [
            &b"PING\r\n"[..],
            b"*1\r\n$4\r\nPING\r\n",
            b"*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nNX\r\n",
            b"*3\r\n$3\r\nGET\r\n$1\r\nk\r\n$1\r\nx\r\n",
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
