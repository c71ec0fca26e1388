-- Table macros shared by the planning views (loaded before each view runs).
-- Sources: tasks, users, absences
-- Working day: Monday to Friday and not in `hols` (the public holidays, the firm's Alsace-Moselle option applied).
-- Units: minutes.

-- task_daily_load(window_start, window_end, hols): one row per open task × day of the window on which it loads
-- its assignee. A task's estimated minutes are spread evenly over the working days of its whole planned range
-- (integer minutes, the remainder on the first days); a range without any working day is spread over its
-- calendar days. Done tasks, unassigned or undated tasks and tasks without estimate load nobody.
-- Mirrors domain/planning/load.py `spread`, checked by a parity test.
CREATE OR REPLACE MACRO task_daily_load(window_start, window_end, hols) AS TABLE
WITH open_tasks AS (
    SELECT id AS task_id, assignee_id AS user_id, planned_start, planned_end, estimated_minutes
    FROM tasks
    WHERE status <> 'terminee' AND assignee_id IS NOT NULL AND estimated_minutes > 0
      AND planned_start IS NOT NULL AND planned_end IS NOT NULL AND planned_start <= planned_end
      AND planned_start <= window_end AND planned_end >= window_start
), task_days AS (
    SELECT o.*, CAST(g.d AS DATE) AS day,
           isodow(CAST(g.d AS DATE)) <= 5 AND NOT list_contains(hols, CAST(g.d AS DATE)) AS working
    FROM open_tasks o, LATERAL generate_series(o.planned_start, o.planned_end, INTERVAL 1 DAY) AS g(d)
), counted AS (
    SELECT *, count(*) FILTER (WHERE working) OVER (PARTITION BY task_id) AS working_days,
           count(*) OVER (PARTITION BY task_id) AS calendar_days
    FROM task_days
), loading_days AS (
    SELECT *, CASE WHEN working_days > 0 THEN working_days ELSE calendar_days END AS spread_over
    FROM counted
    WHERE working OR working_days = 0
), spread AS (
    SELECT task_id, user_id, day,
           estimated_minutes // spread_over
           + CASE WHEN row_number() OVER (PARTITION BY task_id ORDER BY day) <= estimated_minutes % spread_over
                  THEN 1 ELSE 0 END AS minutes
    FROM loading_days
)
SELECT task_id, user_id, day, minutes FROM spread WHERE day BETWEEN window_start AND window_end;

-- staff_daily_capacity(window_start, window_end, hols): one row per active staff member × working day of the
-- window: a fifth of the contract's weekly minutes, nothing on a full-day absence, half on a half-day one.
-- Mirrors domain/workload/rules.py `daily_capacity`.
CREATE OR REPLACE MACRO staff_daily_capacity(window_start, window_end, hols) AS TABLE
WITH working AS (
    SELECT CAST(g.d AS DATE) AS day
    FROM generate_series(CAST(window_start AS DATE), CAST(window_end AS DATE), INTERVAL 1 DAY) AS g(d)
    WHERE isodow(CAST(g.d AS DATE)) <= 5 AND NOT list_contains(hols, CAST(g.d AS DATE))
), staff AS (
    SELECT id AS user_id, weekly_minutes // 5 AS full_day FROM users WHERE role <> 'client' AND is_active
), off AS (
    SELECT s.user_id, w.day, bool_or(NOT a.half_day) AS whole_day
    FROM staff s JOIN absences a ON a.user_id = s.user_id
    JOIN working w ON w.day BETWEEN a.first_day AND a.last_day
    GROUP BY s.user_id, w.day
)
SELECT s.user_id, w.day,
       CASE WHEN o.whole_day THEN 0 WHEN o.whole_day = false THEN s.full_day // 2 ELSE s.full_day END AS minutes
FROM staff s CROSS JOIN working w
LEFT JOIN off o ON o.user_id = s.user_id AND o.day = w.day;
