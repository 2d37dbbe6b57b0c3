//! Cluster and clock queries: getSlot, getBlockHeight, getLatestBlockhash, isBlockhashValid,
//! getEpochInfo, getEpochSchedule, getVersion, getHealth, getGenesisHash, getIdentity,
//! getSlotLeader(s), getRecentPrioritizationFees, and the localnet's own synqWarpClock.

use super::{parse_list, with_context, ContextConfig, SOLANA_CORE_VERSION};
use crate::{
    encoding::parse_pubkey,
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    state::Node,
};
use serde_json::{json, Value};
use solana_hash::Hash;
use std::str::FromStr;

const MAX_SLOT_LEADERS: u64 = 5000;
const MAX_PRIORITIZATION_FEE_ADDRESSES: usize = 128;

pub fn get_slot(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    Ok(json!(node.slot()))
}

/// `synqWarpClock(seconds)`: localnet only. The clock (Clock sysvar, block times) jumps
/// `seconds` ahead from the next slot on; answers `{ slot, unixTimestamp }` of that slot.
pub fn warp_clock(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let seconds: u64 = params.required(0)?;
    let (slot, unix_timestamp) = node.warp_clock(seconds).map_err(RpcError::invalid_params)?;
    Ok(json!({ "slot": slot, "unixTimestamp": unix_timestamp }))
}

pub fn get_block_height(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    Ok(json!(node.block_height()))
}

pub fn get_latest_blockhash(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    let (blockhash, last_valid_block_height) = node.latest_blockhash();
    Ok(with_context(node, json!({ "blockhash": blockhash.to_string(), "lastValidBlockHeight": last_valid_block_height })))
}

pub fn is_blockhash_valid(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let text: String = params.required(0)?;
    let blockhash = Hash::from_str(&text).map_err(|err| RpcError::invalid_params(format!("{err:?}")))?;
    params.optional::<ContextConfig>(1)?.check(node)?;
    let valid = node.blockhash_last_valid_height(&blockhash).is_some();
    Ok(with_context(node, json!(valid)))
}

pub fn get_epoch_info(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    let schedule = node.epoch_schedule();
    let (epoch, slot_index) = schedule.get_epoch_and_slot_index(node.slot());
    Ok(json!({
        "absoluteSlot": node.slot(),
        "blockHeight": node.block_height(),
        "epoch": epoch,
        "slotIndex": slot_index,
        "slotsInEpoch": schedule.get_slots_in_epoch(epoch),
        "transactionCount": node.history.total(),
    }))
}

pub fn get_epoch_schedule(node: &mut Node, _params: &Params) -> RpcResult<Value> {
    let schedule = node.epoch_schedule();
    Ok(json!({
        "firstNormalEpoch": schedule.first_normal_epoch,
        "firstNormalSlot": schedule.first_normal_slot,
        "leaderScheduleSlotOffset": schedule.leader_schedule_slot_offset,
        "slotsPerEpoch": schedule.slots_per_epoch,
        "warmup": schedule.warmup,
    }))
}

pub fn get_version(_node: &mut Node, _params: &Params) -> RpcResult<Value> {
    // The validator reports the first four bytes of the feature-set hash.
    let id = agave_feature_set::ID.to_bytes();
    let feature_set = u32::from_le_bytes([id[0], id[1], id[2], id[3]]);
    Ok(json!({ "solana-core": SOLANA_CORE_VERSION, "feature-set": feature_set }))
}

pub fn get_health(_node: &mut Node, _params: &Params) -> RpcResult<Value> {
    Ok(json!("ok"))
}

pub fn get_genesis_hash(node: &mut Node, _params: &Params) -> RpcResult<Value> {
    Ok(json!(node.genesis_hash().to_string()))
}

pub fn get_identity(node: &mut Node, _params: &Params) -> RpcResult<Value> {
    Ok(json!({ "identity": node.identity().to_string() }))
}

/// This node leads every slot.
pub fn get_slot_leader(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    Ok(json!(node.identity().to_string()))
}

pub fn get_slot_leaders(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let _start: u64 = params.required(0)?;
    let limit: u64 = params.required(1)?;
    if limit > MAX_SLOT_LEADERS {
        return Err(RpcError::invalid_params(format!("Invalid limit; max {MAX_SLOT_LEADERS}")));
    }
    let leader = node.identity().to_string();
    Ok(Value::Array((0..limit).map(|_| json!(leader)).collect()))
}

/// No transaction here pays a priority fee (the SVM does not charge them), so there are none
/// to report.
pub fn get_recent_prioritization_fees(_node: &mut Node, params: &Params) -> RpcResult<Value> {
    if params.optional::<Option<Value>>(0)?.is_some() {
        parse_list(params, 0, MAX_PRIORITIZATION_FEE_ADDRESSES, parse_pubkey)?;
    }
    Ok(json!([]))
}
