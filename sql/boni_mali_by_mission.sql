-- Boni/mali per mission (DOMAIN.md §3): fees billed HT excluding disbursements (credit notes deducted), time
-- valued at the selling rate of each entry's day and grade, boni/mali = fees − time value, time at cost rate and
-- margin on cost, hours against budget. Missions not billed yet are en-cours (WIP): boni/mali NULL.
-- How an invoice's fees reach its missions, and the rounding: sql/_macros.sql (bm_allocated, boni_mali_missions).
-- Parameters: $year (INTEGER: fiscal years ending that year; 0: every year).
-- Sources: mission_boni_mali
-- Grain: one row per mission with chargeable time or an invoice allocated.
-- Units: cents (fees_cents, time_value_cents, time_cost_cents, boni_mali_cents, margin_cents, wip_cents,
--   budget_fee_cents); minutes (minutes, budget_minutes); fiscal_year is the year the fiscal year ends.
SELECT * FROM mission_boni_mali WHERE $year = 0 OR fiscal_year = $year
ORDER BY mission_id;
