-- Derived table (data/analytics/sources.py DERIVED): every chargeable time entry (billable) of ONE mission (the
-- drill-down's $mission_id: source mission_entries, read for that mission only) with its
-- value at the selling rate and at the cost rate of the grade its author had on the entry's day (user_grades: the
-- latest row in force that day, the first row's grade for a day before it; no history: no grade), in force on that
-- day (0 without a grade or rate), each rounded half up to the cent as domain/timesheets/queries.py `value_cents`
-- does (domain/firm/model.py `grade_on` is the rule), as the database's time totals value them (migration 0020).
-- Built again when another mission is asked for; the other views read the totals (sql/valued_time.sql).
-- Parameters: none (the source is read by the view's $mission_id).
-- Sources: mission_entries, user_grades, grade_rates
-- Grain: one row per chargeable time entry.
-- Units: cents (value_cents, cost_cents); minutes.
SELECT e.mission_id, e.user_id, e.day, e.minutes, e.invoice_id,
       (e.minutes * coalesce(r.selling_rate_cents, 0) + 30) // 60 AS value_cents,
       (e.minutes * coalesce(r.cost_rate_cents, 0) + 30) // 60 AS cost_cents
FROM (SELECT t.*, coalesce(g.grade_id, f.grade_id) AS grade_id  -- user_grades.grade_id is never NULL
      FROM mission_entries t
      ASOF LEFT JOIN user_grades g ON g.user_id = t.user_id AND t.day >= g.effective_from
      LEFT JOIN (SELECT user_id, arg_min(grade_id, effective_from) AS grade_id FROM user_grades GROUP BY user_id) f
             ON f.user_id = t.user_id
      WHERE t.mission_id IS NOT NULL AND t.billable) e
ASOF LEFT JOIN grade_rates r ON r.grade_id = e.grade_id AND e.day >= r.effective_from;
