//! The programs localnet hosts as builtins, at their declared ids.

use litesvm::LiteSVM;
use solana_pubkey::Pubkey;
use synq_bridge::{add_program, anchor_entry};

/// A program hosted by this localnet.
#[derive(Clone, Debug)]
pub struct HostedProgram {
    pub name: &'static str,
    pub id: Pubkey,
}

/// Registers every Synq program (and the runtime probe fixture) in `svm`.
pub fn install(svm: &mut LiteSVM) -> Vec<HostedProgram> {
    let programs = [
        ("registry", registry::ID, anchor_entry(registry::entry)),
        ("staking", staking::ID, anchor_entry(staking::entry)),
        ("payment_config", payment_config::ID, anchor_entry(payment_config::entry)),
        ("governance", governance::ID, anchor_entry(governance::entry)),
        ("runtime_probe", runtime_probe::ID, anchor_entry(runtime_probe::entry)),
    ];
    programs
        .into_iter()
        .map(|(name, id, entry)| {
            add_program(svm, id, name, entry);
            HostedProgram { name, id }
        })
        .collect()
}
