"""The firm (tenant) and its configuration: identity, users, teams, grades and rates, numbering."""
