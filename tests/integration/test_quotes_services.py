"""Quote services on SQLite and PostgreSQL: numbering, editing, sending (frozen PDF, mail with the PDF),
versions, acceptance (a prospect becomes a client, the letter is generated), refusal, expiry, tenancy."""

import hashlib
from dataclasses import replace

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.catalogue.model import BillingMode
from domain.clients.services import create_client
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.pipeline.model import Stage
from domain.pipeline.services import create_prospect
from domain.quotes import queries, services
from domain.quotes.building import extra_line, line_from_mission_type, priced_unit, selling_rates
from domain.quotes.model import GradeHours, QuoteDraft, QuoteLine, QuoteStatus
from tests.conftest import unique_email
from tests.integration.support import audit_of, invite


class FakeRenderer:
    """Known bytes for each rendering; remembers the HTML it was given."""

    def __init__(self) -> None:
        self.html: list[str] = []

    def pdf(self, html: str) -> bytes:
        self.html.append(html)
        return b"%PDF-1.7\n%fake quote " + str(len(self.html)).encode() + b"\n%%EOF\n"


def inflated_streams(pdf: bytes) -> list[bytes]:
    """The PDF's compressed streams, inflated (the metadata is compressed too)."""
    import re
    import zlib

    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return found


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def client(firm, email: str | None = "compta@alpha.fr", name: str = "Alpha Conseil", siren: str = "552008443"):
    form = {"name": name, "siren": siren, "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
            "address_line": "12 rue de la République", "email": email or ""}
    return create_client(uow(firm), firm.principal(), firm.container.clock, form)


def prospect(firm, email: str = "dirigeant@boulangerie.fr"):
    return create_prospect(uow(firm), firm.principal(), firm.container.clock,
                           {"name": "Boulangerie Martin", "kind": "company", "siren": "732829320",
                            "contact_name": "Paul Martin", "email": email, "city": "Tours"})


def catalogue_line(firm, code: str = "tenue") -> QuoteLine:
    with uow(firm) as u:
        mission_type = next(m for m in u.mission_types.list(active_only=True) if m.code == code)
        rates = selling_rates(u.grades.rates(), firm.container.clock.today())
        return line_from_mission_type(mission_type, rates, u.grades.list())


def draft(target, lines=None, **fields) -> QuoteDraft:
    key = "prospect_id" if hasattr(target, "stage") else "client_id"
    fields.setdefault("title", "Mission annuelle")
    return QuoteDraft(**{key: target.id}, lines=tuple(lines or ()), **fields)


def create(firm, target, lines=None, **fields):
    return services.create_quote(uow(firm), firm.principal(), firm.container.clock, draft(target, lines, **fields))


def send(firm, quote_id, renderer=None, principal=None):
    return services.send_quote(uow(firm), principal or firm.principal(), firm.container.clock,
                               renderer or FakeRenderer(), quote_id)


def test_quotes_are_numbered_from_the_firm_series_and_hours_valued_at_the_firm_rates(firm):
    alpha = client(firm)
    line = catalogue_line(firm)
    forged = replace(line, hours=tuple(replace(h, rate_cents=1) for h in line.hours))  # a page cannot set rates

    first = create(firm, alpha, [forged, extra_line("Assistance en cas de contrôle fiscal")], discount_cents=5000)
    second = create(firm, alpha, [line])

    assert (first.number, second.number) == ("D2026-00001", "D2026-00002")
    assert first.status is QuoteStatus.DRAFT
    assert (first.created_on.isoformat(), first.valid_until.isoformat()) == ("2026-11-20", "2026-12-20")
    assert first.lines[0].hours == line.hours
    assert first.lines[0].computed_cents == line.computed_cents > 0
    assert first.total_ht_cents == line.fee_cents - 5000
    assert [e.details["numéro"] for e in audit_of(firm.container, firm.firm_id, Action.QUOTE_CREATE)] == [
        "D2026-00002", "D2026-00001"]


def test_a_draft_is_edited_and_a_bad_draft_changes_nothing(firm):
    alpha = client(firm)
    quote = create(firm, alpha, [catalogue_line(firm)])
    payroll = priced_unit(QuoteLine(0, "Bulletins de paie", BillingMode.UNIT), 24, 2500)

    edited = services.update_quote(uow(firm), firm.principal(), firm.container.clock, quote.id,
                                   draft(alpha, [payroll], monthly=True, title="Paie"))
    assert ([line.label for line in edited.lines], edited.total_ht_cents, edited.monthly) == (
        ["Bulletins de paie"], 60000, True)
    with pytest.raises(InvalidInput, match="La remise dépasse"):
        services.update_quote(uow(firm), firm.principal(), firm.container.clock, quote.id,
                              draft(alpha, [payroll], discount_cents=70000))
    assert queries.get_quote(uow(firm), firm.principal(), quote.id) == edited


