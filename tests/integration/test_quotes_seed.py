"""The demo quotes (data/seeding/quotes.py) on SQLite and PostgreSQL."""

import random
from collections import Counter
from datetime import date

from data.seeding.quotes import PLAN, seed_quotes
from domain.pipeline.model import Prospect
from domain.quotes.model import QuoteStatus
from domain.quotes.rules import is_overdue

TODAY = date(2026, 11, 20)


class Renderer:
    def pdf(self, html: str) -> bytes:
        assert "Devis n°" in html
        return b"%PDF-1.7 demo"


def seed(firm, seed_value: int = 7) -> int:
    from domain.clients.validation import validate_client

    with firm.container.platform_uow() as uow:
        repos = uow.scoped(firm.firm_id)
        client_ids = [repos.clients.add(validate_client({"name": f"Client {n}", "kind": "individual",
                                                         "email": "c@x.fr"})).id for n in range(5)]
        prospect_ids = [repos.prospects.add(Prospect(id=0, name=f"Prospect {n}", email="p@x.fr", created_on=TODAY,
                                                     stage_changed_on=TODAY)).id for n in range(3)]
        count = seed_quotes(repos, today=TODAY, rng=random.Random(seed_value), documents=Renderer(),
                            client_ids=client_ids, prospect_ids=prospect_ids)
        uow.commit()
    return count


def test_the_demo_quotes_cover_every_status_with_consistent_versions_and_dates(firm):
    count = seed(firm)

    with firm.container.firm_uow(firm.firm_id) as uow:
        quotes = uow.quotes.list()
    assert count == len(quotes) == sum(versions for _, versions in PLAN)
    assert set(Counter(q.status for q in quotes)) == set(QuoteStatus)
    numbers = Counter(q.number for q in quotes)
    assert len(numbers) == len(PLAN)
    assert Counter(numbers.values()) == Counter(versions for _, versions in PLAN)
    for quote in quotes:
        assert quote.created_on <= TODAY and quote.lines and quote.total_ht_cents > 0
        assert (quote.client_id is None) != (quote.prospect_id is None)
        assert not is_overdue(quote, TODAY)
        if quote.version > 1:
            [previous] = [q for q in quotes if q.id == quote.previous_id]
            assert (previous.number, previous.version, previous.status) == (quote.number, 1, QuoteStatus.SUPERSEDED)
        if quote.status is QuoteStatus.ACCEPTED:
            assert quote.client_id is not None and quote.decided_on <= TODAY
        if quote.status is QuoteStatus.EXPIRED:
            assert quote.valid_until < TODAY
    assert sum(q.has_pdf for q in quotes) == 1
    assert all(q.status is QuoteStatus.SENT for q in quotes if q.has_pdf)


def test_the_demo_quotes_are_the_same_for_the_same_seed(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    seed(a), seed(b)

    def shape(firm):
        with firm.container.firm_uow(firm.firm_id) as uow:
            return sorted((q.number, q.version, q.status, q.created_on, q.total_ht_cents) for q in uow.quotes.list())

    assert shape(a) == shape(b)
