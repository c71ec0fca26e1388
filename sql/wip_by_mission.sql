-- Work in progress (en-cours): chargeable time valued at selling rates and not yet billed, per mission.
-- Time-spent missions (temps passé): the billable entries no issued invoice bills yet (a draft does not bill).
-- Other missions (forfaits, unit-priced): all their billable time while no invoice of the mission is issued; once
-- the mission bills, its time is covered by the fees (DOMAIN.md §3.2: unbilled missions are WIP, not mali).
-- Valuation as in time_value_by_month.sql (author's grade, rate in force on the day, half up per entry).
-- Parameters: $today (DATE: entries up to this day), $team_id (INTEGER or NULL: only that team's missions),
--   $limit (INTEGER or NULL: only the missions with the largest WIP, at most this many; NULL: all).
-- Sources: time_entries, users, grade_rates, missions, clients, invoices
-- Grain: one row per mission with unbilled chargeable time, the largest WIP first; every row repeats the totals
--   over all those missions (total_wip_cents, missions), whatever $limit keeps.
-- Units: minutes (minutes), cents (wip_cents, HT), oldest_day (DATE: the oldest unbilled entry).
WITH issued AS (
    SELECT id, mission_id FROM invoices WHERE status = 'emise' AND kind = 'facture'
), billed_missions AS (
    SELECT DISTINCT mission_id FROM issued WHERE mission_id IS NOT NULL
), unbilled AS (  -- anti-joins rather than NOT IN: millions of entries on a large firm
    SELECT t.day, t.minutes, t.mission_id, u.grade_id
    FROM time_entries t
    JOIN users u ON u.id = t.user_id
    JOIN missions m ON m.id = t.mission_id
    LEFT JOIN issued i ON i.id = t.invoice_id
    LEFT JOIN billed_missions b ON b.mission_id = m.id
    WHERE t.billable AND t.day <= $today::DATE AND ($team_id IS NULL OR m.team_id = $team_id)
      AND CASE WHEN m.billing_mode = 'temps_passe' THEN i.id IS NULL ELSE b.mission_id IS NULL END
), valued AS (  -- ASOF: the latest rate of the grade effective on or before the entry's day
    SELECT e.day, e.minutes, e.mission_id, (e.minutes * coalesce(r.selling_rate_cents, 0) + 30) // 60 AS cents
    FROM unbilled e ASOF LEFT JOIN grade_rates r ON r.grade_id = e.grade_id AND e.day >= r.effective_from
), by_mission AS (
    SELECT mission_id, sum(minutes) AS minutes, sum(cents) AS wip_cents, min(day) AS oldest_day
    FROM valued GROUP BY ALL
), ranked AS (
    SELECT *, sum(wip_cents) OVER () AS total_wip_cents, count(*) OVER () AS missions,
           row_number() OVER (ORDER BY wip_cents DESC, mission_id) AS rank
    FROM by_mission
)
SELECT m.id AS mission_id, m.label AS mission_label, c.name AS client_name, m.team_id, m.manager_id,
       m.billing_mode, k.minutes, k.wip_cents, k.oldest_day, k.total_wip_cents, k.missions
FROM ranked k JOIN missions m ON m.id = k.mission_id JOIN clients c ON c.id = m.client_id
WHERE $limit IS NULL OR k.rank <= $limit
ORDER BY k.rank;
