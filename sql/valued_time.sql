-- Derived table (data/analytics/sources.py DERIVED): the chargeable time (billable, on a mission) per mission,
-- person and invoice, from the running totals the database keeps (data/models/time_totals.py, migrations 0019 and
-- 0020): minutes, and the entries' values at the selling and cost rates, in force on each entry's day, of the grade
-- its author had that day, rounded half up per entry and summed (as sql/valued_entries.sql values them). The boni/mali and WIP views
-- need no finer grain; reading these instead of every entry is what keeps a large firm's cold dashboard short.
-- Parameters: none.
-- Sources: time_totals
-- Grain: one row per mission × person × invoice (NULL: not billed) with chargeable time.
-- Units: cents (value_cents, cost_cents); minutes; first_day: the earliest entry's day.
SELECT mission_id, user_id, CAST(nullif(invoice_key, 0) AS BIGINT) AS invoice_id, minutes, value_cents, cost_cents,
       first_day
FROM time_totals;  -- the billable ones only (the source's condition)
