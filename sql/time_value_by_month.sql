-- Chargeable time valued at selling rates, month by month (dashboards: realisation rate = fees ÷ this value).
-- Chargeable: billable entries on a client's mission. Each entry is valued at the selling rate of the grade its
-- author had on the entry's day (user_grades), in force that day (the latest rate effective on or before it),
-- rounded half up to the cent per entry, as sql/valued_entries.sql does; an entry without grade or rate is worth 0.
-- The months before $end's come from the monthly totals the database keeps (data/models/time_totals.py); $end's
-- month, cut at $end, from its entries read one by one (macro valued_entries_of).
-- Parameters: $start (DATE: a month's first day), $end (DATE): entry days kept, both included; $since (DATE: the
--   first day of the entries read one by one, at most the first day of $end's month); $team_id (INTEGER or NULL:
--   only the entries of that team's members). A $start or $since out of those bounds fails the view.
-- Sources: time_month_totals, recent_entries, users, user_grades, grade_rates
-- Grain: one row per calendar month with chargeable time (month = its first day).
-- Units: minutes (minutes), cents (value_cents, HT).
WITH last_month AS (
    SELECT CASE WHEN dayofmonth($start::DATE) <> 1 THEN error('time_value_by_month: $start is not a first of month')
                WHEN $since IS NULL OR $since::DATE > date_trunc('month', $end::DATE)
                    THEN error('time_value_by_month: $since missing or after the first day of $end''s month')
                ELSE CAST(date_trunc('month', $end::DATE) AS DATE) END AS first
), pieces AS (
    SELECT t.month, t.user_id, t.minutes, t.value_cents
    FROM time_month_totals t, last_month l
    WHERE t.month >= $start::DATE AND t.month < l.first
    UNION ALL
    SELECT CAST(date_trunc('month', e.day) AS DATE), e.user_id, e.minutes, e.value_cents
    FROM valued_entries_of('recent_entries', greatest($start::DATE, CAST(date_trunc('month', $end::DATE) AS DATE))) e,
         last_month l
    WHERE l.first IS NOT NULL AND e.day <= $end::DATE
)
SELECT p.month, sum(p.minutes) AS minutes, sum(p.value_cents) AS value_cents
FROM pieces p JOIN users u ON u.id = p.user_id
WHERE $team_id IS NULL OR u.team_id = $team_id
GROUP BY ALL
ORDER BY p.month;
