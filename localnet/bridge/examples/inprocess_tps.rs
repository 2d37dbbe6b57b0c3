//! Baseline for `npm run bench`: transactions per second of one runtime_probe `echo`
//! instruction executed in-process on litesvm through the bridge (signature verification on),
//! to compare with the same instruction sent to localnet over JSON-RPC.
//!
//! Usage: cargo run -p synq-bridge --example inprocess_tps -- [COUNT]
//! Prints one JSON line: {"baseline":"litesvm-in-process","transactions":N,"seconds":S,"tps":T}

use {
    anchor_lang::{InstructionData, ToAccountMetas},
    litesvm::LiteSVM,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_transaction::Transaction,
    std::time::Instant,
};

fn main() {
    let count: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let mut svm = LiteSVM::new();
    synq_bridge::add_program(&mut svm, runtime_probe::ID, "runtime_probe", synq_bridge::anchor_entry(runtime_probe::entry));
    let payer = Keypair::new();
    svm.airdrop(&payer.pubkey(), 1_000_000_000_000).expect("airdrop");
    let blockhash = svm.latest_blockhash();
    // Sign up front: the RPC side's clients sign before sending too, outside the server.
    let transactions: Vec<Transaction> = (0..count)
        .map(|value| {
            let ix = Instruction {
                program_id: runtime_probe::ID,
                accounts: runtime_probe::accounts::Echo { caller: payer.pubkey() }.to_account_metas(None),
                data: runtime_probe::instruction::Echo { value, note: "bench".into() }.data(),
            };
            Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], blockhash)
        })
        .collect();
    let started = Instant::now();
    for tx in transactions {
        svm.send_transaction(tx).expect("echo succeeds");
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"baseline\":\"litesvm-in-process\",\"transactions\":{count},\"seconds\":{seconds:.3},\"tps\":{:.1}}}",
        count as f64 / seconds
    );
}
