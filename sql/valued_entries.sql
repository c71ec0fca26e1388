-- Derived table (data/analytics/sources.py DERIVED): every chargeable time entry (billable, on a mission) with its
-- value at the selling rate and at the cost rate of the person's grade in force on the entry's day (0 without a
-- rate), each rounded half up to the cent as domain/timesheets/queries.py `value_cents` does. The grade is the
-- person's current one. Built once per load of its sources; the boni/mali, WIP and time-value views read it
-- instead of each redoing this join over every entry (millions on a large firm).
-- Parameters: none.
-- Sources: time_entries, users, grade_rates
-- Grain: one row per chargeable time entry.
-- Units: cents (value_cents, cost_cents); minutes.
SELECT e.mission_id, e.user_id, e.day, e.minutes, e.invoice_id,
       (e.minutes * coalesce(r.selling_rate_cents, 0) + 30) // 60 AS value_cents,
       (e.minutes * coalesce(r.cost_rate_cents, 0) + 30) // 60 AS cost_cents
FROM (SELECT t.*, u.grade_id FROM time_entries t JOIN users u ON u.id = t.user_id
      WHERE t.mission_id IS NOT NULL AND t.billable) e
ASOF LEFT JOIN grade_rates r ON r.grade_id = e.grade_id AND e.day >= r.effective_from;
