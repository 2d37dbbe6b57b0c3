//! The live `InvokeContext` of the builtin currently running on this thread, for the syscall
//! stubs (which the program calls with no context argument).

use {
    solana_instruction::error::InstructionError,
    solana_program_runtime::invoke_context::InvokeContext,
    std::cell::{Cell, RefCell},
};

thread_local! {
    static STACK: RefCell<Vec<*mut InvokeContext<'static>>> = const { RefCell::new(Vec::new()) };
    /// The error of a failed CPI. On SBF a failed CPI ends the whole instruction with the
    /// callee's error; the host stub can only return a `ProgramError` to the caller, so the
    /// real error waits here and replaces whatever the caller returns.
    static CPI_FAILURE: Cell<Option<InstructionError>> = const { Cell::new(None) };
}

/// Keeps `invoke_context` reachable from the stubs until dropped.
pub(crate) struct Entered;

impl Entered {
    pub(crate) fn new(invoke_context: &mut InvokeContext) -> Self {
        let ptr = invoke_context as *mut InvokeContext as *mut InvokeContext<'static>;
        STACK.with(|stack| stack.borrow_mut().push(ptr));
        Entered
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        STACK.with(|stack| {
            stack.borrow_mut().pop();
        });
    }
}

/// Runs `f` with the innermost entered context, or returns `None` outside any builtin call
/// (a program function called directly, not through the runtime).
pub(crate) fn with_invoke_context<R>(f: impl FnOnce(&mut InvokeContext<'static>) -> R) -> Option<R> {
    let ptr = STACK.with(|stack| stack.borrow().last().copied())?;
    // SAFETY: the pointer was pushed by `Entered::new` from a `&mut InvokeContext` that outlives
    // the `Entered` guard, and the runtime is single-threaded per transaction: the program that
    // calls a stub is running inside that very borrow.
    Some(f(unsafe { &mut *ptr }))
}

pub(crate) fn set_cpi_failure(err: InstructionError) {
    CPI_FAILURE.with(|slot| {
        // Keep the innermost (first) failure: that is what SBF would report.
        let previous = slot.take();
        slot.set(Some(previous.unwrap_or(err)));
    });
}

pub(crate) fn take_cpi_failure() -> Option<InstructionError> {
    CPI_FAILURE.with(|slot| slot.take())
}
