-- 0001: the tables the pipeline starts with (inbox -> decide -> outbox, timers, audit).
-- Forward-only: never edit this file once released; change the schema in a new numbered file.
-- The runner wraps each file in a transaction, so no BEGIN/COMMIT here. Runs on PostgreSQL 15+
-- and on PGlite alike. Timestamps a decision depends on are written by the app from its Clock;
-- the now() defaults are a fallback for rows written outside the engine.

-- One row per lead Handoff manages: the canonical record linking a HubSpot contact and a
-- Salesforce Lead. Every change bumps `version` (optimistic locking: UPDATE … WHERE version = $n).
CREATE TABLE leads (
  id                 text PRIMARY KEY CHECK (id <> ''),
  hubspot_contact_id text UNIQUE,
  salesforce_lead_id text UNIQUE,
  -- sha256 hex of the normalised e-mail: finds duplicates without storing the address twice.
  email_hash         text CHECK (email_hash ~ '^[0-9a-f]{64}$'),
  -- The lifecycle of src/domain/lifecycle.ts; a new state needs a migration that widens this.
  state              text NOT NULL CHECK (state IN (
                       'captured', 'blocked', 'ready', 'routed', 'reassigned', 'escalated',
                       'returned', 'recycled', 'accepted', 'contacted', 'appointment_set',
                       'appointment_kept', 'application_started', 'approved', 'funded',
                       'disqualified', 'closed_lost')),
  -- Kinds, segments and products are defined in the YAML mappings, so they are not listed here.
  kind               text,
  segment            text,
  product            text,
  owner_id           text,
  owner_kind         text CHECK (owner_kind IN ('rm', 'queue')),
  branch_id          text,
  -- Routing attempt within the current assignment round (SLA reassignment counts it up).
  attempt            int NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  recycle_count      int NOT NULL DEFAULT 0 CHECK (recycle_count >= 0),
  -- Canonical field snapshot (mapped field name -> value) and the consent snapshot.
  data               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
  consent            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(consent) = 'object'),
  version            int NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leads_owner_pair CHECK ((owner_id IS NULL) = (owner_kind IS NULL))
);
CREATE INDEX leads_email_hash_idx ON leads (email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX leads_state_idx ON leads (state, updated_at);
CREATE INDEX leads_owner_idx ON leads (owner_id) WHERE owner_id IS NOT NULL;

-- Everything that arrives (webhooks, polled changes, events API), stored before it is handled.
-- (source, source_id) deduplicates replays: INSERT … ON CONFLICT (source, source_id) DO NOTHING.
-- Handling a row happens in the transaction that applies its effects, with the row locked
-- FOR UPDATE SKIP LOCKED, so no lease is needed. `outcome` says how it left the queue.
CREATE TABLE inbox (
  id           bigserial PRIMARY KEY,
  source       text NOT NULL CHECK (source IN ('hubspot', 'salesforce', 'events')),
  source_id    text NOT NULL,
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  -- Not before this time: a failed row is retried later with backoff.
  available_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  outcome      text CHECK (outcome IN ('applied', 'ignored', 'dead')),
  attempts     int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error   text,
  CONSTRAINT inbox_source_dedup UNIQUE (source, source_id),
  CONSTRAINT inbox_outcome_when_processed CHECK ((processed_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX inbox_pending_idx ON inbox (available_at, id) WHERE processed_at IS NULL;

-- Writes to HubSpot and Salesforce, inserted in the same transaction as the state change that
-- needs them and drained by dispatchers (FOR UPDATE SKIP LOCKED, lease_until for dead workers).
-- Per record (system, object, record_key) rows are sent in id order; a row that turns dead holds
-- the later ones for the same record ('held') until someone retries or discards it.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  lead_id         text REFERENCES leads (id),
  system          text NOT NULL CHECK (system IN ('hubspot', 'salesforce')),
  object          text NOT NULL,
  operation       text NOT NULL CHECK (operation IN ('upsert', 'update', 'create')),
  -- External id / idempotency key: what the upsert matches on, so a retry never creates twice.
  record_key      text NOT NULL,
  payload         jsonb NOT NULL,
  lane            text NOT NULL DEFAULT 'bulk' CHECK (lane IN ('critical', 'bulk')),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'done', 'dead', 'held')),
  attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by      text,
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT outbox_claim_has_lease CHECK (status <> 'claimed' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX outbox_claim_idx ON outbox (status, lane, next_attempt_at);
CREATE INDEX outbox_record_order_idx ON outbox (system, object, record_key, id);
CREATE INDEX outbox_lead_idx ON outbox (lead_id) WHERE lead_id IS NOT NULL;

-- Future work for a lead (SLA warning and breach, recycle cooldown): a sweep claims due timers
-- and feeds them to Decide. Re-arming a timer of the same kind replaces the pending one.
CREATE TABLE timers (
  id          bigserial PRIMARY KEY,
  lead_id     text NOT NULL REFERENCES leads (id),
  kind        text NOT NULL,
  due_at      timestamptz NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'fired', 'cancelled')),
  claimed_by  text,
  lease_until timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT timers_claim_has_lease CHECK (status <> 'claimed' OR lease_until IS NOT NULL)
);
CREATE INDEX timers_due_idx ON timers (status, due_at);
CREATE UNIQUE INDEX timers_one_pending_per_kind ON timers (lead_id, kind) WHERE status = 'pending';

-- The audit trail compliance relies on: append-only, each row chained to the one before by
-- hash (computed by the app: hash = sha256(prev_hash + canonical content), hex). The unique
-- constraints make a fork impossible: one genesis row, and no two rows claiming one parent.
-- Appenders must serialise (e.g. pg_advisory_xact_lock) between reading the head and inserting.
CREATE TABLE audit_events (
  seq       bigserial PRIMARY KEY,
  lead_id   text,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  type      text NOT NULL,
  data      jsonb NOT NULL DEFAULT '{}',
  prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_events_hash_unique UNIQUE (hash),
  CONSTRAINT audit_events_prev_hash_unique UNIQUE (prev_hash)
);
CREATE UNIQUE INDEX audit_events_one_genesis ON audit_events ((prev_hash IS NULL)) WHERE prev_hash IS NULL;
CREATE INDEX audit_events_lead_idx ON audit_events (lead_id, seq) WHERE lead_id IS NOT NULL;

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Audit events are never changed or removed; record a correction as a new event.';
END
$$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Polling watermarks as a keyset (ts, last_id): SystemModstamp is not unique, so the cursor is
-- "(ts = :ts AND id > :last_id) OR ts > :ts", re-read with a look-back window.
CREATE TABLE cursors (
  name       text PRIMARY KEY,
  ts         timestamptz,
  last_id    text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Echo suppression: each field value Handoff writes is recorded here; the first change seen
-- for (system, record_id, field) with the same value hash is our own echo and consumes the row.
CREATE TABLE write_ledger (
  id          bigserial PRIMARY KEY,
  system      text NOT NULL CHECK (system IN ('hubspot', 'salesforce')),
  record_id   text NOT NULL,
  field       text NOT NULL,
  value_hash  text NOT NULL,
  written_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  CONSTRAINT write_ledger_expiry_after_write CHECK (expires_at >= written_at)
);
CREATE INDEX write_ledger_lookup_idx ON write_ledger (system, record_id, field);
CREATE INDEX write_ledger_expires_idx ON write_ledger (expires_at);
