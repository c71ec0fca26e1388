"""Workload: absences of the staff and their capacity (contract hours less holidays and absences)."""
