-- Chargeability (taux de chargeabilité) of each active staff member over a period: chargeable hours ÷ available
-- hours. Available: the workload capacity (a fifth of the weekly contract per working day, nothing on a full-day
-- absence, half on a half-day one, public holidays excluded: macro staff_daily_capacity). Chargeable: billable
-- entries on a client's mission. Entered: every entry, internal time included.
-- Parameters: $start (DATE), $end (DATE): both included; $holidays (DATE[]: public holidays of the period);
--   $team_id (INTEGER or NULL: only that team's members).
-- Sources: users, absences, time_entries, teams
-- Grain: one row per active staff member, by name.
-- Units: minutes (available_minutes, entered_minutes, chargeable_minutes).
WITH people AS (
    SELECT id AS user_id, full_name, team_id FROM users
    WHERE role <> 'client' AND is_active AND ($team_id IS NULL OR team_id = $team_id)
), capacity AS (
    SELECT user_id, sum(minutes) AS minutes FROM staff_daily_capacity($start::DATE, $end::DATE, $holidays) GROUP BY ALL
), entered AS (
    SELECT user_id, sum(minutes) AS minutes,
           coalesce(sum(minutes) FILTER (WHERE billable AND mission_id IS NOT NULL), 0) AS chargeable
    FROM time_entries WHERE day BETWEEN $start::DATE AND $end::DATE GROUP BY ALL
)
SELECT p.user_id, p.full_name, p.team_id, t.name AS team_name, coalesce(c.minutes, 0) AS available_minutes,
       coalesce(e.minutes, 0) AS entered_minutes, coalesce(e.chargeable, 0) AS chargeable_minutes
FROM people p
LEFT JOIN teams t ON t.id = p.team_id
LEFT JOIN capacity c ON c.user_id = p.user_id
LEFT JOIN entered e ON e.user_id = p.user_id
ORDER BY lower(p.full_name), p.user_id;
