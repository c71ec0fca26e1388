-- Derived table (data/analytics/sources.py DERIVED): the boni/mali of every mission of every fiscal year
-- (sql/_macros.sql `boni_mali_missions`), built once per load of what it reads. The boni/mali views filter and
-- roll it up (by year, client, partner…) instead of allocating every invoice and summing every entry again.
-- Parameters: none.
-- Sources: mission_time, users, invoices, invoice_lines, fee_schedules, billed_units, missions, clients, mission_types, budget_hours
-- Grain: one row per mission with chargeable time or an invoice allocated.
-- Units: as sql/boni_mali_by_mission.sql.
-- Sums are cast back to BIGINT: DuckDB sums into HUGEINT, which Arrow would carry as a decimal.
SELECT * REPLACE (CAST(fees_cents AS BIGINT) AS fees_cents,
                 CAST(minutes AS BIGINT) AS minutes,
                 CAST(time_value_cents AS BIGINT) AS time_value_cents,
                 CAST(time_cost_cents AS BIGINT) AS time_cost_cents,
                 CAST(budget_minutes AS BIGINT) AS budget_minutes,
                 CAST(boni_mali_cents AS BIGINT) AS boni_mali_cents,
                 CAST(margin_cents AS BIGINT) AS margin_cents,
                 CAST(wip_cents AS BIGINT) AS wip_cents)
FROM boni_mali_missions(0);
