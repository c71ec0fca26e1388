"""Missions: the list with filters (CSV), a mission's detail (`?mission=<id>`) with its work programme,
checklists and budget, and the direct creation of a mission by a manager. Fees only with SEE_MONEY."""

import zlib
from datetime import date, datetime

import pandas as pd
import streamlit as st

from domain import formatting
from domain.catalogue.model import BillingMode
from domain.catalogue.validation import hours_text
from domain.deadlines import queries as deadline_queries
from domain.engagements import missions as services
from domain.engagements import queries
from domain.engagements.missions import MissionEdit, MissionForm, TaskEdit
from domain.engagements.model import (
    ChecklistItem,
    MissionFilter,
    MissionStatus,
    TaskStatus,
    checklist_text,
    parse_checklist,
)
from domain.engagements.progress import progress
from domain.errors import InvalidInput
from domain.timesheets import queries as time_queries
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Missions")
PAGE = "pages/staff/missions.py"
today = ctx.clock.today()
money = queries.sees_money(ctx.principal)
choices = queries.form_choices(ctx.uow(), ctx.principal)
staff = dict(choices.staff)
teams = dict(choices.teams)


def year_label(start: date, end: date) -> str:
    return f"{formatting.day(start)} – {formatting.day(end)}"


def picker(label: str, options: dict[int, str], current: int | None, key: str, none: str = "— Aucun —"):
    keys = [None, *options]
    return st.selectbox(label, keys, index=keys.index(current) if current in keys else 0, key=key,
                        format_func=lambda i: none if i is None else options[i])


def as_date(value) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidInput(f"« {value} » n'est pas une date.") from None


# --- Detail of one mission ------------------------------------------------------------------------------------

def consumption_block(mission_id: int) -> None:
    """Time entered so far against the budget (and, for who may see money, its value against the fees)."""
    used = time_queries.mission_consumption(ctx.uow(), ctx.principal, mission_id)
    if used is None:
        return
    columns = st.columns(4)
    share = f"{used.share:.0%} du budget".replace("%", " %") if used.share is not None else "pas de budget"
    columns[0].metric("Temps saisi", formatting.hours(used.minutes), help=share)
    columns[1].progress(min(used.share or 0.0, 1.0), text=share)
    if used.value_cents is not None and used.fee_cents is not None:
        columns[2].metric("Valeur du temps (taux de vente)", formatting.eur_cents(used.value_cents),
                          help="Σ minutes × taux de vente du grade à la date de chaque saisie")
        columns[3].metric("Reste sur honoraires", formatting.eur_cents(used.fee_cents - used.value_cents),
                          help="Honoraires de la mission − valeur du temps saisi")


def show_detail(mission_id: int) -> None:
    detail = queries.mission_detail(ctx.uow(), ctx.principal, mission_id, today)
    st.page_link(PAGE, label="Toutes les missions", icon=":material/arrow_back:")
    if detail is None:
        st.warning("Cette mission n'existe pas (ou plus) dans ce cabinet.")
        return
    line, mission = detail.line, detail.mission
    st.subheader(mission.label)
    facts = [line.client_name, f"Exercice {year_label(mission.fiscal_year_start, mission.fiscal_year_end)}",
             line.type_label or "Hors catalogue", mission.status.label,
             "Issue d'une lettre de mission" if mission.engagement_id else "Créée directement"]
    st.caption(" · ".join(md_escape(f) for f in facts if f))
    columns = st.columns(4)
    columns[0].metric("Budget", formatting.hours(mission.budget_total_minutes))
    columns[1].metric("Estimé (tâches)", formatting.hours(detail.estimated_minutes))
    columns[2].metric("Tâches en retard", detail.overdue_count)
    if money:
        columns[3].metric("Honoraires HT", formatting.eur_cents(mission.fee_cents),
                          help=f"Mode : {mission.billing_mode.label}")
    consumption_block(mission.id)

    with st.expander("Mission : statut, manager, équipe", expanded=False, icon=":material/edit:"):
        if not detail.can_edit_mission:
            st.caption(f"Manager : {md_escape(line.manager_name or '—')} · Équipe : {md_escape(line.team_name or '—')}. "
                       "Seuls le manager de la mission et les responsables habilités aux honoraires la modifient.")
        else:
            with st.form(f"missions.edit.{mission.id}"):
                label = st.text_input("Libellé", mission.label, max_chars=200)
                statuses = list(MissionStatus)
                status = st.selectbox("Statut", statuses, index=statuses.index(mission.status),
                                      format_func=lambda s: s.label)
                manager = picker("Manager", staff, mission.manager_id, f"missions.edit.{mission.id}.manager")
                team = picker("Équipe", teams, mission.team_id, f"missions.edit.{mission.id}.team", "— Aucune —")
                if st.form_submit_button("Enregistrer la mission", type="primary"):
                    attempt(lambda: services.update_mission(ctx.uow(), ctx.principal, ctx.clock, mission.id,
                                                            MissionEdit(label, status, manager, team)),
                            "Mission enregistrée.")

    mission_deadlines(mission.id)

    st.markdown("#### Programme de travail")
    if not detail.tasks:
        st.info("Cette mission n'a pas de tâche : son type de mission n'a pas de programme de travail "
                "(page « Catalogue des missions »).")
    else:
        programme(detail)
        checklists(detail)

    st.markdown("#### Budget par grade")
    rows = []
    for b in detail.budget:
        row = {"Grade": b.grade_label, "Budget": hours_text(b.budget_minutes) or "0",
               "Estimé (tâches)": hours_text(b.estimated_minutes) or "0",
               "Écart": formatting.hours(b.budget_minutes - b.estimated_minutes)}
        if money:
            row["Valeur au taux de vente"] = formatting.eur_cents(b.value_cents or 0)
        rows.append(row)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="missions.budget")
    if money and detail.budget_value_cents is not None:
        st.caption(f"Budget valorisé aux taux de vente en vigueur : {formatting.eur_cents(detail.budget_value_cents)} HT.")


