"""Collections: payments, bank statement matching, aged balance, reminders (issue 5)."""
