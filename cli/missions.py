"""Mission follow-up commands: engagement letter signatures (Yousign) and statutory deadlines."""

from cli.base import firm_id_of, print_sync
from data.container import Container
from domain.deadlines.alerts import DEFAULT_DAYS as ALERT_DAYS
from domain.deadlines.alerts import alert_all as alert_deadlines
from domain.deadlines.services import generate_year as generate_deadlines
from domain.identifiers import validate_siren
from domain.signatures.services import sync_all as sync_signatures


def cmd_sync_signatures(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = sync_signatures(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.signature_gateway, siren)
    print_sync(report)


def cmd_generate_deadlines(c: Container, args) -> None:
    added = generate_deadlines(c.firm_uow(firm_id_of(c, args.firm)), None, c.clock, args.year)
    print(f"Échéances {args.year} ajoutées : {added}.")


def cmd_alert_deadlines(c: Container, args) -> None:
    siren = validate_siren(args.firm) if args.firm else None
    report = alert_deadlines(c.platform_uow, c.firm_uow, c.clock, args.days, siren,
                             link=f"{c.settings.base_url}/echeances")
    for firm in report.firms:
        print(firm.line)
    print(report.summary)


def add_commands(sub) -> None:
    sync = sub.add_parser("sync-signatures", help="interroge Yousign sur les lettres de mission à signer (cron)")
    sync.add_argument("--firm", metavar="SIREN", help="un seul cabinet (par défaut : tous ceux qui ont configuré Yousign)")
    sync.set_defaults(run=cmd_sync_signatures)
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
