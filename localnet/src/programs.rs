//! The programs localnet hosts as builtins, at their declared ids, each with the ProgramData
//! account a deployment through the upgradeable loader leaves (its upgrade authority is who may
//! initialise the program's config; see docs/runtime.md).

use litesvm::LiteSVM;
use solana_account::Account;
use solana_loader_v3_interface::state::UpgradeableLoaderState;
use solana_pubkey::Pubkey;
use solana_sdk_ids::bpf_loader_upgradeable;
use synq_bridge::{add_program, anchor_entry};

/// A program hosted by this localnet.
#[derive(Clone, Debug)]
pub struct HostedProgram {
    pub name: &'static str,
    pub id: Pubkey,
}

/// Registers every Synq program (and the runtime probe fixture) in `svm`, each with a
/// ProgramData account naming `upgrade_authority` (`None`: upgrades disabled).
pub fn install(svm: &mut LiteSVM, upgrade_authority: Option<Pubkey>) -> Vec<HostedProgram> {
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
            set_upgrade_authority(svm, &id, upgrade_authority);
            HostedProgram { name, id }
        })
        .collect()
}

/// The ProgramData address of `program` under the upgradeable loader.
pub fn program_data_address(program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[program.as_ref()], &bpf_loader_upgradeable::id()).0
}

/// The ProgramData account's header (deployed at slot 0), to which a deployed ELF is appended.
pub fn program_data_header(upgrade_authority: Option<Pubkey>) -> Vec<u8> {
    let state = UpgradeableLoaderState::ProgramData { slot: 0, upgrade_authority_address: upgrade_authority };
    let mut data = bincode::serialize(&state).expect("a loader state always serialises");
    // The loader reserves the full header whether or not an authority is set.
    data.resize(UpgradeableLoaderState::size_of_programdata_metadata(), 0);
    data
}

/// Writes the ProgramData account of a builtin `program` (a header and no ELF: the code runs
/// natively) so that programs reading their upgrade authority see what a deploy leaves.
pub fn set_upgrade_authority(svm: &mut LiteSVM, program: &Pubkey, upgrade_authority: Option<Pubkey>) {
    let data = program_data_header(upgrade_authority);
    let account = Account {
        lamports: svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: bpf_loader_upgradeable::id(),
        executable: false,
        rent_epoch: u64::MAX,
    };
    svm.set_account(program_data_address(program), account).expect("a ProgramData account is always storable");
}
