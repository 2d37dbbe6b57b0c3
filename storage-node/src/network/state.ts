/**
 * What the network agent must remember across restarts (`<data dir>/network.json`): service
 * measured since the last report, the last challenge answered, which epochs' rewards were
 * looked at. Written whole to a temporary file and renamed, so a kill -9 leaves the old or
 * the new file, never half of one. Commitments need no entry: the chain names the committed
 * root and the snapshot files carry it.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface NetworkState {
  /** The operator this data directory serves; another key is refused (its snapshots are not theirs). */
  operator: string;
  /** The network (its $SYNQ mint): epochs and sequences of another deployment mean nothing here. */
  network: string;
  /** Service measured since the last report. */
  pending: { bytes: number; sessions: number; uptimeSeconds: number };
  /** The last answered challenge. */
  lastChallenge: { sequence: number; signature: string; at: string } | null;
  /** Challenges that could not be answered, by sequence (logged and counted once each). */
  missedSequences: number[];
  /** Payment epochs below this one have been claimed or found to hold nothing for this node. */
  claimScanFrom: number;
  /** Total bytes stored (usage counters) when the current commitment was built. */
  committedStoredBytes: number;
}

export function emptyState(operator: string, network: string): NetworkState {
  return {
    operator,
    network,
    pending: { bytes: 0, sessions: 0, uptimeSeconds: 0 },
    lastChallenge: null,
    missedSequences: [],
    claimScanFrom: 0,
    committedStoredBytes: 0,
  };
}

export class StateFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'network.json');
  }

  /** The saved state, or a fresh one when there is none or it is another network's. */
  load(operator: string, network: string): NetworkState {
    if (!fs.existsSync(this.file)) return emptyState(operator, network);
    const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<NetworkState>;
    if (saved.operator !== operator) {
      throw new Error(`${this.file} belongs to operator ${String(saved.operator)}, not ${operator}: use that keypair or another --data-dir`);
    }
    if (saved.network !== network) return emptyState(operator, network);
    const fresh = emptyState(operator, network);
    return { ...fresh, ...saved, pending: { ...fresh.pending, ...saved.pending } };
  }

  save(state: NetworkState): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, this.file);
  }
}
