#!/usr/bin/env python3
"""EEXPI command line: database, demo data, firms and users, outgoing mail.

Every command uses DATABASE_URL (the SQLite file in instance/ when unset), exits 0 on success and
non-zero with a French message on stderr on bad input, writing nothing in that case. Commands are
safe to run twice (cron-friendly).
"""

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError

from data.container import Container, default_container
from data.db import session_factory
from data.mailer import send_outbox
from data.migrate import is_empty, upgrade
from data.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from domain.access.model import Role
from domain.chorus.services import sync_all as sync_chorus
from domain.clients import queries as client_queries
from domain.clients.importing import ImportReport
from domain.clients.services import import_clients
from domain.deadlines.alerts import DEFAULT_DAYS as ALERT_DAYS
from domain.deadlines.alerts import alert_all as alert_deadlines
from domain.deadlines.services import generate_year as generate_deadlines
from domain.errors import DomainError, InvalidInput, NotFound
from domain.firm.setup import create_firm
from domain.firm.users import create_user
from domain.identifiers import validate_siren
from domain.signatures.services import sync_all as sync_signatures

ROLE_NAMES = {"admin": Role.ADMIN, "administrateur": Role.ADMIN, "collaborator": Role.COLLABORATOR,
              "collaborateur": Role.COLLABORATOR, "client": Role.CLIENT}


def cmd_init_db(c: Container, _args) -> None:
    upgrade(c.settings.database_url)
    print("Base de données à jour.")


def cmd_seed_demo(c: Container, args) -> None:
    upgrade(c.settings.database_url)
    progress = (lambda line: print(f"  {line}", flush=True)) if args.scale == "large" else None  # it takes minutes
    report = seed_demo(c.platform_uow(), scale=args.scale, force=args.force, progress=progress)
    if report is None:
        print("Les données de démonstration sont déjà présentes (--force pour les recréer).")
    else:
        print(f"Démonstration créée : {report.firms} cabinets, {report.users} utilisateurs.")
    print(f"Mot de passe de démonstration : {DEMO_PASSWORD}")
    for label, email in DEMO_LOGINS:
        print(f"  {label:<34} {email}")


def cmd_create_firm(c: Container, args) -> None:
    new = create_firm(c.platform_uow(), c.hasher, c.clock, args.name, args.siren, args.admin_email, c.login_url)
    print(f"Cabinet créé (id {new.firm_id}). Administrateur : {new.admin.email}")
    print("Mot de passe temporaire (à changer à la première connexion) :")
    print(new.temporary_password)


def _firm_id(c: Container, siren: str) -> int:
    siren = validate_siren(siren)
    with c.platform_uow() as uow:
        firm = uow.firms.find_by_siren(siren)
    if firm is None:
        raise NotFound(f"Aucun cabinet avec le SIREN {siren}.")
    return firm.id


def cmd_create_user(c: Container, args) -> None:
    role = ROLE_NAMES.get(args.role.strip().lower())
    if role is None:
        raise InvalidInput(f"Rôle « {args.role} » inconnu : Administrateur, Collaborateur ou Client.")
    firm_id = _firm_id(c, args.firm)
    with c.firm_uow(firm_id) as uow:
        user, password = create_user(uow, c.hasher, c.clock, None, args.email, args.name or "", role,
                                     login_url=c.login_url)
        uow.commit()
    print(f"Utilisateur créé : {user.email} ({role.label}).")
    print("Mot de passe temporaire (à changer à la première connexion) :")
    print(password)


def cmd_list_firms(c: Container, _args) -> None:
    with c.platform_uow() as uow:
        for firm in uow.firms.list():
            print(f"{firm.identity.siren}\t{firm.identity.name}")


def cmd_send_mail(c: Container, _args) -> None:
    report = send_outbox(session_factory(c.settings.database_url), c.settings.smtp_url, c.settings.mail_from, c.clock)
    print(f"Courriels envoyés : {report.sent}, en échec : {report.failed}.")
    if report.failed:
        sys.exit(1)


def _print_report(report: ImportReport) -> None:
    for row in report.rows:
        print(f"ligne {row.line}\t{row.status.label}\t{row.siren or '-'}\t{row.name}"
              + (f"\t{row.reason}" if row.reason else ""))
    print(f"{len(report.rows)} ligne(s) : {len(report.valid)} valide(s), {report.problem_count} en erreur ou en doublon.")


