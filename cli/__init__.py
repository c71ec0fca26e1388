"""The command line behind `manage.py`, one module per command group.

An edge like `app.py` and `web/`: it wires `data` into `domain`. Each group module (firm, invoicing,
compliance, missions, exports) holds its commands and registers their sub-parsers in
`add_commands(subparsers)`; `cli.parser` assembles them and `cli.main` runs one.
"""
