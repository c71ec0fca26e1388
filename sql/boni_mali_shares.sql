-- Boni/mali of each person on each mission: the mission's fees pro rata of their time value (drill-down from a
-- mission to the people behind it; the collaborator roll-up adds these rows up).
-- Parameters: $year (INTEGER: fiscal years ending that year; 0: every year), $mission_ids (INTEGER[]: only
--   these missions; empty: every mission).
-- Sources: mission_boni_mali, valued_time, users
-- Grain: one row per mission × person with chargeable time on it.
-- Units: cents (fees_cents, time_value_cents, time_cost_cents; fees_cents NULL while the mission is en-cours);
--   minutes.
SELECT s.*, u.full_name AS collaborator
FROM boni_mali_shares($year) s
JOIN users u ON u.id = s.user_id
WHERE len($mission_ids) = 0 OR list_contains($mission_ids, s.mission_id)
ORDER BY s.mission_id, s.user_id;
