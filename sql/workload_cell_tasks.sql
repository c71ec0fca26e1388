-- The tasks behind one cell of the workload heat map: one person's planned load in one period (a week).
-- Parameters: $user_id (INTEGER), $start (DATE), $end (DATE), $holidays (DATE[], as for workload_by_person_week).
-- Sources: tasks, missions, clients, users, absences
-- Grain: one row per task loading that person in the period, the heaviest first.
-- Units: minutes (load_minutes: the task's share in the period; estimated_minutes: the whole task).
SELECT t.id AS task_id, t.label, t.mission_id, m.label AS mission_label, m.client_id, c.name AS client_name,
       t.planned_start, t.planned_end, t.due_on, t.status, t.estimated_minutes, sum(l.minutes) AS load_minutes
FROM task_weekly_load($start::DATE, $end::DATE, $holidays) AS l
JOIN tasks t ON t.id = l.task_id
JOIN missions m ON m.id = t.mission_id
JOIN clients c ON c.id = m.client_id
WHERE l.user_id = $user_id
GROUP BY ALL
ORDER BY load_minutes DESC, t.planned_start, t.id;
