//! Syscalls of host-built programs, served from the live `InvokeContext`.

use {
    crate::{capture, context::{self, with_invoke_context}, entry::log_captured},
    solana_account_info::AccountInfo,
    solana_instruction::{error::InstructionError, AccountMeta, Instruction},
    solana_program_entrypoint::SUCCESS,
    solana_program_error::{ProgramError, ProgramResult},
    solana_program_runtime::{invoke_context::InvokeContext, stable_log},
    solana_pubkey::Pubkey,
    solana_sbpf::vm::ContextObject,
    solana_stable_layout::stable_instruction::StableInstruction,
    solana_timings::ExecuteTimings,
    std::sync::Arc,
};

// Return codes of the sysvar syscalls (solana_instruction::error / sysvar syscall ABI).
const UNSUPPORTED_SYSVAR: u64 = solana_instruction::error::UNSUPPORTED_SYSVAR;
const OFFSET_LENGTH_EXCEEDS_SYSVAR: u64 = 1;
const SYSVAR_NOT_FOUND: u64 = 2;

pub(crate) struct BridgeStubs;

/// Writes the sysvar object where the program asked for it, as the `sol_get_*_sysvar`
/// syscalls do.
fn copy_sysvar<T: Clone>(sysvar: Result<Arc<T>, InstructionError>, var_addr: *mut u8) -> u64 {
    match sysvar {
        Ok(value) => {
            // SAFETY: the program passes a pointer to a `T` it owns (`Sysvar::get`).
            unsafe { std::ptr::write_unaligned(var_addr as *mut T, T::clone(&value)) };
            SUCCESS
        }
        Err(_) => UNSUPPORTED_SYSVAR,
    }
}

fn flush_stdout(invoke_context: &InvokeContext) {
    log_captured(invoke_context, capture::drain());
}

impl solana_sysvar::program_stubs::SyscallStubs for BridgeStubs {
    fn sol_log(&self, message: &str) {
        let logged = with_invoke_context(|ic| {
            flush_stdout(ic);
            stable_log::program_log(&ic.get_log_collector(), message);
        });
        if logged.is_none() {
            eprintln!("{message}");
        }
    }

    fn sol_log_compute_units(&self) {
        with_invoke_context(|ic| {
            flush_stdout(ic);
            let remaining = ic.get_remaining();
            stable_log::program_log(&ic.get_log_collector(), &format!("Program consumption: {remaining} units remaining"));
        });
    }

