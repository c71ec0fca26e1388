"""The firm's own EEXPI subscription: seats, free first month, SYNTEC revision."""
