//! The builtin entrypoint shared by every hosted program.

use {
    crate::{capture, context},
    solana_instruction::error::InstructionError,
    solana_program_runtime::{
        invoke_context::InvokeContext,
        serialization::{deserialize_parameters, serialize_parameters},
        stable_log,
    },
    std::panic::{catch_unwind, AssertUnwindSafe},
};

solana_program_runtime::declare_process_instruction!(SynqBuiltin, 1, |invoke_context| {
    crate::entry::process(invoke_context)
});

/// Logs captured stdout lines as the program's own `Program log:` lines.
pub(crate) fn log_captured(invoke_context: &InvokeContext, lines: Vec<String>) {
    let collector = invoke_context.get_log_collector();
    for line in lines {
        stable_log::program_log(&collector, &line);
    }
}

pub(crate) fn process(invoke_context: &mut InvokeContext) -> Result<(), InstructionError> {
    let transaction_context = &invoke_context.transaction_context;
    let instruction_context = transaction_context.get_current_instruction_context()?;
    let program_id = *instruction_context.get_last_program_key(transaction_context)?;
    let entry = crate::lookup(&program_id).ok_or(InstructionError::UnsupportedProgramId)?;
    let mask_out_rent_epoch = invoke_context.get_feature_set().mask_out_rent_epoch_in_vm_serialization;
    // Exactly the input region the SBF loader would map for the program.
    let (mut buffer, _regions, accounts_metadata) =
        serialize_parameters(transaction_context, instruction_context, true, mask_out_rent_epoch)?;

    let outcome = {
        let _entered = context::Entered::new(invoke_context);
        capture::begin();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: `buffer` holds a well-formed serialisation made just above and outlives
            // every reference `deserialize` hands out (they are dropped with this closure).
            let (program_id, account_infos, data) =
                unsafe { solana_program_entrypoint::deserialize(buffer.as_slice_mut().as_mut_ptr()) };
            entry(program_id, &account_infos, data)
        }));
        log_captured(invoke_context, capture::end());
        outcome
    };
    // The SBF loader logs return data after the program ends, success or not.
    let (_, return_data) = invoke_context.transaction_context.get_return_data();
    if !return_data.is_empty() {
        stable_log::program_return(&invoke_context.get_log_collector(), &program_id, return_data);
    }
    let cpi_failure = context::take_cpi_failure();

    match outcome {
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_owned());
            stable_log::program_log(&invoke_context.get_log_collector(), &format!("panicked: {message}"));
            return Err(cpi_failure.unwrap_or(InstructionError::ProgramFailedToComplete));
        }
        Ok(Err(program_error)) => {
            return Err(cpi_failure.unwrap_or_else(|| InstructionError::from(u64::from(program_error))));
        }
        Ok(Ok(())) => {
            if let Some(err) = cpi_failure {
                return Err(err);
            }
        }
    }

    let transaction_context = &invoke_context.transaction_context;
    let instruction_context = transaction_context.get_current_instruction_context()?;
    deserialize_parameters(transaction_context, instruction_context, true, buffer.as_slice(), &accounts_metadata)
}
