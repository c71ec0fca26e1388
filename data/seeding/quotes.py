"""Demo quotes: about twenty-five over the last six months, in every status, some revised into a second version.

Built from the firm's active catalogue at the selling rates of each quote's date, numbered from the firm's
quote series in date order. Prospects receive drafts and sent quotes; accepted quotes are for clients
(their engagement letters come from `data.seeding.letters`). To stay fast, only the PDFs of the
`RENDERED` most recent quotes still "Envoyé" are rendered and frozen; the other sent versions have none.
Deterministic for a given `rng`.
"""

import hashlib
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from domain.catalogue.model import BillingMode
from domain.firm.model import DocType
from domain.ports import DocumentRenderer, FirmRepositories
from domain.quotes.building import default_valid_until, line_from_mission_type, positioned, selling_rates
from domain.quotes.document import DEFAULT_CONDITIONS
from domain.quotes.model import Quote, QuoteStatus
from domain.quotes.services import quote_html

S = QuoteStatus
# (final status, versions): every status, a few quotes revised once (the first version then "Remplacé").
PLAN = ([(S.DRAFT, 1)] * 4 + [(S.DRAFT, 2)] + [(S.SENT, 1)] * 4 + [(S.SENT, 2)] * 2 + [(S.ACCEPTED, 1)] * 14
        + [(S.ACCEPTED, 2)] + [(S.REFUSED, 1)] * 4 + [(S.EXPIRED, 1)] * 4)
REFUSALS = ["Honoraires jugés trop élevés", "A choisi un cabinet plus proche", "Projet reporté à l'an prochain",
            "Garde son expert-comptable actuel"]
TITLES = ["Proposition d'honoraires", "Mission comptable annuelle", "Accompagnement comptable et fiscal",
          "Tenue, révision et liasse fiscale"]
RENDERED = 1


def _lines(rng: random.Random, mission_types, rates, grades):
    chosen = rng.sample(mission_types, k=min(len(mission_types), rng.randint(1, 3)))
    lines = []
    for mission_type in chosen:
        line = line_from_mission_type(mission_type, rates, grades, quantity=rng.choice([12, 24, 60]))
        if mission_type.billing_mode is not BillingMode.UNIT and line.fee_cents:
            factor = rng.choice([90, 95, 100, 100, 105, 110])  # the partner rounds the forfait up or down
            line = replace(line, fee_cents=line.fee_cents * factor // 100 // 1000 * 1000)
        lines.append(line)
    return positioned(lines)


def seed_quotes(repos: FirmRepositories, *, today: date, rng: random.Random, documents: DocumentRenderer,
                client_ids: list[int], prospect_ids: list[int]) -> int:
    """Write the demo quotes through `repos` (an open transaction: no commit); returns how many quote rows
    (versions included) were created. Needs the firm's catalogue and at least one client."""
    mission_types = repos.mission_types.list(active_only=True)
    grades = repos.grades.list()
    all_rates = repos.grades.rates()
    if not mission_types or not client_ids:
        return 0
    series = repos.numbering.get(DocType.QUOTE)
    plan = list(PLAN)
    rng.shuffle(plan)
    ages = sorted((rng.randint(0, 180) for _ in plan), reverse=True)  # oldest first: numbers in date order
    created = 0
    to_render: list[Quote] = []
    for (final, version_count), age in zip(plan, ages, strict=True):
        created_on = today - timedelta(days=age)
        if final in (S.DRAFT, S.SENT):  # still open: recent enough to be valid
            created_on = today - timedelta(days=min(age, 20))
        if final is S.EXPIRED:
            created_on = today - timedelta(days=max(age, 45))
        use_prospect = final in (S.DRAFT, S.SENT) and prospect_ids and rng.random() < 0.4
        target = {"prospect_id": rng.choice(prospect_ids)} if use_prospect else {"client_id": rng.choice(client_ids)}
        number = series.format(repos.numbering.allocate(DocType.QUOTE), created_on.year)
        lines = _lines(rng, mission_types, selling_rates(all_rates, created_on), grades)
        quote = Quote(id=0, number=number, status=S.DRAFT, created_on=created_on,
                      valid_until=default_valid_until(created_on), title=rng.choice(TITLES),
                      fiscal_year_start=date(created_on.year + 1, 1, 1), monthly=rng.random() < 0.5,
                      discount_cents=rng.choice([0, 0, 0, 10000, 25000]), conditions=DEFAULT_CONDITIONS,
                      lines=lines, **target)
        previous = None
        for version in range(1, version_count + 1):
            last = version == version_count
            on = quote.created_on if version == 1 else min(today, previous.sent_on + timedelta(days=7))
            status = final if last else S.SUPERSEDED
            current = replace(quote, version=version, previous_id=previous.id if previous else None,
                              created_on=on, valid_until=default_valid_until(on), status=status,
                              sent_on=None if status is S.DRAFT else min(today, on + timedelta(days=1)),
                              decided_on=None, refusal_reason="")
            if status in (S.ACCEPTED, S.REFUSED):
                current = replace(current, decided_on=min(today, current.sent_on + timedelta(days=rng.randint(3, 20))),
                                  refusal_reason=rng.choice(REFUSALS) if status is S.REFUSED else "")
            if status is S.EXPIRED:
                current = replace(current, decided_on=current.valid_until + timedelta(days=1))
            if version > 1:  # the revision lowered the price a little
                current = replace(current, discount_cents=current.discount_cents + 10000,
                                  lines=_lines(rng, mission_types, selling_rates(all_rates, on), grades))
            if current.discount_cents > current.fees_cents:
                current = replace(current, discount_cents=0)
            stored = repos.quotes.add(current, at=datetime.combine(on, time(9), tzinfo=UTC))
            created += 1
            if status is S.SENT:
                to_render.append(stored)
            previous = stored
    for quote in sorted(to_render, key=lambda q: q.created_on)[-RENDERED:]:
        pdf = documents.pdf(quote_html(repos, quote))
        repos.quotes.freeze_pdf(quote.id, pdf, hashlib.sha256(pdf).hexdigest())
    return created
