"""The demo pipeline seed on SQLite and PostgreSQL: every stage, consistent history, won prospects are clients."""

import random
from datetime import date

from stdnum.fr import siren as stdnum_siren

from data.seeding.pipeline import seed_pipeline
from domain.clients.model import ClientFilter
from domain.pipeline import stats
from domain.pipeline.model import ProspectFilter, Stage

TODAY = date(2026, 11, 20)


def seed(firm, seed_value=7):
    with firm.container.platform_uow() as uow:
        count = seed_pipeline(uow.scoped(firm.firm_id), today=TODAY, rng=random.Random(seed_value),
                              owner_ids=[firm.principal().user.id])
        uow.commit()
    with firm.container.firm_uow(firm.firm_id) as uow:
        return count, uow.prospects.list(ProspectFilter()), uow.prospects.stage_changes(), uow.clients.search(
            ClientFilter(include_archived=True))


def test_the_seed_covers_every_stage_with_a_consistent_history(firm):
    count, prospects, changes, clients = seed(firm)

    assert count == len(prospects) == 40
    assert {p.stage for p in prospects} == set(Stage)
    by_prospect: dict[int, list] = {}
    for change in changes:
        by_prospect.setdefault(change.prospect_id, []).append(change)
    for p in prospects:
        history = by_prospect[p.id]
        assert history[0].from_stage is None and history[0].changed_on == p.created_on
        assert history[-1].to_stage is p.stage and history[-1].changed_on == p.stage_changed_on
        assert [h.changed_on for h in history] == sorted(h.changed_on for h in history)
        assert all(a.to_stage is b.from_stage for a, b in zip(history, history[1:], strict=False))
        assert (TODAY - p.created_on).days <= 365 and p.stage_changed_on <= TODAY
        assert (p.closed_on is not None) == p.stage.is_closed
        assert bool(p.lost_reason) == (p.stage is Stage.LOST)
    assert any(h.from_stage is Stage.LOST for h in changes)  # one lost prospect was reopened
    assert any(p.next_action_overdue(TODAY) for p in prospects)


def test_won_prospects_are_linked_clients_with_valid_sirens(firm):
    _, prospects, _, clients = seed(firm)

    won = [p for p in prospects if p.stage is Stage.WON]
    by_id = {c.id: c for c in clients}
    assert won and all(p.client_id in by_id for p in won)
    assert all(stdnum_siren.is_valid(by_id[p.client_id].siren) and by_id[p.client_id].name == p.name for p in won)
    assert all(p.client_id is None for p in prospects if p.stage is not Stage.WON)


def test_the_seed_gives_statistics_something_to_show_and_is_deterministic(firm, make_firm):
    _, prospects, _, _ = seed(firm)
    _, again, _, _ = seed(make_firm("Cabinet bis"))

    overall = stats.total(stats.by_month(prospects, TODAY))
    assert overall.won > 0 and overall.lost > 0 and overall.won_fees_cents > 0
    assert sum(1 for r in stats.by_month(prospects, TODAY) if r.created) >= 8
    assert [(p.name, p.stage, p.created_on) for p in prospects] == [(p.name, p.stage, p.created_on) for p in again]
