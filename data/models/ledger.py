"""Accounting entries of the sales journal (FEC) and fee indexation revisions (issue 5)."""
