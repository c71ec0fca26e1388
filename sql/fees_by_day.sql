-- Fees invoiced day by day (dashboards: fees of the month, year to date against last year, recurring revenue,
-- DSO). Issued documents only, by issue date; a credit note counts negatively on the day it is issued.
-- Fees: the lines HT that are not disbursements (débours are paid in the client's name, not the firm's revenue).
-- Recurring: the fee lines billed by the month (monthly forfait instalments, unit 'mois').
-- Parameters: $start (DATE), $end (DATE): issue dates kept, both included.
-- Sources: invoices, invoice_lines
-- Grain: one row per issue day of the period with at least one issued document (the page sums months and years).
-- Units: cents (fees_cents, recurring_cents: HT; ttc_cents: what the documents ask for, TTC).
WITH issued AS (
    SELECT id, issue_date AS day, ttc_cents,
           CASE WHEN kind = 'avoir' THEN -1 ELSE 1 END AS sign
    FROM invoices
    WHERE status = 'emise' AND issue_date BETWEEN $start::DATE AND $end::DATE
), lines AS (
    SELECT i.day, sum(i.sign * l.amount_cents) FILTER (WHERE l.kind <> 'debours') AS fees,
           sum(i.sign * l.amount_cents) FILTER (WHERE l.kind = 'honoraires' AND l.unit = 'mois') AS recurring
    FROM issued i JOIN invoice_lines l ON l.invoice_id = i.id
    GROUP BY ALL
), documents AS (
    SELECT day, sum(sign * ttc_cents) AS ttc, count(*) AS documents FROM issued GROUP BY ALL
)
SELECT d.day, coalesce(l.fees, 0) AS fees_cents, coalesce(l.recurring, 0) AS recurring_cents,
       d.ttc AS ttc_cents, d.documents
FROM documents d LEFT JOIN lines l ON l.day = d.day
ORDER BY d.day;
