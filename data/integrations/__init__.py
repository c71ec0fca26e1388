"""Clients of external systems, one module per system, each behind a domain port."""
