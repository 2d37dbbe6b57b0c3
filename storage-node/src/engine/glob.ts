/** Redis glob patterns (KEYS / SCAN MATCH): * ? [abc] [^a] [a-z] and \ escapes. */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') src += '[\\s\\S]*';
    else if (c === '?') src += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]);
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) src += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        const negate = body.startsWith('^');
        if (negate) body = body.slice(1);
        src += '[' + (negate ? '^' : '') + body.replace(/[\\\]]/g, '\\$&') + ']';
        i = close;
      }
    } else src += escapeRe(c);
  }
  re = new RegExp(src + '$', 's');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
