//! `synq-idl-gen`: what `anchor build` does for IDLs, without the anchor CLI or Solana toolchain.
//!
//! For every program under `programs/` (each folder with a `Cargo.toml`) it runs anchor's own
//! IDL builder (`anchor_lang_idl::build::IdlBuilder`, i.e. `cargo test
//! __anchor_private_print_idl --features idl-build` in the program's folder) and writes
//! `target/idl/<program>.json` and `target/types/<program>.ts` in the same format as anchor-cli
//! 0.31, and the same two files into the SDK package (`sdk/idl/<program>.json`,
//! `sdk/src/types/<program>.ts`), which are committed so that the SDK builds, typechecks and packs
//! without the Rust toolchain. Files whose content did not change are not rewritten.
//!
//! `--check` writes nothing and fails when the SDK's committed copies differ from what the
//! programs generate now (`npm test` runs it, so a program change without `npm run idl` is caught).
//!
//! Usage: `cargo run -p synq-idl-gen [-- [--root DIR] [--check] [PROGRAM ...]]`

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
    check: bool,
}

fn parse_args() -> Result<Options> {
    // The workspace root is two levels above this crate (tools/idl-gen).
    let mut root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut only = Vec::new();
    let mut check = false;
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().context("--root needs a directory")?.into(),
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: synq-idl-gen [--root DIR] [--check] [PROGRAM ...]");
                println!("Builds the IDL (<program>.json) and TS type (<program>.ts) of the Anchor");
                println!("programs under DIR/programs (default: this workspace) into target/idl,");
                println!("target/types, sdk/idl and sdk/src/types.");
                println!("  --check  write nothing; fail if sdk/idl or sdk/src/types is out of date");
                std::process::exit(0);
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}"),
            name => only.push(name.to_owned()),
        }
    }
    let root = root
        .canonicalize()
        .with_context(|| format!("workspace root {} not found", root.display()))?;
    Ok(Options { root, only, check })
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

/// Where each generated file goes: anchor's layout under `target/` (what anchor-cli and its
/// tooling read) and the SDK package's committed copies.
struct Outputs {
    json_dirs: [PathBuf; 2],
    ts_dirs: [PathBuf; 2],
}

impl Outputs {
    fn new(root: &Path) -> Self {
        Outputs {
            json_dirs: [root.join("target/idl"), root.join("sdk/idl")],
            ts_dirs: [root.join("target/types"), root.join("sdk/src/types")],
        }
    }

    /// The SDK's copies, which `--check` compares (`target/` is not committed).
    fn committed(&self, file: &str) -> [PathBuf; 2] {
        [self.json_dirs[1].join(format!("{file}.json")), self.ts_dirs[1].join(format!("{file}.ts"))]
    }
}

fn run(opts: &Options) -> Result<()> {
    let programs = discover_programs(&opts.root, &opts.only)?;
    if programs.is_empty() {
        bail!("no programs found under {}", opts.root.join("programs").display());
    }
    let outputs = Outputs::new(&opts.root);
    if !opts.check {
        for dir in outputs.json_dirs.iter().chain(&outputs.ts_dirs) {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }

    let started = Instant::now();
    let total = programs.len();
    let mut stale = Vec::new();
    for (index, (name, path)) in programs.iter().enumerate() {
        let t = Instant::now();
        println!("[idl {}/{total}] {name}: building", index + 1);
        let idl = build_one(path).with_context(|| format!("building the IDL of {name}"))?;
        let file = &idl.metadata.name;
        let json = serde_json::to_string_pretty(&idl)?;
        let ts = types_ts::idl_ts(&idl)?;
        let state = if opts.check {
            let [json_path, ts_path] = outputs.committed(file);
            let mut fresh = true;
            for (path, contents) in [(json_path, &json), (ts_path, &ts)] {
                if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
                    stale.push(path);
                    fresh = false;
                }
            }
            if fresh { "up to date" } else { "STALE" }
        } else {
            let mut wrote = false;
            for dir in &outputs.json_dirs {
                wrote |= write_if_changed(&dir.join(format!("{file}.json")), &json)?;
            }
            for dir in &outputs.ts_dirs {
                wrote |= write_if_changed(&dir.join(format!("{file}.ts")), &ts)?;
            }
            if wrote { "written" } else { "unchanged" }
        };
        println!(
            "[idl {}/{total}] {name}: {} instructions, {} accounts, {} events, {} errors -> {file}.json, {file}.ts ({state}, {:.1}s)",
            index + 1,
            idl.instructions.len(),
            idl.accounts.len(),
            idl.events.len(),
            idl.errors.len(),
            t.elapsed().as_secs_f64(),
        );
    }
    if !stale.is_empty() {
        let list: Vec<String> = stale.iter().map(|p| p.strip_prefix(&opts.root).unwrap_or(p).display().to_string()).collect();
        bail!("out of date (run `npm run idl` and commit the result): {}", list.join(", "));
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
            if env::var_os("ANCHOR_LOG").is_none() && format!("{err:#}").contains("building the IDL") {
                eprintln!("synq-idl-gen: set ANCHOR_LOG=1 to see the test harness output");
            }
            ExitCode::FAILURE
        }
    }
}
