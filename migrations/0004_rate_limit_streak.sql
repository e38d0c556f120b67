-- 0004: rate-limited failures in a row per outbox row. A rate-limited write hands its attempt
-- back (it is not the record's fault, so it must not lead to the dead-letter queue), which left
-- the backoff exponent stuck at the first attempt: a record refused again and again came back
-- just as soon each time. The streak is the exponent instead; any other outcome resets it.
ALTER TABLE outbox ADD COLUMN rate_limited_streak int NOT NULL DEFAULT 0 CHECK (rate_limited_streak >= 0);
