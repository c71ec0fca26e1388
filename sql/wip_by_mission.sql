-- Work in progress (en-cours): chargeable time valued at selling rates and not yet billed, per mission.
-- Time-spent missions (temps passé): the billable entries no issued invoice bills yet (a draft does not bill).
-- Other missions (forfaits, unit-priced): all their billable time while no invoice of the mission is issued; once
-- the mission bills, its time is covered by the fees (DOMAIN.md §3.2: unbilled missions are WIP, not mali).
-- Each entry valued at the selling rate of its author's grade of the day in force on the day, half up per entry:
-- the database's time totals per mission and invoice (source mission_time) minus the entries dated after $today,
-- read one by one (macro valued_entries_of).
-- Parameters: $today (DATE: entries up to this day), $since (DATE: the first day of the entries read one by one; at
--   most the day after $today, else the view fails rather than count later time as WIP), $team_id (INTEGER or
--   NULL: only that team's missions), $limit (INTEGER or NULL: only the missions with the largest WIP, at most this many; NULL: all).
-- Sources: mission_time, recent_entries, user_grades, grade_rates, missions, clients, invoices
-- Grain: one row per mission with unbilled chargeable time, the largest WIP first; every row repeats the totals
--   over all those missions (total_wip_cents, missions), whatever $limit keeps.
-- Units: minutes (minutes), cents (wip_cents, HT), oldest_day (DATE: the oldest unbilled entry).
WITH checked AS (  -- joined to both pieces: fails whichever holds rows
    SELECT CASE WHEN $since IS NULL OR $since::DATE > $today::DATE + 1
                THEN error('wip_by_mission: $since missing or after $today + 1') END AS ok
), issued AS (
    SELECT id, mission_id FROM invoices WHERE status = 'emise' AND kind = 'facture'
), billed_missions AS (
    SELECT DISTINCT mission_id FROM issued WHERE mission_id IS NOT NULL
), pieces AS (  -- the time up to $today: the time totals minus the few entries dated later
    SELECT mission_id, nullif(invoice_key, 0) AS invoice_id, minutes, value_cents, first_day FROM mission_time, checked
    WHERE checked.ok IS NULL
    UNION ALL
    SELECT mission_id, invoice_id, -minutes, -value_cents, NULL
    FROM valued_entries_of('recent_entries', $today::DATE + 1), checked WHERE checked.ok IS NULL
), unbilled AS (  -- anti-joins rather than NOT IN
    SELECT p.*
    FROM pieces p
    JOIN missions m ON m.id = p.mission_id
    LEFT JOIN issued i ON i.id = p.invoice_id
    LEFT JOIN billed_missions b ON b.mission_id = m.id
    WHERE ($team_id IS NULL OR m.team_id = $team_id)
      AND CASE WHEN m.billing_mode = 'temps_passe' THEN i.id IS NULL ELSE b.mission_id IS NULL END
), by_mission AS (  -- a mission is listed when one of its unbilled entries is dated up to $today
    SELECT mission_id, sum(minutes) AS minutes, sum(value_cents) AS wip_cents,
           min(first_day) FILTER (WHERE first_day <= $today::DATE) AS oldest_day
    FROM unbilled GROUP BY ALL
    HAVING min(first_day) FILTER (WHERE first_day <= $today::DATE) IS NOT NULL
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
