//! Runs host-compiled Solana programs (Anchor or plain `entrypoint` style) as builtins inside
//! litesvm, reproducing what the SBF loader does around a program:
//!
//! - the instruction's accounts are serialised with the loader's own `serialize_parameters` and
//!   read back with `deserialize_parameters`, so lamports, data (with realloc) and owner changes
//!   follow the loader's rules;
//! - syscalls that a host build routes through `solana_sysvar::program_stubs` (CPI, sysvars,
//!   return data, `sol_log_data`, stack height) are served from the live `InvokeContext`;
//! - `msg!`, which prints to stdout on the host, is captured per invocation and logged as
//!   `Program log:` lines in order with everything else;
//! - a panic becomes `ProgramFailedToComplete`, and a failed CPI aborts the caller with the
//!   callee's error, as on SBF.
//!
//! One builtin entrypoint serves every registered program; it looks the program up by id.

mod capture;
mod context;
mod entry;
pub mod harness;
mod stubs;

use {
    litesvm::LiteSVM,
    solana_account_info::AccountInfo,
    solana_program_error::ProgramResult,
    solana_pubkey::Pubkey,
    std::{
        collections::HashMap,
        sync::{Once, OnceLock, RwLock},
    },
};

pub use entry::SynqBuiltin;

/// The entrypoint shape every Solana program exposes (`solana_program_entrypoint::ProcessInstruction`).
pub type ProcessInstruction = solana_program_entrypoint::ProcessInstruction;

/// The shape of Anchor's generated `entry`: its lifetimes tie the accounts slice to the
/// `AccountInfo`s, which does not coerce to [`ProcessInstruction`].
pub type AnchorEntry =
    for<'a, 'b, 'info> fn(&'a Pubkey, &'info [AccountInfo<'info>], &'b [u8]) -> ProgramResult;

/// Erases the lifetime tie of an Anchor `entry`. Sound because the bridge owns the serialised
/// buffer the accounts point into for the whole call, which is all `'info` promises.
pub fn anchor_entry(entry: AnchorEntry) -> ProcessInstruction {
    // SAFETY: both are `fn(&Pubkey, &[AccountInfo], &[u8]) -> ProgramResult` at the ABI level;
    // only the lifetime relation between the slice and its elements differs.
    unsafe { std::mem::transmute::<AnchorEntry, ProcessInstruction>(entry) }
}

fn registry() -> &'static RwLock<HashMap<Pubkey, ProcessInstruction>> {
    static PROGRAMS: OnceLock<RwLock<HashMap<Pubkey, ProcessInstruction>>> = OnceLock::new();
    PROGRAMS.get_or_init(Default::default)
}

pub(crate) fn lookup(program_id: &Pubkey) -> Option<ProcessInstruction> {
    registry().read().ok()?.get(program_id).copied()
}

/// Hosts `entry` at `program_id` inside `svm`. `name` becomes the program account's data, as a
/// validator shows for native programs. The program's `declare_id!` must equal `program_id`.
pub fn add_program(svm: &mut LiteSVM, program_id: Pubkey, name: &str, entry: ProcessInstruction) {
    static STUBS: Once = Once::new();
    STUBS.call_once(|| {
        solana_sysvar::program_stubs::set_syscall_stubs(Box::new(stubs::BridgeStubs));
    });
    if let Ok(mut programs) = registry().write() {
        programs.insert(program_id, entry);
    }
    svm.add_builtin(program_id, SynqBuiltin::vm);
    // litesvm registers builtins as BPF-loader-owned, which makes the runtime dispatch to the
    // BPF loader; a native-loader owner makes it call the builtin itself.
    let account = solana_account::Account {
        lamports: 1,
        data: name.as_bytes().to_vec(),
        owner: solana_sdk_ids::native_loader::id(),
        executable: true,
        rent_epoch: 0,
    };
    svm.set_account(program_id, account)
        .expect("a builtin program account is always storable");
}
