"""Yousign credentials on SQLite and PostgreSQL: encrypted at rest, never shown again, admin only, audited."""

import pytest
from sqlalchemy import select

from data.db import session_factory
from data.models.crm_letters import IntegrationCredentialRow
from data.secrets import FernetCipher
from domain.access.model import Role
from domain.audit import Action
from domain.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from domain.signatures import services
from domain.signatures.model import YOUSIGN, SignatureError, YousignEnvironment
from tests.conftest import unique_email
from tests.integration.support import audit_of
from tests.yousign_fake import API_KEY, fake_yousign  # noqa: F401 (fixture)


def save(firm, key=API_KEY, environment="sandbox", principal=None, **kwargs):
    c = firm.container
    return services.save_yousign_key(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, c.cipher, key,
                                     environment, **kwargs)


def settings(firm, principal=None):
    return services.yousign_settings(firm.container.firm_uow(firm.firm_id), principal or firm.principal())


def stored_row(firm) -> IntegrationCredentialRow:
    with session_factory(firm.container.settings.database_url)() as session:
        return session.scalar(select(IntegrationCredentialRow).where(IntegrationCredentialRow.firm_id == firm.firm_id,
                                                                     IntegrationCredentialRow.provider == YOUSIGN))


def collaborator(firm):
    c = firm.container
    email = unique_email("collab")
    with c.firm_uow(firm.firm_id) as uow:
        create_user(uow, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        uow.commit()
    return firm.principal(email)


def test_the_key_is_stored_encrypted_and_only_its_hint_is_shown(firm):
    info = save(firm, "  " + API_KEY + "\n")

    row = stored_row(firm)
    assert API_KEY not in row.ciphertext and "cdef" not in row.ciphertext
    assert firm.container.cipher.decrypt(row.ciphertext) == f'{{"api_key": "{API_KEY}"}}'
    assert (row.hint, row.base_url) == ("…cdef", YousignEnvironment.SANDBOX.base_url)
    shown = settings(firm)
    assert shown == info
    assert (shown.hint, shown.environment, shown.updated_by_name) == ("…cdef", YousignEnvironment.SANDBOX, "Alice Admin")
    assert shown.updated_at == firm.container.clock.now()
    assert API_KEY not in repr(shown)


def test_saving_and_replacing_the_key_is_audited_without_the_secret(firm):
    save(firm)
    save(firm, "ys-live-key-9999999999999999", "production")

    events = audit_of(firm.container, firm.firm_id, Action.CREDENTIALS_CHANGE)
    assert sorted(e.details["opération"] for e in events) == ["enregistrement de la clé", "remplacement de la clé"]
    assert all(API_KEY not in str(e.details) and "9999" not in str(e.details) for e in events)
    assert settings(firm).environment is YousignEnvironment.PRODUCTION
    assert settings(firm).hint == "…9999"


def test_a_collaborator_sees_the_state_but_may_not_change_the_key(firm):
    save(firm)
    colette = collaborator(firm)

    assert settings(firm, colette).hint == "…cdef"
    with pytest.raises(PermissionDenied):
        save(firm, "ys-other-key-000000000000", principal=colette)
    with pytest.raises(PermissionDenied):
        services.delete_yousign_key(firm.container.firm_uow(firm.firm_id), colette, firm.container.clock)
    assert settings(firm).hint == "…cdef"


@pytest.mark.parametrize(("key", "environment", "message"), [
    ("", "sandbox", "Clé API Yousign : valeur obligatoire."),
    ("short", "sandbox", "Clé API Yousign invalide"),
    ("has spaces inside the key 1234", "sandbox", "Clé API Yousign invalide"),
    (API_KEY, "staging", "Environnement Yousign « staging » inconnu"),
])
def test_a_malformed_key_or_environment_is_refused_and_nothing_is_stored(firm, key, environment, message):
    with pytest.raises(InvalidInput, match=message):
        save(firm, key, environment)
    assert settings(firm) is None
    assert audit_of(firm.container, firm.firm_id, Action.CREDENTIALS_CHANGE) == []


def test_deleting_the_key_removes_it_and_is_audited(firm):
    save(firm)
    services.delete_yousign_key(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock)

    assert settings(firm) is None
    assert stored_row(firm) is None
    assert [e.details["opération"] for e in audit_of(firm.container, firm.firm_id, Action.CREDENTIALS_CHANGE)
            if e.details["opération"].startswith("suppression")] == ["suppression de la clé"]
    with pytest.raises(NotFound, match="Aucune clé Yousign"):
        services.delete_yousign_key(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock)


def test_another_firm_neither_sees_nor_uses_the_key(firm, make_firm):
    save(firm)
    other = make_firm("Autre Cabinet")

    assert settings(other) is None
    with pytest.raises(SignatureError, match="Yousign n'est pas configuré pour ce cabinet"):
        services.open_gateway(other.container.firm_uow(other.firm_id), other.principal(), other.container.cipher,
                              other.container.signature_gateway)


def test_a_changed_secret_key_makes_the_stored_key_unreadable_with_a_french_message(firm):
    save(firm)

    with pytest.raises(DomainError, match=r"la clé secrète \(EEXPI_SECRET_KEY\) a changé"):
        services.open_gateway(firm.container.firm_uow(firm.firm_id), firm.principal(),
                              FernetCipher("another-secret-key"), firm.container.signature_gateway)


def test_the_connection_test_uses_the_stored_key_and_url(firm, fake_yousign):
    c = firm.container
    save(firm, base_url=fake_yousign.url)

    services.check_yousign_connection(c.firm_uow(firm.firm_id), firm.principal(), c.cipher, c.signature_gateway)

    [call] = fake_yousign.calls
    assert (call.method, call.path, call.headers["Authorization"]) == ("GET", "/v3/signature_requests",
                                                                       f"Bearer {API_KEY}")
    assert settings(firm).environment is None
    assert settings(firm).environment_label == f"Adresse personnalisée ({fake_yousign.url})"


def test_the_connection_test_reports_a_refused_key_in_french(firm, fake_yousign):
    c = firm.container
    save(firm, "ys-revoked-key-0000000000", base_url=fake_yousign.url)

    with pytest.raises(SignatureError, match=r"Clé API Yousign refusée \(HTTP 401\)"):
        services.check_yousign_connection(c.firm_uow(firm.firm_id), firm.principal(), c.cipher, c.signature_gateway)
