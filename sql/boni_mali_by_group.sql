-- Boni/mali rolled up from the missions by client, fiscal year, mission type, partner (the client's), manager
-- (the mission's) or for the whole firm. Boni/mali and margin add up the billed missions only; the time of
-- missions not billed yet is en-cours (wip_cents), so realisation = fees ÷ time value of the billed missions.
-- Parameters: $by (VARCHAR: client | fiscal_year | mission_type | partner | manager | firm),
--   $year (INTEGER: fiscal years ending that year; 0: every year).
-- Sources: mission_boni_mali
-- Grain: one row per value of the $by key (NULL key: missions without partner, manager or type).
-- Units: cents (fees_cents, time_value_cents, billed_value_cents, time_cost_cents, boni_mali_cents,
--   margin_cents, wip_cents); minutes (minutes, budget_minutes); missions, wip_missions: counts.
WITH keyed AS (
    SELECT *, CASE $by WHEN 'client' THEN client_id WHEN 'fiscal_year' THEN fiscal_year
                       WHEN 'mission_type' THEN mission_type_id WHEN 'partner' THEN partner_id
                       WHEN 'manager' THEN manager_id ELSE 0 END AS key,
              CASE $by WHEN 'client' THEN client WHEN 'fiscal_year' THEN CAST(fiscal_year AS VARCHAR)
                       WHEN 'mission_type' THEN coalesce(mission_type, 'Sans type de mission')
                       WHEN 'partner' THEN coalesce(partner, 'Sans associé')
                       WHEN 'manager' THEN coalesce(manager, 'Sans responsable') ELSE 'Cabinet' END AS label
    FROM mission_boni_mali WHERE $year = 0 OR fiscal_year = $year
)
SELECT key, min(label) AS label, count(*) AS missions, count(*) FILTER (WHERE NOT billed) AS wip_missions,
       sum(fees_cents) AS fees_cents, sum(time_value_cents) AS time_value_cents,
       coalesce(sum(time_value_cents) FILTER (WHERE billed), 0) AS billed_value_cents,
       sum(time_cost_cents) AS time_cost_cents,
       coalesce(sum(boni_mali_cents), 0) AS boni_mali_cents, coalesce(sum(margin_cents), 0) AS margin_cents,
       sum(wip_cents) AS wip_cents, sum(minutes) AS minutes, sum(budget_minutes) AS budget_minutes
FROM keyed
GROUP BY key
ORDER BY boni_mali_cents, key;
