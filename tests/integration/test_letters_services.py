"""Engagement letters on SQLite and PostgreSQL: generated from an accepted quote, put up for signature
(frozen bytes), signed by upload (engagement, missions, tasks, fee schedule), idempotence, refusals,
versions, amendments, expiry, tenancy."""

import hashlib
from dataclasses import replace
from datetime import date

import pytest

from domain.audit import Action
from domain.catalogue.model import BillingMode
from domain.clients.model import Contact, ContactRole
from domain.clients.services import create_client
from domain.errors import InvalidInput, NotFound
from domain.firm.model import DocType
from domain.formatting import eur_cents
from domain.letters import services
from domain.letters.model import LetterKind, LetterStatus, SignatureProvider
from domain.quotes.model import GradeHours, LineKind, Quote, QuoteLine, QuoteStatus
from tests.integration.compliance_support import assessed
from tests.integration.support import audit_of

SIGNED = b"%PDF-1.4\n%signed scan\n%%EOF\n"


class FakeRenderer:
    def __init__(self) -> None:
        self.html: list[str] = []

    def pdf(self, html: str) -> bytes:
        self.html.append(html)
        return b"%PDF-1.7\n%letter " + str(len(self.html)).encode() + b"\n%%EOF\n"


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def make_client(firm, *, signatory: bool = True, name: str = "Alpha Conseil", assess: bool = True):
    form = {"name": name, "siren": "552008443", "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
            "address_line": "12 rue de la République", "fiscal_year_end": "31/12"}
    client = create_client(uow(firm), firm.principal(), firm.container.clock, form,
                           manager_id=firm.principal().user.id)
    if signatory:
        with uow(firm) as u:
            u.contacts.add(Contact(id=0, client_id=client.id, last_name="Durand", first_name="Marie",
                                   role=ContactRole.EXECUTIVE, email="marie.durand@alpha.fr", phone="0612345678",
                                   is_signatory=True))
            u.commit()
    if assess:  # the LCB-FT gate (on by default) lets its letters be put up for signature
        assessed(firm, client.id)
    return client


def make_quote(firm, client_id: int, *, monthly: bool = True, fiscal_year_start=date(2027, 1, 1),
               discount_cents: int = 0, fee_cents: int = 100_001, with_unit: bool = True) -> Quote:
    with uow(firm) as u:
        types = {m.code: m for m in u.mission_types.list()}
        grades = u.grades.list()
        tenue = types["tenue"]
        lines = [QuoteLine(id=0, label="Tenue comptable", billing_mode=BillingMode.MONTHLY, mission_type_id=tenue.id,
                           fee_cents=fee_cents, hours=(GradeHours(grades[3].id, 1200, 8000),
                                                       GradeHours(grades[1].id, 180, 13000)), position=0),
                 QuoteLine(id=0, label="Comptes annuels", billing_mode=BillingMode.ANNUAL,
                           mission_type_id=types["comptes_annuels"].id, fee_cents=250_000, position=1)]
        if with_unit:
            lines.append(QuoteLine(id=0, label="Bulletins de paie", billing_mode=BillingMode.UNIT,
                                   mission_type_id=types["paie"].id, fee_cents=48_000, quantity=24,
                                   unit_price_cents=2_000, position=2))
        lines.append(QuoteLine(id=0, label="Situation intermédiaire", billing_mode=BillingMode.TIME_SPENT,
                               kind=LineKind.EXTRA, position=3))
        number = f"D-T{u.numbering.allocate(DocType.QUOTE)}"
        quote = u.quotes.add(Quote(id=0, number=number, status=QuoteStatus.ACCEPTED, created_on=date(2026, 11, 1),
                                   valid_until=date(2026, 12, 1), client_id=client_id, title="Mission 2027",
                                   fiscal_year_start=fiscal_year_start, monthly=monthly,
                                   discount_cents=discount_cents, lines=tuple(lines)))
        u.commit()
        return quote


def create_letter(firm, quote_id: int):
    with uow(firm) as u:
        letter = services.create_from_quote_in_transaction(u, firm.principal().user.id, firm.container.clock, quote_id)
        u.commit()
        return letter


