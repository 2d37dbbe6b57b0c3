/** Builds RESP2/RESP3 replies into one growable buffer, written to the socket once per batch. */
import { growBuffer } from '../engine/grow';

export class ReplyWriter {
  buf: Buffer;
  len = 0;

  constructor(public proto: 2 | 3 = 2) {
    this.buf = Buffer.allocUnsafe(4096);
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

  /** Takes the bytes written so far and starts a fresh buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(2048); // from Node's pool: cheap for the common small batch
    this.len = 0;
    return out;
  }
}