def mission_deadlines(mission_id: int) -> None:
    """The statutory deadlines attached to the mission and the days to the next open one."""
    found = deadline_queries.for_mission(ctx.uow(), ctx.principal, mission_id)
    st.markdown("#### Échéances")
    if not found:
        st.caption("Aucune échéance rattachée à cette mission (page « Échéances » : générer les échéances de l'année).")
        return
    following = deadline_queries.next_open(found, today)
    if following is None:
        st.success("Toutes les échéances de la mission sont faites.")
    else:
        text = (f"Prochaine échéance : {md_escape(following.label)} le {formatting.day(following.due_on)} "
                f"({deadline_queries.days_label(following, today)}).")
        (st.error if following.is_overdue(today) else st.warning if following.is_due_soon(today) else st.info)(text)
    with st.expander(f"Échéances de la mission ({len(found)})", icon=":material/event:"):
        st.dataframe([{"Échéance": formatting.day(d.due_on), "Obligation": d.label, "Statut": d.status(today).label,
                       "Délai": deadline_queries.days_label(d, today)} for d in found],
                     hide_index=True, width="stretch", key=f"missions.deadlines.{mission_id}")


ASSIGNEE, START, END, STATUS, HOURS, DUE = "Intervenant", "Début prévu", "Fin prévue", "Statut", "Heures estimées", "Échéance"