    fn sol_remaining_compute_units(&self) -> u64 {
        with_invoke_context(|ic| ic.get_remaining()).unwrap_or(0)
    }

    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        let result = with_invoke_context(|ic| invoke_signed(ic, instruction, account_infos, signers_seeds))
            .unwrap_or(Err(InstructionError::UnsupportedProgramId));
        result.map_err(|err| {
            context::set_cpi_failure(err.clone());
            ProgramError::try_from(err).unwrap_or(ProgramError::InvalidArgument)
        })
    }

    fn sol_get_sysvar(&self, sysvar_id_addr: *const u8, var_addr: *mut u8, offset: u64, length: u64) -> u64 {
        with_invoke_context(|ic| {
            // SAFETY: the program passes a pointer to a 32-byte sysvar id.
            let sysvar_id = unsafe { std::ptr::read_unaligned(sysvar_id_addr as *const Pubkey) };
            let Some(buffer) = ic.get_sysvar_cache().sysvar_id_to_buffer(&sysvar_id) else {
                return SYSVAR_NOT_FOUND;
            };
            let Some(end) = offset.checked_add(length) else { return OFFSET_LENGTH_EXCEEDS_SYSVAR };
            let (Ok(start), Ok(end)) = (usize::try_from(offset), usize::try_from(end)) else {
                return OFFSET_LENGTH_EXCEEDS_SYSVAR;
            };
            let Some(bytes) = buffer.get(start..end) else { return OFFSET_LENGTH_EXCEEDS_SYSVAR };
            // SAFETY: the program passes a buffer of `length` bytes.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), var_addr, bytes.len()) };
            SUCCESS
        })
        .unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_clock(), var_addr)).unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_epoch_schedule(), var_addr))
            .unwrap_or(UNSUPPORTED_SYSVAR)
    }

    #[allow(deprecated)]
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_fees(), var_addr)).unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_rent(), var_addr)).unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_epoch_rewards(), var_addr))
            .unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        with_invoke_context(|ic| copy_sysvar(ic.get_sysvar_cache().get_last_restart_slot(), var_addr))
            .unwrap_or(UNSUPPORTED_SYSVAR)
    }

    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        with_invoke_context(|ic| {
            if vote_address.is_null() {
                ic.get_epoch_stake()
            } else {
                // SAFETY: the program passes a pointer to a 32-byte vote address.
                let vote = unsafe { std::ptr::read_unaligned(vote_address as *const Pubkey) };
                // SAFETY: the lookup only reads the key for the duration of the call; the
                // `'static` is an artefact of the erased context lifetime.
                let vote: &'static Pubkey = unsafe { std::mem::transmute::<&Pubkey, &'static Pubkey>(&vote) };
                ic.get_epoch_stake_for_vote_account(vote)
            }
        })
        .unwrap_or(0)
    }

    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        with_invoke_context(|ic| {
            let (program_id, data) = ic.transaction_context.get_return_data();
            (!data.is_empty()).then(|| (*program_id, data.to_vec()))
        })
        .flatten()
    }

    fn sol_set_return_data(&self, data: &[u8]) {
        with_invoke_context(|ic| {
            let transaction_context = &mut ic.transaction_context;
            let program_id = transaction_context
                .get_current_instruction_context()
                .and_then(|ctx| ctx.get_last_program_key(transaction_context).copied());
            if let Ok(program_id) = program_id {
                let _ = transaction_context.set_return_data(program_id, data.to_vec());
            }
        });
    }

    fn sol_log_data(&self, fields: &[&[u8]]) {
        with_invoke_context(|ic| {
            flush_stdout(ic);
            stable_log::program_data(&ic.get_log_collector(), fields);
        });
    }

    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
        with_invoke_context(|ic| processed_sibling_instruction(ic, index).ok().flatten()).flatten()
    }

    fn sol_get_stack_height(&self) -> u64 {
        with_invoke_context(|ic| ic.get_stack_height() as u64).unwrap_or(0)
    }
}

/// The `index`-th most recent instruction processed at the caller's stack height, as the
/// `sol_get_processed_sibling_instruction` syscall defines it.
fn processed_sibling_instruction(ic: &InvokeContext, index: usize) -> Result<Option<Instruction>, InstructionError> {
    let tc = &*ic.transaction_context;
    let stack_height = ic.get_stack_height();
    let mut seen_at_height = 0usize;
    for index_in_trace in (0..tc.get_instruction_trace_length()).rev() {
        let ctx = tc.get_instruction_context_at_index_in_trace(index_in_trace)?;
        if ctx.get_stack_height() < stack_height {
            break;
        }
        if ctx.get_stack_height() != stack_height {
            continue;
        }
        // The first match at this height is the instruction asking (it is in the trace too).
        if seen_at_height == index.saturating_add(1) {
            let program_id = *ctx.get_last_program_key(tc)?;
            let mut accounts = Vec::new();
            for i in 0..ctx.get_number_of_instruction_accounts() {
                let index_in_tx = ctx.get_index_of_instruction_account_in_transaction(i)?;
                accounts.push(AccountMeta {
                    pubkey: *tc.get_key_of_account_at_index(index_in_tx)?,
                    is_signer: ctx.is_instruction_account_signer(i)?,
                    is_writable: ctx.is_instruction_account_writable(i)?,
                });
            }
            return Ok(Some(Instruction { program_id, accounts, data: ctx.get_instruction_data().to_vec() }));
        }
        seen_at_height += 1;
    }
    Ok(None)
}

