"""Relances: who is late and what they owe with penalties, the level due, the letter PDF previewed then sent,
every due reminder at once, the aged balance (table, stacked bar, CSV/Excel), the history; for administrators,
the reminder levels and the legal interest rates."""

from decimal import Decimal, InvalidOperation

import plotly.graph_objects as go
import streamlit as st

from domain.access.model import Permission
from domain.collections import aging, queries, reminders
from domain.collections.model import ReminderKind, ReminderLevel
from domain.errors import InvalidInput
from domain.formatting import day, eur_cents
from domain.invoicing.mentions import percent
from domain.money import from_cents
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes, xlsx_bytes
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.INVOICE)
show_flash()
st.title("Relances")
today = ctx.clock.today()
late_tab, aged_tab, history_tab, settings_tab = st.tabs(["En retard", "Balance âgée", "Historique", "Paramètres"])

# --- who is late -------------------------------------------------------------------------------------------

with late_tab:
    late = reminders.late_invoices(ctx.uow(), ctx.principal, today)
    if not late:
        st.success("Aucune facture en retard de paiement.")
    else:
        st.dataframe([{"Facture": f.receivable.number, "Client": f.receivable.client_name,
                       "Échéance": day(f.receivable.due_date), "Retard (j)": f.receivable.days_late(today),
                       "Reste dû": eur_cents(f.statement.principal_cents),
                       "Pénalités": eur_cents(f.statement.penalty_cents),
                       "Indemnité": eur_cents(f.statement.indemnity_cents),
                       "Dernière relance": next((s.label for s in f.sent), "—"),
                       "À envoyer": f.next_level.label if f.next_level else "—"} for f in late],
                     hide_index=True, width="stretch")
        due_now = [f for f in late if f.next_level is not None]
        if due_now and st.button(f"Envoyer les {len(due_now)} relance(s) dues", type="primary",
                                 key="reminders.send_all", disabled=ctx.documents is None):
            attempt(lambda: reminders.send_due_reminders(ctx.uow(), ctx.principal, ctx.clock, ctx.documents),
                    lambda report: report.summary + ("\n" + "\n".join(report.errors) if report.errors else ""))

        st.subheader("Une facture")
        by_id = {f.receivable.invoice_id: f for f in late}
        picked = st.selectbox("Facture", list(by_id), key="reminders.invoice",
                              format_func=lambda i: f"{by_id[i].receivable.number} – {by_id[i].receivable.client_name}")
        chosen = by_id[picked]
        levels = reminders.reminder_levels(ctx.uow(), ctx.principal)
        unsent = [lv for lv in levels if lv.level > chosen.last_level]
        for segment in chosen.statement.segments:
            st.caption(f"Du {day(segment.first)} au {day(segment.last)} : {segment.days} j × "
                       f"{eur_cents(segment.principal_cents)} × {percent(segment.rate)} / 365 = "
                       f"{eur_cents(segment.cents)}" + (" (taux légal estimé)" if segment.estimated else ""))
        if not unsent:
            st.info("Tous les niveaux de relance ont été envoyés pour cette facture.")
        else:
            default = unsent.index(chosen.next_level) if chosen.next_level in unsent else 0
            level = st.selectbox("Niveau", unsent, index=default, format_func=lambda lv: lv.label,
                                 key="reminders.level")
            left, right = st.columns(2)
            if ctx.documents is not None and left.button("Préparer l'aperçu PDF", key="reminders.preview"):
                try:
                    st.session_state["reminders.pdf"] = (picked, level.level, reminders.preview_letter(
                        ctx.uow(), ctx.principal, ctx.documents, picked, level.level, today))
                except InvalidInput as err:
                    st.error(err.message)
            ready = st.session_state.get("reminders.pdf")
            if ready and ready[:2] == (picked, level.level):
                left.download_button("Télécharger l'aperçu", ready[2], file_name=f"Relance-{level.level}.pdf",
                                     mime="application/pdf", key="reminders.download")
            if right.button("Envoyer ce niveau", key="reminders.send", disabled=ctx.documents is None):
                attempt(lambda: reminders.send_reminder(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, picked,
                                                        level.level),
                        lambda sent: f"{sent.label} envoyée" + (f" à {sent.mailed_to}." if sent.mailed_to else
                                                                " (client sans adresse : imprimez le courrier)."))

# --- aged balance --------------------------------------------------------------------------------------------

