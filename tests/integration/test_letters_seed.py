"""The demo letters seed on SQLite and PostgreSQL: every status, signed letters activated, deterministic."""

import random
from datetime import date

from data.seeding.letters import seed_letters
from domain.letters.model import LetterStatus
from tests.integration.test_letters_services import FakeRenderer, make_client, make_quote

TODAY = date(2026, 11, 20)


def seed(firm, quotes: int = 10, seed_value: int = 3):
    client = make_client(firm)
    quote_ids = [make_quote(firm, client.id, fiscal_year_start=date(2027, 1, 1)).id for _ in range(quotes)]
    with firm.container.platform_uow() as uow:
        count = seed_letters(uow.scoped(firm.firm_id), today=TODAY, rng=random.Random(seed_value),
                             documents=FakeRenderer(), quote_ids=quote_ids)
        uow.commit()
    with firm.container.firm_uow(firm.firm_id) as uow:
        letters = uow.letters.list()
        engagements = {x.id: uow.engagements.for_letter(x.id) for x in letters}
        missions = {x.id: uow.missions.for_engagement(e.id) for x in letters if (e := engagements[x.id])}
        return count, letters, engagements, missions


def test_seed_spreads_letters_over_every_status_and_activates_the_signed_ones(firm):
    count, letters, engagements, missions = seed(firm)

    assert count == len(letters) == 10
    assert {x.status for x in letters} == {LetterStatus.DRAFT, LetterStatus.TO_SIGN, LetterStatus.SIGNED,
                                           LetterStatus.REFUSED, LetterStatus.EXPIRED}
    for letter in letters:
        assert (engagements[letter.id] is not None) == (letter.status is LetterStatus.SIGNED)
        if letter.status is LetterStatus.SIGNED:
            assert len(missions[letter.id]) == 3 and letter.decided_on <= TODAY
        if letter.status is LetterStatus.TO_SIGN:
            assert letter.expires_on >= TODAY


def test_seed_is_deterministic(firm, make_firm):
    _, first, _, _ = seed(firm)
    _, second, _, _ = seed(make_firm("Cabinet bis"))

    assert [(x.number, x.status, x.sent_on, x.decided_on) for x in first] == [
        (x.number, x.status, x.sent_on, x.decided_on) for x in second]
