-- LCB-FT status of the client base for the "Tableau de bord LCB-FT": for each active client, its current (latest
-- validated) assessment and level, whether one is waiting for validation, its review state and the identity
-- evidence still missing (the rules of domain/compliance: beneficial owners over 25 % of capital or votes, directly
-- or through an intermediate company, or controlling by other means, else the legal representatives; a valid
-- document is not expired, and a registry extract was less than 3 months old when received).
-- Parameters: $today (DATE); $soon (DATE: reviews due up to this day are "à prévoir").
-- Sources: clients, assessments, review_flags, evidence, parties, holdings
-- Grain: one row per client not archived, by client name.
-- Units: dates; open_flags, missing_ids (INTEGER counts); booleans for the states.
WITH current_assessment AS (
    SELECT client_id, arg_max(id, id) AS id, arg_max(level, id) AS level, arg_max(validated_on, id) AS validated_on,
           arg_max(next_review_on, id) AS next_review_on
    FROM assessments WHERE status = 'validee' GROUP BY client_id
), pending AS (  -- the latest assessment not validated yet, newer than the current one
    SELECT a.client_id, arg_max(a.status, a.id) AS pending_status
    FROM assessments a LEFT JOIN current_assessment c ON c.client_id = a.client_id
    WHERE a.status <> 'validee' AND (c.id IS NULL OR a.id > c.id)
    GROUP BY a.client_id
), flags AS (
    SELECT client_id, count(*) AS open_flags, min(due_on) AS first_flag_due
    FROM review_flags WHERE cleared_on IS NULL GROUP BY client_id
), party_totals AS (
    SELECT p.id, p.client_id, p.legal_representative, p.other_control,
           CAST(p.capital AS DECIMAL(9, 2))
             + coalesce(sum(CAST(h.share_in_via AS DECIMAL(9, 2)) * CAST(h.via_capital AS DECIMAL(9, 2)) / 100), 0)
             AS capital,
           CAST(p.votes AS DECIMAL(9, 2))
             + coalesce(sum(CAST(h.share_in_via AS DECIMAL(9, 2)) * CAST(h.via_votes AS DECIMAL(9, 2)) / 100), 0)
             AS votes
    FROM parties p LEFT JOIN holdings h ON h.party_id = p.id
    GROUP BY p.id, p.client_id, p.legal_representative, p.other_control, p.capital, p.votes
), qualifying AS (
    SELECT id, client_id FROM party_totals WHERE capital > 25 OR votes > 25 OR coalesce(other_control, '') <> ''
), to_identify AS (
    SELECT id, client_id FROM qualifying
    UNION ALL
    SELECT id, client_id FROM party_totals
    WHERE legal_representative AND client_id NOT IN (SELECT client_id FROM qualifying)
), valid_evidence AS (
    SELECT * FROM evidence
    WHERE (expires_on IS NULL OR expires_on >= $today::DATE)
      AND NOT (kind = 'registry_extract' AND issued_on < received_on - INTERVAL 3 MONTH)
), missing_ids AS (
    SELECT t.client_id, count(*) AS missing_ids
    FROM to_identify t
    WHERE NOT EXISTS (SELECT 1 FROM valid_evidence e
                      WHERE e.party_id = t.id AND e.kind IN ('id_card', 'passport', 'residence_permit'))
    GROUP BY t.client_id
)
SELECT c.id AS client_id, c.name AS client_name, c.siren, c.manager_id, a.level, a.validated_on, a.next_review_on,
       p.pending_status, coalesce(f.open_flags, 0) AS open_flags,
       least(a.next_review_on, f.first_flag_due) AS review_due_on,
       a.id IS NULL AS unvalidated,
       coalesce(least(a.next_review_on, f.first_flag_due) < $today::DATE, false) AS overdue,
       coalesce(least(a.next_review_on, f.first_flag_due) BETWEEN $today::DATE AND $soon::DATE, false) AS due_soon,
       c.kind = 'company' AND NOT EXISTS (SELECT 1 FROM valid_evidence e
                                         WHERE e.client_id = c.id AND e.kind = 'registry_extract')
           AS missing_extract,
       coalesce(m.missing_ids, 0) AS missing_ids
FROM clients c
LEFT JOIN current_assessment a ON a.client_id = c.id
LEFT JOIN pending p ON p.client_id = c.id
LEFT JOIN flags f ON f.client_id = c.id
LEFT JOIN missing_ids m ON m.client_id = c.id
WHERE NOT c.archived
ORDER BY lower(c.name), c.id;