/// A cross-program invocation, with the SBF loader's account synchronisation: the caller's
/// `AccountInfo` changes go into the transaction before the call, and the callee's changes to
/// writable accounts come back into the caller's `AccountInfo`s after it.
fn invoke_signed(
    ic: &mut InvokeContext,
    instruction: &Instruction,
    account_infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> Result<(), InstructionError> {
    flush_stdout(ic);
    let caller = {
        let tc = &*ic.transaction_context;
        *tc.get_current_instruction_context()?.get_last_program_key(tc)?
    };
    let mut signers = Vec::with_capacity(signers_seeds.len());
    for seeds in signers_seeds {
        match Pubkey::create_program_address(seeds, &caller) {
            Ok(address) => signers.push(address),
            Err(err) => {
                stable_log::program_log(
                    &ic.get_log_collector(),
                    &format!("Could not create program address with signer seeds: {err}"),
                );
                return Err(InstructionError::ProgramFailedToComplete);
            }
        }
    }
    let stable = StableInstruction::from(instruction.clone());
    let (instruction_accounts, program_indices) = ic.prepare_instruction(&stable, &signers)?;

    // Caller's view -> transaction, and remember which writable accounts to copy back.
    let mut copy_back: Vec<(Pubkey, usize)> = Vec::new();
    {
        let tc = &*ic.transaction_context;
        let caller_ctx = tc.get_current_instruction_context()?;
        for (position, instruction_account) in instruction_accounts.iter().enumerate() {
            let first = instruction_accounts
                .iter()
                .position(|a| a.index_in_transaction == instruction_account.index_in_transaction);
            if first != Some(position) {
                continue; // duplicate meta of an account already handled
            }
            let key = *tc.get_key_of_account_at_index(instruction_account.index_in_transaction)?;
            let mut account = caller_ctx.try_borrow_instruction_account(tc, instruction_account.index_in_caller)?;
            let Some(info_index) = account_infos.iter().position(|info| *info.key == key) else {
                // Program accounts need no AccountInfo, as in the SBF CPI syscall.
                #[allow(deprecated)]
                if account.is_executable() {
                    continue;
                }
                stable_log::program_log(
                    &ic.get_log_collector(),
                    &format!("Instruction references an unknown account {key}"),
                );
                return Err(InstructionError::MissingAccount);
            };
            let info = &account_infos[info_index];
            let lamports = info.try_borrow_lamports().map_err(|_| InstructionError::AccountBorrowFailed)?;
            if account.get_lamports() != **lamports {
                account.set_lamports(**lamports)?;
            }
            let data = info.try_borrow_data().map_err(|_| InstructionError::AccountBorrowFailed)?;
            if account.get_data() != &data[..] {
                account.can_data_be_resized(data.len())?;
                account.set_data_from_slice(&data)?;
            }
            if account.get_owner() != info.owner {
                account.set_owner(info.owner.as_ref())?;
            }
            if instruction_account.is_writable {
                copy_back.push((key, info_index));
            }
        }
    }

    let mut compute_units_consumed = 0;
    ic.process_instruction(
        &stable.data,
        &instruction_accounts,
        &program_indices,
        &mut compute_units_consumed,
        &mut ExecuteTimings::default(),
    )?;

    // Callee's changes -> caller's `AccountInfo`s.
    let tc = &*ic.transaction_context;
    let caller_ctx = tc.get_current_instruction_context()?;
    for (key, info_index) in copy_back {
        let index_in_caller = caller_ctx
            .find_index_of_instruction_account(tc, &key)
            .ok_or(InstructionError::MissingAccount)?;
        let account = caller_ctx.try_borrow_instruction_account(tc, index_in_caller)?;
        let info = &account_infos[info_index];
        **info.try_borrow_mut_lamports().map_err(|_| InstructionError::AccountBorrowFailed)? = account.get_lamports();
        if info.owner != account.get_owner() {
            info.assign(account.get_owner());
        }
        let new_data = account.get_data();
        if info.data_len() != new_data.len() {
            info.resize(new_data.len()).map_err(|_| InstructionError::InvalidRealloc)?;
        }
        info.try_borrow_mut_data()
            .map_err(|_| InstructionError::AccountBorrowFailed)?
            .copy_from_slice(new_data);
    }
    Ok(())
}