def programme(detail: queries.MissionDetail) -> None:
    names = {}
    for user_id, name in choices.staff:
        names[name if name not in names else f"{name} (n° {user_id})"] = user_id
    label_of = {v: k for k, v in names.items()}
    status_of = {s.label: s for s in TaskStatus}
    overdue = [t for t in detail.tasks if t.overdue]
    if overdue:
        st.warning(f"{len(overdue)} tâche(s) en retard (échéance passée, non terminée) : "
                   + ", ".join(md_escape(t.task.label) for t in overdue) + ".")
    rows = [{"Tâche": t.task.label, "Grade": t.grade_label,
             ASSIGNEE: label_of.get(t.task.assignee_id, t.assignee_name or None) if t.task.assignee_id else None,
             START: t.task.planned_start, END: t.task.planned_end, STATUS: t.task.status.label,
             HOURS: hours_text(t.task.estimated_minutes), DUE: t.task.due_on,
             "Retard": "⚠️ En retard" if t.overdue else ""} for t in detail.tasks]
    table = pd.DataFrame(rows).astype({START: "object", END: "object", DUE: "object"})
    digest = zlib.crc32(repr([t.task for t in detail.tasks]).encode())
    edited = st.data_editor(
        table, hide_index=True, width="stretch", num_rows="fixed", key=f"missions.tasks.{detail.mission.id}.{digest}",
        disabled=["Tâche", "Grade", "Retard"],
        column_config={
            ASSIGNEE: st.column_config.SelectboxColumn(ASSIGNEE, options=list(names)),
            START: st.column_config.DateColumn(START, format="DD/MM/YYYY"),
            END: st.column_config.DateColumn(END, format="DD/MM/YYYY"),
            STATUS: st.column_config.SelectboxColumn(STATUS, options=list(status_of), required=True),
            HOURS: st.column_config.TextColumn(HOURS, help="En heures, ex. 1,5 pour 1 h 30"),
            DUE: st.column_config.DateColumn(DUE, format="DD/MM/YYYY"),
        })
    st.caption("Modifiez les cellules puis enregistrez : toutes les lignes sont vérifiées ensemble, rien n'est "
               "enregistré en cas d'erreur.")
    if st.button("Enregistrer le programme de travail", type="primary", key=f"missions.tasks.save.{detail.mission.id}"):
        def save():
            edits = []
            for t, record in zip(detail.tasks, edited.to_dict("records"), strict=True):
                assignee = record.get(ASSIGNEE)
                edits.append(TaskEdit(
                    task_id=t.task.id, assignee_id=names.get(assignee) if isinstance(assignee, str) else None,
                    planned_start=as_date(record.get(START)), planned_end=as_date(record.get(END)),
                    status=status_of.get(record.get(STATUS), t.task.status), estimated_hours=record.get(HOURS),
                    due_on=as_date(record.get(DUE))))
            return services.save_programme(ctx.uow(), ctx.principal, ctx.clock, detail.mission.id, edits)
        attempt(save, lambda count: f"Programme de travail enregistré ({count} tâche(s) modifiée(s)).")


def checklists(detail: queries.MissionDetail) -> None:
    st.markdown("##### Listes de contrôle")
    for t in detail.tasks:
        items = parse_checklist(t.task.checklist)
        done = sum(1 for i in items if i.done)
        with st.expander(f"{t.task.label} — {done}/{len(items)}", icon=":material/checklist:"):
            key = f"missions.checklist.{t.task.id}.{zlib.crc32(t.task.checklist.encode())}"
            table = pd.DataFrame([{"Fait": i.done, "Point": i.text} for i in items], columns=["Fait", "Point"])
            edited = st.data_editor(table.astype({"Fait": "bool", "Point": "object"}), hide_index=True,
                                    width="stretch", num_rows="dynamic", key=key, column_config={
                                        "Fait": st.column_config.CheckboxColumn("Fait", default=False),
                                        "Point": st.column_config.TextColumn("Point", max_chars=300)})
            if st.button("Enregistrer la liste", key=f"{key}.save"):
                new = [ChecklistItem(str(r["Point"]).strip(), bool(r["Fait"]))
                       for r in edited.to_dict("records")
                       if r.get("Point") is not None and str(r["Point"]).strip() not in ("", "nan", "None")]
                text = checklist_text(new)
                attempt(lambda task_id=t.task.id, text=text: services.set_checklist(
                            ctx.uow(), ctx.principal, ctx.clock, detail.mission.id, task_id, text),
                        f"Liste de contrôle de « {md_escape(t.task.label)} » enregistrée.")


# --- New mission ------------------------------------------------------------------------------------------------

def new_mission() -> None:
    with st.expander("Nouvelle mission", icon=":material/add:"):
        if not money:
            st.caption("La création directe d'une mission (avec ses honoraires) est réservée aux personnes habilitées "
                       "à voir les honoraires.")
            return
        if not choices.clients or not choices.mission_types:
            st.info("Il faut au moins un client actif (page « Clients ») et un type de mission actif "
                    "(page « Catalogue des missions »).")
            return
        clients = {c.id: c for c in choices.clients}
        types = {t.id: t for t in choices.mission_types}
        with st.form("missions.new"):
            client_id = st.selectbox("Client *", list(clients), index=None, placeholder="Choisissez un client",
                                     format_func=lambda i: clients[i].name)
            type_id = st.selectbox("Type de mission *", list(types), index=None, placeholder="Choisissez un type",
                                   format_func=lambda i: types[i].label)
            left, right = st.columns(2)
            closing = left.date_input("Clôture de l'exercice", value=None, format="DD/MM/YYYY",
                                      help="Vide : l'exercice en cours du client (selon sa date de clôture).")
            label = right.text_input("Libellé", placeholder="Vide : le libellé du type de mission", max_chars=200)
            with left:
                manager = picker("Manager", staff, None, "missions.new.manager", "— Manager du client —")
            with right:
                team = picker("Équipe", teams, None, "missions.new.team", "— Aucune —")
            modes = [None, *BillingMode]
            mode = left.selectbox("Mode de facturation", modes, format_func=lambda m: "— Celui du type —" if m is None
                                  else m.label)
            fee = right.text_input("Honoraires HT (€)", placeholder="Vide : le forfait du type de mission")
            st.caption("Le budget en heures et les tâches reprennent le programme de travail du type de mission ; "
                       "les échéances sont calculées sur l'exercice.")
            submitted = st.form_submit_button("Créer la mission", type="primary")
        if submitted:
            if client_id is None or type_id is None:
                st.error("Choisissez le client et le type de mission.")
                return
            form = MissionForm(client_id=client_id, mission_type_id=type_id, fiscal_year_end=closing, label=label,
                               manager_id=manager, team_id=team, billing_mode=mode, fee=fee)

            def create():
                created = services.create_mission(ctx.uow(), ctx.principal, ctx.clock, form)
                st.query_params["mission"] = str(created.id)
                return created
            attempt(create, lambda m: f"Mission « {md_escape(m.label)} » créée.")


