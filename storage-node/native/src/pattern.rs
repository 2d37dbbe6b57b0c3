//! Regular expressions for the query engine (`$regex`, `$regexMatch`, `$regexFind`,
//! `$regexFindAll`) in linear time: the
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
/// Most matches one `$regexFindAll` returns: bounded work and memory per request.
pub const MAX_MATCHES: usize = 10_000;

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

/// Runs `f` with the compiled `pattern` (cached).
fn with_regex<T>(pattern: String, flags: String, f: impl FnOnce(&Regex) -> T) -> Result<T> {
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
    Ok(f(&cache[&key]))
}

/// Whether `subject` matches `pattern` (JavaScript-style `flags`: i, m, s, x). Errors name why a
/// pattern is refused (e.g. a backreference or lookaround, which need backtracking).
#[napi]
pub fn regex_test(pattern: String, flags: String, subject: String) -> Result<bool> {
    with_regex(pattern, flags, |re| re.is_match(&subject))
}

/// One match as MongoDB's `$regexFind` shows it: the text, its index in code points, and the
/// capture groups (`None` for a group that took no part).
#[napi(object)]
#[derive(Debug, PartialEq)]
pub struct RegexMatch {
    #[napi(js_name = "match")]
    pub matched: String,
    pub idx: u32,
    pub captures: Vec<Option<String>>,
}

/// The matches of `pattern` in `subject`, left to right, not overlapping: the first only unless
/// `all`. More than `MAX_MATCHES` is an error rather than unbounded work.
pub fn find(re: &Regex, subject: &str, all: bool) -> std::result::Result<Vec<RegexMatch>, String> {
    let mut found = Vec::new();
    // Code points before the previous match, counted once over the subject (matches ascend).
    let (mut byte, mut chars) = (0usize, 0usize);
    for caps in re.captures_iter(subject) {
        if found.len() == MAX_MATCHES {
            return Err(format!("more than {MAX_MATCHES} matches"));
        }
        let whole = caps.get(0).expect("group 0 always takes part");
        chars += subject[byte..whole.start()].chars().count();
        byte = whole.start();
        found.push(RegexMatch {
            matched: whole.as_str().to_owned(),
            idx: u32::try_from(chars).map_err(|_| "the subject is too long".to_owned())?,
            captures: caps.iter().skip(1).map(|group| group.map(|g| g.as_str().to_owned())).collect(),
        });
        if !all {
            break;
        }
    }
    Ok(found)
}

#[napi]
pub fn regex_find(pattern: String, flags: String, subject: String, all: bool) -> Result<Vec<RegexMatch>> {
    with_regex(pattern, flags, |re| find(re, &subject, all))?.map_err(Error::from_reason)
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

    #[test]
    fn find_reports_code_point_indexes_captures_and_bounds_its_work() {
        let re = compile("(é)(x)?b", "").unwrap();
        let found = find(&re, "aébcéb", true).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].matched.as_str(), found[0].idx), ("éb", 1));
        assert_eq!(found[0].captures, vec![Some("é".to_owned()), None]);
        assert_eq!(found[1].idx, 4, "code points, not bytes");
        assert_eq!(find(&re, "aébcéb", false).unwrap().len(), 1);
        assert!(find(&re, "zzz", true).unwrap().is_empty());
        let many = "a".repeat(MAX_MATCHES + 1);
        assert!(find(&compile("a", "").unwrap(), &many, true).is_err());
        assert_eq!(find(&compile("a", "").unwrap(), &many[1..], true).unwrap().len(), MAX_MATCHES);
        // The catastrophe in linear time here too.
        let subject = format!("{}!", "a".repeat(32));
        assert!(find(&compile("^(a+)+$", "").unwrap(), &subject, true).unwrap().is_empty());
    }
}
