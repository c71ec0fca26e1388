"""Repositories: rows ↔ domain records. Firm-scoped ones cannot be built without a firm."""
