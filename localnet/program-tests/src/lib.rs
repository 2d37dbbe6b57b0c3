//! Test-only crate: see tests/ and examples/.