def cmd_import_clients(c: Container, args) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise InvalidInput(f"Fichier introuvable : {args.file}")
    firm_id = _firm_id(c, args.firm)
    report = client_queries.check_import(c.firm_uow(firm_id), None, path.name, path.read_bytes())
    _print_report(report)
    if report.has_problems and not args.valid_only:
        raise InvalidInput("des lignes sont en erreur ou en doublon : rien n'a été importé "
                           "(--valid-only pour importer seulement les lignes valides).")
    if args.dry_run:
        print(f"Vérification seule (--dry-run) : {len(report.valid)} client(s) seraient importés.")
        return
    count = import_clients(c.firm_uow(firm_id), None, c.clock, report, valid_only=args.valid_only)
    print(f"Clients importés : {count}.")


def cmd_generate_deadlines(c: Container, args) -> None:
    added = generate_deadlines(c.firm_uow(_firm_id(c, args.firm)), None, c.clock, args.year)
    print(f"Échéances {args.year} ajoutées : {added}.")


def cmd_remind_compliance_reviews(c: Container, args) -> None:
    from domain.compliance.reminders import remind_reviews

    on = _iso_day(args.date, "--date") if args.date else None
    run = remind_reviews(c.firm_uow(_firm_id(c, args.firm)), c.clock, f"{c.settings.base_url}/conformite", on)
    print(run.line)
    print("Rappels de revues LCB-FT mis en file d'attente (envoi par `manage.py send-mail`).")


def cmd_alert_deadlines(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = alert_deadlines(c.platform_uow, c.firm_uow, c.clock, args.days, siren,
                             link=f"{c.settings.base_url}/echeances")
    for firm in report.firms:
        print(firm.line)
    print(report.summary)


def _iso_day(text: str, label: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{label} : « {text} » n'est pas une date AAAA-MM-JJ.") from None


def cmd_export_time(c: Container, args) -> None:
    from domain.timesheets.export import write_csv, write_xlsx
    from domain.timesheets.queries import export_rows

    first, last = _iso_day(args.date_from, "--from"), _iso_day(args.date_to, "--to")
    if first > last:
        raise InvalidInput("La date de début (--from) est après la date de fin (--to).")
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInput("Le fichier de sortie doit se terminer par .csv ou .xlsx.")
    rows = export_rows(c.firm_uow(_firm_id(c, args.firm)), None, first, last)
    out.write_bytes(write_xlsx(rows) if out.suffix.lower() == ".xlsx" else write_csv(rows))
    print(f"{len(rows)} saisie(s) de temps exportée(s) dans {out}.")


def _output_folder(text: str) -> Path:
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out : « {text} » est un fichier, pas un dossier.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput(f"--out : impossible de créer le dossier « {text} » ({err.strerror}).") from None
    return out


def _write_all(out: Path, files: list[tuple[str, bytes]]) -> None:
    """Every file or none: written in a temporary folder inside `out`, then moved in place."""
    import os
    import shutil
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=".eexpi-export-", dir=out))
    try:
        for name, content in files:
            (staging / name).write_bytes(content)
        for name, _ in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cmd_export_fec(c: Container, args) -> None:
    from domain.accounting.fec import FecEncoding
    from domain.accounting.services import export_fec

    if not (args.year.isdigit() and len(args.year) == 4):
        raise InvalidInput(f"--year : « {args.year} » n'est pas une année AAAA.")
    encoding = FecEncoding.UTF8 if args.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else None
    if encoding is None and args.encoding.lower().replace("_", "-") in ("iso-8859-15", "latin-9", "latin9"):
        encoding = FecEncoding.LATIN9
    if encoding is None:
        raise InvalidInput(f"--encoding : « {args.encoding} » inconnu (iso-8859-15 ou utf-8).")
    firm_id = _firm_id(c, args.firm)
    out = _output_folder(args.out)
    result = export_fec(c.firm_uow(firm_id), None, c.clock, int(args.year), encoding)
    _write_all(out, [(result.name, result.content), (result.description_name, result.description)])
    print(f"{out / result.name} : {result.entries} écriture(s), {result.lines} ligne(s), "
          f"débit = crédit = {result.debit_cents / 100:.2f} € ({encoding.label}).")
    print(f"Description : {out / result.description_name}")


