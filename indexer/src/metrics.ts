/** Prometheus metrics (`/metrics`): lag, rows written, errors. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly chainSlot = new Gauge({ name: "synq_indexer_chain_slot", help: "Newest slot heard from the cluster", registers: [this.registry] });
  readonly indexedSlot = new Gauge({ name: "synq_indexer_indexed_slot", help: "Slot up to which everything is written", registers: [this.registry] });
  readonly lagSlots = new Gauge({ name: "synq_indexer_lag_slots", help: "chain_slot - indexed_slot", registers: [this.registry] });
  readonly rowsWritten = new Counter({
    name: "synq_indexer_rows_written_total",
    help: "Rows inserted or changed, by table",
    labelNames: ["table"] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "synq_indexer_errors_total",
    help: "Errors by kind",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly undecoded = new Counter({
    name: "synq_indexer_undecoded_accounts_total",
    help: "Accounts owned by an indexed program that no IDL type decodes",
    labelNames: ["program"] as const,
    registers: [this.registry],
  });
  readonly reconnects = new Counter({ name: "synq_indexer_reconnects_total", help: "PubSub reconnects", registers: [this.registry] });
  readonly repairedTransactions = new Counter({
    name: "synq_indexer_repaired_transactions_total",
    help: "Transactions replayed from getSignaturesForAddress/getTransaction",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "synq_indexer_" });
  }
}
