"""The firm's sales journal (journal des ventes) and receipts, posted from invoices and payments, exported in
FEC format; the yearly indexation of forfaits (SYNTEC)."""