# --- List --------------------------------------------------------------------------------------------------------

asked = st.query_params.get("mission", "")
if asked.isdigit():
    show_detail(int(asked))
    st.stop()

filters = st.columns([2, 1, 1, 1])
text = filters[0].text_input("Client", key="missions.text", placeholder="Nom du client")
status = filters[1].selectbox("Statut", [None, *MissionStatus], key="missions.status",
                              format_func=lambda s: "Tous" if s is None else s.label)
with filters[2]:
    manager_id = picker("Manager", staff, None, "missions.manager", "Tous")
year_end = filters[3].selectbox("Clôture", [None, *choices.fiscal_year_ends], key="missions.year",
                                format_func=lambda d: "Toutes" if d is None else formatting.day(d))
lines = queries.list_missions(ctx.uow(), ctx.principal, MissionFilter(client_text=text, status=status,
                                                                       manager_id=manager_id, fiscal_year_end=year_end))
follow_up = progress(ctx.uow(), ctx.principal, today, [line.mission.id for line in lines])


def deadline_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"en retard de {-days} j"
    return "aujourd'hui" if days == 0 else f"dans {days} j"


def row_of(line: queries.MissionLine) -> dict:
    m = line.mission
    row = {"Client": line.client_name, "Mission": m.label, "Type": line.type_label,
           "Exercice": year_label(m.fiscal_year_start, m.fiscal_year_end), "Statut": m.status.label,
           "Manager": line.manager_name, "Équipe": line.team_name, "Budget (h)": hours_text(m.budget_total_minutes)}
    if (done := follow_up.get(m.id)) is not None:
        row |= {"Saisi (h)": hours_text(done.actual_minutes),
                "Consommé": round(100 * done.consumed) if done.consumed is not None else None,
                "Tâches en retard": done.overdue_tasks, "Prochaine échéance": deadline_text(done.days_to_deadline)}
    if money:
        row["Honoraires HT"] = formatting.eur_cents(m.fee_cents)
    return row


if lines:
    event = st.dataframe([row_of(line) for line in lines], hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="missions.table", column_config={
                             "Consommé": st.column_config.ProgressColumn(
                                 "Consommé", format="%d %%", min_value=0, max_value=100,
                                 help="Heures saisies ÷ budget en heures (au-delà de 100 % : dépassement)")})
    selected = event.selection.rows if event else []
    if selected and selected[0] < len(lines):
        chosen = lines[selected[0]]
        st.page_link(PAGE, label=f"Ouvrir la mission {md_escape(chosen.mission.label)} ({md_escape(chosen.client_name)})",
                     icon=":material/work:", query_params={"mission": str(chosen.mission.id)})
    else:
        st.caption(f"{len(lines)} mission(s). Sélectionnez une ligne pour ouvrir la mission et son programme de travail.")
    st.download_button("Télécharger la liste (CSV)", csv_bytes([row_of(line) for line in lines]),
                       file_name=f"missions-{today.isoformat()}.csv", mime="text/csv", key="missions.csv")
elif text or status or manager_id or year_end:
    st.info("Aucune mission ne correspond à ces filtres.")
else:
    st.info("Aucune mission pour l'instant. Les missions naissent de la signature d'une lettre de mission "
            "(page « Lettres de mission »), ou se créent directement ci-dessous.")
new_mission()
