"""Conformité LCB-FT: every client with its vigilance level, its assessment status and its next review; the
"Revues à faire" list (overdue first); filters; the firm's vigilance rule, review periods, reasons and gate
(administrators). Users who manage compliance only."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.clients import queries as client_queries
from domain.compliance import rules, services
from domain.compliance.model import ClientCompliance, ComplianceSettings, Criterion, Level, Reason
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash

ASSESSMENT_PAGE = "pages/staff/compliance_assessment.py"

ctx = require_staff(Permission.MANAGE_COMPLIANCE)
show_flash()
st.title("Conformité LCB-FT")
today = ctx.clock.today()
items = services.overview(ctx.uow(), ctx.principal)
settings = services.settings_of(ctx.uow(), ctx.principal)
people = {u.id: u.full_name for u in client_queries.staff(ctx.uow(), ctx.principal)}
MARK = {rules.ReviewState.OVERDUE: "🔴 ", rules.ReviewState.MISSING: "🟠 ", rules.ReviewState.DUE_SOON: "🟡 ",
        rules.ReviewState.CURRENT: ""}


def status_of(item: ClientCompliance) -> str:
    if item.pending is not None:
        return f"{item.pending.status.label} (nouvelle évaluation)"
    return item.current.status.label if item.current else "Aucune évaluation"


def rows(found: list[ClientCompliance]) -> list[dict]:
    return [{"Client": i.client_name, "SIREN": i.client_siren or "",
             "Niveau": i.current.level.label if i.current else "—",
             "Statut": status_of(i),
             "Revue": MARK[rules.review_state(i, today)] + rules.review_state(i, today).label,
             "Prochaine revue": formatting.day(rules.review_due(i)) if rules.review_due(i) else "—",
             "Validée le": formatting.day(i.current.validated_on) if i.current else "—",
             "Responsable": people.get(i.manager_id, "—") if i.manager_id else "—"} for i in found]


def open_assessment(found: list[ClientCompliance], key: str) -> None:
    if not found:
        return
    by_id = {i.client_id: i for i in found}
    chosen = st.selectbox("Client", list(by_id), key=f"{key}.pick", format_func=lambda c: by_id[c].client_name)
    st.page_link(ASSESSMENT_PAGE, label=f"Ouvrir l'évaluation LCB-FT de {by_id[chosen].client_name}",
                 icon=":material/shield:", query_params={"client": str(chosen)})


if not items:
    st.info("Aucun client pour l'instant : créez vos clients, puis évaluez leur risque LCB-FT ici.")
    st.stop()

states = [rules.review_state(i, today) for i in items]
metrics = st.columns(5)
metrics[0].metric("Clients", len(items))
metrics[1].metric("À jour", sum(s is rules.ReviewState.CURRENT for s in states))
metrics[2].metric("Revues en retard", sum(s is rules.ReviewState.OVERDUE for s in states))
metrics[3].metric("Sans évaluation validée", sum(s is rules.ReviewState.MISSING for s in states))
metrics[4].metric("À valider", sum(1 for i in items if i.pending and i.pending.status.value == "soumise"))
if settings.gate_active:
    st.caption("Blocage actif : pas d'envoi de lettre de mission ni de démarrage de mission pour un client sans "
               "évaluation validée ou dont la revue est en retard (un administrateur peut le désactiver dans "
               "Paramètres).")
else:
    st.warning("Blocage désactivé par un administrateur : les lettres et les missions ne sont pas bloquées par "
               "l'état des évaluations (il peut le réactiver dans Paramètres).")

tabs = st.tabs(["Revues à faire", "Tous les clients"] + (["Paramètres"] if ctx.principal.can(
    Permission.ADMINISTER) else []))
with tabs[0]:
    todo = rules.reviews_to_do(items, today)
    if not todo:
        st.success("Aucune revue à faire : chaque client a une évaluation validée et à jour.")
    else:
        st.dataframe(rows(todo), hide_index=True, width="stretch", key="compliance.todo")
        open_assessment(todo, "compliance.todo")

with tabs[1]:
    filters = st.columns(3)
    text = filters[0].text_input("Recherche", placeholder="Nom ou SIREN", key="compliance.search")
    level = filters[1].selectbox("Niveau", [None, *Level], key="compliance.level",
                                 format_func=lambda lv: "Tous" if lv is None else lv.label)
    state = filters[2].selectbox("Revue", [None, *rules.ReviewState], key="compliance.state",
                                 format_func=lambda s: "Toutes" if s is None else s.label)
    needle = " ".join(text.split()).casefold()
    shown = [i for i in items
             if (not needle or needle in i.client_name.casefold() or needle in (i.client_siren or ""))
             and (level is None or (i.current is not None and i.current.level is level))
             and (state is None or rules.review_state(i, today) is state)]
    if shown:
        st.dataframe(rows(shown), hide_index=True, width="stretch", key="compliance.all")
        st.download_button("Télécharger (CSV)", csv_bytes(rows(shown)), "conformite-lcb-ft.csv", "text/csv",
                           key="compliance.csv")
        open_assessment(shown, "compliance.all")
    else:
        st.info("Aucun client ne correspond à ces filtres.")


def settings_form(current: ComplianceSettings) -> None:
    st.markdown("**Règle de vigilance** : un critère noté « élevé », ou un motif qui l'impose (PPE, pays à haut "
                "risque, relation à distance…), donne la vigilance renforcée ; sinon la somme des quatre notes "
                "(de 4 à 12) donne renforcée à partir du second seuil, standard à partir du premier, simplifiée "
                "en dessous.")
    with st.form("compliance.settings"):
        cols = st.columns(2)
        standard_from = cols[0].number_input("Seuil « standard » (somme)", 4, 12, current.standard_from)
        enhanced_from = cols[1].number_input("Seuil « renforcée » (somme)", 4, 12, current.enhanced_from)
        cols = st.columns(3)
        months = {lv: cols[n].number_input(f"Revue {lv.label.lower()} (mois)", 1, 60, current.review_months[lv])
                  for n, lv in enumerate([Level.ENHANCED, Level.STANDARD, Level.SIMPLIFIED])}
        grace = st.number_input("Revue après un événement (nouvelle mission, bénéficiaire…) sous (jours)", 1, 365,
                                current.flag_grace_days)
        lists = {c: st.text_area(f"Motifs — {c.label} (un par ligne)",
                                 "\n".join(r.label for r in current.reasons_for(c))) for c in Criterion}
        forcing = st.multiselect("Motifs qui imposent la vigilance renforcée",
                                 [r.label for r in current.reasons],
                                 [r.label for r in current.reasons if r.forces_enhanced])
        gate = st.toggle("Bloquer l'envoi des lettres et le démarrage des missions sans évaluation validée et à jour",
                         current.gate_active)
        # Turning the gate off lets letters and missions through without assessment: confirmed on purpose.
        gate_off_ok = current.gate_active and st.checkbox(
            "Je confirme la désactivation du blocage (si je le désactive ci-dessus)", key="compliance.gate_off.ok")
        if st.form_submit_button("Enregistrer les paramètres", type="primary"):
            if current.gate_active and not gate and not gate_off_ok:
                st.error("Désactivation du blocage non confirmée : cochez la case de confirmation. Rien n'a été "
                         "enregistré.")
                return
            reasons = tuple(Reason(c, line.strip(), line.strip() in forcing)
                            for c, text in lists.items() for line in text.splitlines() if line.strip())
            updated = ComplianceSettings(standard_from=int(standard_from), enhanced_from=int(enhanced_from),
                                         review_months={lv: int(m) for lv, m in months.items()}, reasons=reasons,
                                         gate_active=gate, flag_grace_days=int(grace))
            attempt(lambda: services.save_settings(ctx.uow(), ctx.principal, ctx.clock, updated),
                    "Paramètres LCB-FT enregistrés.")


if len(tabs) > 2:
    with tabs[2]:
        settings_form(settings)
