"""Échéances: the firm's statutory deadlines (TVA, liasse, IS, CVAE, DAS2, DSN, approval and filing of the
accounts): what is due in the next 30 days, a month calendar, "my deadlines", the full list with filters
(CSV); mark done / reopen; generate a year's deadlines from the clients' fiscal profiles."""

from datetime import date

import streamlit as st

from domain import formatting
from domain.clients import queries as client_queries
from domain.deadlines import queries, services
from domain.deadlines.model import Deadline, DeadlineFilter, DeadlineKind, DeadlineStatus
from domain.formatting import MONTHS_FR
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Échéances")
today = ctx.clock.today()


def rows(deadlines: list[Deadline]) -> list[dict]:
    return [{"Échéance": formatting.day(d.due_on), "Client": d.client_name, "Obligation": d.label,
             "Statut": ("🔴 " if d.is_overdue(today) else "🟠 " if d.is_due_soon(today) else "") + d.status(today).label,
             "Délai": queries.days_label(d, today)} for d in deadlines]


def actions(deadlines: list[Deadline], key: str) -> None:
    """Mark one of the listed deadlines done (with its date) or reopen it."""
    if not deadlines:
        return
    by_id = {d.id: d for d in deadlines}
    with st.expander("Marquer faite / rouvrir", icon=":material/task_alt:"):
        chosen = st.selectbox("Échéance", list(by_id), key=f"{key}.pick",
                              format_func=lambda i: f"{formatting.day(by_id[i].due_on)} — {by_id[i].client_name} — "
                                                    f"{by_id[i].label} ({by_id[i].status(today).label})")
        deadline = by_id[chosen]
        if deadline.is_done:
            st.caption(f"Faite le {formatting.day(deadline.done_on)}.")
            if st.button("Rouvrir l'échéance", key=f"{key}.reopen"):
                attempt(lambda: services.reopen(ctx.uow(), ctx.principal, ctx.clock, deadline.id),
                        f"Échéance « {md_escape(deadline.label)} » rouverte.")
        else:
            done_on = st.date_input("Faite le", today, max_value=today, format="DD/MM/YYYY", key=f"{key}.on")
            if st.button("Marquer faite", type="primary", key=f"{key}.done"):
                attempt(lambda: services.mark_done(ctx.uow(), ctx.principal, ctx.clock, deadline.id, done_on),
                        f"Échéance « {md_escape(deadline.label)} » marquée faite.")


def table(deadlines: list[Deadline], key: str, empty: str) -> None:
    if not deadlines:
        st.info(empty)
        return
    overdue = sum(1 for d in deadlines if d.is_overdue(today))
    if overdue:
        st.error(f"{overdue} échéance(s) en retard.")
    st.dataframe(rows(deadlines), hide_index=True, width="stretch", key=f"{key}.table")
    actions(deadlines, key)


with st.expander("Générer les échéances de l'année", icon=":material/event_repeat:"):
    st.caption("Crée, pour chaque client actif, les échéances de l'année à partir de son profil fiscal (date de "
               "clôture, régime de TVA, IS/IR, effectif) et les rattache à la mission correspondante quand elle "
               "existe. Sans risque à relancer : seules les échéances manquantes sont ajoutées, celles déjà "
               "présentes (faites ou non) ne sont pas modifiées.")
    year = int(st.number_input("Année", min_value=2000, max_value=2100, value=today.year, step=1,
                               key="deadlines.generate.year"))
    confirmed = st.checkbox(f"Je confirme la génération des échéances {year}", key="deadlines.generate.ok")
    if st.button("Générer les échéances de l'année", disabled=not confirmed, key="deadlines.generate"):
        attempt(lambda: services.generate_year(ctx.uow(), ctx.principal, ctx.clock, year),
                lambda added: f"{added} échéance(s) ajoutée(s) pour {year}.")

if queries.count(ctx.uow(), ctx.principal) == 0:
    st.info("Aucune échéance pour l'instant. Renseignez le profil fiscal des clients (clôture, régime de TVA, "
            "IS/IR, effectif) puis utilisez « Générer les échéances de l'année » ci-dessus : TVA, liasse, "
            "acomptes et solde d'IS, CVAE, DAS2, DSN, approbation et dépôt des comptes.")
    st.stop()

