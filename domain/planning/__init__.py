"""Planning: the Gantt of tasks across every dossier and the workload heat map (planned load against capacity)."""
