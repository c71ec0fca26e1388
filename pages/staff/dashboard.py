"""Tableau de bord: the firm's KPIs for whoever may see fees (partner), the team's for whoever approves time
(manager), one's own for everyone (collaborator). Each tile's formula is in its tooltip; every table downloads."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.dashboards import queries, tables
from domain.dashboards.model import DeadlineFigures, PeriodChoice
from domain.errors import DomainError
from domain.planning.queries import filter_choices
from domain.timesheets.scope import approves_everyone
from pages._ui import dashboard as ui
from pages._ui.context import require_staff

ctx = require_staff()
st.title("Tableau de bord")
today = ctx.clock.today()
teams, people = filter_choices(ctx.uow(), ctx.principal)
team_names, names = {t.id: t.name for t in teams}, {p.id: p.full_name for p in people}
choice = st.selectbox("Période", list(PeriodChoice), format_func=lambda c: c.label, key="dashboard.period")
eur = formatting.eur_cents


def deadline_tiles(figures: DeadlineFigures, key: str) -> None:
    a, b, c = st.columns(3)
    a.metric("Échéances tenues à temps", ui.pct(figures.on_time_rate),
             help="Échéances de la période faites au plus tard à leur date limite ÷ échéances de la période "
                  "échues ou faites.")
    b.metric("Échéances à risque", len(figures.at_risk),
             help="Échéances non faites, en retard ou à faire dans les 14 jours.")
    c.metric("Échéances en retard", figures.overdue, help="Échéances non faites dont la date limite est passée.")
    ui.table(tables.deadlines(figures.at_risk, names), "echeances_a_risque", f"{key}.deadlines",
             "Aucune échéance en retard ni à faire dans les 14 jours.")


def partner() -> None:
    board = queries.partner(ctx.uow(), ctx.principal, today, choice)
    ui.freshness(board.loaded_at)
    a, b, c, d = st.columns(4)
    a.metric("Honoraires du mois", eur(board.fees_month_cents),
             ui.evolution(board.fees_month_cents, board.fees_month_last_year_cents),
             help="Honoraires HT des factures émises du mois à ce jour, débours exclus, avoirs déduits ; comparés au "
                  "même mois de l'an dernier à la même date.")
    b.metric("Honoraires depuis le 1er janvier", eur(board.fees_ytd_cents),
             ui.evolution(board.fees_ytd_cents, board.fees_ytd_last_year_cents),
             help="Même calcul du 1er janvier à ce jour, comparé à la même période de l'an dernier.")
    c.metric("Honoraires récurrents (période)", eur(board.recurring_period_cents),
             help="Mensualités de forfaits facturées sur la période (lignes d'honoraires au mois), avoirs déduits.")
    d.metric("Taux de réalisation (période)", ui.pct(board.realisation),
             help="Honoraires HT facturés sur la période ÷ temps facturable de la période valorisé au taux de vente "
                  "du grade en vigueur le jour de chaque saisie. Au-dessus de 100 % : boni ; en dessous : mali. Sur un "
                  "mois, les forfaits mensualisés faussent la comparaison (travaux concentrés au bilan) : lisez-le "
                  "plutôt sur l'année.")
    a, b, c, d = st.columns(4)
    a.metric("En-cours (WIP)", eur(board.wip_cents),
             help="Temps facturable valorisé au taux de vente et pas encore facturé : missions au temps passé sans "
                  "facture émise pour ces temps, autres missions tant qu'aucune facture n'est émise.")
    b.metric("Jours d'en-cours", ui.days(board.wip_days),
             help="En-cours ÷ (honoraires HT des 365 derniers jours ÷ 365).")
    c.metric("Créances clients TTC", eur(board.receivables_cents), help="Reste à encaisser des factures émises.")
    d.metric("DSO", ui.days(board.dso_days),
             help="Créances TTC ÷ montant TTC facturé sur les 365 derniers jours × 365.")
    st.plotly_chart(ui.fees_chart(board.months), key="dashboard.fees", config={"displayModeBar": False})
    ui.table(tables.months(board.months), "honoraires_par_mois", "dashboard.months", "Aucun mois dans la période.")
    st.subheader("Balance âgée")
    st.caption(f"Dont échu : {eur(board.overdue_receivables_cents)}")
    if board.aged:
        st.plotly_chart(ui.aged_chart(board.aged), key="dashboard.aged", config={"displayModeBar": False})
    ui.table(tables.aged(board.aged), "balance_agee", "dashboard.aged_table", "Aucune créance ouverte.")
    st.subheader("En-cours par mission")
    if board.wip_missions > len(board.wip):
        st.caption(f"Les {len(board.wip)} plus gros en-cours sur {board.wip_missions} missions.")
    ui.table(tables.wip(board.wip), "en_cours", "dashboard.wip", "Aucun temps facturable en attente de facturation.")
    boni_mali()
    st.subheader("Échéances")
    deadline_tiles(board.deadlines, "dashboard.partner")
    if ctx.principal.can(Permission.MANAGE_COMPLIANCE):
        reviews()


def reviews() -> None:
    st.subheader("Revues LCB-FT à faire")
    todo = queries.reviews_to_do(ctx.uow(), ctx.principal, today)
    st.metric("Revues LCB-FT à faire", len(todo),
              help="Clients dont la revue de l'évaluation des risques est en retard, jamais validée ou due dans les "
                   "60 jours (page Conformité LCB-FT).")
    ui.table(tables.reviews(todo, names), "revues_lcb_ft", "dashboard.reviews", "Aucune revue LCB-FT à faire.")


def boni_mali() -> None:
    year = today.year
    st.subheader(f"Boni/mali des exercices clos en {year}")
    st.caption("Boni/mali = honoraires HT facturés (débours exclus, avoirs déduits) − temps valorisé au taux de vente. "
               "Les missions pas encore facturées sont de l'en-cours, ni boni ni mali.")
    best, worst = queries.top_boni_mali(ctx.uow(), ctx.principal, year)
    left, right = st.columns(2)
    with left:
        st.markdown("**Meilleurs bonis**")
        ui.table(tables.boni_mali(best), f"meilleurs_bonis_{year}", "dashboard.boni", "Aucun boni.")
    with right:
        st.markdown("**Plus forts malis**")
        ui.table(tables.boni_mali(worst), f"plus_forts_malis_{year}", "dashboard.mali", "Aucun mali.")


def manager() -> None:
    team_id = None
    if approves_everyone(ctx.principal):
        team_id = st.selectbox("Équipe", [None, *team_names], key="dashboard.team",
                               format_func=lambda i: "Toutes les équipes" if i is None else team_names[i])
    else:
        st.caption(f"Équipe : {team_names.get(ctx.principal.user.team_id, '')}")
    board = queries.manager(ctx.uow(), ctx.principal, today, choice, team_id)
    ui.freshness(board.loaded_at)
    a, b, c = st.columns(3)
    a.metric("Chargeabilité de l'équipe", ui.pct(board.chargeability),
             help="Heures facturables (saisies facturables sur une mission) ÷ heures disponibles (contrat, moins "
                  "absences et jours fériés) de la période.")
    b.metric("Consommation des budgets", ui.pct(board.adherence),
             help="Heures saisies ÷ heures budgétées, sur les missions ouvertes qui ont un budget.")
    c.metric("Semaines incomplètes ou non validées", len(board.gaps),
             help="Semaines terminées de la période où la saisie est inférieure aux heures disponibles ou dont la "
                  "feuille de temps n'est pas validée.")
    if board.people:
        st.plotly_chart(ui.chargeability_chart(board.people), key="dashboard.people", config={"displayModeBar": False})
    ui.table(tables.people(board.people), "chargeabilite", "dashboard.people_table", "Personne dans cette équipe.")
    st.subheader("Budgets des missions")
    if board.budget_totals.missions > len(board.budgets):
        st.caption(f"Les {len(board.budgets)} missions les plus consommées sur {board.budget_totals.missions}.")
    ui.table(tables.budgets(board.budgets), "budgets_missions", "dashboard.budgets", "Aucune mission ouverte budgétée.")
    st.subheader("Échéances")
    deadline_tiles(board.deadlines, "dashboard.manager")
    st.subheader("Temps non saisis ou non validés")
    ui.table(tables.gaps(board.gaps), "temps_a_completer", "dashboard.gaps", "Toutes les semaines sont complètes et validées.")


def collaborator() -> None:
    board = queries.collaborator(ctx.uow(), ctx.principal, today, choice)
    ui.freshness(board.loaded_at)
    a, b, c = st.columns(3)
    a.metric("Mes heures saisies", formatting.hours(board.entered_minutes),
             help="Toutes mes saisies des semaines de la période (semaines entières depuis le lundi).")
    b.metric("Mes heures facturables", formatting.hours(board.chargeable_minutes),
             help="Saisies facturables sur une mission.")
    c.metric("Ma chargeabilité", ui.pct(board.chargeability), help="Heures facturables ÷ heures disponibles.")
    st.plotly_chart(ui.hours_chart(board.weeks), key="dashboard.hours", config={"displayModeBar": False})
    ui.table(tables.weeks(board.weeks), "mes_heures", "dashboard.weeks", "Aucune semaine dans la période.")
    st.subheader("Budgets de mes missions")
    ui.table(tables.budgets(board.budgets, own=True), "mes_missions", "dashboard.my_budgets",
             "Aucune mission ouverte où vous intervenez.")
    st.subheader("Mes échéances")
    deadline_tiles(board.deadlines, "dashboard.mine")
    ui.table(tables.gaps(board.gaps), "mes_temps_a_completer", "dashboard.my_gaps",
             "Toutes vos semaines sont complètes et validées.")


sections = [(title, render) for title, render, allowed in (
    ("Cabinet", partner, ctx.principal.can(Permission.SEE_MONEY)),
    ("Équipe", manager, ctx.principal.can(Permission.APPROVE_TIME)),
    ("Mon activité", collaborator, True)) if allowed]
for tab, (_, render) in zip(st.tabs([title for title, _ in sections]), sections, strict=True):
    with tab:
        try:
            render()
        except DomainError as err:
            st.error(str(err))