def put_up(firm, letter_id, renderer=None):
    return services.put_up_for_signature(uow(firm), firm.principal(), firm.container.clock,
                                         renderer or FakeRenderer(), letter_id)


def upload(firm, letter_id, content=SIGNED, filename="signee.pdf"):
    return services.upload_signed(uow(firm), firm.principal(), firm.container.clock, letter_id, content, filename)


def test_letter_from_quote_is_numbered_rendered_with_every_block_and_the_signatory(firm):
    client = make_client(firm)
    quote = make_quote(firm, client.id)

    letter = create_letter(firm, quote.id)
    again = create_letter(firm, quote.id)

    assert again.id == letter.id  # one letter per quote
    assert (letter.number, letter.status, letter.kind) == ("LM2026-00001", LetterStatus.DRAFT, LetterKind.LETTER)
    assert (letter.fiscal_year_start, letter.fiscal_year_end) == (date(2027, 1, 1), date(2027, 12, 31))
    assert (letter.signatory_name, letter.signatory_email) == ("Marie Durand", "marie.durand@alpha.fr")
    with uow(firm) as u:
        body = u.letters.body_html(letter.id)
    for block in ("Entre les soussignés", "Objet et étendue de la mission", "Durée de la mission",
                  "tacite reconduction", "P1 = P0 × S1 / S0", "Obligations du client", "Non-sollicitation",
                  "conciliation", "Protection des données personnelles", "blanchiment",
                  "Annexe — Répartition des tâches", "Alpha Conseil", "Tenue comptable", eur_cents(100_001)):
        assert block in body, block
    [event] = audit_of(firm.container, firm.firm_id, Action.LETTER_CREATE)
    assert event.details["référence"] == "LM2026-00001"