with aged_tab:
    on = st.date_input("Situation au", today, format="DD/MM/YYYY", key="reminders.aged.on") or today
    balance = queries.aged_balance(ctx.uow(), ctx.principal, on)
    if not balance:
        st.info(f"Aucune créance client au {day(on)}.")
    else:
        rows = [{"Client": b.client_name, **{bucket: from_cents(b.cents[bucket]) for bucket in aging.BUCKETS},
                 "Total": from_cents(b.total_cents)} for b in balance]
        st.dataframe([{k: (eur_cents(int(v * 100)) if isinstance(v, Decimal) else v) for k, v in row.items()}
                      for row in rows], hide_index=True, width="stretch")
        shown = balance[:30]
        figure = go.Figure([go.Bar(name=bucket, y=[b.client_name for b in shown],
                                   x=[float(from_cents(b.cents[bucket])) for b in shown], orientation="h")
                            for bucket in aging.BUCKETS])
        figure.update_layout(barmode="stack", height=120 + 26 * len(shown), xaxis_title="€",
                             yaxis={"autorange": "reversed"}, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                             legend={"orientation": "h"})
        st.plotly_chart(figure, key="reminders.aged.chart")
        left, right = st.columns(2)
        left.download_button("CSV", csv_bytes(rows), file_name=f"balance-agee-{on.isoformat()}.csv",
                             mime="text/csv", key="reminders.aged.csv")
        right.download_button("Excel", xlsx_bytes(rows, "Balance âgée"), file_name=f"balance-agee-{on.isoformat()}.xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              key="reminders.aged.xlsx")

# --- history -----------------------------------------------------------------------------------------------------

with history_tab:
    sent = reminders.history(ctx.uow(), ctx.principal)
    names = {r.invoice_id: (r.number, r.client_name) for r in queries.receivables(ctx.uow(), ctx.principal)}
    clients = sorted({names[s.invoice_id][1] for s in sent if s.invoice_id in names})
    who = st.selectbox("Client", [None, *clients], format_func=lambda c: c or "Tous les clients",
                       key="reminders.history.client")
    shown = [s for s in sent if who is None or names.get(s.invoice_id, ("", ""))[1] == who]
    if shown:
        st.dataframe([{"Date": day(s.sent_on), "Facture": names.get(s.invoice_id, ("?", ""))[0],
                       "Client": names.get(s.invoice_id, ("", "?"))[1], "Niveau": s.label,
                       "Reste dû": eur_cents(s.principal_cents), "Pénalités": eur_cents(s.penalty_cents),
                       "Destinataire": s.mailed_to or "courrier"} for s in shown], hide_index=True, width="stretch")
    else:
        st.info("Aucune relance envoyée.")

# --- settings (administrators) ----------------------------------------------------------------------------------


def levels_from(rows: list[dict]) -> list[ReminderLevel]:
    kinds = {kind.label: kind for kind in ReminderKind}
    levels = []
    for number, row in enumerate(rows, start=1):
        if not any(row.values()):
            continue
        try:
            days = int(row.get("days") or "")
        except (TypeError, ValueError):
            raise InvalidInput(f"Niveau {number} : nombre de jours après l'échéance invalide.") from None
        levels.append(ReminderLevel(number, row.get("label") or "", kinds.get(row.get("kind"), ReminderKind.LETTER),
                                    days))
    return levels


def rates_from(rows: list[dict]) -> dict[tuple[int, int], Decimal]:
    rates = {}
    for row in rows:
        if not any(row.values()):
            continue
        try:
            year, half = int(row.get("year") or ""), int(row.get("half") or "")
            rate = Decimal(str(row.get("rate") or "").replace(",", ".").replace("%", "").strip())
        except (TypeError, ValueError, InvalidOperation):
            raise InvalidInput("Chaque ligne donne l'année, le semestre (1 ou 2) et le taux (ex. : 2,62).") from None
        rates[(year, half)] = rate
    return rates


with settings_tab:
    admin = ctx.principal.can(Permission.ADMINISTER)
    if not admin:
        st.caption("Seuls les administrateurs du cabinet modifient ces paramètres.")
    st.subheader("Niveaux de relance")
    current = reminders.reminder_levels(ctx.uow(), ctx.principal)
    level_rows = [{"label": lv.label, "kind": lv.kind.label, "days": lv.days_after_due} for lv in current]
    edited_levels = st.data_editor(level_rows, num_rows="dynamic" if admin else "fixed", disabled=not admin,
                                   hide_index=True, key="reminders.levels", column_config={
                                       "label": st.column_config.TextColumn("Intitulé", required=True),
                                       "kind": st.column_config.SelectboxColumn(
                                           "Forme", options=[k.label for k in ReminderKind], required=True),
                                       "days": st.column_config.NumberColumn("Jours après l'échéance", min_value=1,
                                                                             max_value=365, step=1)})
    if admin and st.button("Enregistrer les niveaux", key="reminders.levels.save"):
        attempt(lambda: reminders.save_reminder_levels(ctx.uow(), ctx.principal, ctx.clock,
                                                       levels_from(list(edited_levels))),
                "Niveaux de relance enregistrés.")
    st.subheader("Taux de l'intérêt légal (créanciers professionnels)")
    st.caption("Les pénalités ne peuvent être inférieures à trois fois le taux du semestre concerné (L441-10).")
    rates = reminders.legal_rates(ctx.uow(), ctx.principal)
    rate_rows = [{"year": year, "half": half, "rate": str(rate).replace(".", ","),
                  "floor": percent(3 * rate)} for (year, half), rate in sorted(rates.items())]
    edited_rates = st.data_editor(rate_rows, num_rows="dynamic" if admin else "fixed", disabled=not admin,
                                  hide_index=True, key="reminders.rates", column_config={
                                      "year": st.column_config.NumberColumn("Année", min_value=2000, max_value=2100,
                                                                            step=1, format="%d"),
                                      "half": st.column_config.NumberColumn("Semestre", min_value=1, max_value=2,
                                                                            step=1),
                                      "rate": st.column_config.TextColumn("Taux (%)"),
                                      "floor": st.column_config.TextColumn("Plancher (3 ×)", disabled=True)})
    if admin and st.button("Enregistrer les taux", key="reminders.rates.save"):
        attempt(lambda: reminders.save_legal_rates(ctx.uow(), ctx.principal, ctx.clock,
                                                   rates_from([{k: r.get(k) for k in ("year", "half", "rate")}
                                                               for r in edited_rates])),
                "Taux d'intérêt légal enregistrés.")