def test_sending_freezes_the_exact_pdf_and_queues_the_mail_with_it_to_the_client(firm):
    alpha = client(firm)
    quote = create(firm, alpha, [catalogue_line(firm)])
    renderer = FakeRenderer()

    sent = send(firm, quote.id, renderer)

    expected = b"%PDF-1.7\n%fake quote 1\n%%EOF\n"
    assert (sent.status, sent.sent_on.isoformat(), sent.has_pdf) == (QuoteStatus.SENT, "2026-11-20", True)
    assert queries.frozen_pdf(uow(firm), firm.principal(), quote.id) == expected
    with uow(firm) as u:
        assert u.quotes.pdf_sha256(quote.id) == hashlib.sha256(expected).hexdigest()
        [mail] = [m for m in u.outbox.list() if m["recipient"] == "compta@alpha.fr"]
        [attachment] = u.outbox.attachments(mail["id"])
    assert mail["subject"] == "Devis D2026-00001 – Cabinet Test"
    assert "valable jusqu'au 20/12/2026" in mail["body"]
    assert (attachment.filename, attachment.mime, attachment.content) == (
        "Devis-D2026-00001.pdf", "application/pdf", expected)
    html = renderer.html[0]
    assert "Devis n° D2026-00001" in html and "Alpha Conseil" in html and "Bon pour accord" in html
    assert "Tenue comptable" in html
    # once sent, the quote is frozen and the PDF is never rendered again
    with pytest.raises(InvalidInput, match="seul un brouillon se modifie"):
        services.update_quote(uow(firm), firm.principal(), firm.container.clock, quote.id, draft(alpha, []))
    with pytest.raises(InvalidInput, match="« Envoyé » : il ne peut pas être envoyé"):
        send(firm, quote.id, renderer)
    assert services.preview_pdf(uow(firm), firm.principal(), renderer, quote.id) == expected
    assert len(renderer.html) == 1
    [event] = audit_of(firm.container, firm.firm_id, Action.QUOTE_SEND)
    assert event.details["destinataire"] == "compta@alpha.fr"


def test_the_signatory_contact_receives_the_quote_when_the_client_has_one(firm):
    from domain.clients.model import Contact

    alpha = client(firm)
    with uow(firm) as u:
        u.contacts.add(Contact(0, alpha.id, "Durand", "Léa", email="lea.durand@alpha.fr", is_signatory=True))
        u.commit()
    quote = create(firm, alpha, [catalogue_line(firm)])
    renderer = FakeRenderer()

    send(firm, quote.id, renderer)

    with uow(firm) as u:
        assert [m["recipient"] for m in u.outbox.list() if m["subject"].startswith("Devis")] == ["lea.durand@alpha.fr"]
    assert "À l'attention de Léa Durand" in renderer.html[0]


def test_without_any_email_nothing_is_sent_and_the_error_is_french(firm):
    alpha = client(firm, email=None)
    quote = create(firm, alpha, [catalogue_line(firm)])
    with uow(firm) as u:
        outbox_before = len(u.outbox.list())

    with pytest.raises(InvalidInput) as err:
        send(firm, quote.id)

    assert err.value.message.startswith("Aucune adresse e-mail pour « Alpha Conseil »")
    stored = queries.get_quote(uow(firm), firm.principal(), quote.id)
    assert (stored.status, stored.has_pdf) == (QuoteStatus.DRAFT, False)
    with uow(firm) as u:
        assert len(u.outbox.list()) == outbox_before
    assert audit_of(firm.container, firm.firm_id, Action.QUOTE_SEND) == []


def test_an_empty_quote_cannot_be_sent(firm):
    quote = create(firm, client(firm), [extra_line("Conseil ponctuel")])
    with pytest.raises(InvalidInput, match="aucune mission"):
        send(firm, quote.id)


def test_revising_a_sent_quote_makes_a_new_draft_version_and_only_the_latest_acts(firm):
    alpha = client(firm)
    v1 = send(firm, create(firm, alpha, [catalogue_line(firm)]).id)
    firm.container.clock.advance(days=3)

    v2 = services.revise_quote(uow(firm), firm.principal(), firm.container.clock, v1.id)

    assert (v2.number, v2.version, v2.previous_id, v2.status, v2.reference) == (
        v1.number, 2, v1.id, QuoteStatus.DRAFT, "D2026-00001-v2")
    assert (v2.created_on.isoformat(), v2.valid_until.isoformat(), v2.has_pdf) == ("2026-11-23", "2026-12-23", False)
    assert [line.label for line in v2.lines] == [line.label for line in v1.lines]
    old = queries.get_quote(uow(firm), firm.principal(), v1.id)
    assert old.status is QuoteStatus.SUPERSEDED and old.has_pdf
    with pytest.raises(InvalidInput, match="remplacé par la version 2"):
        services.accept_quote(uow(firm), firm.principal(), firm.container.clock, v1.id)
    with pytest.raises(InvalidInput, match="remplacé par la version 2"):
        services.revise_quote(uow(firm), firm.principal(), firm.container.clock, v1.id)
    v2_sent = send(firm, v2.id)
    assert v2_sent.status is QuoteStatus.SENT
    assert [q.version for q in queries.versions(uow(firm), firm.principal(), v1.number)] == [1, 2]


