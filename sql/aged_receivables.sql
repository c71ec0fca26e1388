-- Aged balance (balance âgée) on a day, per client: what each client still owes, by how late it is. Mirrors
-- domain/collections/aging.py (checked against it by tests/integration/test_dashboards.py): an issued invoice
-- counts once issued on or before the day; what remains is its amount due less the payments (not cancelled) and
-- the issued credit notes on it dated on or before the day; buckets by days past the due date (the issue date
-- when none): not yet due, 1-30, 31-60, 61-90, more than 90.
-- Parameters: $on (DATE).
-- Sources: invoices, payments, clients
-- Grain: one row per client owing something on $on, the largest balance first.
-- Units: cents (TTC): not_due_cents, late_30_cents, late_60_cents, late_90_cents, late_more_cents, total_cents.
WITH open_invoices AS (
    SELECT id, client_id, coalesce(due_date, issue_date) AS due_date, due_cents
    FROM invoices WHERE status = 'emise' AND kind = 'facture' AND issue_date <= $on::DATE
), reduced AS (
    SELECT invoice_id, sum(amount_cents) AS cents FROM payments WHERE paid_on <= $on::DATE GROUP BY ALL
    UNION ALL
    SELECT credited_invoice_id, sum(ttc_cents) FROM invoices
    WHERE status = 'emise' AND kind = 'avoir' AND issue_date <= $on::DATE AND credited_invoice_id IS NOT NULL
    GROUP BY ALL
), owed AS (
    SELECT o.client_id, $on::DATE - o.due_date AS days_late,
           o.due_cents - coalesce((SELECT sum(r.cents) FROM reduced r WHERE r.invoice_id = o.id), 0) AS cents
    FROM open_invoices o
)
SELECT w.client_id, c.name AS client_name,
       coalesce(sum(cents) FILTER (WHERE days_late <= 0), 0) AS not_due_cents,
       coalesce(sum(cents) FILTER (WHERE days_late BETWEEN 1 AND 30), 0) AS late_30_cents,
       coalesce(sum(cents) FILTER (WHERE days_late BETWEEN 31 AND 60), 0) AS late_60_cents,
       coalesce(sum(cents) FILTER (WHERE days_late BETWEEN 61 AND 90), 0) AS late_90_cents,
       coalesce(sum(cents) FILTER (WHERE days_late > 90), 0) AS late_more_cents,
       sum(cents) AS total_cents
FROM owed w JOIN clients c ON c.id = w.client_id
WHERE w.cents > 0
GROUP BY ALL
ORDER BY total_cents DESC, client_name;
