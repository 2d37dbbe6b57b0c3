//! A minimal test runner for suites that execute programs through the bridge.
//!
//! libtest captures a test's output in-process, ahead of the bridge's file-descriptor capture of
//! `msg!`, so program logs would vanish; such suites set `harness = false` and call [`run`].

use std::panic::{catch_unwind, AssertUnwindSafe};

/// libtest flags that take a value (`--test-threads 1`, `--format pretty`, ...): their value is
/// not a name filter.
const FLAGS_WITH_VALUE: &[&str] = &["--test-threads", "--format", "--color", "--logfile", "--skip", "-Z", "--report-time", "--shuffle-seed"];

/// The name filter among libtest-style arguments: the first argument that is neither a flag
/// nor a flag's value.
pub fn name_filter(args: impl IntoIterator<Item = String>) -> Option<String> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if FLAGS_WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            return Some(arg);
        }
    }
    None
}

/// Runs each named test (those containing the name filter, if any), prints one line per test
/// and the `N passed, N failed` summary, and exits non-zero on any failure, and when a filter
/// matches no test (a typo must not pass as "0 passed").
pub fn run(tests: &[(&str, fn())]) {
    let filter = name_filter(std::env::args().skip(1));
    let (mut passed, mut failed) = (0, 0);
    for (name, test) in tests {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        match catch_unwind(AssertUnwindSafe(test)) {
            Ok(()) => {
                passed += 1;
                eprintln!("test {name} ... ok");
            }
            Err(_) => {
                failed += 1;
                eprintln!("test {name} ... FAILED");
            }
        }
    }
    eprintln!("{passed} passed, {failed} failed");
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
    if passed == 0 {
        eprintln!("no test matches the filter {:?}", filter.unwrap_or_default());
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::name_filter;

    fn filter(args: &[&str]) -> Option<String> {
        name_filter(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn flag_values_are_not_filters() {
        assert_eq!(filter(&["--test-threads", "1"]), None);
        assert_eq!(filter(&["--test-threads", "1", "slash"]), Some("slash".into()));
        assert_eq!(filter(&["--nocapture", "stake"]), Some("stake".into()));
        assert_eq!(filter(&["--test-threads=1", "--format", "terse", "vote"]), Some("vote".into()));
    }
}