upcoming_tab, calendar_tab, mine_tab, all_tab = st.tabs(["À venir", "Calendrier", "Mes échéances", "Toutes"])

with upcoming_tab:
    upcoming = queries.upcoming(ctx.uow(), ctx.principal, today)
    st.caption(f"Échéances non faites jusqu'au {formatting.day(date.fromordinal(today.toordinal() + 30))}, "
               "les retards en premier.")
    table(upcoming, "deadlines.upcoming", "Rien à faire dans les 30 prochains jours.")

with calendar_tab:
    left, right = st.columns(2)
    years = list(range(today.year - 2, today.year + 3))
    cal_year = left.selectbox("Année", years, index=years.index(today.year), key="deadlines.cal.year")
    cal_month = right.selectbox("Mois", list(range(1, 13)), index=today.month - 1, key="deadlines.cal.month",
                                format_func=lambda m: MONTHS_FR[m - 1].capitalize())
    first, last = queries.month_bounds(cal_year, cal_month)
    month_deadlines = queries.search(ctx.uow(), ctx.principal, DeadlineFilter(due_from=first, due_to=last))
    per_day = queries.by_day(month_deadlines)
    grid = []
    for week in queries.month_weeks(cal_year, cal_month):
        line = {}
        for name, value in zip(("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"), week, strict=True):
            found = per_day.get(value, []) if value else []
            open_count = sum(1 for d in found if not d.is_done)
            line[name] = "" if value is None else (
                f"{value.day}" + (f" · {len(found)} ({open_count} à faire) : {queries.kinds_summary(found)}"
                                  if found else ""))
        grid.append(line)
    st.dataframe(grid, hide_index=True, width="stretch", key="deadlines.cal.grid")
    st.markdown(f"##### {MONTHS_FR[cal_month - 1].capitalize()} {cal_year} : {len(month_deadlines)} échéance(s)")
    table(month_deadlines, "deadlines.cal", "Aucune échéance ce mois-ci.")

with mine_tab:
    st.caption("Les échéances non faites (90 prochains jours et retards) des clients dont vous êtes le manager, "
               "dont vous gérez une mission ou sur lesquels une tâche vous est confiée.")
    mine = queries.mine(ctx.uow(), ctx.principal, today)
    table(mine, "deadlines.mine", "Aucune échéance pour vos dossiers dans les 90 prochains jours.")

with all_tab:
    staff = {u.id: u.full_name for u in client_queries.staff(ctx.uow(), ctx.principal)}
    a, b, c = st.columns(3)
    due_from = a.date_input("Du", date(today.year, 1, 1), format="DD/MM/YYYY", key="deadlines.all.from")
    due_to = b.date_input("Au", date(today.year, 12, 31), format="DD/MM/YYYY", key="deadlines.all.to")
    kind = c.selectbox("Obligation", [None, *DeadlineKind], key="deadlines.all.kind",
                       format_func=lambda k: "Toutes" if k is None else k.label)
    d, e, f = st.columns(3)
    status = d.selectbox("Statut", [None, *DeadlineStatus], key="deadlines.all.status",
                         format_func=lambda s: "Tous" if s is None else s.label)
    client_text = e.text_input("Client", key="deadlines.all.client", placeholder="Nom du client")
    manager = f.selectbox("Manager", [None, *staff], key="deadlines.all.manager",
                          format_func=lambda i: "Tous" if i is None else staff[i])
    found = queries.search(ctx.uow(), ctx.principal, DeadlineFilter(
        due_from=due_from, due_to=due_to, kind=kind, status=status, today=today, client_text=client_text,
        manager_id=manager))
    st.caption(f"{len(found)} échéance(s).")
    if found:
        st.download_button("Télécharger (CSV)", csv_bytes([queries.csv_row(x, today) for x in found]),
                           file_name=f"echeances-{today.isoformat()}.csv", mime="text/csv", key="deadlines.csv")
    table(found, "deadlines.all", "Aucune échéance ne correspond à ces critères.")
