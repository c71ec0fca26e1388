"""Invoicing: invoices and credit notes (model, totals, French rules and mentions), pure Python."""
