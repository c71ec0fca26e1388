"""Absences: my absences (add, delete with confirmation); for administrators every absence of the firm in a
period (filter by person, CSV) and anyone's absences; the capacity person × week for the next 13 weeks
(hours available after public holidays and absences)."""

from datetime import timedelta

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.workload import queries, services
from domain.workload.model import Absence, AbsenceKind
from domain.workload.rules import week_label
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Absences")
today = ctx.clock.today()
is_admin = ctx.principal.can(Permission.ADMINISTER)
me = ctx.principal.user
everyone = queries.people(ctx.uow(), ctx.principal, active_only=False)
names = {u.id: u.full_name for u in everyone}
active = [u for u in everyone if u.is_active]


def describe(a: Absence, with_name: bool = False) -> str:
    who = f"{names.get(a.user_id, '?')} — " if with_name else ""
    span = formatting.day(a.first_day) if a.first_day == a.last_day else \
        f"du {formatting.day(a.first_day)} au {formatting.day(a.last_day)}"
    return f"{who}{a.kind.label} {span}" + (" (demi-journées)" if a.half_day else "")


def rows(absences: list[Absence]) -> list[dict]:
    return [{"Personne": names.get(a.user_id, "?"), "Type": a.kind.label, "Du": formatting.day(a.first_day),
             "Au": formatting.day(a.last_day), "Demi-journée": "oui" if a.half_day else "non",
             "Commentaire": a.comment} for a in absences]


def delete_one(absences: list[Absence], key: str, with_name: bool = False) -> None:
    if not absences:
        return
    by_id = {a.id: a for a in absences}
    with st.expander("Supprimer une absence", icon=":material/delete:"):
        chosen = st.selectbox("Absence", list(by_id), key=f"{key}.pick",
                              format_func=lambda i: describe(by_id[i], with_name))
        confirmed = st.checkbox("Je confirme la suppression", key=f"{key}.ok")
        if st.button("Supprimer l'absence", disabled=not confirmed, key=f"{key}.go"):
            attempt(lambda: services.delete_absence(ctx.uow(), ctx.principal, ctx.clock, chosen),
                    f"Absence supprimée : {md_escape(describe(by_id[chosen], with_name))}.")


def add_form() -> None:
    with st.expander("Déclarer une absence", icon=":material/event_busy:"), st.form("absences.add",
                                                                                   clear_on_submit=True):
            person = me.id
            if is_admin and active:
                ids = [u.id for u in active]
                person = st.selectbox("Personne", ids, index=ids.index(me.id) if me.id in ids else 0,
                                      format_func=lambda i: names[i])
            kind = st.selectbox("Type", list(AbsenceKind), format_func=lambda k: k.label)
            left, right = st.columns(2)
            first = left.date_input("Premier jour", today, format="DD/MM/YYYY")
            last = right.date_input("Dernier jour", today, format="DD/MM/YYYY")
            half = st.checkbox("Demi-journée (la moitié de chaque jour de la période)")
            comment = st.text_input("Commentaire", max_chars=500)
            if st.form_submit_button("Enregistrer l'absence", type="primary"):
                attempt(lambda: services.add_absence(ctx.uow(), ctx.principal, ctx.clock, person, kind, first, last,
                                                     half, comment),
                        lambda a: f"Absence enregistrée : {md_escape(describe(a, is_admin))}.")


tabs = st.tabs(["Mes absences", "Capacité", *(["Absences du cabinet"] if is_admin else [])])

with tabs[0]:
    add_form()
    mine = queries.absences_of(ctx.uow(), ctx.principal, me.id, start=today - timedelta(days=365))
    if not mine:
        st.info("Aucune absence enregistrée depuis un an. Déclarez vos congés, RTT ou formations avec "
                "« Déclarer une absence » : votre capacité en tient compte.")
    else:
        st.dataframe([{k: v for k, v in r.items() if k != "Personne"} for r in rows(mine)], hide_index=True,
                     width="stretch", key="absences.mine")
        delete_one([a for a in mine if a.last_day >= today - timedelta(days=90)] or mine, "absences.mine.delete")

with tabs[1]:
    table = queries.capacity_by_week(ctx.uow(), ctx.principal, today)
    holidays_note = " (dont Vendredi saint et 26 décembre, Alsace-Moselle)" if table.alsace_moselle else ""
    st.caption(f"Heures disponibles par semaine : horaire contractuel, moins les jours fériés{holidays_note} "
               "et les absences." + ("" if is_admin else " Vous voyez votre propre capacité."))
    if not table.rows:
        st.info("Aucune personne active dans le cabinet : invitez des utilisateurs depuis « Utilisateurs ».")
    else:
        data = [{"Personne": r.full_name, "Contrat": formatting.hours(r.weekly_minutes),
                 **{week_label(w): formatting.hours(m) for w, m in zip(table.weeks, r.minutes, strict=True)}}
                for r in table.rows]
        st.dataframe(data, hide_index=True, width="stretch", key="absences.capacity")

if is_admin:
    with tabs[2]:
        left, middle, right = st.columns(3)
        start = left.date_input("Du", today.replace(day=1), format="DD/MM/YYYY", key="absences.firm.from")
        end = middle.date_input("Au", today.replace(day=1) + timedelta(days=92), format="DD/MM/YYYY",
                                key="absences.firm.to")
        ids = [None] + [u.id for u in everyone]
        who = right.selectbox("Personne", ids, format_func=lambda i: "Tout le monde" if i is None else names[i],
                              key="absences.firm.who")
        found = queries.firm_absences(ctx.uow(), ctx.principal, start, end, user_id=who)
        if not found:
            st.info("Aucune absence sur cette période. Élargissez la période ou déclarez une absence "
                    "(onglet « Mes absences », choix de la personne).")
        else:
            st.dataframe(rows(found), hide_index=True, width="stretch", key="absences.firm")
            st.download_button("Télécharger (CSV)", csv_bytes(rows(found)), f"absences_{start}_{end}.csv",
                               "text/csv", key="absences.firm.csv")
            delete_one(found, "absences.firm.delete", with_name=True)
