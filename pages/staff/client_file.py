"""Fiche client: the 360° view of one client (identity, contacts, commercial, missions; invoicing and
LCB-FT come with their modules). Opened with `?client=<id>` or from the picker."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.clients import contacts, queries
from domain.clients.model import Client, ClientFilter, Contact, ContactRole
from domain.clients.overview import ClientOverview, client_overview
from domain.errors import DomainError
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

CLIENTS_PAGE = "pages/staff/clients.py"
QUOTES_PAGE = "pages/staff/quotes.py"
LETTERS_PAGE = "pages/staff/letters.py"
MISSIONS_PAGE = "pages/staff/missions.py"

ctx = require_staff()
show_flash()
st.title("Fiche client")


def _label(client: Client) -> str:
    archived = " — archivé" if client.archived else ""
    return f"{client.name} ({client.siren or client.kind.label}){archived}"


def _open_picked() -> None:
    if (picked := st.session_state.get("file.pick")) is not None:
        st.query_params["client"] = str(picked)


def picker() -> None:
    text = st.text_input("Rechercher un client (nom, SIREN ou ville)", key="file.search")
    found = {c.id: c for c in queries.search(ctx.uow(), ctx.principal, ClientFilter(text=text, include_archived=True))}
    if not found:
        st.info("Aucun client ne correspond à cette recherche." if text else
                "Aucun client pour l'instant : créez-en un sur la page « Clients ».")
        return
    st.selectbox("Client", list(found), index=None, key="file.pick", placeholder="Choisissez un client",
                 format_func=lambda i: _label(found[i]), on_change=_open_picked)


asked = st.query_params.get("client", "")
client_id = int(asked) if asked.isdigit() else None
if client_id is None:
    st.caption("Choisissez un client pour voir sa fiche : identité, contacts, devis et lettres de mission, missions.")
    picker()
    st.stop()

try:
    overview: ClientOverview = client_overview(ctx.uow(), ctx.principal, client_id)
except DomainError as err:
    st.error(err.message)
    picker()
    st.stop()

client = overview.client
money = overview.see_money and ctx.principal.can(Permission.SEE_MONEY)
with st.expander("Ouvrir un autre client", icon=":material/search:"):
    picker()

st.header(client.name)
facts = [client.kind.label]
if client.siren:
    facts.append(f"SIREN {client.siren}")
if overview.group:
    facts.append(f"Groupe {overview.group.name}")
if client.archived:
    facts.append("Archivé")
st.caption(" · ".join(md_escape(f) for f in facts))
st.page_link(CLIENTS_PAGE, label="Modifier ce client (page Clients)", icon=":material/edit:",
             query_params={"client": str(client.id)})

identity, people, commercial, missions, invoices, compliance = st.tabs(
    ["Identité", "Contacts", "Commercial", "Missions", "Factures et encours", "Conformité LCB-FT"])


def _regime(value) -> str:
    return value.label if value else ""


with identity:
    day, month = client.fiscal_year_end
    fields = [
        ("Type", client.kind.label), ("Nom ou raison sociale", client.name), ("SIREN", client.siren or ""),
        ("SIRET du siège", client.siret), ("Forme juridique", client.legal_form), ("Code NAF", client.naf_code),
        ("N° de TVA intracommunautaire", client.vat_number),
        ("Capital social", formatting.eur_cents(client.share_capital_cents)
         if client.share_capital_cents is not None else ""),
        ("Adresse", " ".join(p for p in (client.address_line, client.postal_code, client.city) if p)),
        ("E-mail", client.email), ("Téléphone", client.phone), ("Date de clôture", f"{day:02d}/{month:02d}"),
        ("Régime de TVA", _regime(client.vat_regime)), ("Régime fiscal", _regime(client.tax_regime)),
        ("Effectif", "" if client.headcount is None else str(client.headcount)),
        ("Associé responsable", overview.staff_name(client.partner_id)),
        ("Manager", overview.staff_name(client.manager_id)),
        ("Groupe", overview.group.name if overview.group else ""), ("Étiquettes", ", ".join(client.tags)),
        ("Statut", "Archivé" if client.archived else "Actif"),
    ]
    st.dataframe([{"Rubrique": label, "Valeur": value or "—"} for label, value in fields], hide_index=True,
                  width="stretch", height="content", key="file.identity")
    st.markdown("**Notes**")
    if client.notes:
        st.text(client.notes)
    else:
        st.caption("Aucune note. Ajoutez-en depuis la page « Clients ».")


def contact_fields(prefix: str, values: dict[str, str]) -> dict[str, str]:
    left, right = st.columns(2)
    form = {"first_name": left.text_input("Prénom", values.get("first_name", ""), key=f"{prefix}.first_name"),
            "last_name": right.text_input("Nom *", values.get("last_name", ""), key=f"{prefix}.last_name")}
    roles = [r.value for r in ContactRole]
    current = values.get("role") or ContactRole.EXECUTIVE.value
    form["role"] = left.selectbox("Rôle", roles, index=roles.index(current), key=f"{prefix}.role",
                                  format_func=lambda v: ContactRole(v).label)
    form["phone"] = right.text_input("Téléphone", values.get("phone", ""), key=f"{prefix}.phone")
    form["email"] = st.text_input("E-mail", values.get("email", ""), key=f"{prefix}.email")
    form["notes"] = st.text_area("Notes", values.get("notes", ""), key=f"{prefix}.notes", height=80)
    return form


def _consent(contact: Contact) -> str:
    if not contact.email_consent:
        return "Non"
    return f"Oui, le {formatting.day(contact.consent_on)}" if contact.consent_on else "Oui"


with people:
    if overview.contacts:
        st.dataframe([{"Nom": c.full_name, "Rôle": c.role.label, "E-mail": c.email, "Téléphone": c.phone,
                       "Consentement e-mail": _consent(c), "Signataire": "Oui" if c.is_signatory else ""}
                      for c in overview.contacts], hide_index=True, width="stretch", key="file.contacts")
        if overview.signatory is None:
            st.warning("Aucun signataire désigné : cochez « Signataire des lettres de mission » sur le contact "
                       "qui signera les lettres de ce client.")
    else:
        st.info("Aucun contact pour ce client. Ajoutez le dirigeant ci-dessous : il sera le destinataire des "
                "devis et le signataire des lettres de mission.")

    # A fresh, empty form after each added contact; typed values stay when the addition is refused.
    added = st.session_state.setdefault("file.contact.added", 0)

    def add() -> None:
        contacts.add_contact(ctx.uow(), ctx.principal, ctx.clock, client.id, form, email_consent=consent,
                             is_signatory=signs)
        st.session_state["file.contact.added"] = added + 1

    with st.expander("Nouveau contact", icon=":material/person_add:", expanded=not overview.contacts):
        prefix = f"file.contact.new.{added}"
        with st.form(prefix):
            form = contact_fields(prefix, {})
            consent = st.checkbox("Accepte de recevoir des e-mails du cabinet (consentement daté d'aujourd'hui)",
                                  key=f"{prefix}.consent")
            signs = st.checkbox("Signataire des lettres de mission (un seul par client)",
                                value=not overview.contacts, key=f"{prefix}.signatory")
            if st.form_submit_button("Ajouter le contact", type="primary"):
                typed = " ".join(f"{form['first_name']} {form['last_name']}".split())
                attempt(add, f"Contact « {md_escape(typed)} » ajouté.")

    if overview.contacts:
        st.subheader("Modifier un contact")
        by_id = {c.id: c for c in overview.contacts}
        chosen = st.selectbox("Contact", list(by_id), index=None, key=f"file.contact.edit.{client.id}",
                              placeholder="Choisissez un contact",
                              format_func=lambda i: f"{by_id[i].full_name} ({by_id[i].role.label})")
        if chosen is not None:
            contact = by_id[chosen]
            prefix = f"file.contact.edit.{contact.id}"
            with st.form(prefix):
                form = contact_fields(prefix, contacts.as_form(contact))
                consent = st.checkbox("Accepte de recevoir des e-mails du cabinet", contact.email_consent,
                                      key=f"{prefix}.consent", help="Décocher efface la date du consentement.")
                signs = st.checkbox("Signataire des lettres de mission (un seul par client)", contact.is_signatory,
                                    key=f"{prefix}.signatory")
                if st.form_submit_button("Enregistrer le contact"):
                    attempt(lambda: contacts.update_contact(ctx.uow(), ctx.principal, ctx.clock, contact.id, form,
                                                            email_consent=consent, is_signatory=signs),
                            "Contact enregistré.")
            confirmed = st.checkbox(f"Je confirme la suppression du contact {md_escape(contact.full_name)}",
                                    key=f"{prefix}.delete.ok")
            if st.button("Supprimer le contact", disabled=not confirmed, key=f"{prefix}.delete"):
                attempt(lambda: contacts.delete_contact(ctx.uow(), ctx.principal, ctx.clock, contact.id),
                        f"Contact « {md_escape(contact.full_name)} » supprimé.")


def _year(start, end) -> str:
    return f"{formatting.day(start)} – {formatting.day(end)}"


with commercial:
    st.markdown("**Devis**")
    if overview.quotes:
        rows = []
        for q in overview.quotes:
            row = {"Référence": q.reference, "Objet": q.title, "Statut": q.status.label,
                   "Créé le": formatting.day(q.created_on), "Valable jusqu'au": formatting.day(q.valid_until),
                   "Envoyé le": formatting.day(q.sent_on)}
            if money:
                row["Honoraires HT"] = formatting.eur_cents(q.total_ht_cents)
            rows.append(row)
        st.dataframe(rows, hide_index=True, width="stretch", key="file.quotes")
    else:
        st.info("Aucun devis pour ce client." + (" Créez-en un depuis la page « Devis »." if money else ""))
    st.markdown("**Lettres de mission**")
    if overview.letters:
        st.dataframe([{"Référence": letter.reference, "Type": letter.kind.label, "Statut": letter.status.label,
                       "Exercice": _year(letter.fiscal_year_start, letter.fiscal_year_end),
                       "Signataire": letter.signatory_name, "Envoyée le": formatting.day(letter.sent_on),
                       "Décision le": formatting.day(letter.decided_on)} for letter in overview.letters],
                     hide_index=True, width="stretch", key="file.letters")
    else:
        st.info("Aucune lettre de mission pour ce client : elle naît de l'acceptation d'un devis.")
    if money:
        left, right = st.columns(2)
        with left:
            st.page_link(QUOTES_PAGE, label="Devis", icon=":material/request_quote:")
        with right:
            st.page_link(LETTERS_PAGE, label="Lettres de mission", icon=":material/contract:")

with missions:
    st.markdown("**Engagements en cours**")
    if overview.active_engagements:
        rows = []
        for e in overview.active_engagements:
            row = {"Exercice": _year(e.fiscal_year_start, e.fiscal_year_end),
                   "Actif depuis le": formatting.day(e.activated_on),
                   "Facturation": "Mensualisée" if e.monthly else "Annuelle"}
            if money:
                row["Honoraires annuels HT"] = formatting.eur_cents(e.annual_fee_cents)
            rows.append(row)
        st.dataframe(rows, hide_index=True, width="stretch", key="file.engagements")
    else:
        st.info("Aucun engagement en cours : il devient actif quand la lettre de mission est signée.")
    st.markdown("**Missions**")
    if overview.missions:
        rows = []
        for m in overview.missions:
            row = {"Mission": m.label, "Exercice": _year(m.fiscal_year_start, m.fiscal_year_end),
                   "Mode de facturation": m.billing_mode.label, "Statut": m.status.label,
                   "Manager": overview.staff_name(m.manager_id), "Budget": formatting.hours(m.budget_total_minutes)}
            if money:
                row["Honoraires HT"] = formatting.eur_cents(m.fee_cents)
            rows.append(row)
        st.dataframe(rows, hide_index=True, width="stretch", key="file.missions")
        for m in overview.missions:
            st.page_link(MISSIONS_PAGE, label=f"{md_escape(m.label)} — {_year(m.fiscal_year_start, m.fiscal_year_end)}",
                         icon=":material/work:", query_params={"mission": str(m.id)})
    else:
        st.info("Aucune mission pour ce client : les missions sont créées à la signature de la lettre de mission, "
                "ou directement sur la page « Missions ».")

with invoices:
    st.info("Le module Facturation affichera ici les factures, les avoirs, l'encours et les relances de ce "
            "client. Rien à montrer pour l'instant.")

with compliance:
    st.info("Le module Conformité LCB-FT affichera ici le niveau de vigilance, les bénéficiaires effectifs et "
            "les pièces d'identification de ce client. Rien à montrer pour l'instant.")