def cmd_export_invoices(c: Container, args) -> None:
    from domain.invoicing.archive import export_invoices

    firm_id = _firm_id(c, args.firm)
    out = _output_folder(args.out)
    def progress(done: int, total: int) -> None:
        print(f"PDF différés produits : {done}/{total}", flush=True)

    result = export_invoices(c.firm_uow(firm_id), None, c.clock, c.facturx_batch, progress)
    _write_all(out, [(f.name, f.content) for f in result.files])
    print(f"{result.documents} facture(s) et avoir(s) exporté(s) dans {out} (PDF Factur-X et JSON).")
    if result.without_pdf:
        print("PDF pas encore produit (JSON seul) : " + ", ".join(result.without_pdf))


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
    firm_id = _firm_id(c, args.firm)
    table = report(c.firm_uow(firm_id), None, args.by, year)
    if out.suffix.lower() == ".xlsx":
        content = xlsx_bytes([table], filters_of(args.by, year, c.clock.today()), c.clock.now())
    else:
        content = csv_bytes(table)
    out.write_bytes(content)
    print(f"{len(table.rows)} ligne(s) exportée(s) dans {out} ({table.name}).")


def _print_sync(report) -> None:
    """A cron pass's report: one line per item, the summary, errors on stderr (exit 1 when any)."""
    for line in report.lines:
        print(line)
    print(report.summary)
    for error in report.errors:
        print(f"Erreur : {error}", file=sys.stderr)
    if report.errors:
        sys.exit(1)


