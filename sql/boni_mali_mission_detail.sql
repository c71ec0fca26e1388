-- What lies behind one mission's boni/mali (drill-down): its chargeable time entries valued at the selling rate
-- of their day, and the invoices and credit notes whose fees were allocated to it (sql/_macros.sql).
-- Parameters: $mission_id (INTEGER).
-- Sources: valued_entries, mission_time, users, invoices, invoice_lines, fee_schedules, billed_units, missions
-- Grain: one row per time entry (source 'temps') or per invoice or credit note allocated (source 'facture').
-- Units: cents (value_cents: the entry's value, or the fees allocated, negative for a credit note); minutes.
SELECT 'temps' AS source, e.day, u.full_name AS label, e.minutes, e.value_cents, CAST(NULL AS VARCHAR) AS number
FROM valued_entries e JOIN users u ON u.id = e.user_id
WHERE e.mission_id = $mission_id
UNION ALL
SELECT 'facture', i.issue_date, CASE WHEN i.kind = 'avoir' THEN 'Avoir' ELSE 'Facture' END, NULL, a.cents, i.number
FROM bm_allocated() a JOIN invoices i ON i.id = a.doc_id
WHERE a.mission_id = $mission_id
ORDER BY source DESC, day, label;
