-- Synq indexer: the fixed tables. Account tables (acct_<program>_<account>) are derived from
-- the IDLs at start (see indexer/src/store.ts) and listed in indexer_tables.

CREATE TABLE IF NOT EXISTS indexer_tables (
  table_name  text PRIMARY KEY,
  program     text NOT NULL,
  account     text NOT NULL,
  fingerprint text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Anchor events (`emit!`), one row per `Program data:` log line of a successful transaction.
-- idx is the line's position among the transaction's event lines.
CREATE TABLE IF NOT EXISTS events (
  signature  text    NOT NULL,
  idx        integer NOT NULL,
  program    text    NOT NULL,
  name       text    NOT NULL,
  slot       bigint  NOT NULL,
  block_time bigint,
  data       jsonb   NOT NULL,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signature, idx)
);
CREATE INDEX IF NOT EXISTS events_program_name_slot ON events (program, name, slot);
CREATE INDEX IF NOT EXISTS events_slot ON events (slot);

-- The newest transaction of each program whose effects are all written (durable cursor).
CREATE TABLE IF NOT EXISTS cursors (
  program    text PRIMARY KEY,
  signature  text   NOT NULL,
  slot       bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Accounts owned by a program that no IDL account type decodes (logged and counted).
CREATE TABLE IF NOT EXISTS undecoded_accounts (
  program  text   NOT NULL,
  address  text   NOT NULL,
  slot     bigint NOT NULL,
  reason   text   NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program, address)
);

-- Facts about the indexed cluster (genesis_hash): a different cluster resets the index.
CREATE TABLE IF NOT EXISTS indexer_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