def test_a_quote_sent_to_a_prospect_moves_it_and_its_acceptance_makes_it_a_client(firm):
    martin = prospect(firm)
    quote = create(firm, martin, [catalogue_line(firm)])

    send(firm, quote.id)
    with uow(firm) as u:
        assert u.prospects.get(martin.id).stage is Stage.QUOTE_SENT
        assert [m["recipient"] for m in u.outbox.list() if m["subject"].startswith("Devis")] == [
            "dirigeant@boulangerie.fr"]

    accepted = services.accept_quote(uow(firm), firm.principal(), firm.container.clock, quote.id)

    assert accepted.quote.status is QuoteStatus.ACCEPTED
    assert accepted.quote.decided_on.isoformat() == "2026-11-20"
    with uow(firm) as u:
        won = u.prospects.get(martin.id)
        new_client = u.clients.get(accepted.client_id)
    assert (won.stage, won.client_id) == (Stage.WON, accepted.client_id)
    assert (new_client.name, new_client.siren) == ("Boulangerie Martin", "732829320")
    assert (accepted.quote.client_id, accepted.quote.prospect_id) == (accepted.client_id, martin.id)
    assert [q.id for q in queries.for_client(uow(firm), firm.principal(), accepted.client_id)] == [quote.id]
    actions = [e.action for e in audit_of(firm.container, firm.firm_id)]
    assert Action.QUOTE_ACCEPT in actions and Action.PROSPECT_CONVERT in actions


def test_accepting_generates_the_engagement_letter_in_the_same_transaction(firm):
    quote = send(firm, create(firm, client(firm), [catalogue_line(firm)]).id)

    accepted = services.accept_quote(uow(firm), firm.principal(), firm.container.clock, quote.id)

    assert accepted.letter_id is not None
    with uow(firm) as u:
        letter = u.letters.get(accepted.letter_id)
    assert (letter.quote_id, letter.client_id) == (quote.id, accepted.client_id)


def test_refusing_needs_a_reason_and_money_rights(firm):
    quote = send(firm, create(firm, client(firm), [catalogue_line(firm)]).id)
    collaborator = invite(firm, Role.COLLABORATOR)

    with pytest.raises(PermissionDenied):
        services.refuse_quote(uow(firm), firm.principal(collaborator.email), firm.container.clock, quote.id, "Cher")
    with pytest.raises(PermissionDenied):
        services.accept_quote(uow(firm), firm.principal(collaborator.email), firm.container.clock, quote.id)
    with pytest.raises(InvalidInput, match="Motif du refus : valeur obligatoire."):
        services.refuse_quote(uow(firm), firm.principal(), firm.container.clock, quote.id, "  ")

    refused = services.refuse_quote(uow(firm), firm.principal(), firm.container.clock, quote.id, "Trop cher")

    assert (refused.status, refused.refusal_reason) == (QuoteStatus.REFUSED, "Trop cher")
    with pytest.raises(InvalidInput, match="« Refusé » : il ne peut pas être accepté"):
        services.accept_quote(uow(firm), firm.principal(), firm.container.clock, quote.id)
    again = services.revise_quote(uow(firm), firm.principal(), firm.container.clock, quote.id)
    assert again.version == 2
    assert queries.get_quote(uow(firm), firm.principal(), quote.id).status is QuoteStatus.REFUSED


def test_sent_quotes_past_their_validity_expire_by_command_and_lazily_when_listed(firm):
    alpha = client(firm)
    old = send(firm, create(firm, alpha, [catalogue_line(firm)]).id)
    later = send(firm, create(firm, alpha, [catalogue_line(firm)],
                              valid_until=firm.container.clock.today().replace(month=12, day=31)).id)
    clock = firm.container.clock

    clock.advance(days=30)  # 20/12: the last valid day of `old`
    assert services.expire_overdue(uow(firm), clock) == 0
    clock.advance(days=1)
    assert services.expire_overdue(uow(firm), clock) == 1
    assert services.expire_overdue(uow(firm), clock) == 0
    stored = queries.get_quote(uow(firm), firm.principal(), old.id)
    assert (stored.status, stored.decided_on.isoformat()) == (QuoteStatus.EXPIRED, "2026-12-21")
    with pytest.raises(InvalidInput, match="« Expiré » : il ne peut pas être accepté"):
        services.accept_quote(uow(firm), firm.principal(), clock, old.id)

    clock.advance(days=11)  # 01/01/2027
    listed = {q.id: q.status for q in queries.list_quotes(uow(firm), firm.principal(), clock)}
    assert listed == {old.id: QuoteStatus.EXPIRED, later.id: QuoteStatus.EXPIRED}
    assert len(audit_of(firm.container, firm.firm_id, Action.QUOTE_EXPIRE)) == 2


