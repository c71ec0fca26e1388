-- Macros shared by the planning views (a view gets those it calls, and those they call, in this file's order).
-- Sources: tasks, users, absences
-- Working day: Monday to Friday and not in `hols` (the public holidays, the firm's Alsace-Moselle option applied).
-- Units: minutes, days.

-- task_weekly_load(window_start, window_end, hols): one row per open task × week (its Monday) of the window in
-- which it loads its assignee. A task's estimated minutes are spread evenly over the working days of its whole
-- planned range (integer minutes, the remainder on the first days); a range without any working day is spread
-- over its calendar days. Done tasks, unassigned or undated tasks and tasks without estimate load nobody.
-- Computed by counting days, not by listing them per task (a task planned over six months costs one row per week
-- met): `calendar` numbers the working days once, so "working days in [a, b]" is before(b + 1) - before(a).
-- Mirrors domain/planning/load.py `spread`, checked by a parity test.
CREATE OR REPLACE MACRO task_weekly_load(window_start, window_end, hols) AS TABLE
WITH open_tasks AS (
    SELECT id AS task_id, assignee_id AS user_id, planned_start, planned_end, estimated_minutes,
           planned_end - planned_start + 1 AS calendar_days
    FROM tasks
    WHERE status <> 'terminee' AND assignee_id IS NOT NULL AND estimated_minutes > 0
      AND planned_start IS NOT NULL AND planned_end IS NOT NULL AND planned_start <= planned_end
      AND planned_start <= window_end AND planned_end >= window_start
), calendar AS (  -- every day the tasks span (and the day after), with the working days strictly before it
    SELECT day, count(*) FILTER (WHERE working) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS before
    FROM (SELECT CAST(g.d AS DATE) AS day,
                 isodow(CAST(g.d AS DATE)) <= 5 AND NOT list_contains(hols, CAST(g.d AS DATE)) AS working
          FROM (SELECT min(planned_start) AS first, max(planned_end) + 1 AS last FROM open_tasks) AS span,
               generate_series(span.first, span.last, INTERVAL 1 DAY) AS g(d))
), weeks AS (
    SELECT CAST(g.d AS DATE) AS week
    FROM generate_series(CAST(date_trunc('week', CAST(window_start AS DATE)) AS DATE), CAST(window_end AS DATE),
                         INTERVAL 7 DAY) AS g(d)
), pieces AS (  -- the part of each task inside one week of the window
    SELECT o.*, w.week, greatest(o.planned_start, w.week, CAST(window_start AS DATE)) AS first_day,
           least(o.planned_end, w.week + 6, CAST(window_end AS DATE)) AS last_day
    FROM open_tasks o JOIN weeks w ON w.week <= o.planned_end AND w.week + 6 >= o.planned_start
), counted AS (  -- `done`: the task's loading days before the piece; `days`: those inside it
    SELECT p.task_id, p.user_id, p.week, p.estimated_minutes, p.calendar_days,
           e.before - s.before AS working_days,
           f.before - s.before AS working_done, l.before - f.before AS working_in,
           p.first_day - p.planned_start AS calendar_done, p.last_day - p.first_day + 1 AS calendar_in
    FROM pieces p
    JOIN calendar s ON s.day = p.planned_start
    JOIN calendar e ON e.day = p.planned_end + 1
    JOIN calendar f ON f.day = p.first_day
    JOIN calendar l ON l.day = p.last_day + 1
    WHERE p.first_day <= p.last_day
), spread AS (
    SELECT task_id, user_id, week, estimated_minutes,
           CASE WHEN working_days > 0 THEN working_days ELSE calendar_days END AS spread_over,
           CASE WHEN working_days > 0 THEN working_done ELSE calendar_done END AS done,
           CASE WHEN working_days > 0 THEN working_in ELSE calendar_in END AS days
    FROM counted
)
SELECT task_id, user_id, week,
       (estimated_minutes // spread_over) * days
       + greatest(0, least(done + days, estimated_minutes % spread_over) - done) AS minutes
FROM spread
WHERE days > 0;

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
