"""Clients: search the client base, create a client, edit, archive or restore one."""

import streamlit as st

from domain.clients import groups as client_groups
from domain.clients import queries, services
from domain.clients.model import Client, ClientFilter, ClientKind, TaxRegime, VatRegime
from domain.clients.validation import as_form
from pages._ui.chorus import public_sector_fields
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.inpi import compare_panel, prefill_panel
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Clients")
staff = {u.id: u.full_name for u in queries.staff(ctx.uow(), ctx.principal)}
groups = {g.id: g.name for g in client_groups.list_groups(ctx.uow(), ctx.principal)}
CLIENT_FILE = "pages/staff/client_file.py"


def person_picker(label: str, current: int | None, key: str) -> int | None:
    choices = [None, *staff]
    index = choices.index(current) if current in choices else 0
    return st.selectbox(label, choices, index=index, key=key,
                        format_func=lambda i: "— Aucun —" if i is None else staff[i])


def group_picker(current: int | None, key: str) -> int | None:
    choices = [None, *groups]
    index = choices.index(current) if current in choices else 0
    return st.selectbox("Groupe", choices, index=index, key=key,
                        help="Les groupes se créent sur la page « Groupes ».",
                        format_func=lambda i: "— Aucun —" if i is None else groups[i])


def enum_picker(label: str, enum, current: str, key: str) -> str:
    choices = ["", *(m.value for m in enum)]
    return st.selectbox(label, choices, index=choices.index(current) if current in choices else 0, key=key,
                        format_func=lambda v: "— Non renseigné —" if not v else enum(v).label)


