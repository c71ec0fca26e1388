-- Chargeable time valued at selling rates, month by month (dashboards: realisation rate = fees ÷ this value).
-- Chargeable: billable entries on a client's mission. Each entry is valued at the selling rate of its author's
-- grade in force on the entry's day (the latest rate effective on or before it), rounded half up to the cent per
-- entry, as domain/timesheets/queries.py `value_cents` does (sql/valued_entries.sql); an entry without grade or
-- rate is worth 0.
-- Parameters: $start (DATE), $end (DATE): entry days kept, both included; $team_id (INTEGER or NULL: only the
--   entries of that team's members).
-- Sources: valued_entries, users
-- Grain: one row per calendar month with chargeable time (month = its first day).
-- Units: minutes (minutes), cents (value_cents, HT).
SELECT CAST(date_trunc('month', e.day) AS DATE) AS month, sum(e.minutes) AS minutes, sum(e.value_cents) AS value_cents
FROM valued_entries e JOIN users u ON u.id = e.user_id
WHERE e.day BETWEEN $start::DATE AND $end::DATE AND ($team_id IS NULL OR u.team_id = $team_id)
GROUP BY ALL
ORDER BY month;
