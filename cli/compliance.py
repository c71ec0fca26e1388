"""LCB-FT compliance commands: review reminders, the export for an inspection, the 5-year purge."""

from pathlib import Path

from cli.base import firm_id_of, iso_day
from data.container import Container
from domain.errors import InvalidInput


def cmd_remind_compliance_reviews(c: Container, args) -> None:
    from domain.compliance.reminders import remind_reviews

    on = iso_day(args.date, "--date") if args.date else None
    run = remind_reviews(c.firm_uow(firm_id_of(c, args.firm)), c.clock, f"{c.settings.base_url}/conformite", on)
    print(run.line)
    print("Rappels de revues LCB-FT mis en file d'attente (envoi par `manage.py send-mail`).")


def cmd_export_compliance(c: Container, args) -> None:
    from domain.compliance.export import export_assessments

    out = Path(args.out)
    if not out.parent.is_dir():
        raise InvalidInput(f"--out : le dossier « {out.parent} » n'existe pas.")
    export = export_assessments(c.firm_uow(firm_id_of(c, args.firm)), None, c.clock)
    out.write_bytes(export.content)
    print(f"{export.assessments} évaluation(s) de {export.clients} client(s) exportée(s) dans {out}.")


def cmd_purge_compliance(c: Container, args) -> None:
    from domain.compliance.purge import purge_compliance

    report = purge_compliance(c.firm_uow(firm_id_of(c, args.firm)), None, c.clock, dry_run=args.dry_run)
    verb = "à supprimer" if args.dry_run else "supprimées"
    for item in report.expired:
        print(f"{item.siren or '-'}\t{item.client_name}\tfin de relation {item.ended_on:%d/%m/%Y}\tconservées "
              f"jusqu'au {item.kept_until:%d/%m/%Y}\t{item.records} ligne(s) {verb}")
    for item in report.kept:
        print(f"{item.siren or '-'}\t{item.client_name}\tconservées jusqu'au {item.kept_until:%d/%m/%Y} "
              "(délai de 5 ans en cours)")
    total = sum(item.records for item in report.expired)
    if args.dry_run:
        print(f"Simulation : {len(report.expired)} client(s), {total} ligne(s) à supprimer ; rien n'a été supprimé.")
    else:
        print(f"{len(report.expired)} client(s) purgé(s), {sum(report.deleted.values())} ligne(s) supprimée(s).")


def add_commands(sub) -> None:
    reviews = sub.add_parser("remind-compliance-reviews", help="met en file d'attente pour chaque responsable de "
                             "clients le rappel de ses revues LCB-FT à faire (cron quotidien, une fois par jour)")
    reviews.add_argument("--firm", required=True, metavar="SIREN")
    reviews.add_argument("--date", metavar="AAAA-MM-JJ", help="jour du rappel (par défaut : aujourd'hui)")
    reviews.set_defaults(run=cmd_remind_compliance_reviews)
    lcbft = sub.add_parser("export-compliance", help="exporte les évaluations LCB-FT (CSV, une ligne par "
                           "évaluation) pour un contrôle de l'Ordre")
    lcbft.add_argument("--firm", required=True, metavar="SIREN")
    lcbft.add_argument("--out", required=True, metavar="FICHIER.csv")
    lcbft.set_defaults(run=cmd_export_compliance)
    purge = sub.add_parser("purge-compliance", help="supprime les données LCB-FT des clients dont la relation "
                           "a pris fin il y a plus de 5 ans")
    purge.add_argument("--firm", required=True, metavar="SIREN")
    purge.add_argument("--dry-run", action="store_true", help="liste seulement ce qui serait supprimé")
    purge.set_defaults(run=cmd_purge_compliance)
