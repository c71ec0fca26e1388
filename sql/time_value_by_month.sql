-- Chargeable time valued at selling rates, month by month (dashboards: realisation rate = fees ÷ this value).
-- Chargeable: billable entries on a client's mission. Each entry is valued at the selling rate of its author's
-- grade in force on the entry's day (the latest rate effective on or before it), rounded half up to the cent per
-- entry, as domain/timesheets/queries.py `value_cents` does; an entry without grade or rate is worth 0.
-- Parameters: $start (DATE), $end (DATE): entry days kept, both included; $team_id (INTEGER or NULL: only the
--   entries of that team's members).
-- Sources: time_entries, users, grade_rates
-- Grain: one row per calendar month with chargeable time (month = its first day).
-- Units: minutes (minutes), cents (value_cents, HT).
WITH chargeable AS (
    SELECT t.day, t.minutes, u.grade_id
    FROM time_entries t JOIN users u ON u.id = t.user_id
    WHERE t.billable AND t.mission_id IS NOT NULL AND t.day BETWEEN $start::DATE AND $end::DATE
      AND ($team_id IS NULL OR u.team_id = $team_id)
), valued AS (  -- ASOF: the latest rate of the grade effective on or before the entry's day
    SELECT c.day, c.minutes, (c.minutes * coalesce(r.selling_rate_cents, 0) + 30) // 60 AS cents
    FROM chargeable c ASOF LEFT JOIN grade_rates r ON r.grade_id = c.grade_id AND c.day >= r.effective_from
)
SELECT CAST(date_trunc('month', day) AS DATE) AS month, sum(minutes) AS minutes, sum(cents) AS value_cents
FROM valued
GROUP BY ALL
ORDER BY month;
