"""Invoicing: invoices and credit notes (model, totals, French rules and mentions), drafts, issue and credit notes."""
