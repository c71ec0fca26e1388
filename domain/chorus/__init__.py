"""Chorus Pro (B2G e-invoicing): PISTE credentials of the firm, deposits of issued Factur-X invoices, statuses."""
