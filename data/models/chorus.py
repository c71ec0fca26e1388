"""Chorus Pro deposits and their statuses (issue 5)."""
