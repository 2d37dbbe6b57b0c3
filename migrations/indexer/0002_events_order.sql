-- The events query orders by (slot, signature, idx) and pages on it (keyset): one index
-- serves both, newest first or oldest first.
CREATE INDEX IF NOT EXISTS events_slot_signature_idx ON events (slot, signature, idx);
DROP INDEX IF EXISTS events_slot;
