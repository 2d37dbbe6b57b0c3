//! `synq-idl-gen`: what `anchor build` does for IDLs, without the anchor CLI or Solana toolchain.
//!
//! For every program under `programs/` (each folder with a `Cargo.toml`) it runs anchor's own
//! IDL builder (`anchor_lang_idl::build::IdlBuilder`, i.e. `cargo test
//! __anchor_private_print_idl --features idl-build` in the program's folder) and writes
//! `target/idl/<program>.json` and `target/types/<program>.ts` in the same format as anchor-cli
//! 0.31. Files whose content did not change are not rewritten.
//!
//! Usage: `cargo run -p synq-idl-gen [-- [--root DIR] [PROGRAM ...]]`

mod types_ts;

use std::{
    env,
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
    time::Instant,
};

use anchor_lang_idl::{build::IdlBuilder, types::Idl};
use anyhow::{bail, Context, Result};

struct Options {
    root: PathBuf,
    only: Vec<String>,
}

fn parse_args() -> Result<Options> {
    // The workspace root is two levels above this crate (tools/idl-gen).
    let mut root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut only = Vec::new();
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().context("--root needs a directory")?.into(),
            "-h" | "--help" => {
                println!("usage: synq-idl-gen [--root DIR] [PROGRAM ...]");
                println!("Builds target/idl/<program>.json and target/types/<program>.ts for the");
                println!("Anchor programs under DIR/programs (default: this workspace).");
                std::process::exit(0);
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}"),
            name => only.push(name.to_owned()),
        }
    }
    let root = root
        .canonicalize()
        .with_context(|| format!("workspace root {} not found", root.display()))?;
    Ok(Options { root, only })
}

/// Program folders under `programs/`, sorted by name.
fn discover_programs(root: &Path, only: &[String]) -> Result<Vec<(String, PathBuf)>> {
    let dir = root.join("programs");
    let mut programs = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if !path.join("Cargo.toml").is_file() {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .context("program folder name is not UTF-8")?
            .to_owned();
        if only.is_empty() || only.contains(&name) {
            programs.push((name, path));
        }
    }
    for wanted in only {
        if !programs.iter().any(|(name, _)| name == wanted) {
            bail!("no program named {wanted} under {}", dir.display());
        }
    }
    programs.sort();
    Ok(programs)
}

/// anchor-lang-idl runs `cargo +$RUSTUP_TOOLCHAIN` when that variable is set, but 0.1.x passes
/// the literal string `+{toolchain}`, which fails; rustup sets the variable for every process it
/// starts. Run the same cargo that started us instead: its folder goes first on PATH (it also
/// holds the matching rustc), and the variable is removed.
fn pin_toolchain() {
    if env::var_os("RUSTUP_TOOLCHAIN").is_none() {
        return;
    }
    // SAFETY (edition 2021, single-threaded at this point): plain env edits before any thread.
    env::remove_var("RUSTUP_TOOLCHAIN");
    let Some(cargo) = env::var_os("CARGO").map(PathBuf::from) else {
        return;
    };
    let Some(bin_dir) = cargo.parent() else {
        return;
    };
    let mut path: Vec<PathBuf> = vec![bin_dir.to_owned()];
    path.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    if let Ok(joined) = env::join_paths(path) {
        env::set_var("PATH", joined);
    }
}

/// Writes `contents` unless the file already holds exactly that. Returns whether it wrote.
fn write_if_changed(path: &Path, contents: &str) -> Result<bool> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

fn build_one(path: &Path) -> Result<Idl> {
    // Same settings as `anchor build` (resolution on, lint on, docs kept).
    IdlBuilder::new()
        .program_path(path.to_owned())
        .resolution(true)
        .skip_lint(false)
        .no_docs(false)
        .build()
}

fn run(opts: &Options) -> Result<()> {
    let programs = discover_programs(&opts.root, &opts.only)?;
    if programs.is_empty() {
        bail!("no programs found under {}", opts.root.join("programs").display());
    }
    let idl_dir = opts.root.join("target/idl");
    let types_dir = opts.root.join("target/types");
    fs::create_dir_all(&idl_dir)?;
    fs::create_dir_all(&types_dir)?;

    let started = Instant::now();
    let total = programs.len();
    for (index, (name, path)) in programs.iter().enumerate() {
        let t = Instant::now();
        println!("[idl {}/{total}] {name}: building", index + 1);
        let idl = build_one(path).with_context(|| format!("building the IDL of {name}"))?;
        let file = &idl.metadata.name;
        let json = serde_json::to_string_pretty(&idl)?;
        let ts = types_ts::idl_ts(&idl)?;
        let wrote_json = write_if_changed(&idl_dir.join(format!("{file}.json")), &json)?;
        let wrote_ts = write_if_changed(&types_dir.join(format!("{file}.ts")), &ts)?;
        let state = if wrote_json || wrote_ts { "written" } else { "unchanged" };
        println!(
            "[idl {}/{total}] {name}: {} instructions, {} accounts, {} events, {} errors -> target/idl/{file}.json, target/types/{file}.ts ({state}, {:.1}s)",
            index + 1,
            idl.instructions.len(),
            idl.accounts.len(),
            idl.events.len(),
            idl.errors.len(),
            t.elapsed().as_secs_f64(),
        );
    }
    println!("[idl] {total} programs in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn main() -> ExitCode {
    pin_toolchain();
    let result = parse_args().and_then(|opts| run(&opts));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("synq-idl-gen: error: {err:#}");
            if env::var_os("ANCHOR_LOG").is_none() {
                eprintln!("synq-idl-gen: set ANCHOR_LOG=1 to see the test harness output");
            }
            ExitCode::FAILURE
        }
    }
}
