-- 0003: what the assembled pipeline (src/engine/pipeline) keeps beyond 0001 and 0002: the
-- routing pools' durable pointers and the owners' SLA breach streaks. Both are written in the
-- transaction of the decision that moves them, next to the lead, its audit event and its outbox.

-- One pointer per pool (routing.yaml rule, or rule@branches for location pools): whatever the
-- rule's selection strategy returned (round-robin position, weighted credits, least-loaded ties).
CREATE TABLE routing_pools (
  pool_key   text PRIMARY KEY CHECK (pool_key <> ''),
  state      jsonb NOT NULL CHECK (jsonb_typeof(state) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per RM: accept-by breaches since the last lead accepted on time, and whether a streak took them
-- out of rotation (routing passes them over until a manager restores them).
CREATE TABLE owner_streaks (
  owner_id        text PRIMARY KEY CHECK (owner_id <> ''),
  consecutive     int NOT NULL DEFAULT 0 CHECK (consecutive >= 0),
  out_of_rotation boolean NOT NULL DEFAULT false,
  since           timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owner_streaks_out_idx ON owner_streaks (owner_id) WHERE out_of_rotation;

-- Open assignments per owner are counted for least-loaded routing on every routing decision.
CREATE INDEX leads_owner_state_idx ON leads (owner_id, state) WHERE owner_id IS NOT NULL;
