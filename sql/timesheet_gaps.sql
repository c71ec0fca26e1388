-- Time not yet entered or not yet approved, per person and week: the weeks of the period where a staff member
-- entered less than their capacity, or whose timesheet is not approved ('validee').
-- Capacity as in chargeability_by_person.sql (macro staff_daily_capacity); a week without timesheet row is a draft.
-- Parameters: $start (DATE, a Monday), $end (DATE, a Sunday: only finished weeks make sense); $holidays (DATE[]);
--   $team_id (INTEGER or NULL: only that team's members); $user_id (INTEGER or NULL: only that person).
-- Sources: users, absences, time_entries, timesheets
-- Grain: one row per staff member × week (its Monday) with missing time or not approved, by name then week.
-- Units: minutes (capacity_minutes, entered_minutes, missing_minutes); status: the timesheet status.
WITH people AS (
    SELECT id AS user_id, full_name, team_id FROM users
    WHERE role <> 'client' AND is_active AND ($team_id IS NULL OR team_id = $team_id)
      AND ($user_id IS NULL OR id = $user_id)
), capacity AS (
    SELECT user_id, CAST(date_trunc('week', day) AS DATE) AS week, sum(minutes) AS minutes
    FROM staff_daily_capacity($start::DATE, $end::DATE, $holidays) GROUP BY ALL
), entered AS (
    SELECT user_id, CAST(date_trunc('week', day) AS DATE) AS week, sum(minutes) AS minutes
    FROM time_entries WHERE day BETWEEN $start::DATE AND $end::DATE GROUP BY ALL
), weeks AS (
    SELECT p.*, c.week, c.minutes AS capacity, coalesce(e.minutes, 0) AS entered,
           coalesce(s.status, 'brouillon') AS status
    FROM people p
    JOIN capacity c ON c.user_id = p.user_id
    LEFT JOIN entered e ON e.user_id = p.user_id AND e.week = c.week
    LEFT JOIN timesheets s ON s.user_id = p.user_id AND s.week_start = c.week
)
SELECT user_id, full_name, team_id, week, capacity AS capacity_minutes, entered AS entered_minutes,
       greatest(0, capacity - entered) AS missing_minutes, status
FROM weeks
WHERE entered < capacity OR status <> 'validee'
ORDER BY lower(full_name), user_id, week;
