"""The quote repository on SQLite and PostgreSQL: round trip of lines and hours, versions, PDF, tenancy."""

from datetime import date

from domain.catalogue.model import BillingMode
from domain.quotes.model import GradeHours, LineKind, Quote, QuoteLine, QuoteStatus


def grade_ids(firm) -> list[int]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return [g.id for g in uow.grades.list()]


def sample(grades: list[int], **fields) -> Quote:
    lines = (
        QuoteLine(0, "Tenue comptable", BillingMode.ANNUAL, hours=(GradeHours(grades[0], 120, 18000),
                                                                   GradeHours(grades[3], 600, 8000)),
                  fee_cents=150000),
        QuoteLine(0, "Bulletins de paie", BillingMode.UNIT, quantity=24, unit_price_cents=2500, fee_cents=60000),
        QuoteLine(0, "Situation intermédiaire", BillingMode.TIME_SPENT, kind=LineKind.EXTRA),
    )
    values = dict(id=0, number="D2026-00001", status=QuoteStatus.DRAFT, created_on=date(2026, 11, 20),
                  valid_until=date(2026, 12, 20), title="Devis annuel", discount_cents=10000, monthly=True,
                  lines=lines)
    values.update(fields)
    return Quote(**values)


def add(firm, quote: Quote) -> Quote:
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.quotes.add(quote)
        uow.commit()
        return stored


def get(firm, quote_id: int) -> Quote | None:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.quotes.get(quote_id)


def test_a_quote_comes_back_with_its_lines_in_order_and_their_hours(firm):
    grades = grade_ids(firm)
    stored = add(firm, sample(grades))

    again = get(firm, stored.id)
    assert again == stored
    assert again.id > 0 and again.has_pdf is False
    assert [line.label for line in again.lines] == ["Tenue comptable", "Bulletins de paie", "Situation intermédiaire"]
    assert [line.position for line in again.lines] == [0, 1, 2]
    assert again.lines[0].hours == (GradeHours(grades[0], 120, 18000), GradeHours(grades[3], 600, 8000))
    assert (again.lines[1].quantity, again.lines[1].unit_price_cents, again.lines[1].fee_cents) == (24, 2500, 60000)
    assert again.lines[2].kind is LineKind.EXTRA
    assert (again.monthly, again.discount_cents, again.total_ht_cents) == (True, 10000, 200000)


def test_replace_lines_update_header_status_and_pdf(firm):
    grades = grade_ids(firm)
    stored = add(firm, sample(grades))
    with firm.container.firm_uow(firm.firm_id) as uow:
        uow.quotes.replace_lines(stored.id, [QuoteLine(0, "Liasse fiscale", BillingMode.ANNUAL, fee_cents=90000,
                                                       hours=(GradeHours(grades[2], 300, 10500),))])
        from dataclasses import replace
        uow.quotes.update_header(replace(stored, title="Révisé", discount_cents=0, monthly=False))
        uow.quotes.set_status(stored.id, QuoteStatus.SENT, sent_on=date(2026, 11, 21))
        uow.quotes.freeze_pdf(stored.id, b"%PDF-1.7 fake", "ab" * 32)
        uow.commit()

    again = get(firm, stored.id)
    assert [(line.label, line.fee_cents) for line in again.lines] == [("Liasse fiscale", 90000)]
    assert again.lines[0].hours == (GradeHours(grades[2], 300, 10500),)
    assert (again.title, again.discount_cents, again.monthly) == ("Révisé", 0, False)
    assert (again.status, again.sent_on, again.has_pdf) == (QuoteStatus.SENT, date(2026, 11, 21), True)
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.quotes.pdf(stored.id) == b"%PDF-1.7 fake"
        assert uow.quotes.pdf_sha256(stored.id) == "ab" * 32


def test_versions_list_search_and_status_filter(firm):
    grades = grade_ids(firm)
    first = add(firm, sample(grades, status=QuoteStatus.SUPERSEDED))
    second = add(firm, sample(grades, version=2, previous_id=first.id))
    other = add(firm, sample(grades, number="D2026-00002", title="Création de société"))

    with firm.container.firm_uow(firm.firm_id) as uow:
        assert [q.id for q in uow.quotes.versions("D2026-00001")] == [first.id, second.id]
        assert {q.id for q in uow.quotes.list()} == {first.id, second.id, other.id}
        assert [q.id for q in uow.quotes.list(QuoteStatus.SUPERSEDED)] == [first.id]
        assert [q.id for q in uow.quotes.list(text="création")] == [other.id]
        assert [q.id for q in uow.quotes.list(text="00002")] == [other.id]
    assert second.reference == "D2026-00001-v2"


def test_a_firm_never_sees_the_quotes_of_another(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    theirs = add(b, sample(grade_ids(b)))

    assert get(a, theirs.id) is None
    with a.container.firm_uow(a.firm_id) as uow:
        assert uow.quotes.list() == []
        assert uow.quotes.pdf(theirs.id) is None
        uow.quotes.set_status(theirs.id, QuoteStatus.ACCEPTED)
        uow.commit()
    assert get(b, theirs.id).status is QuoteStatus.DRAFT
