/**
 * Builds RESP2/RESP3 replies into one growable buffer: the replies of every connection in a
 * batch, each connection's in its own outgoing record, handed to the socket layer at once.
 */
import { growBuffer } from '../engine/grow';
import { OUTBOX_HEADER } from '../native';

export class ReplyWriter {
  buf: Buffer;
  len = 0;

  constructor(public proto: 2 | 3 = 2) {
    this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  private ensure(n: number): void {
    if (this.len + n > this.buf.length) this.buf = growBuffer(this.buf, this.len, n);
  }

  private ascii(s: string): void {
    this.ensure(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  simple(s: string): void {
    this.ascii('+' + s + '\r\n');
  }

  ok(): void {
    this.ensure(5);
    const b = this.buf;
    let l = this.len;
    b[l++] = 43; // +OK\r\n
    b[l++] = 79;
    b[l++] = 75;
    b[l++] = 13;
    b[l++] = 10;
    this.len = l;
  }

  /** `msg` starts with the Redis error word (ERR, WRONGTYPE, NOAUTH ...). */
  error(msg: string): void {
    this.ascii('-' + msg.replace(/[\r\n]+/g, ' ') + '\r\n');
  }

  int(n: number | bigint): void {
    this.ascii(':' + n.toString() + '\r\n');
  }

  nil(): void {
    this.ascii(this.proto === 3 ? '_\r\n' : '$-1\r\n');
  }

  nilArray(): void {
    this.ascii(this.proto === 3 ? '_\r\n' : '*-1\r\n');
  }

  bulk(b: Buffer | null): void {
    if (b === null) return this.nil();
    this.bulkAt(b, 0);
  }

  /** A bulk string of b[start..] (no view allocated). */
  bulkAt(b: Buffer, start: number): void {
    const n = b.length - start;
    this.ensure(n + 16);
    const buf = this.buf;
    let l = this.len;
    buf[l++] = 36; // '$'
    if (n < 10) buf[l++] = 48 + n;
    else if (n < 100) {
      buf[l++] = 48 + ((n / 10) | 0);
      buf[l++] = 48 + (n % 10);
    } else l += buf.write(String(n), l, 'latin1');
    buf[l++] = 13;
    buf[l++] = 10;
    if (n < 64) for (let i = 0; i < n; i++) buf[l + i] = b[start + i];
    else b.copy(buf, l, start);
    l += n;
    buf[l++] = 13;
    buf[l++] = 10;
    this.len = l;
  }

  bulkString(s: string): void {
    this.bulk(Buffer.from(s, 'utf8'));
  }

  array(n: number): void {
    this.ascii('*' + n + '\r\n');
  }

  /** A map of n pairs: RESP3 '%', RESP2 a flat array. */
  map(n: number): void {
    this.ascii(this.proto === 3 ? '%' + n + '\r\n' : '*' + n * 2 + '\r\n');
  }

  /**
   * Starts the outgoing record of connection `conn` (native.ts: [u32 conn][u32 len][u8 flags]);
   * the replies written next are its bytes. Returns the record's start for endRecord.
   */
  beginRecord(conn: number): number {
    this.ensure(OUTBOX_HEADER);
    const at = this.len;
    this.buf.writeUInt32LE(conn, at);
    this.len = at + OUTBOX_HEADER;
    return at;
  }

  /** Completes the record started at `at`; an empty one without flags is dropped. */
  endRecord(at: number, flags: number): void {
    const n = this.len - at - OUTBOX_HEADER;
    if (n === 0 && flags === 0) {
      this.len = at;
      return;
    }
    this.buf.writeUInt32LE(n, at + 4);
    this.buf[at + 8] = flags;
  }

  /** Drops everything written after `at` (e.g. a record of a connection that is gone). */
  truncate(at: number): void {
    this.len = at;
  }

  /** Empties the writer for the next batch (and lets go of a buffer grown by a huge reply). */
  reset(): void {
    this.len = 0;
    if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  /** The bytes written so far (valid until the next write). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
