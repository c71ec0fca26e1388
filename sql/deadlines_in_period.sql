-- Statutory deadlines for the dashboards: those due in the period (on-time rate) and those still open and due by
-- the horizon (at risk: overdue or due soon), with who follows them.
-- On time: done on or before the due day. A deadline is followed by its mission's manager, else its client's.
-- Parameters: $start (DATE), $end (DATE): due days of the period; $today (DATE); $horizon (DATE: open deadlines due up to this day
--   are listed too, overdue ones included); $team_id (INTEGER or NULL: only deadlines of that team's missions);
--   $user_id (INTEGER or NULL: only the deadlines this person follows or has a task on).
-- Sources: deadlines, clients, missions, task_assignees
-- Grain: one row per deadline, by due day.
-- Units: dates; days_late (INTEGER: days past due when done late, or still open on $today; 0 otherwise).
WITH mine AS (
    SELECT DISTINCT mission_id FROM task_assignees WHERE assignee_id = $user_id
)
SELECT d.id AS deadline_id, d.label, d.kind, d.due_on, d.done_on, c.name AS client_name, d.mission_id,
       coalesce(m.manager_id, c.manager_id) AS follower_id, m.team_id,
       d.due_on BETWEEN $start::DATE AND $end::DATE AS in_period,
       d.done_on IS NOT NULL AND d.done_on <= d.due_on AS on_time,
       greatest(0, coalesce(d.done_on, $today::DATE) - d.due_on) AS days_late
FROM deadlines d
JOIN clients c ON c.id = d.client_id
LEFT JOIN missions m ON m.id = d.mission_id
WHERE (d.due_on BETWEEN $start::DATE AND $end::DATE OR (d.done_on IS NULL AND d.due_on <= $horizon::DATE))
  AND ($team_id IS NULL OR m.team_id = $team_id)
  AND ($user_id IS NULL OR coalesce(m.manager_id, c.manager_id) = $user_id OR d.mission_id IN (SELECT mission_id FROM mine))
ORDER BY d.due_on, d.id;
