"""LCB-FT parties: beneficial owners, PEP, high-risk country lists, identity evidence (issue 7)."""
