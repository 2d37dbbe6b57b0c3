/**
 * Growth of the append buffers the hot paths write into (RESP replies, KV log frames): doubling,
 * so appends stay amortised O(1).
 */
export function growBuffer(buf: Buffer, used: number, extra: number): Buffer<ArrayBuffer> {
  let size = Math.max(buf.length, 1) * 2;
  while (size < used + extra) size *= 2;
  const next = Buffer.allocUnsafe(size);
  buf.copy(next, 0, 0, used);
  return next;
}
