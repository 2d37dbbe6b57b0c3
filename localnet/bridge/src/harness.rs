//! A minimal test runner for suites that execute programs through the bridge.
//!
//! libtest captures a test's output in-process, ahead of the bridge's file-descriptor capture of
//! `msg!`, so program logs would vanish; such suites set `harness = false` and call [`run`].

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs each named test (those containing the first non-flag argument, if any), prints one
/// line per test and the `N passed, N failed` summary, and exits non-zero on any failure.
pub fn run(tests: &[(&str, fn())]) {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
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
}
