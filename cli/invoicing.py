"""Invoicing commands: the monthly billing run, reminders, Chorus Pro, the invoice archive and the FEC."""

import sys

from cli.base import firm_id_of, iso_day, output_folder, print_outcome, print_sync, write_all
from data.container import Container
from domain.chorus.services import sync_all as sync_chorus
from domain.errors import InvalidInput
from domain.identifiers import validate_siren


def cmd_send_reminders(c: Container, args) -> None:
    from domain.collections.reminders import send_due_reminders

    on = iso_day(args.date, "--date") if args.date else None
    report = send_due_reminders(c.firm_uow(firm_id_of(c, args.firm)), None, c.clock, c.documents, on)
    print_outcome(report.sent, report.summary, report.errors)


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
    firm_id = firm_id_of(c, args.firm)
    out = output_folder(args.out)
    result = export_fec(c.firm_uow(firm_id), None, c.clock, int(args.year), encoding)
    write_all(out, [(result.name, result.content), (result.description_name, result.description)])
    print(f"{out / result.name} : {result.entries} écriture(s), {result.lines} ligne(s), "
          f"débit = crédit = {result.debit_cents / 100:.2f} € ({encoding.label}).")
    print(f"Description : {out / result.description_name}")


def cmd_export_invoices(c: Container, args) -> None:
    from domain.invoicing.archive import export_invoices

    firm_id = firm_id_of(c, args.firm)
    out = output_folder(args.out)
    def progress(done: int, total: int) -> None:
        print(f"PDF différés produits : {done}/{total}", flush=True)

    result = export_invoices(c.firm_uow(firm_id), None, c.clock, c.facturx_batch, progress)
    write_all(out, [(f.name, f.content) for f in result.files])
    print(f"{result.documents} facture(s) et avoir(s) exporté(s) dans {out} (PDF Factur-X et JSON).")
    if result.without_pdf:
        print("PDF pas encore produit (JSON seul) : " + ", ".join(result.without_pdf))


def cmd_sync_chorus(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = sync_chorus(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.chorus_gateway, siren)
    print_sync(report)


def cmd_run_billing(c: Container, args) -> None:
    from data.integrations.facturx_pool import PooledFacturXBatch
    from domain.formatting import eur_cents
    from domain.invoicing import runs
    from domain.invoicing.billing import parse_period
    from domain.invoicing.records import InvoiceStatus

    period = parse_period(args.period)
    firm_id = firm_id_of(c, args.firm)
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


def add_commands(sub) -> None:
    remind = sub.add_parser("send-reminders", help="envoie le niveau de relance dû pour chaque facture en retard "
                            "(cron, sans effet la seconde fois)")
    remind.add_argument("--firm", required=True, metavar="SIREN")
    remind.add_argument("--date", metavar="AAAA-MM-JJ", help="date des relances (par défaut : aujourd'hui)")
    remind.set_defaults(run=cmd_send_reminders)
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
    chorus = sub.add_parser("sync-chorus", help="interroge Chorus Pro sur les factures déposées en cours de "
                            "traitement (cron, sans effet la seconde fois)")
    chorus.add_argument("--firm", metavar="SIREN", help="un seul cabinet (par défaut : tous ceux qui ont configuré "
                        "Chorus Pro)")
    chorus.set_defaults(run=cmd_sync_chorus)
    billing = sub.add_parser("run-billing", help="facturation du mois : affiche les brouillons dus ; avec --issue, "
                             "les prépare et les émet (relançable après une interruption)")
    billing.add_argument("--firm", required=True, metavar="SIREN")
    billing.add_argument("--period", required=True, metavar="AAAA-MM")
    billing.add_argument("--issue", action="store_true", help="préparer les brouillons et émettre les factures")
    billing.set_defaults(run=cmd_run_billing)
