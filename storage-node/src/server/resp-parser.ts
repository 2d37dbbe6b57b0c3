/**
 * Incremental RESP request parser (arrays of bulk strings, plus inline commands as
 * redis-cli and telnet send them). Limits stop a malformed or hostile frame from eating
 * memory: the caller closes just that connection on a ProtocolError.
 */
export class ProtocolError extends Error {}

export interface ParserLimits {
  maxBulkBytes: number;
  maxArgs: number;
  maxInlineBytes: number;
}

export const DEFAULT_LIMITS: ParserLimits = {
  maxBulkBytes: 64 * 1024 * 1024,
  maxArgs: 1024 * 1024,
  maxInlineBytes: 64 * 1024,
};

const CR = 13;
const LF = 10;

export class RespParser {
  private chunks: Buffer[] = [];
  private pendingLen = 0;
  /** Bytes needed before a parse attempt can make progress (avoids rescanning big frames). */
  private need = 0;

  constructor(private readonly limits: ParserLimits = DEFAULT_LIMITS) {}

  /** No partial frame is buffered. */
  get idle(): boolean {
    return this.pendingLen === 0;
  }

  /** Set once the stream is unusable; commands parsed before the bad frame are still returned. */
  error: ProtocolError | undefined;

  /** Feeds bytes; returns every complete command before any protocol error (see `error`). */
  push(data: Buffer): Buffer[][] {
    if (this.error) return [];
    this.chunks.push(data);
    this.pendingLen += data.length;
    if (this.pendingLen < this.need) return [];
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.pendingLen);
    const out: Buffer[][] = [];
    let pos = 0;
    try {
      while (pos < buf.length) {
        const r = buf[pos] === 42 /* '*' */ ? this.parseArray(buf, pos) : this.parseInline(buf, pos);
        if (r === undefined) break;
        pos = r.end;
        if (r.args) out.push(r.args);
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      this.error = e;
      this.chunks = [];
      this.pendingLen = 0;
      return out;
    }
    if (pos >= buf.length) {
      this.chunks = [];
      this.pendingLen = 0;
      this.need = 0;
    } else {
      const rest = buf.subarray(pos);
      this.chunks = [rest];
      this.pendingLen = rest.length;
    }
    return out;
  }

  private parseArray(buf: Buffer, start: number): { end: number; args?: Buffer[] } | undefined {
    const n = readLineInt(buf, start + 1, this.limits.maxInlineBytes);
    if (n === INCOMPLETE) return this.incomplete(buf, start, start + 16);
    if (n > this.limits.maxArgs) throw new ProtocolError('invalid multibulk length');
    // Redis skips a multibulk count <= 0 (`*0`, `*-5`) and reads the next request.
    if (n <= 0) return { end: lineEnd };
    const args = new Array<Buffer>(n);
    let pos = lineEnd;
    for (let i = 0; i < n; i++) {
      if (pos >= buf.length) return this.incomplete(buf, start, pos + 1);
      if (buf[pos] !== 36 /* '$' */) throw new ProtocolError(`expected '$', got '${String.fromCharCode(buf[pos])}'`);
      const len = readLineInt(buf, pos + 1, 32);
      if (len === INCOMPLETE) return this.incomplete(buf, start, pos + 4);
      if (len < 0 || len > this.limits.maxBulkBytes) throw new ProtocolError('invalid bulk length');
      const dataStart = lineEnd;
      const dataEnd = dataStart + len;
      if (dataEnd + 2 > buf.length) return this.incomplete(buf, start, dataEnd + 2);
      if (buf[dataEnd] !== CR || buf[dataEnd + 1] !== LF) throw new ProtocolError('bulk string not terminated by CRLF');
      args[i] = buf.subarray(dataStart, dataEnd);
      pos = dataEnd + 2;
    }
    return { end: pos, args };
  }

  private parseInline(buf: Buffer, start: number): { end: number; args?: Buffer[] } | undefined {
    const nl = buf.indexOf(LF, start);
    if (nl < 0) {
      if (buf.length - start > this.limits.maxInlineBytes) throw new ProtocolError('too big inline request');
      return this.incomplete(buf, start, buf.length + 1);
    }
    if (nl - start > this.limits.maxInlineBytes) throw new ProtocolError('too big inline request');
    const line = buf.toString('latin1', start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl);
    const words = splitInline(line);
    return { end: nl + 1, args: words.length ? words.map((w) => Buffer.from(w, 'latin1')) : undefined };
  }

  private incomplete(buf: Buffer, start: number, needAbs: number): undefined {
    this.need = needAbs - start;
    if (this.need > this.limits.maxBulkBytes + 1024 * 1024) throw new ProtocolError('request too large');
    void buf;
    return undefined;
  }
}

/** readLineInt's "not complete yet" result; `lineEnd` holds the position after the CRLF otherwise. */
const INCOMPLETE = Number.MIN_SAFE_INTEGER;
let lineEnd = 0;

/** Parses an integer terminated by CRLF starting at `pos` (allocation-free: sets `lineEnd`). */
function readLineInt(buf: Buffer, pos: number, maxDigits: number): number {
  let i = pos;
  let neg = false;
  if (buf[i] === 45 /* '-' */) {
    neg = true;
    i++;
  }
  let v = 0;
  const limit = Math.min(buf.length, pos + maxDigits + 2);
  for (; i < limit; i++) {
    const c = buf[i];
    if (c === CR) {
      if (i + 1 >= buf.length) return INCOMPLETE;
      if (buf[i + 1] !== LF || i === pos || (neg && i === pos + 1)) throw new ProtocolError('invalid length line');
      lineEnd = i + 2;
      return neg ? -v : v;
    }
    if (c < 48 || c > 57) throw new ProtocolError('invalid length');
    v = v * 10 + (c - 48);
  }
  if (limit < pos + maxDigits + 2) return INCOMPLETE;
  throw new ProtocolError('invalid length');
}

/** Splits an inline command line, honouring "double" and 'single' quotes like redis-cli. */
function splitInline(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m[1] !== undefined) out.push(m[1].replace(/\\(.)/g, (_s, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c));
    else out.push(m[2] ?? m[3]);
  }
  return out;
}
