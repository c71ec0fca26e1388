-- Gantt (planning interactif): the dated tasks of every dossier whose planned range meets the period.
-- Parameters: $start (DATE), $end (DATE), $today (DATE: overdue means due before it and not done),
--   $team_id (INTEGER or NULL: tasks assigned to that team's members, or unassigned tasks of that team's
--   missions), $statuses (VARCHAR[]: task statuses kept; empty keeps all), $user_id (INTEGER or NULL: one person).
-- Sources: tasks, missions, clients, users, teams
-- Grain: one row per task, ordered by assignee, then planned start.
-- Units: minutes (estimated_minutes); dates.
SELECT t.id AS task_id, t.label, t.status, t.planned_start, t.planned_end, t.due_on, t.estimated_minutes,
       t.assignee_id, u.full_name AS assignee_name, coalesce(u.team_id, m.team_id) AS team_id, tm.name AS team_name,
       t.mission_id, m.label AS mission_label, m.status AS mission_status, m.client_id, c.name AS client_name,
       t.due_on IS NOT NULL AND t.due_on < $today AND t.status <> 'terminee' AS overdue,
       t.status = 'bloquee' AS blocked
FROM tasks t
JOIN missions m ON m.id = t.mission_id
JOIN clients c ON c.id = m.client_id
LEFT JOIN users u ON u.id = t.assignee_id
LEFT JOIN teams tm ON tm.id = coalesce(u.team_id, m.team_id)
WHERE t.planned_start IS NOT NULL AND t.planned_end IS NOT NULL
  AND t.planned_start <= $end::DATE AND t.planned_end >= $start::DATE
  AND ($team_id IS NULL OR u.team_id = $team_id OR (t.assignee_id IS NULL AND m.team_id = $team_id))
  AND (len($statuses) = 0 OR list_contains($statuses, t.status))
  AND ($user_id IS NULL OR t.assignee_id = $user_id)
ORDER BY lower(coalesce(u.full_name, '~')), t.planned_start, t.id;
