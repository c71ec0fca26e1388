"""The argument parser: each command group registers its own sub-commands, listed by group in `--help`."""

import argparse

from cli import compliance, exports, firm, invoicing, missions

GROUPS = (firm, missions, invoicing, compliance, exports)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="manage.py", description="Commandes d'administration d'EEXPI.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for group in GROUPS:
        group.add_commands(sub)
    return p
