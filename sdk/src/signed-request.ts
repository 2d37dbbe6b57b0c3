/**
 * Wallet-signed requests to a storage node (docs/paid-access.md). The developer's wallet key
 * signs each HTTP request; the node checks the signature, that the request is fresh and that
 * it has not seen it before, and serves it in the namespace of the wallet's credit account.
 *
 * The signed bytes, written once here and pinned by `sdk/vectors/signed-request.json`:
 *
 *   REQUEST_DOMAIN ("synq-request-v1", 15 bytes)
 *   || node (32 bytes: the registry address of the node asked)
 *   || u8 length || method (ASCII, upper case)
 *   || u16 LE length || path with query string (UTF-8, as sent)
 *   || sha256(body) (32 bytes; the body as sent, empty when none)
 *   || timestamp (u64 LE, Unix milliseconds)
 *   || nonce (16 bytes)
 *
 * Headers: the wallet in base58, the timestamp in decimal, the nonce in hex, the signature in
 * base64. ed25519 from @noble/curves, sha256 from Web Crypto.
 */
import { ed25519 } from "@noble/curves/ed25519";
import { PublicKey, type Keypair } from "@solana/web3.js";

import { u64le } from "./values";

export const REQUEST_DOMAIN = new TextEncoder().encode("synq-request-v1");
export const REQUEST_NONCE_BYTES = 16;
/** How far a request's timestamp may be from the node's clock (either way). */
export const REQUEST_MAX_SKEW_MS = 60_000;

/** The headers a signed request carries. */
export const SIGNED_REQUEST_HEADERS = {
  wallet: "x-synq-wallet",
  timestamp: "x-synq-timestamp",
  nonce: "x-synq-nonce",
  signature: "x-synq-signature",
} as const;

export interface RequestToSign {
  /** The node's registry address (its /health `node`). */
  node: PublicKey;
  method: string;
  /** Path and query string exactly as sent, e.g. `/v1/kv/a?x=1`. */
  path: string;
  /** The body bytes as sent (empty for none). */
  body: Uint8Array;
  /** Unix milliseconds. */
  timestamp: bigint;
  nonce: Uint8Array;
}

export type SignedRequestHeaders = Record<(typeof SIGNED_REQUEST_HEADERS)[keyof typeof SIGNED_REQUEST_HEADERS], string>;

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  // (A copy: digest takes an ArrayBuffer-backed view.)
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new Uint8Array(data)));
}

function u16le(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, value >> 8);
}

/** The exact bytes signed for `request`. */
export async function requestMessage(request: RequestToSign): Promise<Uint8Array> {
  const method = new TextEncoder().encode(request.method);
  const path = new TextEncoder().encode(request.path);
  if (!/^[A-Z]{1,16}$/.test(request.method)) throw new RangeError(`method must be 1-16 upper-case letters: ${request.method}`);
  if (path.length > 0xffff) throw new RangeError("path is longer than 65,535 bytes");
  if (request.nonce.length !== REQUEST_NONCE_BYTES) throw new RangeError(`nonce must be ${REQUEST_NONCE_BYTES} bytes`);
  const parts = [
    REQUEST_DOMAIN,
    request.node.toBytes(),
    Uint8Array.of(method.length),
    method,
    u16le(path.length),
    path,
    await sha256(request.body),
    u64le(request.timestamp),
    request.nonce,
  ];
  const message = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

/** Signs a request with the developer's wallet: the headers to send with it. */
export async function signRequest(
  wallet: Keypair,
  request: Omit<RequestToSign, "timestamp" | "nonce"> & Partial<Pick<RequestToSign, "timestamp" | "nonce">>,
): Promise<SignedRequestHeaders> {
  const full: RequestToSign = {
    ...request,
    timestamp: request.timestamp ?? BigInt(Date.now()),
    nonce: request.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(REQUEST_NONCE_BYTES)),
  };
  const signature = ed25519.sign(await requestMessage(full), wallet.secretKey.subarray(0, 32));
  return {
    [SIGNED_REQUEST_HEADERS.wallet]: wallet.publicKey.toBase58(),
    [SIGNED_REQUEST_HEADERS.timestamp]: full.timestamp.toString(),
    [SIGNED_REQUEST_HEADERS.nonce]: Buffer.from(full.nonce).toString("hex"),
    [SIGNED_REQUEST_HEADERS.signature]: Buffer.from(signature).toString("base64"),
  } as SignedRequestHeaders;
}

