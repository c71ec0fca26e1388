"""LCB-FT risk assessments, reviews and confidential notes (issue 7)."""
