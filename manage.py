#!/usr/bin/env python3
"""EEXPI command line: database, demo data, firms and users, outgoing mail.

Every command uses DATABASE_URL (the SQLite file in instance/ when unset), exits 0 on success and
non-zero with a French message on stderr on bad input, writing nothing in that case. Commands are
safe to run twice (cron-friendly). The commands live in the `cli` package, one module per group.
"""

import sys

from cli.main import main
from cli.parser import parser

__all__ = ["main", "parser"]

if __name__ == "__main__":
    sys.exit(main())
