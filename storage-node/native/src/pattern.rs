//! Regular expressions for the query engine (`$regex`, `$regexMatch`) in linear time: the
//! `regex` crate matches in O(pattern x subject) whatever the pattern, where JavaScript's
//! backtracking engine takes minutes on `^(a+)+$` against 32 `a`s and a `!`, holding the node.
//! Patterns it cannot run in linear time (backreferences, lookaround) are refused.

use std::collections::HashMap;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use parking_lot::Mutex;
use regex::{Regex, RegexBuilder};

/// Longest pattern accepted (bytes).
const MAX_PATTERN_LEN: usize = 4_096;
/// Compiled program size limit: a pattern like `a{1000}{1000}` is refused, not built.
const SIZE_LIMIT: usize = 2 << 20;
/// Compiled patterns kept; the cache is dropped whole when full.
const CACHE_LIMIT: usize = 512;

static CACHE: Mutex<Option<HashMap<(String, String), Regex>>> = Mutex::new(None);

fn compile(pattern: &str, flags: &str) -> std::result::Result<Regex, String> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(format!("the pattern is longer than {MAX_PATTERN_LEN} bytes"));
    }
    let mut builder = RegexBuilder::new(pattern);
    builder.size_limit(SIZE_LIMIT).dfa_size_limit(SIZE_LIMIT);
    for flag in flags.chars() {
        match flag {
            'i' => builder.case_insensitive(true),
            'm' => builder.multi_line(true),
            's' => builder.dot_matches_new_line(true),
            'x' => builder.ignore_whitespace(true),
            // JavaScript's g, u, y and d change nothing for a yes/no test.
            'g' | 'u' | 'y' | 'd' => &mut builder,
            other => return Err(format!("unsupported regex option '{other}'")),
        };
    }
    builder.build().map_err(|err| match err {
        regex::Error::Syntax(message) => message,
        regex::Error::CompiledTooBig(limit) => format!("the pattern compiles to more than {limit} bytes"),
        other => other.to_string(),
    })
}

/// Whether `subject` matches `pattern` (JavaScript-style `flags`: i, m, s, x). Errors name why a
/// pattern is refused (e.g. a backreference or lookaround, which need backtracking).
#[napi]
pub fn regex_test(pattern: String, flags: String, subject: String) -> Result<bool> {
    let mut cache = CACHE.lock();
    let cache = cache.get_or_insert_with(HashMap::new);
    let key = (pattern, flags);
    if !cache.contains_key(&key) {
        let regex = compile(&key.0, &key.1).map_err(Error::from_reason)?;
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key.clone(), regex);
    }
    Ok(cache[&key].is_match(&subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_on_the_classic_catastrophe_and_refuses_backtracking_features() {
        let subject = format!("{}!", "a".repeat(32));
        let re = compile("^(a+)+$", "").unwrap();
        assert!(!re.is_match(&subject));
        assert!(compile("^(a+)+$", "").unwrap().is_match("aaaa"));
        assert!(compile(r"(a)\1", "").is_err(), "backreference");
        assert!(compile("a(?=b)", "").is_err(), "lookahead");
        assert!(compile("ABC", "i").unwrap().is_match("xabcx"));
        assert!(compile("^b", "m").unwrap().is_match("a\nb"));
        assert!(compile("a.b", "s").unwrap().is_match("a\nb"));
        assert!(compile("a", "q").is_err());
    }
}
