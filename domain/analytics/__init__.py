"""Analytics computed in plain Python from the domain rules: the reference the `sql/` views are checked against."""
