"""The mission catalogue repository on SQLite and PostgreSQL: round trip, work programme, tenancy."""

from dataclasses import replace

from sqlalchemy import event

from domain.catalogue.defaults import DEFAULT_CATALOGUE
from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate


def grade_ids(uow) -> dict[str, int]:
    return {g.code: g.id for g in uow.grades.list()}


def sample(grades: dict[str, int], code: str = "audit_flash") -> MissionType:
    return MissionType(
        id=0, code=code, label="Audit flash", billing_mode=BillingMode.UNIT, norm_reference="NP 4400",
        unit_price_cents=15_000, unit_label="site", scope="Procédures convenues.", exclusions="Tout le reste.",
        position=50, tasks=(
            TaskTemplate(0, "Visite", DueRule(DueAnchor.FISCAL_YEAR_START, 1, -5),
                         ((grades["associe"], 60), (grades["collaborateur"], 90))),
            TaskTemplate(0, "Rapport", DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15), ((grades["manager"], 120),)),
        ))


def test_a_new_firm_gets_the_default_catalogue_with_its_work_programme(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        catalogue = uow.mission_types.list()
        grades = grade_ids(uow)

    assert [t.code for t in catalogue] == [d.code for d in DEFAULT_CATALOGUE]
    liasse = next(t for t in catalogue if t.code == "liasse")
    assert liasse.billing_mode is BillingMode.ANNUAL and liasse.default_fee_cents == 90_000
    assert [task.due for task in liasse.tasks][-1] == DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15)
    assert [task.position for task in liasse.tasks] == [1, 2, 3]
    paie = next(t for t in catalogue if t.code == "paie")
    assert (paie.unit_price_cents, paie.unit_label) == (2_500, "bulletin")
    assert paie.tasks[1].minutes_by_grade == ((grades["collaborateur"], 720), (grades["assistant"], 240))
    assert all(t.tasks and t.active for t in catalogue)


def test_round_trip_with_tasks_and_hours_in_grade_order(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        grades = grade_ids(uow)
        added = uow.mission_types.add(sample(grades))
        uow.commit()

    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.mission_types.get(added.id)
        assert uow.mission_types.find_by_code("audit_flash") == stored
    assert stored.id > 0 and stored.code == "audit_flash" and stored.unit_label == "site"
    assert (stored.norm_reference, stored.scope, stored.exclusions, stored.position) == (
        "NP 4400", "Procédures convenues.", "Tout le reste.", 50)
    visit, report = stored.tasks
    assert (visit.label, visit.due, visit.position) == ("Visite", DueRule(DueAnchor.FISCAL_YEAR_START, 1, -5), 1)
    assert visit.minutes_by_grade == ((grades["associe"], 60), (grades["collaborateur"], 90))
    assert report.minutes_by_grade == ((grades["manager"], 120),)
    assert stored.minutes_by_grade() == {grades["associe"]: 60, grades["collaborateur"]: 90, grades["manager"]: 120}


def test_update_replace_tasks_and_deactivate(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        grades = grade_ids(uow)
        added = uow.mission_types.add(sample(grades))
        uow.mission_types.update(replace(added, label="Audit express", unit_price_cents=None, active=False,
                                         billing_mode=BillingMode.TIME_SPENT, unit_label=""))
        uow.mission_types.replace_tasks(added.id, [
            TaskTemplate(0, "Unique", DueRule(DueAnchor.FISCAL_YEAR_END, 0, 0),
                         ((grades["assistant"], 30), (grades["chef_mission"], 0)))])
        uow.mission_types.set_active(added.id, False)
        uow.commit()

    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.mission_types.get(added.id)
        active_codes = [t.code for t in uow.mission_types.list(active_only=True)]
        all_codes = [t.code for t in uow.mission_types.list()]
    assert (stored.label, stored.billing_mode, stored.unit_price_cents, stored.active) == (
        "Audit express", BillingMode.TIME_SPENT, None, False)
    assert [(t.label, t.minutes_by_grade) for t in stored.tasks] == [("Unique", ((grades["assistant"], 30),))]
    assert "audit_flash" in all_codes and "audit_flash" not in active_codes


def test_list_loads_the_whole_catalogue_in_three_queries(firm, db_url):
    with firm.container.firm_uow(firm.firm_id) as uow:
        statements = []
        bind = uow.session.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(bind, "before_cursor_execute", listener)
        try:
            catalogue = uow.mission_types.list()
        finally:
            event.remove(bind, "before_cursor_execute", listener)
    assert len(catalogue) == len(DEFAULT_CATALOGUE)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3


def test_another_firm_never_sees_nor_changes_the_catalogue(make_firm):
    first, second = make_firm("Cabinet Un"), make_firm("Cabinet Deux")
    with first.container.firm_uow(first.firm_id) as uow:
        added = uow.mission_types.add(sample(grade_ids(uow)))
        uow.commit()

    with second.container.firm_uow(second.firm_id) as uow:
        assert uow.mission_types.get(added.id) is None
        assert uow.mission_types.find_by_code("audit_flash") is None
        uow.mission_types.set_active(added.id, False)
        uow.mission_types.replace_tasks(added.id, [])
        uow.commit()
    with first.container.firm_uow(first.firm_id) as uow:
        stored = uow.mission_types.get(added.id)
    assert stored.active and len(stored.tasks) == 2


def test_the_seed_installs_missing_defaults_only(firm):
    import random
    from datetime import date

    from data.seeding.catalogue import seed_catalogue

    with firm.container.firm_uow(firm.firm_id) as uow:
        assert seed_catalogue(uow, today=date(2026, 11, 20), rng=random.Random(1)) == 0
        liasse = uow.mission_types.find_by_code("liasse")
        uow.mission_types.update(replace(liasse, code="liasse_is"))
        assert seed_catalogue(uow, today=date(2026, 11, 20), rng=random.Random(1)) == 1
        assert uow.mission_types.list()[-1].code == "liasse"
        uow.commit()
