-- Workload heat map: what each active staff member can work and is planned to work, week by week.
-- Parameters: $start (DATE, a Monday), $end (DATE, the last Sunday), $holidays (DATE[], public holidays covering
--   the tasks' planned ranges), $team_id (INTEGER or NULL: only that team's members), $user_ids (INTEGER[]: only
--   these people; empty: everyone).
-- Sources: tasks, users, absences
-- Grain: one row per active staff member × ISO week of the period (weeks without load or capacity included).
-- Units: minutes (capacity_minutes, load_minutes); week is the Monday.
WITH weeks AS (
    SELECT CAST(g.d AS DATE) AS week FROM generate_series($start::DATE, $end::DATE, INTERVAL 7 DAY) AS g(d)
), people AS (
    SELECT id AS user_id, full_name, team_id, weekly_minutes
    FROM users
    WHERE role <> 'client' AND is_active AND ($team_id IS NULL OR team_id = $team_id)
      AND (len($user_ids) = 0 OR list_contains($user_ids, id))
), capacity AS (
    SELECT user_id, CAST(date_trunc('week', day) AS DATE) AS week, sum(minutes) AS minutes
    FROM staff_daily_capacity($start::DATE, $end::DATE, $holidays)
    GROUP BY ALL
), load AS (
    SELECT user_id, week, sum(minutes) AS minutes, count(DISTINCT task_id) AS tasks
    FROM task_weekly_load($start::DATE, $end::DATE, $holidays)
    GROUP BY ALL
)
SELECT p.user_id, p.full_name, p.team_id, p.weekly_minutes, w.week,
       coalesce(c.minutes, 0) AS capacity_minutes, coalesce(l.minutes, 0) AS load_minutes,
       coalesce(l.tasks, 0) AS tasks
FROM people p CROSS JOIN weeks w
LEFT JOIN capacity c ON c.user_id = p.user_id AND c.week = w.week
LEFT JOIN load l ON l.user_id = p.user_id AND l.week = w.week
ORDER BY lower(p.full_name), p.user_id, w.week;
