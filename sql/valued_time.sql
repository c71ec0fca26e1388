-- Derived table (data/analytics/sources.py DERIVED): the chargeable time of sql/valued_entries.sql summed per
-- mission, person and invoice (the entries' own rounded values are summed: nothing is rounded again). The
-- boni/mali views need no finer grain, and it is about a tenth of the entries' rows.
-- Parameters: none.
-- Sources: valued_entries
-- Grain: one row per mission × person × invoice (NULL: not billed) with chargeable time.
-- Units: cents (value_cents, cost_cents); minutes; first_day: the earliest entry's day.
SELECT mission_id, user_id, invoice_id, CAST(sum(minutes) AS BIGINT) AS minutes,
       CAST(sum(value_cents) AS BIGINT) AS value_cents, CAST(sum(cost_cents) AS BIGINT) AS cost_cents,
       min(day) AS first_day
FROM valued_entries
GROUP BY ALL;
