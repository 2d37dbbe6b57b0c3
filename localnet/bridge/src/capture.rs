//! Captures what programs print to stdout while they run.
//!
//! `msg!` (solana-msg 2.2+) is `println!` on the host rather than a syscall stub, so the only
//! way to turn it into `Program log:` lines is to point file descriptor 1 at a buffer while a
//! builtin runs and drain it whenever the program does something else that logs (a CPI, a
//! `sol_log_data`, return data) so that the transaction's logs keep their order.
//!
//! The redirect is process-wide: while a program runs, anything else in the process that prints
//! to stdout lands in that program's logs. Hosts therefore log to stderr.

use std::{
    cell::RefCell,
    io::{Read, Seek, SeekFrom, Write},
    os::fd::{AsRawFd, FromRawFd},
};

struct Capture {
    saved_stdout: libc::c_int,
    read_offset: u64,
    partial: Vec<u8>,
}

thread_local! {
    static ACTIVE: RefCell<Option<Capture>> = const { RefCell::new(None) };
    static DEPTH: RefCell<usize> = const { RefCell::new(0) };
    /// One buffer per thread, emptied for each capture: creating and closing a memfd per
    /// transaction (inode set-up and eviction) cost more than the program runs here.
    static BUFFER: RefCell<Option<std::fs::File>> = const { RefCell::new(None) };
}

fn open_buffer() -> std::io::Result<std::fs::File> {
    // SAFETY: plain syscall with a valid NUL-terminated name.
    let fd = unsafe { libc::memfd_create(c"synq-program-stdout".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor we own.
    Ok(unsafe { std::fs::File::from_raw_fd(fd) })
}

/// Runs `f` on this thread's capture buffer (made on first use); `None` when none can be made.
fn with_buffer<R>(f: impl FnOnce(&mut std::fs::File) -> R) -> Option<R> {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.is_none() {
            *buffer = open_buffer().ok();
        }
        buffer.as_mut().map(f)
    })
}

/// Starts capturing (only the outermost call of nested builtin invocations redirects).
pub(crate) fn begin() {
    let first = DEPTH.with(|depth| {
        let mut depth = depth.borrow_mut();
        *depth += 1;
        *depth == 1
    });
    if !first {
        return;
    }
    let _ = std::io::stdout().flush();
    // Empty the buffer and write from its start (fd 1 will share this file offset).
    let emptied = with_buffer(|file| file.set_len(0).and_then(|()| file.seek(SeekFrom::Start(0))).map(|_| file.as_raw_fd()));
    let Some(Ok(buffer_fd)) = emptied else { return };
    // SAFETY: dup/dup2 on descriptors that are open; on failure we simply do not capture.
    let saved_stdout = unsafe { libc::dup(1) };
    if saved_stdout < 0 || unsafe { libc::dup2(buffer_fd, 1) } < 0 {
        if saved_stdout >= 0 {
            unsafe { libc::close(saved_stdout) };
        }
        return;
    }
    ACTIVE.with(|active| *active.borrow_mut() = Some(Capture { saved_stdout, read_offset: 0, partial: Vec::new() }));
}

/// Returns the complete lines printed since the last drain.
pub(crate) fn drain() -> Vec<String> {
    let _ = std::io::stdout().flush();
    ACTIVE.with(|active| {
        let mut active = active.borrow_mut();
        let Some(capture) = active.as_mut() else { return Vec::new() };
        let mut bytes = Vec::new();
        // Reading leaves the shared offset at the end, where the program's next line goes.
        with_buffer(|file| {
            if file.seek(SeekFrom::Start(capture.read_offset)).is_ok() {
                let _ = file.read_to_end(&mut bytes);
            }
        });
        capture.read_offset += bytes.len() as u64;
        capture.partial.extend_from_slice(&bytes);
        let Some(last_newline) = capture.partial.iter().rposition(|b| *b == b'\n') else {
            return Vec::new();
        };
        let complete: Vec<u8> = capture.partial.drain(..=last_newline).collect();
        String::from_utf8_lossy(&complete[..complete.len() - 1])
            .split('\n')
            .map(str::to_owned)
            .collect()
    })
}

/// Ends the capture started by the matching [`begin`], returning any lines not yet drained
/// (including an unterminated last line).
pub(crate) fn end() -> Vec<String> {
    let last = DEPTH.with(|depth| {
        let mut depth = depth.borrow_mut();
        *depth = depth.saturating_sub(1);
        *depth == 0
    });
    if !last {
        return Vec::new();
    }
    let mut lines = drain();
    ACTIVE.with(|active| {
        if let Some(capture) = active.borrow_mut().take() {
            if !capture.partial.is_empty() {
                lines.push(String::from_utf8_lossy(&capture.partial).into_owned());
            }
            // SAFETY: restoring the descriptor saved in `begin`.
            unsafe {
                libc::dup2(capture.saved_stdout, 1);
                libc::close(capture.saved_stdout);
            }
        }
    });
    lines
}