def test_an_overdue_draft_must_get_a_new_validity_date_before_sending(firm):
    quote = create(firm, client(firm), [catalogue_line(firm)])
    firm.container.clock.advance(days=31)
    with pytest.raises(InvalidInput, match="La date de validité du devis \\(20/12/2026\\) est dépassée"):
        send(firm, quote.id)


def test_the_list_filters_by_status_and_finds_by_client_name(firm):
    alpha, martin = client(firm), prospect(firm)
    a = create(firm, alpha, [catalogue_line(firm)])
    b = send(firm, create(firm, martin, [catalogue_line(firm)]).id)

    listed = queries.list_quotes(uow(firm), firm.principal(), firm.container.clock, QuoteStatus.SENT)
    assert [q.id for q in listed] == [b.id]
    found = queries.list_quotes(uow(firm), firm.principal(), firm.container.clock, text="alpha")
    assert [q.id for q in found] == [a.id]
    found = queries.list_quotes(uow(firm), firm.principal(), firm.container.clock, text="boulangerie")
    assert [q.id for q in found] == [b.id]
    assert queries.names(uow(firm), firm.principal(), [a, b]) == {
        ("client", alpha.id): "Alpha Conseil", ("prospect", martin.id): "Boulangerie Martin"}


def test_a_firm_can_neither_read_nor_act_on_the_quotes_of_another(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    theirs = create(b, client(b), [catalogue_line(b)])

    assert queries.get_quote(uow(a), a.principal(), theirs.id) is None
    with pytest.raises(NotFound):
        send(a, theirs.id)
    with pytest.raises(PermissionDenied):  # A's administrator on B's unit of work
        send(b, theirs.id, principal=a.principal())
    with pytest.raises(NotFound, match="Client introuvable"):  # B's client in A's quote
        create(a, client(b, name="Autre", siren="443061841"), [catalogue_line(a)])
    assert queries.get_quote(uow(b), b.principal(), theirs.id).status is QuoteStatus.DRAFT


def test_a_grade_of_another_firm_is_refused_in_a_line(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    with uow(b) as u:
        foreign = u.grades.list()[0].id
    line = QuoteLine(0, "Conseil", BillingMode.ANNUAL, fee_cents=1000, hours=(GradeHours(foreign, 60, 100),))
    with pytest.raises(InvalidInput, match="Ligne 1 : grade inconnu"):
        create(a, client(a), [line])


def test_the_real_pdf_is_a_pdf_a_whose_bytes_are_stored_and_mailed_unchanged(firm):
    alpha = client(firm)
    payroll = priced_unit(QuoteLine(0, "Bulletins de paie", BillingMode.UNIT), 24, 2500)
    quote = create(firm, alpha, [catalogue_line(firm), payroll, extra_line("Assistance contrôle fiscal")],
                   monthly=True, discount_cents=10000)

    sent = send(firm, quote.id, firm.container.documents)

    pdf = queries.frozen_pdf(uow(firm), firm.principal(), sent.id)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    xmp = b"".join(inflated_streams(pdf))
    assert b"pdfaid:part" in xmp  # PDF/A identification in the XMP metadata
    assert "Devis D2026-00001 – Cabinet Test".encode() in xmp  # the document's title
    with uow(firm) as u:
        assert u.quotes.pdf_sha256(sent.id) == hashlib.sha256(pdf).hexdigest()
        [mail] = [m for m in u.outbox.list() if m["recipient"] == "compta@alpha.fr"]
        assert u.outbox.attachments(mail["id"])[0].content == pdf


def test_an_attached_pdf_reaches_the_smtp_server(firm, smtp_sink, db_url):
    from data.db import session_factory
    from data.mailer import send_outbox

    recipient = unique_email("client")
    quote = create(firm, client(firm, email=recipient), [catalogue_line(firm)])
    send(firm, quote.id)

    send_outbox(session_factory(db_url), smtp_sink.url, "EEXPI <no-reply@eexpi.localhost>", firm.container.clock)

    [message] = smtp_sink.messages_to(recipient)
    assert message["Subject"] == "Devis D2026-00001 – Cabinet Test"
    assert message.get_body(("plain",)).get_content().startswith("Bonjour,")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "Devis-D2026-00001.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7\n%fake quote 1\n%%EOF\n"
