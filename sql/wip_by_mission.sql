-- Work in progress (en-cours): chargeable time valued at selling rates and not yet billed, per mission.
-- Time-spent missions (temps passé): the billable entries no issued invoice bills yet (a draft does not bill).
-- Other missions (forfaits, unit-priced): all their billable time while no invoice of the mission is issued; once
-- the mission bills, its time is covered by the fees (DOMAIN.md §3.2: unbilled missions are WIP, not mali).
-- Valuation as in time_value_by_month.sql (author's grade, rate in force on the day, half up per entry).
-- Parameters: $today (DATE: entries up to this day), $team_id (INTEGER or NULL: only that team's missions).
-- Sources: time_entries, users, grade_rates, missions, clients, invoices
-- Grain: one row per mission with unbilled chargeable time, the largest WIP first.
-- Units: minutes (minutes), cents (wip_cents, HT), oldest_day (DATE: the oldest unbilled entry).
WITH issued AS (
    SELECT id, mission_id FROM invoices WHERE status = 'emise' AND kind = 'facture'
), billed_missions AS (
    SELECT DISTINCT mission_id FROM issued WHERE mission_id IS NOT NULL
), unbilled AS (
    SELECT t.id, t.day, t.minutes, t.mission_id, u.grade_id
    FROM time_entries t
    JOIN users u ON u.id = t.user_id
    JOIN missions m ON m.id = t.mission_id
    WHERE t.billable AND t.day <= $today::DATE AND ($team_id IS NULL OR m.team_id = $team_id)
      AND CASE WHEN m.billing_mode = 'temps_passe' THEN t.invoice_id IS NULL OR t.invoice_id NOT IN (SELECT id FROM issued)
               ELSE m.id NOT IN (SELECT mission_id FROM billed_missions) END
), valued AS (
    SELECT e.id, e.day, e.minutes, e.mission_id,
           coalesce((e.minutes * arg_max(r.selling_rate_cents, r.effective_from) * 2 + 60) // 120, 0) AS cents
    FROM unbilled e LEFT JOIN grade_rates r ON r.grade_id = e.grade_id AND r.effective_from <= e.day
    GROUP BY e.id, e.day, e.minutes, e.mission_id
)
SELECT m.id AS mission_id, m.label AS mission_label, c.name AS client_name, m.team_id, m.manager_id,
       m.billing_mode, sum(v.minutes) AS minutes, sum(v.cents) AS wip_cents, min(v.day) AS oldest_day
FROM valued v JOIN missions m ON m.id = v.mission_id JOIN clients c ON c.id = m.client_id
GROUP BY ALL
ORDER BY wip_cents DESC, m.id;
