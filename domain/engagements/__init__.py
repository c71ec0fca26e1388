"""Engagements made active by a signed letter: missions, budgets, tasks and the fee schedule."""