export type SignedRequestCheck =
  | { ok: true; wallet: PublicKey; timestamp: bigint; nonce: string }
  | { ok: false; reason: string };

/**
 * An ed25519 signature check. The default is @noble/curves (browsers too); a node on Node.js
 * passes OpenSSL's, which is an order of magnitude faster per request.
 */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array, publicKey: PublicKey) => boolean;

const nobleVerify: Ed25519Verify = (signature, message, publicKey) => ed25519.verify(signature, message, publicKey.toBytes());

/** A signed request's headers, parsed. */
export interface SignedRequestHeadersParsed {
  wallet: PublicKey;
  timestamp: bigint;
  nonce: string;
  signature: Uint8Array;
}

/**
 * The checks that need no body: all four headers present and well formed, the timestamp within
 * `REQUEST_MAX_SKEW_MS` of `nowMs`. (A node runs them before reading a body.)
 */
export function checkSignedRequestHeaders(
  headers: Partial<Record<string, string | string[] | undefined>>,
  nowMs: number,
): { ok: true; parsed: SignedRequestHeadersParsed } | { ok: false; reason: string } {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const walletText = header(SIGNED_REQUEST_HEADERS.wallet);
  const timestampText = header(SIGNED_REQUEST_HEADERS.timestamp);
  const nonceText = header(SIGNED_REQUEST_HEADERS.nonce);
  const signatureText = header(SIGNED_REQUEST_HEADERS.signature);
  if (walletText === undefined || timestampText === undefined || nonceText === undefined || signatureText === undefined) {
    const names = Object.values(SIGNED_REQUEST_HEADERS).join(", ");
    return { ok: false, reason: `unsigned request: sign it with your wallet (headers ${names}; docs/paid-access.md)` };
  }
  let wallet: PublicKey;
  try {
    wallet = new PublicKey(walletText);
  } catch {
    return { ok: false, reason: `${SIGNED_REQUEST_HEADERS.wallet} is not a base58 public key` };
  }
  if (!/^\d{1,16}$/.test(timestampText)) return { ok: false, reason: `${SIGNED_REQUEST_HEADERS.timestamp} must be Unix milliseconds` };
  const timestamp = BigInt(timestampText);
  const skew = Number(timestamp) - nowMs;
  if (Math.abs(skew) > REQUEST_MAX_SKEW_MS) {
    return { ok: false, reason: `stale request: its timestamp is ${Math.round(skew / 1000)} s from the node's clock (at most ${REQUEST_MAX_SKEW_MS / 1000} s either way)` };
  }
  if (!new RegExp(`^[0-9a-f]{${REQUEST_NONCE_BYTES * 2}}$`).test(nonceText)) {
    return { ok: false, reason: `${SIGNED_REQUEST_HEADERS.nonce} must be ${REQUEST_NONCE_BYTES} bytes in lower-case hex` };
  }
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signatureText)) return { ok: false, reason: `${SIGNED_REQUEST_HEADERS.signature} must be a base64 ed25519 signature` };
  return { ok: true, parsed: { wallet, timestamp, nonce: nonceText, signature: Buffer.from(signatureText, "base64") } };
}

/** The signature check of a request whose headers passed `checkSignedRequestHeaders`. */
export async function verifySignedRequest(
  parsed: SignedRequestHeadersParsed,
  request: Pick<RequestToSign, "node" | "method" | "path" | "body">,
  verify: Ed25519Verify = nobleVerify,
): Promise<SignedRequestCheck> {
  const { wallet, timestamp, nonce, signature } = parsed;
  let valid = false;
  try {
    const message = await requestMessage({ ...request, timestamp, nonce: Buffer.from(nonce, "hex") });
    valid = signature.length === 64 && verify(signature, message, wallet);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: "forged request: the signature is not the wallet's over this node, method, path, body, timestamp and nonce" };
  return { ok: true, wallet, timestamp, nonce };
}

/**
 * The stateless part of a node's check: the headers (`checkSignedRequestHeaders`), then the
 * signature by the wallet over this request. (Replays within the window are the node's to
 * refuse: it remembers nonces.)
 */
