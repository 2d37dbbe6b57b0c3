//! `npm run bench` (registry-staking part): size and rent of every registry/staking account
//! type, and the challenge proof for a 1 GiB commitment in 4 KiB chunks with the size of the
//! full `respond_challenge` transaction (must fit the 1232-byte packet).
//!
//!   cargo run -p synq-program-tests --example bench_accounts

use anchor_lang::{InstructionData, Space, ToAccountMetas};
use registry::{
    constants::{CHUNK_SIZE, MAX_CHUNK_PROOF_LEN, MAX_COMMITMENT_CHUNKS, SEGMENT_PROOF_LEN},
    instructions::ChallengeProof,
    merkle::{chunk_leaf, leaf_hash, node_hash},
};
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction::Transaction;

const PACKET_DATA_SIZE: usize = 1232;

fn main() {
    let rent = solana_rent::Rent::default();
    println!("{:<16} {:>7} {:>16}", "account", "bytes", "rent (lamports)");
    let rows: [(&str, usize); 6] = [
        ("StakeConfig", staking::state::StakeConfig::INIT_SPACE),
        ("StakePool", staking::state::StakePool::INIT_SPACE),
        ("StakePosition", staking::state::StakePosition::INIT_SPACE),
        ("RegistryConfig", registry::state::RegistryConfig::INIT_SPACE),
        ("Node", registry::state::Node::INIT_SPACE),
        ("Challenge", registry::state::Challenge::INIT_SPACE),
    ];
    for (name, space) in rows {
        let bytes = 8 + space;
        println!("{name:<16} {bytes:>7} {:>16}", rent.minimum_balance(bytes));
    }

    // 1 GiB in 4 KiB chunks: 262,144 chunk leaves (synthetic chunk roots; the shape is what matters).
    let chunks = (1u64 << 30) / CHUNK_SIZE;
    let mut level: Vec<[u8; 32]> = (0..chunks).map(|i| chunk_leaf(i, &leaf_hash(&[&i.to_le_bytes()]))).collect();
    let mut index = 12_345usize;
    let mut chunk_proof = vec![];
    while level.len() > 1 {
        if (index ^ 1) < level.len() {
            chunk_proof.push(level[index ^ 1]);
        }
        level = level.chunks(2).map(|p| if p.len() == 2 { node_hash(&p[0], &p[1]) } else { p[0] }).collect();
        index /= 2;
    }
    let proof = ChallengeProof { segment: [7u8; 64], segment_proof: vec![[1u8; 32]; SEGMENT_PROOF_LEN], chunk_proof };
    let proof_bytes = 64 + 32 * (proof.segment_proof.len() + proof.chunk_proof.len());

    let (data_len, tx_bytes) = respond_size(&proof);
    println!(
        "\n1 GiB commitment: {chunks} chunks of {CHUNK_SIZE} B; proof = 64 B segment + {} segment hashes + {} chunk hashes = {proof_bytes} B",
        proof.segment_proof.len(),
        proof.chunk_proof.len()
    );
    println!("respond_challenge: instruction data {data_len} B, signed transaction {tx_bytes} B (limit {PACKET_DATA_SIZE})");
    assert!(tx_bytes <= PACKET_DATA_SIZE, "the proof must fit one transaction");

    let largest = ChallengeProof { chunk_proof: vec![[2u8; 32]; MAX_CHUNK_PROOF_LEN], ..proof };
    let (data_len, tx_bytes) = respond_size(&largest);
    println!(
        "largest commitment ({MAX_COMMITMENT_CHUNKS} chunks, {} GiB): instruction data {data_len} B, signed transaction {tx_bytes} B",
        MAX_COMMITMENT_CHUNKS * CHUNK_SIZE >> 30
    );
    assert!(tx_bytes <= PACKET_DATA_SIZE, "the largest commitment's proof must fit one transaction");
}

/// Instruction data and signed transaction size of a `respond_challenge` carrying `proof`.
fn respond_size(proof: &ChallengeProof) -> (usize, usize) {
    let operator = Keypair::new();
    let ix = Instruction {
        program_id: registry::ID,
        accounts: registry::accounts::RespondChallenge {
            operator: operator.pubkey(),
            node: Pubkey::new_unique(),
            challenge: Pubkey::new_unique(),
            challenger: Pubkey::new_unique(),
            slot_hashes: solana_sdk_ids::sysvar::slot_hashes::ID,
        }
        .to_account_metas(None),
        data: registry::instruction::RespondChallenge { proof: proof.clone() }.data(),
    };
    let data_len = ix.data.len();
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&operator.pubkey()), &[&operator], Default::default());
    (data_len, 1 + 64 * tx.signatures.len() + tx.message.serialize().len())
}
