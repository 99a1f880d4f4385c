-- An Idempotency-Key names one request on one voting day (docs/api.md): in per-day mode the same key
-- must not block the next day's ballot. The retry is recognised through ballots_one_per_phone
-- (poll, phone, voting day) instead, which already allows at most one ballot per key and day.
DROP INDEX IF EXISTS `ballots_idempotency`;