def cmd_sync_signatures(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = sync_signatures(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.signature_gateway, siren)
    _print_sync(report)


def cmd_sync_chorus(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = sync_chorus(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.chorus_gateway, siren)
    _print_sync(report)


def cmd_send_reminders(c: Container, args) -> None:
    from domain.collections.reminders import send_due_reminders

    on = _iso_day(args.date, "--date") if args.date else None
    report = send_due_reminders(c.firm_uow(_firm_id(c, args.firm)), None, c.clock, c.documents, on)
    for line in report.sent:
        print(line)
    print(report.summary)
    for error in report.errors:
        print(f"Erreur : {error}", file=sys.stderr)
    if report.errors:
        sys.exit(1)


def cmd_run_billing(c: Container, args) -> None:
    from data.integrations.facturx_pool import PooledFacturXBatch
    from domain.formatting import eur_cents
    from domain.invoicing import runs
    from domain.invoicing.billing import parse_period
    from domain.invoicing.records import InvoiceStatus

    period = parse_period(args.period)
    firm_id = _firm_id(c, args.firm)
    proposal = runs.propose_run(c.firm_uow(firm_id), None, period)
    print(f"Facturation de {period.label} : {len(proposal.drafts)} brouillon(s) à préparer, "
          f"{eur_cents(proposal.ht_cents)} HT.")
    if proposal.drafts:
        width = max(len(d.client_name) for d in proposal.drafts)
        print(f"{'Client':<{width}}  Lignes  {'Montant HT':>14}")
        for d in proposal.drafts:
            print(f"{d.client_name:<{width}}  {len(d.lines):>6}  {eur_cents(d.ht_cents):>14}")
    for warning in proposal.warnings:
        print(f"Attention : {warning}")
    if not args.issue:
        print("Rien n'a été écrit : relancez avec --issue pour préparer et émettre ces factures.")
        return
    batch = PooledFacturXBatch()
    batch.warm_up(wait=False)  # the workers load fonts and compile the schematrons while the drafts are prepared
    try:
        prepared = runs.prepare_run(c.firm_uow(firm_id), None, c.clock, period)
        drafts = [r.invoice.id for r in runs.run_rows(c.firm_uow(firm_id), None, period)
                  if r.invoice.status is InvoiceStatus.DRAFT]
        print(f"{len(prepared.invoice_ids)} brouillon(s) préparé(s) ; {len(drafts)} brouillon(s) de la période "
              "à émettre.")
        report = runs.issue_run(c.firm_uow(firm_id), None, c.clock, batch, drafts,
                                progress=lambda done, steps, text: print(f"[{done}/{steps}] {text}", flush=True))
    finally:
        batch.close()
    if report.issued:
        print(f"{len(report.issued)} facture(s) émise(s), du n° {report.issued[0][1]} au n° {report.issued[-1][1]}.")
    for invoice_id, problems in report.refused.items():
        print(f"Brouillon n° {invoice_id} refusé :", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem.text}", file=sys.stderr)
    if report.refused:
        print(f"Erreur : {len(report.refused)} brouillon(s) refusé(s), restés en brouillon (corrigez-les puis "
              "relancez la commande).", file=sys.stderr)
        sys.exit(1)



def cmd_export_compliance(c: Container, args) -> None:
    from domain.compliance.export import export_assessments

    out = Path(args.out)
    if not out.parent.is_dir():
        raise InvalidInput(f"--out : le dossier « {out.parent} » n'existe pas.")
    export = export_assessments(c.firm_uow(_firm_id(c, args.firm)), None, c.clock)
    out.write_bytes(export.content)
    print(f"{export.assessments} évaluation(s) de {export.clients} client(s) exportée(s) dans {out}.")


def cmd_purge_compliance(c: Container, args) -> None:
    from domain.compliance.purge import purge_compliance

    report = purge_compliance(c.firm_uow(_firm_id(c, args.firm)), None, c.clock, dry_run=args.dry_run)
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="manage.py", description="Commandes d'administration d'EEXPI.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    sub.add_parser("init-db", help="crée ou met à jour le schéma (migrations Alembic)").set_defaults(run=cmd_init_db)
    seed = sub.add_parser("seed-demo", help="crée les cabinets de démonstration (déterministe)")
    seed.add_argument("--scale", choices=("demo", "large"), default="demo",
                      help="taille (large : 500 utilisateurs, 10 000 clients, 5 exercices, ~5 millions de temps)")
    seed.add_argument("--force", action="store_true", help="supprime et recrée les cabinets de démonstration")
    seed.set_defaults(run=cmd_seed_demo)
    firm = sub.add_parser("create-firm", help="crée un cabinet et son premier administrateur")
    firm.add_argument("--name", required=True)
    firm.add_argument("--siren", required=True)
    firm.add_argument("--admin-email", required=True)
    firm.set_defaults(run=cmd_create_firm)
    user = sub.add_parser("create-user", help="crée un utilisateur avec un mot de passe temporaire")
    user.add_argument("--firm", required=True, metavar="SIREN")
    user.add_argument("--email", required=True)
    user.add_argument("--role", required=True, help="Administrateur, Collaborateur ou Client")
    user.add_argument("--name", help="prénom et nom (déduit de l'e-mail sinon)")
    user.set_defaults(run=cmd_create_user)
    imp = sub.add_parser("import-clients", help="importe des clients depuis un fichier CSV ou Excel (.xlsx)")
    imp.add_argument("--firm", required=True, metavar="SIREN")
    imp.add_argument("file", metavar="FICHIER")
    imp.add_argument("--dry-run", action="store_true", help="vérifie le fichier et affiche le rapport sans rien importer")
    imp.add_argument("--valid-only", action="store_true", help="importe les lignes valides et écarte les autres")
    imp.set_defaults(run=cmd_import_clients)
    exp = sub.add_parser("export-time", help="exporte les temps saisis d'une période (CSV ou Excel .xlsx)")
    exp.add_argument("--firm", required=True, metavar="SIREN")
    exp.add_argument("--from", dest="date_from", required=True, metavar="AAAA-MM-JJ")
    exp.add_argument("--to", dest="date_to", required=True, metavar="AAAA-MM-JJ")
    exp.add_argument("--out", required=True, metavar="FICHIER.csv|.xlsx")
    exp.set_defaults(run=cmd_export_time)
    remind = sub.add_parser("send-reminders", help="envoie le niveau de relance dû pour chaque facture en retard "
                            "(cron, sans effet la seconde fois)")
    remind.add_argument("--firm", required=True, metavar="SIREN")
    remind.add_argument("--date", metavar="AAAA-MM-JJ", help="date des relances (par défaut : aujourd'hui)")
    remind.set_defaults(run=cmd_send_reminders)
    sub.add_parser("list-firms", help="liste les cabinets : SIREN<TAB>nom").set_defaults(run=cmd_list_firms)
    sub.add_parser("send-mail", help="envoie les courriels en attente (EEXPI_SMTP_URL)").set_defaults(run=cmd_send_mail)
    fec = sub.add_parser("export-fec", help="exporte le journal des ventes et des encaissements d'une année au "
                         "format FEC, avec son fichier de description")
    fec.add_argument("--firm", required=True, metavar="SIREN")
    fec.add_argument("--year", required=True, metavar="AAAA")
    fec.add_argument("--out", required=True, metavar="DOSSIER")
    fec.add_argument("--encoding", default="iso-8859-15", metavar="iso-8859-15|utf-8",
                     help="jeu de caractères (ISO-8859-15 par défaut)")
    fec.set_defaults(run=cmd_export_fec)
    archive = sub.add_parser("export-invoices", help="exporte chaque facture et avoir émis : <numéro>.pdf (Factur-X "
                             "tel qu'émis) et <numéro>.json")
    archive.add_argument("--firm", required=True, metavar="SIREN")
    archive.add_argument("--out", required=True, metavar="DOSSIER")
    archive.set_defaults(run=cmd_export_invoices)
    sync = sub.add_parser("sync-signatures", help="interroge Yousign sur les lettres de mission à signer (cron)")
    sync.add_argument("--firm", metavar="SIREN", help="un seul cabinet (par défaut : tous ceux qui ont configuré Yousign)")
    sync.set_defaults(run=cmd_sync_signatures)
    chorus = sub.add_parser("sync-chorus", help="interroge Chorus Pro sur les factures déposées en cours de "
                            "traitement (cron, sans effet la seconde fois)")
    chorus.add_argument("--firm", metavar="SIREN", help="un seul cabinet (par défaut : tous ceux qui ont configuré "
                        "Chorus Pro)")
    chorus.set_defaults(run=cmd_sync_chorus)
    deadlines = sub.add_parser("generate-deadlines", help="crée les échéances fiscales et sociales d'une année "
                               "(seules les manquantes)")
    deadlines.add_argument("--firm", required=True, metavar="SIREN")
    deadlines.add_argument("--year", required=True, type=int, metavar="AAAA")
    deadlines.set_defaults(run=cmd_generate_deadlines)
    alerts = sub.add_parser("alert-deadlines", help="met en file d'attente pour chaque responsable le récapitulatif "
                            "de ses échéances en retard ou proches (cron quotidien, une fois par jour au plus)")
    alerts.add_argument("--firm", metavar="SIREN", help="un seul cabinet (par défaut : tous)")
    alerts.add_argument("--days", type=int, default=ALERT_DAYS, metavar="N",
                        help=f"échéances à rendre dans les N prochains jours, en plus des retards "
                        f"({ALERT_DAYS} par défaut)")
    alerts.set_defaults(run=cmd_alert_deadlines)
    reviews = sub.add_parser("remind-compliance-reviews", help="met en file d'attente pour chaque responsable de "
                             "clients le rappel de ses revues LCB-FT à faire (cron quotidien, une fois par jour)")
    reviews.add_argument("--firm", required=True, metavar="SIREN")
    reviews.add_argument("--date", metavar="AAAA-MM-JJ", help="jour du rappel (par défaut : aujourd'hui)")
    reviews.set_defaults(run=cmd_remind_compliance_reviews)
    report = sub.add_parser("export-report", help="exporte un rapport d'analyse (CSV ou Excel .xlsx)")
    report.add_argument("report", metavar="boni-mali")
    report.add_argument("--firm", required=True, metavar="SIREN")
    report.add_argument("--by", required=True, metavar="mission|client|collaborator|partner",
                        help="regroupement (aussi : manager, fiscal_year, mission_type, firm)")
    report.add_argument("--year", metavar="AAAA", help="exercices clos cette année (par défaut : tous)")
    report.add_argument("--out", required=True, metavar="FICHIER.csv|.xlsx")
    report.set_defaults(run=cmd_export_report)
    billing = sub.add_parser("run-billing", help="facturation du mois : affiche les brouillons dus ; avec --issue, "
                             "les prépare et les émet (relançable après une interruption)")
    billing.add_argument("--firm", required=True, metavar="SIREN")
    billing.add_argument("--period", required=True, metavar="AAAA-MM")
    billing.add_argument("--issue", action="store_true", help="préparer les brouillons et émettre les factures")
    billing.set_defaults(run=cmd_run_billing)
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    c = default_container()
    try:
        if args.command not in ("init-db", "seed-demo") and is_empty(c.settings.database_url):
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


if __name__ == "__main__":
    sys.exit(main())
