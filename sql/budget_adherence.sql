-- Budget adherence per open mission: hours entered against hours budgeted (Karbon/TaxDome's "budget adherence").
-- Open: not closed ('terminee') nor cancelled ('annulee'). Entered: every entry on the mission, any status.
-- Parameters: $team_id (INTEGER or NULL: only that team's missions); $user_id (INTEGER or NULL: only the missions
--   this person manages, has a task on or entered time on); $limit (INTEGER or NULL: at most this many missions,
--   the most consumed first; NULL: all).
-- Sources: missions, clients, budget_hours, time_entries, tasks
-- Grain: one row per open mission with a budget or entered time, the most consumed first; every row repeats the
--   totals over all those missions, whatever $limit keeps: missions, budgeted_minutes_total (budgets) and
--   actual_on_budgeted_minutes (hours entered on the missions that have a budget).
-- Units: minutes (budget_minutes, actual_minutes, own_minutes: the person's own when $user_id is given).
WITH budget AS (
    SELECT mission_id, sum(minutes) AS minutes FROM budget_hours GROUP BY ALL
), actual AS (
    SELECT mission_id, sum(minutes) AS minutes, coalesce(sum(minutes) FILTER (WHERE user_id = $user_id), 0) AS own
    FROM time_entries WHERE mission_id IS NOT NULL GROUP BY ALL
), involved AS (
    SELECT mission_id FROM tasks WHERE assignee_id = $user_id
    UNION SELECT mission_id FROM time_entries WHERE user_id = $user_id AND mission_id IS NOT NULL
), chosen AS (
    SELECT m.id AS mission_id, m.label AS mission_label, c.name AS client_name, m.team_id, m.manager_id, m.status,
           coalesce(b.minutes, 0) AS budget_minutes, coalesce(a.minutes, 0) AS actual_minutes,
           coalesce(a.own, 0) AS own_minutes
    FROM missions m
    JOIN clients c ON c.id = m.client_id
    LEFT JOIN budget b ON b.mission_id = m.id
    LEFT JOIN actual a ON a.mission_id = m.id
    WHERE m.status NOT IN ('terminee', 'annulee') AND (b.minutes > 0 OR a.minutes > 0)
      AND ($team_id IS NULL OR m.team_id = $team_id)
      AND ($user_id IS NULL OR m.manager_id = $user_id OR m.id IN (SELECT mission_id FROM involved))
), ranked AS (
    SELECT *, count(*) OVER () AS missions, sum(budget_minutes) OVER () AS budgeted_minutes_total,
           coalesce(sum(actual_minutes) FILTER (WHERE budget_minutes > 0) OVER (), 0) AS actual_on_budgeted_minutes,
           row_number() OVER (ORDER BY actual_minutes * 1.0 / nullif(budget_minutes, 0) DESC NULLS LAST,
                              mission_id) AS rank
    FROM chosen
)
SELECT * EXCLUDE (rank) FROM ranked WHERE $limit IS NULL OR rank <= $limit ORDER BY rank;
