"""Platform commands: database, demo data, firms and users, client import, outgoing mail."""

import sys
from pathlib import Path

from cli.base import firm_id_of
from data.container import Container
from data.db import session_factory
from data.mailer import send_outbox
from data.migrate import upgrade
from data.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from domain.access.model import Role
from domain.clients import queries as client_queries
from domain.clients.importing import ImportReport
from domain.clients.services import import_clients
from domain.errors import InvalidInput
from domain.firm.setup import create_firm
from domain.firm.users import create_user

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


def cmd_create_user(c: Container, args) -> None:
    role = ROLE_NAMES.get(args.role.strip().lower())
    if role is None:
        raise InvalidInput(f"Rôle « {args.role} » inconnu : Administrateur, Collaborateur ou Client.")
    firm_id = firm_id_of(c, args.firm)
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
    firm_id = firm_id_of(c, args.firm)
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


def add_commands(sub) -> None:
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
    sub.add_parser("list-firms", help="liste les cabinets : SIREN<TAB>nom").set_defaults(run=cmd_list_firms)
    sub.add_parser("send-mail", help="envoie les courriels en attente (EEXPI_SMTP_URL)").set_defaults(run=cmd_send_mail)
