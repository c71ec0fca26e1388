"""Analysis exports to a file: the time entries of a period and the boni/mali report."""

from pathlib import Path

from cli.base import firm_id_of, iso_day
from data.container import Container
from domain.errors import InvalidInput


def cmd_export_time(c: Container, args) -> None:
    from domain.timesheets.export import write_csv, write_xlsx
    from domain.timesheets.queries import export_rows

    first, last = iso_day(args.date_from, "--from"), iso_day(args.date_to, "--to")
    if first > last:
        raise InvalidInput("La date de début (--from) est après la date de fin (--to).")
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInput("Le fichier de sortie doit se terminer par .csv ou .xlsx.")
    rows = export_rows(c.firm_uow(firm_id_of(c, args.firm)), None, first, last)
    out.write_bytes(write_xlsx(rows) if out.suffix.lower() == ".xlsx" else write_csv(rows))
    print(f"{len(rows)} saisie(s) de temps exportée(s) dans {out}.")


def cmd_export_report(c: Container, args) -> None:
    from domain.analytics.reports import check_grouping, filters_of, report
    from domain.analytics.workbook import csv_bytes, xlsx_bytes

    if args.report != "boni-mali":
        raise InvalidInput(f"Rapport « {args.report} » inconnu : boni-mali.")
    check_grouping(args.by)
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInput("Le fichier de sortie (--out) doit se terminer par .csv ou .xlsx.")
    if not out.parent.is_dir():
        raise InvalidInput(f"--out : le dossier « {out.parent} » n'existe pas.")
    year = None
    if args.year is not None:
        if not (args.year.isdigit() and len(args.year) == 4):
            raise InvalidInput(f"--year : « {args.year} » n'est pas une année AAAA.")
        year = int(args.year)
    firm_id = firm_id_of(c, args.firm)
    table = report(c.firm_uow(firm_id), None, args.by, year)
    if out.suffix.lower() == ".xlsx":
        content = xlsx_bytes([table], filters_of(args.by, year, c.clock.today()), c.clock.now())
    else:
        content = csv_bytes(table)
    out.write_bytes(content)
    print(f"{len(table.rows)} ligne(s) exportée(s) dans {out} ({table.name}).")


def add_commands(sub) -> None:
    exp = sub.add_parser("export-time", help="exporte les temps saisis d'une période (CSV ou Excel .xlsx)")
    exp.add_argument("--firm", required=True, metavar="SIREN")
    exp.add_argument("--from", dest="date_from", required=True, metavar="AAAA-MM-JJ")
    exp.add_argument("--to", dest="date_to", required=True, metavar="AAAA-MM-JJ")
    exp.add_argument("--out", required=True, metavar="FICHIER.csv|.xlsx")
    exp.set_defaults(run=cmd_export_time)
    report = sub.add_parser("export-report", help="exporte un rapport d'analyse (CSV ou Excel .xlsx)")
    report.add_argument("report", metavar="boni-mali")
    report.add_argument("--firm", required=True, metavar="SIREN")
    report.add_argument("--by", required=True, metavar="mission|client|collaborator|partner",
                        help="regroupement (aussi : manager, fiscal_year, mission_type, firm)")
    report.add_argument("--year", metavar="AAAA", help="exercices clos cette année (par défaut : tous)")
    report.add_argument("--out", required=True, metavar="FICHIER.csv|.xlsx")
    report.set_defaults(run=cmd_export_report)
