"""Analytics: the `sql/*.sql` views run by DuckDB over one firm's tables loaded as Arrow (DESIGN.md, "Analytics")."""