def client_fields(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """The client form's inputs; returns the typed text by field name."""
    form = {"kind": st.radio("Type", [k.value for k in ClientKind], horizontal=True, key=f"{prefix}.kind",
                             index=[k.value for k in ClientKind].index(values.get("kind") or "company"),
                             format_func=lambda v: ClientKind(v).label)}
    left, right = st.columns(2)
    form["name"] = left.text_input("Nom ou raison sociale *", values.get("name", ""), key=f"{prefix}.name")
    form["siren"] = right.text_input("SIREN (société)", values.get("siren", ""), key=f"{prefix}.siren")
    form["legal_form"] = left.text_input("Forme juridique", values.get("legal_form", ""), key=f"{prefix}.legal_form")
    form["siret"] = right.text_input("SIRET du siège", values.get("siret", ""), key=f"{prefix}.siret")
    form["naf_code"] = left.text_input("Code NAF", values.get("naf_code", ""), key=f"{prefix}.naf_code")
    form["vat_number"] = right.text_input("N° de TVA intracommunautaire", values.get("vat_number", ""),
                                          key=f"{prefix}.vat_number")
    form["address_line"] = st.text_input("Adresse", values.get("address_line", ""), key=f"{prefix}.address_line")
    left, right = st.columns([1, 2])
    form["postal_code"] = left.text_input("Code postal", values.get("postal_code", ""), key=f"{prefix}.postal_code")
    form["city"] = right.text_input("Ville", values.get("city", ""), key=f"{prefix}.city")
    left, right = st.columns(2)
    form["email"] = left.text_input("E-mail", values.get("email", ""), key=f"{prefix}.email")
    form["phone"] = right.text_input("Téléphone", values.get("phone", ""), key=f"{prefix}.phone")
    form["share_capital"] = left.text_input("Capital social (€)", values.get("share_capital", ""),
                                            key=f"{prefix}.share_capital", placeholder="15 000,00")
    with right:
        group = group_picker(values.get("group_id"), f"{prefix}.group")
    form["fiscal_year_end"] = left.text_input("Date de clôture (JJ/MM)", values.get("fiscal_year_end", "31/12"),
                                              key=f"{prefix}.fiscal_year_end")
    form["headcount"] = right.text_input("Effectif", values.get("headcount", ""), key=f"{prefix}.headcount")
    with left:
        form["vat_regime"] = enum_picker("Régime de TVA", VatRegime, values.get("vat_regime", ""), f"{prefix}.vat_regime")
    with right:
        form["tax_regime"] = enum_picker("Régime fiscal", TaxRegime, values.get("tax_regime", ""), f"{prefix}.tax_regime")
    form |= public_sector_fields(prefix, values)
    form["tags"] = st.text_input("Étiquettes (séparées par des virgules)", values.get("tags", ""), key=f"{prefix}.tags")
    form["notes"] = st.text_area("Notes", values.get("notes", ""), key=f"{prefix}.notes")
    return form, group


def table(clients: list[Client]) -> None:
    """The list; selecting a row offers the link to that client's fiche."""
    event = st.dataframe([{
        "Nom": c.name, "Type": c.kind.label, "SIREN": c.siren or "", "Forme": c.legal_form, "Ville": c.city,
        "Clôture": c.fiscal_year_end_label, "Associé": staff.get(c.partner_id, ""),
        "Manager": staff.get(c.manager_id, ""), "Groupe": groups.get(c.group_id, ""),
        "Statut": "Archivé" if c.archived else "Actif",
    } for c in clients], hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key="clients.table")
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(clients):
        chosen = clients[rows[0]]
        st.page_link(CLIENT_FILE, label=f"Ouvrir la fiche client de {md_escape(chosen.name)}",
                     icon=":material/contact_page:", query_params={"client": str(chosen.id)})
    else:
        st.caption("Sélectionnez une ligne pour ouvrir la fiche du client.")


left, right = st.columns([3, 1])
text = left.text_input("Rechercher (nom, SIREN ou ville)", key="clients.search")
archived = right.toggle("Inclure les archivés", key="clients.archived")
clients = queries.search(ctx.uow(), ctx.principal, ClientFilter(text=text, include_archived=archived))
if clients:
    table(clients)
    st.caption(f"{len(clients)} client(s).")
elif text:
    st.info("Aucun client ne correspond à cette recherche.")
else:
    st.info("Aucun client pour l'instant. Créez le premier ci-dessous, ou importez un fichier depuis la page "
            "« Import de clients ».")

with st.expander("Nouveau client", icon=":material/person_add:"):
    prefill_panel(ctx, "clients.new")
    with st.form("clients.new"):
        form, group = client_fields("clients.new", {})
        partner = person_picker("Associé responsable", None, "clients.new.partner")
        manager = person_picker("Manager", None, "clients.new.manager")
        created = st.form_submit_button("Créer le client", type="primary")
    if created:
        attempt(lambda: services.create_client(ctx.uow(), ctx.principal, ctx.clock, form, partner, manager, group),
                f"Client « {md_escape(' '.join(form['name'].split()))} » créé.")

if not clients:
    st.stop()
st.subheader("Modifier un client")
by_id = {c.id: c for c in clients}
asked = st.query_params.get("client", "")  # the fiche client's "Modifier" link
preselected = list(by_id).index(int(asked)) if asked.isdigit() and int(asked) in by_id else None
selected = st.selectbox("Client", list(by_id), index=preselected, key="clients.edit.id",
                        placeholder="Choisissez un client",
                        format_func=lambda i: f"{by_id[i].name} ({by_id[i].siren or by_id[i].kind.label})")
if selected is None:
    st.stop()
client = by_id[selected]
st.page_link(CLIENT_FILE, label=f"Ouvrir la fiche client de {md_escape(client.name)}", icon=":material/contact_page:",
             query_params={"client": str(client.id)})
if client.siren:
    compare_panel(ctx, client.id, f"clients.edit.{client.id}")
with st.form(f"clients.edit.{client.id}"):
    form, group = client_fields(f"clients.edit.{client.id}", as_form(client) | {"group_id": client.group_id})
    partner = person_picker("Associé responsable", client.partner_id, f"clients.edit.{client.id}.partner")
    manager = person_picker("Manager", client.manager_id, f"clients.edit.{client.id}.manager")
    if st.form_submit_button("Enregistrer"):
        attempt(lambda: services.update_client(ctx.uow(), ctx.principal, ctx.clock, client.id, form, partner, manager,
                                               group), "Client enregistré.")

if client.archived:
    if st.button("Restaurer le client", key=f"clients.restore.{client.id}"):
        attempt(lambda: services.restore_client(ctx.uow(), ctx.principal, ctx.clock, client.id),
                f"Client « {md_escape(client.name)} » restauré.")
else:
    st.write("Un client archivé n'apparaît plus dans les listes ; son historique est conservé.")
    confirmed = st.checkbox(f"Je confirme l'archivage de {md_escape(client.name)}", key=f"clients.archive.ok.{client.id}")
    if st.button("Archiver le client", disabled=not confirmed, key=f"clients.archive.{client.id}"):
        attempt(lambda: services.archive_client(ctx.uow(), ctx.principal, ctx.clock, client.id),
                f"Client « {md_escape(client.name)} » archivé.")
