"""Replanning from the Gantt on SQLite and PostgreSQL: the workload impact shown before saving, then the moves
saved all or nothing, audited, and refused with a French message when they cannot be."""

from datetime import date

import pytest

from domain.audit import Action
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.planning import queries, services
from domain.planning.selection import TaskMove
from tests.integration.planning_support import mission_with_tasks, plan, task_now, uow
from tests.integration.support import audit_of, invite

TODAY = date(2026, 11, 20)
WEEK_48, WEEK_49 = date(2026, 11, 23), date(2026, 11, 30)


@pytest.fixture
def planned(firm):
    """Two tasks of the admin in week 48 (600 and 300 minutes) and a colleague with nothing planned."""
    _, tasks = mission_with_tasks(firm)
    me = firm.principal().user.id
    plan(firm, tasks[0], me, WEEK_48, date(2026, 11, 27), 600)
    plan(firm, tasks[1], me, WEEK_48, date(2026, 11, 27), 300)
    colleague = invite(firm, full_name="Léa Colin").user
    return tasks, me, colleague


def load(firm, user_id, week):
    heat = queries.heatmap(uow(firm), firm.principal(), TODAY)
    row = next(r for r in heat.rows if r.user_id == user_id)
    return next(c.load_minutes for c in row.cells if c.week == week)


def test_the_impact_lists_the_weeks_that_change_with_load_before_and_after(firm, planned):
    tasks, me, colleague = planned
    moves = [TaskMove(tasks[0].id, WEEK_49, date(2026, 12, 4), colleague.id)]
    rows = services.impact(uow(firm), firm.principal(), TODAY, moves)
    by_key = {(r.user_id, r.week): r for r in rows}
    assert set(by_key) == {(me, WEEK_48), (colleague.id, WEEK_49)}
    mine = by_key[(me, WEEK_48)]
    assert (mine.before_minutes, mine.after_minutes) == (900, 300)
    theirs = by_key[(colleague.id, WEEK_49)]
    assert (theirs.before_minutes, theirs.after_minutes) == (0, 600)
    assert theirs.capacity_minutes == 35 * 60 and theirs.full_name == "Léa Colin"
    assert load(firm, me, WEEK_48) == 900  # nothing saved by a preview


def test_the_impact_flags_a_person_who_becomes_over_allocated(firm, planned):
    tasks, _me, colleague = planned
    plan(firm, tasks[2], colleague.id, WEEK_48, date(2026, 11, 27), 30 * 60)
    rows = services.impact(uow(firm), firm.principal(), TODAY,
                           [TaskMove(tasks[0].id, WEEK_48, date(2026, 11, 27), colleague.id)])
    theirs = next(r for r in rows if r.user_id == colleague.id)
    assert theirs.after_minutes == 30 * 60 + 600 > theirs.capacity_minutes
    assert theirs.becomes_over_allocated


def test_saving_moves_changes_dates_and_assignee_and_audits_them(firm, planned):
    tasks, me, colleague = planned
    saved = services.apply_moves(uow(firm), firm.principal(), firm.container.clock,
                                 [TaskMove(tasks[0].id, WEEK_49, date(2026, 12, 4), colleague.id),
                                  TaskMove(tasks[1].id, WEEK_48, date(2026, 11, 27), me)])  # unchanged
    assert saved == 1
    moved = task_now(firm, tasks[0].id)
    assert (moved.planned_start, moved.planned_end, moved.assignee_id) == (WEEK_49, date(2026, 12, 4), colleague.id)
    assert load(firm, colleague.id, WEEK_49) == 600 and load(firm, me, WEEK_48) == 300
    event = audit_of(firm.container, firm.firm_id, Action.TASK_UPDATE)[0]
    assert event.target_id == str(tasks[0].id) and event.details["origine"] == "planning"
    assert event.details["début prévu"] == "23/11/2026 → 30/11/2026"
    assert event.details["intervenant"] == f"{firm.principal().user.full_name} → Léa Colin"


def test_one_bad_move_saves_nothing(firm, planned):
    tasks, me, colleague = planned
    before = [task_now(firm, t.id) for t in tasks[:2]]
    with pytest.raises(InvalidInput, match="début prévu .* est après la fin"):
        services.apply_moves(uow(firm), firm.principal(), firm.container.clock,
                             [TaskMove(tasks[0].id, WEEK_49, date(2026, 12, 4), colleague.id),
                              TaskMove(tasks[1].id, date(2026, 12, 4), WEEK_49, me)])
    assert [task_now(firm, t.id) for t in tasks[:2]] == before


def test_refusals_are_explained(firm, make_firm, planned):
    tasks, me, _colleague = planned
    save = lambda moves, who=None: services.apply_moves(uow(firm), who or firm.principal(),
                                                        firm.container.clock, moves)
    with pytest.raises(InvalidInput, match="Aucune tâche"):
        save([])
    with pytest.raises(InvalidInput, match="deux fois"):
        save([TaskMove(tasks[0].id, WEEK_48, WEEK_48, me)] * 2)
    with pytest.raises(InvalidInput, match="collaborateur actif"):
        save([TaskMove(tasks[0].id, WEEK_48, WEEK_48, 999_999)])
    _, foreign = mission_with_tasks(make_firm(), name="Beta")
    with pytest.raises(NotFound, match="n'existe plus"):
        save([TaskMove(foreign[0].id, WEEK_48, WEEK_48, None)])


def test_a_collaborator_may_move_only_their_own_tasks(firm, planned):
    tasks, me, _colleague = planned
    outsider = invite(firm, full_name="Hugo Petit")
    principal = firm.principal(outsider.email)
    with pytest.raises(PermissionDenied):
        services.apply_moves(uow(firm), principal, firm.container.clock,
                             [TaskMove(tasks[0].id, WEEK_49, WEEK_49, me)])
    assert task_now(firm, tasks[0].id).planned_start == WEEK_48
    plan(firm, tasks[2], outsider.user.id, WEEK_48, WEEK_48, 60)
    assert services.apply_moves(uow(firm), principal, firm.container.clock,
                                [TaskMove(tasks[2].id, WEEK_49, WEEK_49, outsider.user.id)]) == 1
