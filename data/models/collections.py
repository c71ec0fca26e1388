"""Collections: payments, bank statement matching, reminders. Owned by the collections work (issue 5)."""
