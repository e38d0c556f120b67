-- 0002: what the engine (src/engine) needs beyond 0001: a terminal state for dead-lettered
-- writes an operator gives up on, per-record results and error classes on outbox rows, the
-- one-line summary of an audit event, and the link from a write-ledger entry to its outbox row.

-- An operator may discard a dead row instead of retrying it: it is never sent, and the reason is
-- kept. `discarded` is terminal like `done`, so it no longer holds later rows for its record.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'claimed', 'done', 'dead', 'held', 'discarded'));
ALTER TABLE outbox ADD COLUMN discard_reason text;
ALTER TABLE outbox ADD CONSTRAINT outbox_discard_has_reason CHECK (status <> 'discarded' OR discard_reason IS NOT NULL);
-- The class of the last failure: what the dead-letter queue groups by (system + code, else kind).
ALTER TABLE outbox ADD COLUMN last_error_kind text
  CHECK (last_error_kind IN ('rate_limited', 'retryable', 'auth', 'permanent', 'lease_expired'));
ALTER TABLE outbox ADD COLUMN last_error_code text;
-- What the other system answered for a done row (e.g. {"id": "00Q…"} for a created Lead).
ALTER TABLE outbox ADD COLUMN result jsonb;
-- When the row reached done or discarded.
ALTER TABLE outbox ADD COLUMN finished_at timestamptz;

-- The rows a claim looks at: pending ones in lane order, and the open rows of one record (an
-- earlier open row blocks a later one, which keeps per-record order).
CREATE INDEX outbox_pending_lane_idx ON outbox (lane, id) WHERE status = 'pending';
CREATE INDEX outbox_open_record_idx ON outbox (system, object, record_key, id)
  WHERE status IN ('pending', 'claimed', 'dead', 'held');
CREATE INDEX outbox_claimed_lease_idx ON outbox (lease_until) WHERE status = 'claimed';
CREATE INDEX outbox_dead_class_idx ON outbox (system, last_error_code) WHERE status = 'dead';

-- A human sentence for the audit trail ("routed to RM 12: nearest branch, licensed"); part of
-- the hashed content of the rows that have it. Adding a column fires no row trigger.
ALTER TABLE audit_events ADD COLUMN summary text;

-- Ledger entries written for an outbox row: when that row is discarded, or a later write to the
-- same field supersedes it before it was sent (coalescing), the entry is dropped, so a genuine
-- change to that value is not mistaken for an echo.
ALTER TABLE write_ledger ADD COLUMN outbox_id bigint REFERENCES outbox (id);
CREATE INDEX write_ledger_outbox_idx ON write_ledger (outbox_id) WHERE outbox_id IS NOT NULL;

-- Timers claimed by a worker that died are claimable again once their lease has passed.
CREATE INDEX timers_claimed_lease_idx ON timers (lease_until) WHERE status = 'claimed';
