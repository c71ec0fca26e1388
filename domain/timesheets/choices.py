"""What time is entered on in the week grid and the timer: missions named so that no two options read alike.

A mission is named "Client — Mission (exercice clos le 31/12/2026)": a client often has the same mission for two
fiscal years open at once. Should two options still read alike (two clients of the same name, a mission label
repeated in one year, a task label repeated in one mission), their ids are added to them. The pages map an option
back through these targets only, so one label always means one mission and task.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from domain.engagements.model import Mission, MissionTask
from domain.formatting import day


@dataclass(frozen=True, slots=True)
class MissionChoice:
    mission: Mission
    client_name: str
    tasks: tuple[MissionTask, ...] = ()
    label: str = ""  # set by `labelled`: unique among the choices offered together


@dataclass(frozen=True, slots=True)
class Target:
    """One option of the grid's "Imputation" column and of the timer: a mission, or one of its tasks."""

    label: str
    client_id: int | None
    mission_id: int | None
    task_id: int | None = None

    @property
    def key(self) -> tuple[int | None, int | None, int | None]:
        return (self.client_id, self.mission_id, self.task_id)


def mission_label(client_name: str, mission: Mission) -> str:
    """ "Allain SAS — Tenue comptable (exercice clos le 31/12/2026)" """
    return f"{client_name} — {mission.label} (exercice clos le {day(mission.fiscal_year_end)})"


def labelled(choices: Iterable[MissionChoice]) -> tuple[MissionChoice, ...]:
    """The choices, each with its label: the mission's, with "· mission n° …" when another one reads the same."""
    choices = tuple(choices)
    plain = [mission_label(c.client_name, c.mission) for c in choices]
    twice = {label for label, n in Counter(plain).items() if n > 1}
    return tuple(replace(c, label=f"{text} · mission n° {c.mission.id}" if text in twice else text)
                 for c, text in zip(choices, plain, strict=True))


def targets_of(choices: Iterable[MissionChoice]) -> tuple[Target, ...]:
    """Each labelled choice as a mission target followed by its tasks' targets ("… › Révision"), a task label
    repeated in one mission followed by "· tâche n° …"."""
    found: list[Target] = []
    for choice in choices:
        found.append(Target(choice.label, choice.mission.client_id, choice.mission.id))
        labels = [t.label for t in choice.tasks]
        repeated = {label for label, n in Counter(labels).items() if n > 1} if len(set(labels)) < len(labels) else ()
        found += [Target(f"{choice.label} › {t.label}" + (f" · tâche n° {t.id}" if t.label in repeated else ""),
                         choice.mission.client_id, choice.mission.id, t.id) for t in choice.tasks]
    return distinct(found)


def distinct(targets: Iterable[Target]) -> tuple[Target, ...]:
    """The targets, one per key, and any label still read twice (a mission named like another's task…) followed by
    its ids: the last guard before a label is mapped back to a mission."""
    first: dict[tuple, Target] = {}
    for target in targets:
        first.setdefault(target.key, target)
    unique = tuple(first.values())
    twice = {label for label, n in Counter(t.label for t in unique).items() if n > 1}
    return tuple(replace(t, label=f"{t.label} · n° {t.mission_id}/{t.task_id or 0}") if t.label in twice else t
                 for t in unique)
