"""Select boxes over domain records that return ids (or None for "none")."""

import streamlit as st

from domain.access.model import Role
from domain.firm.model import Grade, Team


def _optional(label: str, options: dict[int, str], current: int | None, key: str) -> int | None:
    choices = [None, *options]
    index = choices.index(current) if current in choices else 0
    return st.selectbox(label, choices, index=index, key=key,
                        format_func=lambda i: "— Aucun —" if i is None else options[i])


def grade_picker(grades: list[Grade], current: int | None, key: str) -> int | None:
    return _optional("Grade", {g.id: g.label for g in grades}, current, key)


def team_picker(teams: list[Team], current: int | None, key: str) -> int | None:
    return _optional("Équipe", {t.id: t.name for t in teams}, current, key)


def role_picker(current: Role, key: str, label: str = "Rôle") -> Role:
    roles = list(Role)
    return st.selectbox(label, roles, index=roles.index(current), key=key, format_func=lambda r: r.label)