def test_without_fiscal_year_on_the_quote_the_clients_fiscal_year_in_progress_is_used(firm):
    client = make_client(firm)
    quote = make_quote(firm, client.id, fiscal_year_start=None)

    letter = create_letter(firm, quote.id)

    assert (letter.fiscal_year_start, letter.fiscal_year_end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_an_individual_client_without_a_designated_signatory_signs_personally(firm):
    form = {"kind": "individual", "name": "Jeanne Morel", "email": "jeanne.morel@example.fr", "phone": "0611223344"}
    client = create_client(uow(firm), firm.principal(), firm.container.clock, form)

    letter = create_letter(firm, make_quote(firm, client.id).id)

    assert (letter.signatory_name, letter.signatory_email) == ("Jeanne Morel", "jeanne.morel@example.fr")
    with uow(firm) as u:
        body = u.letters.body_html(letter.id)
    assert "représenté" not in body  # she is not represented by anyone


def test_a_company_without_a_designated_signatory_has_none_until_one_is_typed(firm):
    client = make_client(firm, signatory=False)

    letter = create_letter(firm, make_quote(firm, client.id).id)

    assert (letter.signatory_name, letter.signatory_email) == ("", "")


def test_put_up_for_signature_freezes_the_exact_pdf_and_refuses_a_second_time(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    renderer = FakeRenderer()

    sent, pdf = put_up(firm, letter.id, renderer)

    assert sent.status is LetterStatus.TO_SIGN
    assert (sent.sent_on, sent.expires_on) == (date(2026, 11, 20), date(2026, 12, 20))
    assert sent.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert "Lettre de mission LM2026-00001" in renderer.html[0] and "Projet" not in renderer.html[0]
    with uow(firm) as u:
        assert u.letters.pdf(letter.id) == pdf
    with pytest.raises(InvalidInput, match="seule une lettre en brouillon peut être mise à signer"):
        put_up(firm, letter.id)
    with uow(firm) as u:
        assert u.letters.pdf(letter.id) == pdf


def test_a_letter_without_signatory_cannot_be_put_up_for_signature(firm):
    client = make_client(firm, signatory=False)
    letter = create_letter(firm, make_quote(firm, client.id).id)

    with pytest.raises(InvalidInput, match="Indiquez le nom et l'e-mail du signataire"):
        put_up(firm, letter.id)
    with uow(firm) as u:
        assert u.letters.get(letter.id).status is LetterStatus.DRAFT


def test_uploaded_signature_activates_engagement_missions_tasks_and_schedule_once(firm):
    client = make_client(firm)
    quote = make_quote(firm, client.id, discount_cents=1_000)
    letter = create_letter(firm, quote.id)
    put_up(firm, letter.id)

    engagement = upload(firm, letter.id)
    again = upload(firm, letter.id)

    assert again.id == engagement.id
    with uow(firm) as u:
        stored = u.letters.get(letter.id)
        assert (stored.status, stored.signature_provider, stored.decided_on) == (
            LetterStatus.SIGNED, SignatureProvider.UPLOAD, date(2026, 11, 20))
        assert u.letters.signed_pdf(letter.id) == SIGNED
        assert stored.signed_pdf_sha256 == hashlib.sha256(SIGNED).hexdigest()
        assert len(u.engagements.for_client(client.id)) == 1
        assert (engagement.fiscal_year_start, engagement.fiscal_year_end) == (date(2027, 1, 1), date(2027, 12, 31))
        assert engagement.annual_fee_cents == quote.total_ht_cents == 100_001 + 250_000 + 48_000 - 1_000
        missions = {m.label: m for m in u.missions.for_engagement(engagement.id)}
        assert set(missions) == {"Tenue comptable", "Comptes annuels", "Bulletins de paie"}  # not the extra
        tenue = missions["Tenue comptable"]
        assert sum(m.fee_cents for m in missions.values()) == quote.total_ht_cents
        assert missions["Bulletins de paie"].fee_cents == 48_000  # the discount goes on the forfaits
        assert tenue.manager_id == firm.principal().user.id
        grades = u.grades.list()
        assert dict(tenue.budget_minutes) == {grades[3].id: 1200, grades[1].id: 180}
        tasks = u.missions.tasks(tenue.id)
        tenue_type = u.mission_types.get(tenue.mission_type_id)
        assert [t.label for t in tasks] == [t.label for t in sorted(tenue_type.tasks, key=lambda t: t.position)]
        assert [t.due_on for t in tasks] == [t.due.due_on(date(2027, 1, 1), date(2027, 12, 31))
                                             for t in sorted(tenue_type.tasks, key=lambda t: t.position)]
        schedule = u.engagements.instalments(engagement.id)
    monthly = [i for i in schedule if i.mission_id == tenue.id]
    annual = [i for i in schedule if i.mission_id == missions["Comptes annuels"].id]
    assert len(monthly) == 12 and sum(i.amount_cents for i in monthly) == tenue.fee_cents
    assert [i.due_on for i in monthly][:2] == [date(2027, 1, 1), date(2027, 2, 1)]
    # the quote is mensualisé: the annual forfait is billed monthly too
    assert len(annual) == 12 and sum(i.amount_cents for i in annual) == missions["Comptes annuels"].fee_cents
    assert not [i for i in schedule if i.mission_id == missions["Bulletins de paie"].id]
    assert len(audit_of(firm.container, firm.firm_id, Action.ENGAGEMENT_ACTIVATE)) == 1
    assert len(audit_of(firm.container, firm.firm_id, Action.LETTER_SIGN)) == 1


def test_an_annual_forfait_is_one_instalment_at_fiscal_year_end(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id, monthly=False, with_unit=False).id)
    put_up(firm, letter.id)

    engagement = upload(firm, letter.id)

    with uow(firm) as u:
        schedule = u.engagements.instalments(engagement.id)
    annual = [i for i in schedule if i.billing_mode is BillingMode.ANNUAL]
    assert [(i.due_on, i.amount_cents) for i in annual] == [(date(2027, 12, 31), 250_000)]
    assert sum(i.amount_cents for i in schedule) == 100_001 + 250_000


@pytest.mark.parametrize("content, filename, message", [
    (b"", "vide.pdf", "Le fichier est vide"),
    (b"PK\x03\x04 not a pdf", "lettre.docx", "n'est pas un PDF"),
    (b"%PDF-" + b"0" * (10 * 1024 * 1024), "gros.pdf", "dépasse 10 Mo"),
])
def test_upload_refuses_what_is_not_a_signed_pdf(firm, content, filename, message):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    put_up(firm, letter.id)

    with pytest.raises(InvalidInput, match=message):
        upload(firm, letter.id, content, filename)
    with uow(firm) as u:
        assert u.letters.get(letter.id).status is LetterStatus.TO_SIGN
        assert u.engagements.for_letter(letter.id) is None


def test_a_draft_cannot_be_signed_and_refusal_needs_a_reason(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)

    with pytest.raises(InvalidInput, match="que pour une lettre à signer"):
        upload(firm, letter.id)
    put_up(firm, letter.id)
    with pytest.raises(InvalidInput, match="Motif du refus"):
        services.refuse(uow(firm), firm.principal(), firm.container.clock, letter.id, "  ")

    refused = services.refuse(uow(firm), firm.principal(), firm.container.clock, letter.id, "Honoraires trop élevés")

    assert (refused.status, refused.refusal_reason, refused.decided_on) == (
        LetterStatus.REFUSED, "Honoraires trop élevés", date(2026, 11, 20))
    with pytest.raises(InvalidInput, match="que pour une lettre à signer"):
        upload(firm, letter.id)


def test_revising_a_letter_to_sign_supersedes_it_with_a_new_draft_version(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    put_up(firm, letter.id)

    v2 = services.revise(uow(firm), firm.principal(), firm.container.clock, letter.id)

    assert (v2.number, v2.version, v2.reference, v2.status, v2.previous_id) == (
        letter.number, 2, f"{letter.number}-v2", LetterStatus.DRAFT, letter.id)
    with uow(firm) as u:
        assert u.letters.get(letter.id).status is LetterStatus.SUPERSEDED
        assert [v.version for v in u.letters.versions(letter.number)] == [1, 2]
    with pytest.raises(InvalidInput, match="que pour une lettre à signer"):
        upload(firm, letter.id)
    with pytest.raises(InvalidInput):
        services.revise(uow(firm), firm.principal(), firm.container.clock, letter.id)


def test_a_draft_is_edited_in_place_and_rerendered(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    edit = services.LetterEdit(title="Lettre 2028", fiscal_year_start=date(2028, 1, 1), signatory_name="Paul Roy",
                               signatory_email="paul@alpha.fr")

    updated = services.update_draft(uow(firm), firm.principal(), firm.container.clock, letter.id, edit)

    assert (updated.id, updated.version, updated.title, updated.fiscal_year_end, updated.signatory_name) == (
        letter.id, 1, "Lettre 2028", date(2028, 12, 31), "Paul Roy")
    with uow(firm) as u:
        assert "Lettre 2028" in u.letters.body_html(letter.id) and "31/12/2028" in u.letters.body_html(letter.id)
    with pytest.raises(InvalidInput, match="n'est pas une adresse valide"):
        services.update_draft(uow(firm), firm.principal(), firm.container.clock, letter.id,
                              replace(edit, signatory_email="pas-un-email"))
    put_up(firm, letter.id)
    with pytest.raises(InvalidInput, match="seule une lettre en brouillon peut être modifiée"):
        services.update_draft(uow(firm), firm.principal(), firm.container.clock, letter.id, edit)


def test_overdue_letters_expire(firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    put_up(firm, letter.id)
    clock = firm.container.clock

    assert services.expire_overdue(uow(firm), firm.principal(), clock) == 0
    clock.advance(days=31)
    assert services.expire_overdue(uow(firm), firm.principal(), clock) == 1
    with uow(firm) as u:
        assert u.letters.get(letter.id).status is LetterStatus.EXPIRED


def test_amendment_changes_a_mission_and_adds_another_for_the_same_fiscal_year(firm):
    client = make_client(firm)
    quote = make_quote(firm, client.id, with_unit=False, fiscal_year_start=date(2026, 1, 1))
    letter = create_letter(firm, quote.id)
    put_up(firm, letter.id)
    engagement = upload(firm, letter.id)
    with uow(firm) as u:
        types = {m.code: m for m in u.mission_types.list()}
        before = {m.label: m for m in u.missions.for_engagement(engagement.id)}
        amendment_quote = u.quotes.add(Quote(
            id=0, number="D-AV1", status=QuoteStatus.ACCEPTED, created_on=date(2026, 11, 20),
            valid_until=date(2026, 12, 20), client_id=client.id, monthly=True,
            lines=(QuoteLine(id=0, label="Tenue comptable renforcée", billing_mode=BillingMode.MONTHLY,
                             mission_type_id=types["tenue"].id, fee_cents=120_000),
                   QuoteLine(id=0, label="Juridique annuel", billing_mode=BillingMode.ANNUAL,
                             mission_type_id=types["juridique"].id, fee_cents=60_000))))
        u.commit()

    with pytest.raises(InvalidInput, match="lettre de mission signée"):
        services.create_amendment(uow(firm), firm.principal(), firm.container.clock, _draft_letter(firm, client),
                                  amendment_quote.id)
    amendment = services.create_amendment(uow(firm), firm.principal(), firm.container.clock, letter.id,
                                          amendment_quote.id)
    assert (amendment.kind, amendment.amends_id, amendment.number, amendment.status) == (
        LetterKind.AMENDMENT, letter.id, "LM2026-00003", LetterStatus.DRAFT)
    with uow(firm) as u:
        body = u.letters.body_html(amendment.id)
    assert letter.reference in body and "Juridique annuel" in body
    put_up(firm, amendment.id)
    same = upload(firm, amendment.id)
    upload(firm, amendment.id)  # twice: applied once

    assert same.id == engagement.id
    with uow(firm) as u:
        missions = {m.label: m for m in u.missions.for_engagement(engagement.id)}
        schedule = u.engagements.instalments(engagement.id)
        stored = u.engagements.get(engagement.id)
    tenue = missions["Tenue comptable renforcée"]
    assert tenue.id == before["Tenue comptable"].id and tenue.fee_cents == 120_000
    tenue_lines = [i for i in schedule if i.mission_id == tenue.id]
    # Jan–Oct kept as planned (10 × 8 333), Nov and Dec re-planned for what remains of the new fee
    assert len(tenue_lines) == 12 and sum(i.amount_cents for i in tenue_lines) == 120_000
    assert [i.amount_cents for i in tenue_lines[-2:]] == [(120_000 - 83_330) // 2, 120_000 - 83_330 - 18_335]
    juridique = missions["Juridique annuel"]
    assert [i.amount_cents for i in schedule if i.mission_id == juridique.id] == [30_000, 30_000]
    assert len(missions) == 3
    assert stored.annual_fee_cents == 120_000 + 250_000 + 60_000


def _draft_letter(firm, client):
    return create_letter(firm, make_quote(firm, client.id).id).id


def test_another_firms_letter_is_not_found(firm, make_firm):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    other = make_firm("Autre cabinet")

    with pytest.raises(NotFound):
        put_up(other, letter.id)
    with pytest.raises(NotFound):
        upload(other, letter.id)
    with uow(other) as u:
        assert u.letters.get(letter.id) is None and u.letters.list() == []


def test_a_broken_template_is_refused_in_french(firm):
    from domain.letters import templates

    with uow(firm) as u:
        template = u.letter_templates.get_default(LetterKind.LETTER)
    with pytest.raises(InvalidInput, match="la variable « inconnue » n'existe pas"):
        templates.save_template(uow(firm), firm.principal(), firm.container.clock, template.id, template.name,
                                "<p>{{ inconnue }}</p>")
    with pytest.raises(InvalidInput, match="syntaxe invalide"):
        templates.save_template(uow(firm), firm.principal(), firm.container.clock, template.id, template.name,
                                "<p>{% if %}</p>")
    with uow(firm) as u:
        assert u.letter_templates.get(template.id).body == template.body

    templates.save_template(uow(firm), firm.principal(), firm.container.clock, template.id, template.name,
                            template.body + "<p>Clause ajoutée {{ client.nom }}</p>")
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    with uow(firm) as u:
        assert "Clause ajoutée Alpha Conseil" in u.letters.body_html(letter.id)
    [event] = audit_of(firm.container, firm.firm_id, Action.LETTER_TEMPLATE_UPDATE)
    assert event.target_id == str(template.id)
