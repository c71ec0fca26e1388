-- Boni/mali per collaborator: each person's share of the fees of the missions they worked on, pro rata of their
-- time value on each (sql/_macros.sql boni_mali_shares), against that time value. Time on missions not billed
-- yet is en-cours (wip_cents) and stays out of boni/mali.
-- Parameters: $year (INTEGER: fiscal years ending that year; 0: every year).
-- Sources: mission_boni_mali, valued_time, users
-- Grain: one row per person with chargeable time on a mission of those years.
-- Units: cents (fees_cents, time_value_cents, billed_value_cents, time_cost_cents, boni_mali_cents,
--   margin_cents, wip_cents); minutes; missions: count.
SELECT s.user_id AS key, u.full_name AS label, count(*) AS missions,
       coalesce(sum(s.fees_cents), 0) AS fees_cents, sum(s.time_value_cents) AS time_value_cents,
       coalesce(sum(s.time_value_cents) FILTER (WHERE s.billed), 0) AS billed_value_cents,
       sum(s.time_cost_cents) AS time_cost_cents,
       coalesce(sum(s.fees_cents - s.time_value_cents) FILTER (WHERE s.billed), 0) AS boni_mali_cents,
       coalesce(sum(s.fees_cents - s.time_cost_cents) FILTER (WHERE s.billed), 0) AS margin_cents,
       coalesce(sum(s.time_value_cents) FILTER (WHERE NOT s.billed), 0) AS wip_cents, sum(s.minutes) AS minutes
FROM boni_mali_shares($year) s
JOIN users u ON u.id = s.user_id
GROUP BY s.user_id, u.full_name
ORDER BY boni_mali_cents, key;