export async function checkSignedRequest(
  headers: Partial<Record<string, string | string[] | undefined>>,
  request: Pick<RequestToSign, "node" | "method" | "path" | "body">,
  nowMs: number,
  verify: Ed25519Verify = nobleVerify,
): Promise<SignedRequestCheck> {
  const checked = checkSignedRequestHeaders(headers, nowMs);
  return checked.ok ? verifySignedRequest(checked.parsed, request, verify) : checked;
}

// ------------------------------------------------------------------ Redis-protocol sessions

/**
 * A Redis-protocol session is opened by `AUTH <wallet> <password>` where the password is
 * `<challenge hex>.<signature base64>`: the wallet's ed25519 signature over
 *
 *   SESSION_DOMAIN ("synq-resp-auth-v1", 17 bytes) || node (32 bytes) || challenge bytes
 *
 * and the challenge is a fresh one from this node (`SYNQ.CHALLENGE` on the connection, or
 * `GET /v1/challenge`), usable once within `SESSION_CHALLENGE_TTL_MS`. So unmodified clients
 * (`redis-cli --user W --pass P`, ioredis `{ username, password }`) open signed sessions.
 */
export const SESSION_DOMAIN = new TextEncoder().encode("synq-resp-auth-v1");
export const SESSION_CHALLENGE_TTL_MS = 60_000;

/** The exact bytes signed to open a session on `node` with `challenge`. */
export function sessionMessage(node: PublicKey, challenge: Uint8Array): Uint8Array {
  const message = new Uint8Array(SESSION_DOMAIN.length + 32 + challenge.length);
  message.set(SESSION_DOMAIN, 0);
  message.set(node.toBytes(), SESSION_DOMAIN.length);
  message.set(challenge, SESSION_DOMAIN.length + 32);
  return message;
}

/** The AUTH password for `wallet` on `node` with a challenge (hex) the node issued. */
export function sessionPassword(wallet: Keypair, node: PublicKey, challengeHex: string): string {
  if (!/^([0-9a-f]{2}){1,128}$/.test(challengeHex)) throw new RangeError("the challenge must be lower-case hex");
  const signature = ed25519.sign(sessionMessage(node, Buffer.from(challengeHex, "hex")), wallet.secretKey.subarray(0, 32));
  return `${challengeHex}.${Buffer.from(signature).toString("base64")}`;
}

/**
 * `redis-cli --user <username> --pass <password>` / ioredis `{ username, password }` for a node
 * at `endpoint` (its HTTP URL): reads the node to sign for from /health and a fresh challenge
 * from /v1/challenge. Each password opens one session, within a minute.
 */
export async function redisCredentials(endpoint: string, wallet: Keypair): Promise<{ username: string; password: string }> {
  const health = (await (await fetch(new URL("/health", endpoint))).json()) as { node?: string };
  if (typeof health.node !== "string") throw new Error(`${endpoint} does not take wallet-signed sessions (no node in its /health)`);
  const reply = await fetch(new URL("/v1/challenge", endpoint));
  if (!reply.ok) throw new Error(`${endpoint}/v1/challenge answered ${reply.status}`);
  const { challenge } = (await reply.json()) as { challenge: string };
  return { username: wallet.publicKey.toBase58(), password: sessionPassword(wallet, new PublicKey(health.node), challenge) };
}

/** The stateless part of a node's session check: the wallet's signature over node and challenge. */
export function checkSessionPassword(user: string, password: string, node: PublicKey, verify: Ed25519Verify = nobleVerify): { ok: true; wallet: PublicKey; challenge: Uint8Array } | { ok: false; reason: string } {
  let wallet: PublicKey;
  try {
    wallet = new PublicKey(user);
  } catch {
    return { ok: false, reason: "the AUTH username must be your wallet's public key (base58)" };
  }
  const match = /^((?:[0-9a-f]{2}){1,128})\.([A-Za-z0-9+/]{86}==)$/.exec(password);
  if (match === null) return { ok: false, reason: "the AUTH password must be <challenge hex>.<signature base64> (docs/paid-access.md)" };
  const challenge = Buffer.from(match[1], "hex");
  let valid = false;
  try {
    valid = verify(Buffer.from(match[2], "base64"), sessionMessage(node, challenge), wallet);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, wallet, challenge } : { ok: false, reason: "forged session: the signature is not the wallet's over this node and challenge" };
}
