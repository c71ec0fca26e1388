"""Run one command: refuse an uninitialised database, turn domain and connection errors into French exit codes.

Exit codes: 0 done, 1 a cron pass or a run partly failed (the command exits itself), 2 bad input
(nothing written), 3 database unreachable.
"""

import sys

from sqlalchemy.exc import OperationalError

from cli.parser import parser
from data.container import default_container
from data.migrate import is_empty
from domain.errors import DomainError, InvalidInput

# These create or upgrade the schema, so they are the only ones allowed on an empty database.
SCHEMA_COMMANDS = ("init-db", "seed-demo")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    c = default_container()
    try:
        if args.command not in SCHEMA_COMMANDS and is_empty(c.settings.database_url):
            raise InvalidInput("La base de données n'est pas initialisée : lancez d'abord `python manage.py init-db`.")
        args.run(c, args)
    except DomainError as err:
        print(f"Erreur : {err.message}", file=sys.stderr)
        return 2
    except OperationalError as err:
        print(f"Erreur : base de données injoignable ({c.settings.database_url.split('@')[-1]}) : "
              f"{str(err.orig).strip().splitlines()[0] if err.orig else err}", file=sys.stderr)
        return 3
    return 0
