"""The demo's forfaits of the fiscal years in progress under a signed engagement with its fee schedule.

Production (`data/seeding/production.py`) creates each year's missions directly, without letters, so a month's
billing run would find no forfait instalment to propose. A firm's forfaits come from signed letters: the forfait
missions (mensualisé or annuel, with a fee) of active clients in the fiscal years in progress on the reference date
get, per client and fiscal year, the engagement letter the firm had signed at the opening of the year (numbered in
the letters' series, its one-page demonstration PDF signed by upload; not before the client's validated LCB-FT
assessment, which the gate requires, and not at all without one), its engagement, and their fee schedule
(`domain.engagements.schedule.instalments_for`: the same instalments the invoicing seed bills for missions without
engagement). The invoicing seed then bills the instalments due before the current month and marks them billed; the
current month's are left to its billing run. Earlier fiscal years keep their missions without letter.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from data.models.engagements import MissionRow
from data.seeding.bulk import writer_for
from data.seeding.letters import demo_pdf
from domain.engagements.model import Engagement, MissionFilter
from domain.engagements.schedule import instalments_for
from domain.firm.model import DocType
from domain.letters.model import EngagementLetter, LetterStatus, SignatureProvider

TITLE = "Lettre de mission (reprise du dossier)"
BODY = ("<p>Lettre de mission de l'exercice, signée à son ouverture (données de démonstration) : tenue, "
        "bilan et autres forfaits de l'exercice, payables selon l'échéancier.</p>")


def seed_fee_schedules(repos, *, today: date) -> int:
    """The letters, engagements and fee schedules above (an open transaction; no commit); returns how many
    engagements were made."""
    signed_on = _signature_days(repos, today)  # an archived client is billed no more: absent
    groups = defaultdict(list)
    for mission in repos.missions.list(MissionFilter()):
        if (mission.engagement_id is None and mission.billing_mode.is_forfait and mission.fee_cents > 0
                and mission.client_id in signed_on and mission.fiscal_year_start <= today <= mission.fiscal_year_end):
            groups[(mission.client_id, mission.fiscal_year_start, mission.fiscal_year_end)].append(mission)
    series = repos.numbering.get(DocType.ENGAGEMENT_LETTER)
    instalments, links = [], []
    for (client_id, start, end), missions in sorted(groups.items()):
        first, last = signed_on[client_id]
        day = max(start, first)
        if day > last:  # no validated assessment current at any day of this year: the gate kept it unsigned
            continue
        reference = series.format(repos.numbering.allocate(DocType.ENGAGEMENT_LETTER), day.year)
        letter = repos.letters.add(EngagementLetter(
            id=0, number=reference, status=LetterStatus.DRAFT, client_id=client_id, fiscal_year_start=start,
            fiscal_year_end=end, created_on=day, title=TITLE, signatory_name="Direction générale"), BODY)
        pdf = demo_pdf(f"Lettre de mission {letter.reference}")
        digest = hashlib.sha256(pdf).hexdigest()
        repos.letters.freeze(letter.id, BODY, pdf, digest, day, None)
        repos.letters.store_signed(letter.id, pdf, digest, None, SignatureProvider.UPLOAD, day)
        engagement = repos.engagements.add(Engagement(
            id=0, client_id=client_id, letter_id=letter.id, fiscal_year_start=start, fiscal_year_end=end,
            activated_on=day, annual_fee_cents=sum(m.fee_cents for m in missions)))
        for mission in missions:
            instalments += instalments_for(replace(mission, engagement_id=engagement.id), engagement.id,
                                           monthly=False)
            links.append((mission.id, engagement.id))
    writer_for(repos).update(MissionRow.__table__, "id", ("engagement_id",), links)
    repos.engagements.add_instalments(instalments)
    return len({engagement_id for _, engagement_id in links})


def _signature_days(repos, today: date) -> dict[int, tuple[date, date]]:
    """Active client → (first, last) day its letter may be signed on: the LCB-FT gate lets a letter out only
    after a validated assessment and until its next review; clients without one get no letter."""
    found = {}
    for item in repos.compliance.overview():
        current = item.current
        if current is not None and current.validated_on is not None:
            last = min(today, current.next_review_on) if current.next_review_on else today
            found[item.client_id] = (current.validated_on + timedelta(days=1), last)
    return found
