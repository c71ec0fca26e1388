-- Mission follow-up for managers: hours budgeted, estimated in the work programme and entered, overdue tasks,
-- and the days to the mission's next open statutory deadline.
-- Parameters: $today (DATE), $mission_ids (INTEGER[]: only these missions; empty: every mission).
-- Sources: missions, budget_hours, tasks, time_entries, deadlines
-- Grain: one row per mission.
-- Units: minutes (budget_minutes, estimated_minutes, actual_minutes); days (days_to_deadline: negative when the
--   deadline is overdue, NULL when the mission has no open deadline).
WITH chosen AS (
    SELECT id FROM missions WHERE len($mission_ids) = 0 OR list_contains($mission_ids, id)
), budget AS (
    SELECT mission_id, sum(minutes) AS minutes FROM budget_hours GROUP BY ALL
), programme AS (
    SELECT mission_id, sum(estimated_minutes) AS minutes,
           count(*) FILTER (WHERE due_on < $today AND status <> 'terminee') AS overdue_tasks
    FROM tasks GROUP BY ALL
), actual AS (
    SELECT mission_id, sum(minutes) AS minutes FROM time_entries WHERE mission_id IS NOT NULL GROUP BY ALL
), next_deadline AS (
    SELECT mission_id, arg_min(label, due_on) AS label, min(due_on) AS due_on
    FROM deadlines WHERE done_on IS NULL AND mission_id IS NOT NULL GROUP BY ALL
)
SELECT c.id AS mission_id, coalesce(b.minutes, 0) AS budget_minutes, coalesce(p.minutes, 0) AS estimated_minutes,
       coalesce(a.minutes, 0) AS actual_minutes, coalesce(p.overdue_tasks, 0) AS overdue_tasks,
       d.label AS next_deadline, d.due_on AS next_deadline_on, d.due_on - $today::DATE AS days_to_deadline
FROM chosen c
LEFT JOIN budget b ON b.mission_id = c.id
LEFT JOIN programme p ON p.mission_id = c.id
LEFT JOIN actual a ON a.mission_id = c.id
LEFT JOIN next_deadline d ON d.mission_id = c.id
ORDER BY c.id;
