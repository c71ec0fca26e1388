"""Engagement letters (lettres de mission): templates, rendering, versions, statuses, amendments."""
