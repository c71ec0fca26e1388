-- One person's hours week by week (collaborator dashboard): chargeable and internal time against capacity.
-- Chargeable: billable entries on a client's mission; internal: everything else (training, admin, non-billable).
-- Parameters: $user_id (INTEGER); $start (DATE, a Monday), $end (DATE); $holidays (DATE[]).
-- Sources: users, absences, time_entries
-- Grain: one row per week (its Monday) of the period, weeks without entries included.
-- Units: minutes (chargeable_minutes, internal_minutes, capacity_minutes).
WITH weeks AS (
    SELECT CAST(g.d AS DATE) AS week FROM generate_series($start::DATE, $end::DATE, INTERVAL 7 DAY) AS g(d)
), capacity AS (
    SELECT CAST(date_trunc('week', day) AS DATE) AS week, sum(minutes) AS minutes
    FROM staff_daily_capacity($start::DATE, $end::DATE, $holidays) WHERE user_id = $user_id GROUP BY ALL
), entered AS (
    SELECT CAST(date_trunc('week', day) AS DATE) AS week,
           coalesce(sum(minutes) FILTER (WHERE billable AND mission_id IS NOT NULL), 0) AS chargeable,
           coalesce(sum(minutes) FILTER (WHERE NOT billable OR mission_id IS NULL), 0) AS internal
    FROM time_entries WHERE user_id = $user_id AND day BETWEEN $start::DATE AND $end::DATE GROUP BY ALL
)
SELECT w.week, coalesce(e.chargeable, 0) AS chargeable_minutes, coalesce(e.internal, 0) AS internal_minutes,
       coalesce(c.minutes, 0) AS capacity_minutes
FROM weeks w LEFT JOIN entered e ON e.week = w.week LEFT JOIN capacity c ON c.week = w.week
ORDER BY w.week;
