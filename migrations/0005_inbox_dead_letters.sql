-- 0005: dead inbox items in the dead-letter queue (`handoff dlq`), as dead outbox rows are: the
-- class of the last failure, what the queue groups by, and a terminal outcome for an item an
-- operator gives up on, with the reason. A retried item is simply unprocessed again.

-- The failure's code: a HandoffError's code (HUBSPOT_RETRYABLE, LEAD_VERSION_CONFLICT…), a
-- driver's or the system's code, else the error's name (TypeError: a bug).
ALTER TABLE inbox ADD COLUMN last_error_code text;

ALTER TABLE inbox DROP CONSTRAINT inbox_outcome_check;
ALTER TABLE inbox ADD CONSTRAINT inbox_outcome_check CHECK (outcome IN ('applied', 'ignored', 'dead', 'discarded'));
ALTER TABLE inbox ADD COLUMN discard_reason text;
ALTER TABLE inbox ADD CONSTRAINT inbox_discard_has_reason CHECK (outcome IS DISTINCT FROM 'discarded' OR discard_reason IS NOT NULL);

-- What `dlq list` and the dead-letter gauge read.
CREATE INDEX inbox_dead_class_idx ON inbox (source, last_error_code) WHERE outcome = 'dead';
