"""Client services and repository on SQLite and PostgreSQL: validation, tenancy, import."""

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.clients import queries, services
from domain.clients.model import ClientFilter
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from tests.conftest import unique_email
from tests.integration.support import audit_of

ALPHA = {"name": "Alpha Conseil", "siren": "552008443", "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
         "fiscal_year_end": "30/06"}


def names(firm, criteria: ClientFilter | None = None) -> list[str]:
    return [c.name for c in queries.search(firm.container.firm_uow(firm.firm_id), firm.principal(), criteria)]


def create(firm, form=ALPHA, principal=None):
    c = firm.container
    return services.create_client(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, dict(form))


def check(firm, content: bytes):
    return queries.check_import(firm.container.firm_uow(firm.firm_id), firm.principal(), "clients.csv", content)


def test_created_client_is_stored_audited_and_found_by_name_siren_and_city(firm):
    client = create(firm)

    stored = queries.get(firm.container.firm_uow(firm.firm_id), firm.principal(), client.id)
    assert (stored.name, stored.siren, stored.fiscal_year_end, stored.kind.value) == (
        "Alpha Conseil", "552008443", (30, 6), "company")
    assert names(firm, ClientFilter("alpha")) == ["Alpha Conseil"]
    assert names(firm, ClientFilter("552 008")) == ["Alpha Conseil"]
    assert names(firm, ClientFilter("LYON")) == ["Alpha Conseil"]
    assert names(firm, ClientFilter("Marseille")) == []
    [event] = audit_of(firm.container, firm.firm_id, Action.CLIENT_CREATE)
    assert event.details == {"nom": "Alpha Conseil", "SIREN": "552008443"}


def test_an_invalid_client_writes_nothing_and_lists_every_problem(firm):
    with pytest.raises(InvalidInput) as err:
        create(firm, {"name": "", "siren": "552008444", "email": "nope"})

    assert err.value.message == ("SIREN « 552008444 » invalide : 9 chiffres avec une clé de contrôle correcte. ; "
                                 "Nom : valeur obligatoire. ; E-mail « nope » invalide.")
    assert names(firm, ClientFilter(include_archived=True)) == []
    assert audit_of(firm.container, firm.firm_id, Action.CLIENT_CREATE) == []


def test_a_siren_already_used_in_the_firm_is_refused(firm):
    create(firm)

    with pytest.raises(InvalidInput, match="Le SIREN 552008443 est déjà celui du client « Alpha Conseil »."):
        create(firm, dict(ALPHA, name="Alpha bis"))
    assert names(firm) == ["Alpha Conseil"]


def test_two_individuals_without_siren_coexist(firm):
    create(firm, {"name": "Jean Dupont", "kind": "individual"})
    create(firm, {"name": "Marie Curie", "kind": "individual"})

    assert names(firm) == ["Jean Dupont", "Marie Curie"]


def test_update_archive_and_restore(firm):
    client = create(firm)
    c, principal = firm.container, firm.principal()

    services.update_client(c.firm_uow(firm.firm_id), principal, c.clock, client.id, dict(ALPHA, city="Villeurbanne"),
                           partner_id=principal.user.id)
    services.archive_client(c.firm_uow(firm.firm_id), principal, c.clock, client.id)
    assert names(firm) == []
    assert names(firm, ClientFilter(include_archived=True)) == ["Alpha Conseil"]
    services.restore_client(c.firm_uow(firm.firm_id), principal, c.clock, client.id)

    stored = queries.get(c.firm_uow(firm.firm_id), principal, client.id)
    assert (stored.city, stored.partner_id, stored.archived) == ("Villeurbanne", principal.user.id, False)
    assert [e.action for e in audit_of(c, firm.firm_id) if e.target_type == "client"] == [
        Action.CLIENT_RESTORE, Action.CLIENT_ARCHIVE, Action.CLIENT_UPDATE, Action.CLIENT_CREATE]


def test_a_client_portal_user_may_not_read_or_create_clients(firm):
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        portal, _ = create_user(uow, c.hasher, c.clock, None, unique_email("portal"), "Client Portail", Role.CLIENT)
        uow.commit()
    principal = firm.principal(portal.email)

    with pytest.raises(PermissionDenied):
        queries.search(c.firm_uow(firm.firm_id), principal)
    with pytest.raises(PermissionDenied):
        create(firm, principal=principal)


def test_firm_a_can_neither_see_nor_change_the_clients_of_firm_b(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    b_client = create(b)
    c = a.container

    assert names(a) == []
    assert queries.get(c.firm_uow(a.firm_id), a.principal(), b_client.id) is None
    with pytest.raises(NotFound):
        services.update_client(c.firm_uow(a.firm_id), a.principal(), c.clock, b_client.id, dict(ALPHA, name="Piraté"))
    with pytest.raises(NotFound):
        services.archive_client(c.firm_uow(a.firm_id), a.principal(), c.clock, b_client.id)
    with pytest.raises(PermissionDenied):  # A's administrator on B's unit of work
        services.create_client(c.firm_uow(b.firm_id), a.principal(), c.clock, dict(ALPHA))
    assert names(b) == ["Alpha Conseil"]
    # the same SIREN may be a client of both firms
    create(a)
    assert names(a) == ["Alpha Conseil"]


def test_a_manager_from_another_firm_is_refused(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    c = a.container

    with pytest.raises(InvalidInput, match="Le manager choisi n'est pas un utilisateur actif du cabinet."):
        services.create_client(c.firm_uow(a.firm_id), a.principal(), c.clock, dict(ALPHA),
                               manager_id=b.principal().user.id)


FILE = b"nom;siren;ville\nAlpha;552008443;Lyon\nBeta;404833048;Nantes\nGamma;123;Paris\n"


def test_import_with_an_error_row_imports_nothing_unless_valid_only(firm):
    c = firm.container
    report = check(firm, FILE)

    with pytest.raises(InvalidInput, match="1 ligne\\(s\\) en erreur ou en doublon : rien n'a été importé."):
        services.import_clients(c.firm_uow(firm.firm_id), firm.principal(), c.clock, report)
    assert names(firm) == []

    count = services.import_clients(c.firm_uow(firm.firm_id), firm.principal(), c.clock, report, valid_only=True)
    assert count == 2
    assert names(firm) == ["Alpha", "Beta"]
    [event] = audit_of(c, firm.firm_id, Action.CLIENT_IMPORT)
    assert event.details == {"clients importés": 2, "lignes écartées": 1}


def test_import_of_a_clean_file_imports_every_row(firm):
    report = check(firm, b"nom;siren\nAlpha;552008443\nJean Dupont;\n")

    count = services.import_clients(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock, report)

    assert count == 2
    assert names(firm) == ["Alpha", "Jean Dupont"]


def test_a_siren_already_in_the_firm_shows_as_a_duplicate(firm):
    create(firm)

    report = check(firm, FILE)

    assert [(r.name, r.status.value, r.reason) for r in report.rows] == [
        ("Alpha", "duplicate", "SIREN déjà présent dans le cabinet (client « Alpha Conseil »)."),
        ("Beta", "ok", ""),
        ("Gamma", "error", "SIREN « 123 » invalide : 9 chiffres avec une clé de contrôle correcte.")]


def test_a_siren_registered_between_check_and_import_aborts_the_whole_import(firm):
    report = check(firm, b"nom;siren\nAlpha;552008443\nBeta;404833048\n")
    create(firm)

    with pytest.raises(InvalidInput, match="1 SIREN ont été enregistrés entre-temps"):
        services.import_clients(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock, report)
    assert names(firm) == ["Alpha Conseil"]
