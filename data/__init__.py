"""Persistence and the outside world: database, migrations, repositories, mail, demo seed."""
