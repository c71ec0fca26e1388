"""The firm's client base (dossiers clients): records, validation, services, queries and import."""
