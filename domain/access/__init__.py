"""Who may sign in and what they may do: users, roles, permissions, sessions, passwords."""
