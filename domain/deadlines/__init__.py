"""Statutory deadlines of the clients (échéances fiscales, sociales et juridiques)."""
