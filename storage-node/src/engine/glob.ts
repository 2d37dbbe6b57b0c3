/**
 * Redis glob patterns (KEYS / SCAN MATCH / `GET /v1/kv?pattern=`): `*` `?` `[abc]` `[^a]`
 * `[a-z]` and `\` escapes, with the semantics of Redis's `stringmatchlen` (a reversed range
 * `[z-a]` is swapped, an unterminated `[` runs to the end of the pattern, `[]` matches nothing).
 *
 * Matching never backtracks more than to the last `*` seen (every other token consumes exactly
 * one character), so it takes O(pattern x key) steps at worst, whatever the pattern: a
 * RegExp built from the glob backtracks exponentially on `*a*a*a...*b` and held the node.
 */
const STAR = 0;
const ANY = 1;
const CHAR = 2;
const CLASS = 3;

type Token =
  | { kind: typeof STAR }
  | { kind: typeof ANY }
  | { kind: typeof CHAR; code: number }
  | { kind: typeof CLASS; negate: boolean; ranges: number[] };

const cache = new Map<string, Token[]>();

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a /* * */) {
      if (tokens.at(-1)?.kind !== STAR) tokens.push({ kind: STAR });
      i++;
    } else if (c === 0x3f /* ? */) {
      tokens.push({ kind: ANY });
      i++;
    } else if (c === 0x5c /* \ */ && n - i >= 2) {
      tokens.push({ kind: CHAR, code: pattern.charCodeAt(i + 1) });
      i += 2;
    } else if (c === 0x5b /* [ */) {
      i++;
      const negate = pattern.charCodeAt(i) === 0x5e; /* ^ */
      if (negate) i++;
      const ranges: number[] = [];
      for (;;) {
        if (i >= n) break; // unterminated: the class ends with the pattern
        const d = pattern.charCodeAt(i);
        if (d === 0x5c && n - i >= 2) {
          const e = pattern.charCodeAt(i + 1);
          ranges.push(e, e);
          i += 2;
        } else if (d === 0x5d /* ] */) {
          i++;
          break;
        } else if (n - i >= 3 && pattern.charCodeAt(i + 1) === 0x2d /* - */) {
          const a = d;
          const b = pattern.charCodeAt(i + 2);
          ranges.push(Math.min(a, b), Math.max(a, b));
          i += 3;
        } else {
          ranges.push(d, d);
          i++;
        }
      }
      tokens.push({ kind: CLASS, negate, ranges });
    } else {
      tokens.push({ kind: CHAR, code: c });
      i++;
    }
  }
  return tokens;
}

function one(token: Token, code: number): boolean {
  switch (token.kind) {
    case ANY:
      return true;
    case CHAR:
      return token.code === code;
    case CLASS: {
      let hit = false;
      for (let r = 0; r < token.ranges.length && !hit; r += 2) hit = code >= token.ranges[r] && code <= token.ranges[r + 1];
      return hit !== token.negate;
    }
    default:
      return false;
  }
}

function tokensOf(pattern: string): Token[] {
  let tokens = cache.get(pattern);
  if (tokens === undefined) {
    tokens = compile(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, tokens);
  }
  return tokens;
}

/** Whether `subject` (a key as latin1: one char per byte) matches the Redis glob `pattern`. */
export function globMatch(pattern: string, subject: string): boolean {
  const tokens = tokensOf(pattern);
  let t = 0;
  let s = 0;
  let starToken = -1;
  let starSubject = 0;
  while (s < subject.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind === STAR) {
      starToken = t++;
      starSubject = s;
    } else if (token !== undefined && one(token, subject.charCodeAt(s))) {
      t++;
      s++;
    } else if (starToken >= 0) {
      // Let the last star take one more character and retry what follows it.
      t = starToken + 1;
      s = ++starSubject;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === STAR) t++;
  return t === tokens.length;
}
