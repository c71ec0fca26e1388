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
CREATE OR REPLACE TEMP MACRO task_weekly_load(window_start, window_end, hols) AS TABLE
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
CREATE OR REPLACE TEMP MACRO staff_daily_capacity(window_start, window_end, hols) AS TABLE
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

-- Boni/mali (DOMAIN.md §3). Mirrors domain/analytics/bonimali.py, checked by a parity test to the cent. The time,
-- valued per entry at the rate of its day and grade, comes from the database's time totals: per mission and
-- invoice (source mission_time) and, for the collaborators' shares, per person (sql/valued_time.sql).
-- Sources: mission_time, valued_time, users, invoices, invoice_lines, fee_schedules, billed_units, missions,
--   clients, mission_types, budget_hours
-- Units: cents, minutes.

-- bm_allocated(): one row per issued invoice or credit note × mission it is allocated to: its fees HT (lines of
-- kind honoraires and complementaire; débours excluded; a credit note negative). Which missions, in order:
--   1. the document's mission (a credit note without one: its credited invoice's);
--   2. else the items the invoice billed (a credit note: its credited invoice's): fee schedule instalments,
--      units, time entries at selling rate, weighted by their amounts;
--   3. else the client's missions whose fiscal year contains the invoice's issue date, weighted by their fee
--      (equal weights when none has a fee);
--   otherwise the fees stay unallocated (no row).
-- Shares are |fees| × weight ÷ total rounded down, the cents left over going to the lowest mission id.
CREATE OR REPLACE TEMP MACRO bm_allocated() AS TABLE
WITH issued AS (
    SELECT s.id, s.kind, coalesce(s.mission_id, b.mission_id) AS mission_id, b.id AS basis_id,
           b.client_id, b.issue_date
    FROM invoices s JOIN invoices b ON b.id = coalesce(s.credited_invoice_id, s.id)
    WHERE s.status = 'emise'
), fees AS (
    SELECT s.id, coalesce(sum(l.amount_cents) FILTER (WHERE l.kind <> 'debours'), 0)
                 * CASE WHEN s.kind = 'avoir' THEN -1 ELSE 1 END AS cents
    FROM issued s LEFT JOIN invoice_lines l ON l.invoice_id = s.id
    GROUP BY s.id, s.kind
), linked AS (
    SELECT invoice_id, mission_id, sum(weight) AS weight
    FROM (SELECT invoice_id, mission_id, amount_cents AS weight FROM fee_schedules
          UNION ALL SELECT invoice_id, mission_id, quantity * unit_price_cents FROM billed_units
          UNION ALL SELECT nullif(invoice_key, 0), mission_id, value_cents FROM mission_time)
    WHERE invoice_id IS NOT NULL AND mission_id IS NOT NULL
    GROUP BY ALL HAVING sum(weight) > 0
), covering AS (
    SELECT s.id AS doc_id, m.id AS mission_id, m.fee_cents
    FROM issued s JOIN missions m ON m.client_id = s.client_id
         AND s.issue_date BETWEEN m.fiscal_year_start AND m.fiscal_year_end
    WHERE s.mission_id IS NULL AND NOT EXISTS (SELECT 1 FROM linked w WHERE w.invoice_id = s.basis_id)
), targets AS (
    SELECT id AS doc_id, mission_id, 1 AS weight FROM issued WHERE mission_id IS NOT NULL
    UNION ALL
    SELECT s.id, w.mission_id, w.weight FROM issued s JOIN linked w ON w.invoice_id = s.basis_id
    WHERE s.mission_id IS NULL
    UNION ALL
    SELECT doc_id, mission_id,
           CASE WHEN max(fee_cents) OVER (PARTITION BY doc_id) > 0 THEN greatest(fee_cents, 0) ELSE 1 END
    FROM covering
), shares AS (
    SELECT t.doc_id, t.mission_id, f.cents,
           row_number() OVER (PARTITION BY t.doc_id ORDER BY t.mission_id) AS position,
           CAST(sign(f.cents) * (abs(f.cents)::HUGEINT * t.weight // sum(t.weight) OVER (PARTITION BY t.doc_id))
                AS BIGINT) AS base
    FROM targets t JOIN fees f ON f.id = t.doc_id
    WHERE t.weight > 0
)
SELECT s.doc_id, s.mission_id, i.kind,
       s.base + CASE WHEN s.position = 1 THEN s.cents - sum(s.base) OVER (PARTITION BY s.doc_id) ELSE 0 END AS cents
FROM shares s JOIN invoices i ON i.id = s.doc_id;

-- boni_mali_missions(for_year): one row per mission with chargeable time or an invoice allocated, of the
-- fiscal years ending in `for_year` (0: every year). A mission is compared on its own fiscal year: every
-- instalment of a monthly forfait counts against the whole year's time, whatever the calendar month. A mission
-- no invoice (with fees) was allocated to is en-cours (WIP): no boni/mali, its time value is `wip_cents`.
CREATE OR REPLACE TEMP MACRO boni_mali_missions(for_year) AS TABLE
WITH time_spent AS (
    SELECT mission_id, sum(minutes) AS minutes, sum(value_cents) AS value_cents, sum(cost_cents) AS cost_cents
    FROM mission_time GROUP BY ALL
), billed AS (
    SELECT mission_id, sum(cents) AS fees_cents, bool_or(kind = 'facture' AND cents <> 0) AS billed
    FROM bm_allocated() GROUP BY ALL
), budget AS (
    SELECT mission_id, sum(minutes) AS minutes FROM budget_hours GROUP BY ALL
), figures AS (
    SELECT m.id AS mission_id, m.label AS mission, m.client_id, c.name AS client, c.partner_id,
           m.manager_id, m.mission_type_id, m.fiscal_year_start, m.fiscal_year_end,
           year(m.fiscal_year_end) AS fiscal_year, m.billing_mode, m.fee_cents AS budget_fee_cents,
           coalesce(b.fees_cents, 0) AS fees_cents, coalesce(t.minutes, 0) AS minutes,
           coalesce(t.value_cents, 0) AS time_value_cents, coalesce(t.cost_cents, 0) AS time_cost_cents,
           coalesce(g.minutes, 0) AS budget_minutes, coalesce(b.billed, false) AS billed
    FROM missions m
    JOIN clients c ON c.id = m.client_id
    LEFT JOIN time_spent t ON t.mission_id = m.id
    LEFT JOIN billed b ON b.mission_id = m.id
    LEFT JOIN budget g ON g.mission_id = m.id
    WHERE (t.mission_id IS NOT NULL OR b.mission_id IS NOT NULL)
      AND (for_year = 0 OR year(m.fiscal_year_end) = for_year)
)
SELECT f.*, p.full_name AS partner, mg.full_name AS manager, mt.label AS mission_type,
       CASE WHEN f.billed THEN f.fees_cents - f.time_value_cents END AS boni_mali_cents,
       CASE WHEN f.billed THEN f.fees_cents - f.time_cost_cents END AS margin_cents,
       CASE WHEN f.billed THEN 0 ELSE f.time_value_cents END AS wip_cents
FROM figures f
LEFT JOIN users p ON p.id = f.partner_id
LEFT JOIN users mg ON mg.id = f.manager_id
LEFT JOIN mission_types mt ON mt.id = f.mission_type_id;

-- boni_mali_shares(for_year): one row per mission × person with chargeable time on it. A person's fees are
-- the mission's fees pro rata of their time value (of their minutes when the mission's time has no value),
-- rounded half up to the cent per person (the shares may differ from the mission's fees by a cent or so).
CREATE OR REPLACE TEMP MACRO boni_mali_shares(for_year) AS TABLE
WITH mine AS (
    SELECT mission_id, user_id, sum(minutes) AS minutes, sum(value_cents) AS value_cents,
           sum(cost_cents) AS cost_cents
    FROM valued_time GROUP BY ALL
), weighed AS (
    SELECT x.*, m.fees_cents, m.billed, m.fiscal_year,
           CASE WHEN m.time_value_cents > 0 THEN x.value_cents ELSE x.minutes END AS weight,
           CASE WHEN m.time_value_cents > 0 THEN m.time_value_cents ELSE m.minutes END AS total
    FROM mine x JOIN mission_boni_mali m ON m.mission_id = x.mission_id
    WHERE for_year = 0 OR m.fiscal_year = for_year
)
SELECT mission_id, user_id, fiscal_year, minutes, value_cents AS time_value_cents, cost_cents AS time_cost_cents,
       billed,
       CASE WHEN billed AND total > 0 THEN CAST(sign(fees_cents) * ((2 * abs(fees_cents)::HUGEINT * weight + total)
                                                                  // (2 * total)) AS BIGINT)
            WHEN billed THEN 0 END AS fees_cents
FROM weighed;

-- valued_entries_of(entries, from_day): the chargeable entries (billable, on a mission) of the table named
-- `entries` (time entries read one by one: `recent_entries` from the views' $since on, `mission_entries` of the
-- drill-down's mission) dated on or after from_day, each valued as the database's time totals value every entry
-- (migrations 0019-0020): selling and cost rates of the grade its author had on the day (user_grades, the first
-- row's before it) in force on the day, half up to the cent per entry. The views reading the totals (which hold
-- whole missions or months) add or take these off to cut at a day.
-- Sources: user_grades, grade_rates, and the table named
CREATE OR REPLACE TEMP MACRO valued_entries_of(entries, from_day) AS TABLE
SELECT e.mission_id, e.user_id, e.day, e.minutes, e.invoice_id,
       (e.minutes * coalesce(r.selling_rate_cents, 0) + 30) // 60 AS value_cents,
       (e.minutes * coalesce(r.cost_rate_cents, 0) + 30) // 60 AS cost_cents
FROM (SELECT t.*, coalesce(g.grade_id, f.grade_id) AS grade_id  -- user_grades.grade_id is never NULL
      FROM query_table(entries) t
      ASOF LEFT JOIN user_grades g ON g.user_id = t.user_id AND t.day >= g.effective_from
      LEFT JOIN (SELECT user_id, arg_min(grade_id, effective_from) AS grade_id FROM user_grades GROUP BY user_id) f
             ON f.user_id = t.user_id
      WHERE t.mission_id IS NOT NULL AND t.billable AND t.day >= from_day) e
ASOF LEFT JOIN grade_rates r ON r.grade_id = e.grade_id AND e.day >= r.effective_from;
