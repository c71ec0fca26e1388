"""Bénéficiaires, PPE et pièces: the people of a client's LCB-FT file (beneficial owners with direct and indirect
holdings, the > 25 % rule applied, the legal representative by default, RBE divergences), PEP and relatives, the
client's countries against the high-risk lists, and identity evidence with its alerts. Opened with `?client=<id>`."""

from datetime import date

import streamlit as st

from domain.access.model import Permission
from domain.clients import queries
from domain.clients.model import ClientFilter, ClientKind
from domain.compliance import countries, parties
from domain.compliance import party_services as ps
from domain.compliance.countries import CountryRole
from domain.compliance.evidence import EvidenceKind
from domain.compliance.parties import Party, PepRelation
from domain.errors import DomainError
from domain.formatting import day
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.MANAGE_COMPLIANCE)
show_flash()
st.title("Bénéficiaires, PPE et pièces")


def _pick() -> None:
    if (picked := st.session_state.get("parties.pick")) is not None:
        st.query_params["client"] = str(picked)


def picker() -> None:
    found = {c.id: c for c in queries.search(ctx.uow(), ctx.principal, ClientFilter())}
    if not found:
        st.info("Aucun client pour l'instant : créez-en un sur la page « Clients ».")
        return
    st.selectbox("Client", list(found), index=None, key="parties.pick", placeholder="Choisissez un client",
                 format_func=lambda i: f"{found[i].name} ({found[i].siren or found[i].kind.label})", on_change=_pick)


asked = st.query_params.get("client", "")
if not asked.isdigit():
    st.caption("Choisissez un client pour voir ses bénéficiaires effectifs, ses personnes politiquement exposées, "
               "ses pays et ses pièces d'identité.")
    picker()
    st.stop()
try:
    file = ps.party_file(ctx.uow(), ctx.principal, ctx.clock, int(asked))
except DomainError as err:
    st.error(err.message)
    picker()
    st.stop()

client = file.client
st.subheader(client.name)
# The assessment of the same client (same permission: MANAGE_COMPLIANCE), where the vigilance level is decided.
st.page_link("pages/staff/compliance_assessment.py", label=f"Évaluation LCB-FT de {md_escape(client.name)}",
             icon=":material/shield:", query_params={"client": str(client.id)})
if st.button("Changer de client", key="parties.change"):
    del st.query_params["client"]
    st.rerun()


def pct(value) -> str:
    return f"{value:.2f} %".replace(".", ",")


def alerts() -> None:
    lines = []
    if file.ownership.missing:
        lines.append("Aucun bénéficiaire effectif ni représentant légal : complétez le dossier.")
    for hit in file.hits:
        lines.append(f"Pays à haut risque — {hit.description}")
    lines += [f"Pièce manquante : {m}" for m in file.missing]
    lines += [f"{line.evidence.kind.label} de {line.holder} : {flag}" for line in file.evidence for flag in line.flags]
    for party in file.divergences:
        lines.append(f"Divergence avec le RBE à signaler au greffe : {party.full_name} "
                     f"(constatée le {day(party.rbe_divergence_on)})")
    if lines:
        st.warning("\n".join(f"- {md_escape(line)}" for line in lines))
    else:
        st.success("Dossier complet : bénéficiaires identifiés, pièces valides, aucun pays à haut risque.")


alerts()
owners_tab, pep_tab, countries_tab, evidence_tab = st.tabs(
    ["Bénéficiaires effectifs", "PPE", "Pays", "Pièces justificatives"])
owner_ids = {f.party.id: f for f in file.ownership.owners}


def party_form(party: Party | None, key: str) -> None:
    """Add (party None) or change a person."""
    p = party or Party(id=0, client_id=client.id, full_name="")
    with st.form(key, clear_on_submit=party is None):
        name = st.text_input("Nom et prénom *", p.full_name, max_chars=200, key=f"{key}.name")
        a, b, c = st.columns(3)
        birth = a.date_input("Date de naissance", p.birth_date, min_value=date(1900, 1, 1), max_value=file.today,
                             format="DD/MM/YYYY")
        nationality = b.text_input("Nationalité (code ISO, ex. FR)", p.nationality, max_chars=2)
        residence = c.text_input("Pays de résidence (code ISO)", p.residence_country, max_chars=2)
        a, b = st.columns(2)
        capital = a.text_input("Capital détenu directement (%)", f"{p.capital}".replace(".", ",") if p.capital else "",
                               key=f"{key}.capital")
        votes = b.text_input("Droits de vote détenus directement (%)",
                             f"{p.votes}".replace(".", ",") if p.votes else "", key=f"{key}.votes")
        other = st.text_input("Contrôle par d'autres moyens (laisser vide sinon)", p.other_control, max_chars=300)
        legal = st.checkbox("Représentant légal (gérant, président…)", p.legal_representative, key=f"{key}.legal")
        relations = list(PepRelation)
        relation = st.selectbox("Personne politiquement exposée", relations, relations.index(p.pep.relation),
                                format_func=lambda r: r.label, key=f"{key}.pep")
        a, b, c = st.columns(3)
        function = a.text_input("Fonction exposée", p.pep.function, max_chars=200, key=f"{key}.function")
        ended = b.date_input("Fin de fonction (vide si en cours)", p.pep.office_ended_on, min_value=date(1950, 1, 1),
                             format="DD/MM/YYYY")
        related = c.text_input("Nom de la PPE (famille, proche associé)", p.pep.related_to, max_chars=200)
        if st.form_submit_button("Enregistrer" if party else "Ajouter la personne", type="primary"):
            form = {"full_name": name, "birth_date": birth, "nationality": nationality,
                    "residence_country": residence, "capital": capital, "votes": votes, "other_control": other,
                    "legal_representative": legal, "pep_relation": relation.value, "pep_function": function,
                    "pep_office_ended_on": ended, "pep_related_to": related}
            attempt(lambda: ps.save_party(ctx.uow(), ctx.principal, ctx.clock, client.id, form,
                                          party.id if party else None),
                    lambda saved: f"{saved.full_name} enregistré(e).")


with owners_tab:
    st.caption("Bénéficiaire effectif : personne physique détenant, directement ou indirectement, plus de 25 % du "
               "capital ou des droits de vote, ou exerçant un contrôle par d'autres moyens (CMF L561-2-2, R561-1). "
               "À défaut, le représentant légal. Une détention indirecte vaut le produit des pourcentages le long "
               "de la chaîne.")
    if file.parties:
        rows = []
        for p in file.parties:
            finding = owner_ids.get(p.id)
            rows.append({"Personne": p.full_name, "Capital direct": pct(p.capital), "Votes directs": pct(p.votes),
                         "Capital total": pct(p.total_capital), "Votes totaux": pct(p.total_votes),
                         "Bénéficiaire effectif": ", ".join(c.label for c in finding.controls) if finding else "Non",
                         "Représentant légal": "Oui" if p.legal_representative else "",
                         "Divergence RBE": day(p.rbe_divergence_on) if p.rbe_divergence_on else ""})
        st.dataframe(rows, hide_index=True, width="stretch")
        if file.ownership.by_default and file.ownership.owners:
            st.info("Aucune personne ne dépasse 25 % ni ne contrôle autrement : le représentant légal est retenu "
                    "comme bénéficiaire effectif par défaut.")
    else:
        st.info("Aucune personne au dossier : ajoutez les associés, les dirigeants et les personnes qui contrôlent "
                "la société.")
    with st.expander("Ajouter une personne", icon=":material/person_add:", expanded=not file.parties):
        party_form(None, "parties.new")
    by_id = {p.id: p for p in file.parties}
    if by_id:
        st.markdown("**Modifier une personne**")
        chosen = st.selectbox("Personne", list(by_id), index=None, key="parties.edit",
                              format_func=lambda i: by_id[i].full_name, placeholder="Choisissez une personne")
        if chosen is not None:
            person = by_id[chosen]
            party_form(person, f"parties.edit.{person.id}")
            st.markdown("**Détentions indirectes**")
            for h in person.holdings:
                a, b = st.columns([4, 1])
                a.write(f"{md_escape(h.via)} : {pct(h.share_in_via)} de l'intermédiaire, qui détient "
                        f"{pct(h.via_capital)} du capital et {pct(h.via_votes)} des votes → {pct(h.capital)} du "
                        f"capital et {pct(h.votes)} des votes")
                if b.button("Retirer", key=f"parties.holding.del.{h.id}"):
                    attempt(lambda h=h: ps.remove_holding(ctx.uow(), ctx.principal, ctx.clock, person.id, h.id),
                            "Détention indirecte retirée.")
            with st.form(f"parties.holding.{person.id}", clear_on_submit=True):
                via = st.text_input("Société intermédiaire (ex. Holding Vidal)", max_chars=200, key="parties.via")
                a, b, c = st.columns(3)
                share = a.text_input("Part détenue dans l'intermédiaire (%)", key="parties.via.share")
                via_capital = b.text_input("Capital du client détenu par l'intermédiaire (%)", key="parties.via.capital")
                via_votes = c.text_input("Votes du client détenus par l'intermédiaire (%)", key="parties.via.votes")
                if st.form_submit_button("Ajouter la détention indirecte"):
                    attempt(lambda: ps.add_holding(ctx.uow(), ctx.principal, ctx.clock, person.id, via, share,
                                                   via_capital, via_votes), "Détention indirecte ajoutée.")
            st.markdown("**Divergence avec le RBE à signaler au greffe**")
            with st.form(f"parties.rbe.{person.id}"):
                noted = st.date_input("Constatée le", person.rbe_divergence_on or file.today, max_value=file.today,
                                      format="DD/MM/YYYY")
                a, b = st.columns(2)
                if a.form_submit_button("Signaler une divergence"):
                    attempt(lambda: ps.set_rbe_divergence(ctx.uow(), ctx.principal, ctx.clock, person.id, noted),
                            "Divergence notée : à signaler au greffe (portail des divergences d'Infogreffe).")
                if b.form_submit_button("Lever la divergence", disabled=person.rbe_divergence_on is None):
                    attempt(lambda: ps.set_rbe_divergence(ctx.uow(), ctx.principal, ctx.clock, person.id, None),
                            "Divergence levée.")
            if st.button("Retirer cette personne du dossier", key=f"parties.delete.{person.id}"):
                attempt(lambda: ps.delete_party(ctx.uow(), ctx.principal, ctx.clock, person.id),
                        "Personne retirée du dossier.")

with pep_tab:
    st.caption("Personne politiquement exposée (CMF R561-18) : fonction exercée ou quittée depuis moins d'un an, "
               "ainsi que les membres de sa famille et ses proches associés. Saisie dans la fiche de la personne.")
    exposed = [p for p in file.parties if p.pep.relation is not PepRelation.NONE]
    if exposed:
        st.dataframe([{"Personne": p.full_name, "Qualité": p.pep.relation.label, "Fonction": p.pep.function,
                       "PPE liée": p.pep.related_to,
                       "Fin de fonction": day(p.pep.office_ended_on) if p.pep.office_ended_on else "En fonction",
                       "PPE jusqu'au": (day(parties.pep_until(p.pep)) if parties.pep_until(p.pep) else "—"),
                       "PPE aujourd'hui": "Oui" if parties.is_pep(p.pep, file.today) else "Non"}
                      for p in exposed], hide_index=True, width="stretch")
    else:
        st.info("Aucune personne politiquement exposée dans ce dossier.")

with countries_tab:
    st.caption("Pays d'immatriculation et d'activité du client (codes ISO à deux lettres), vérifiés avec les pays de "
               "résidence et les nationalités des personnes contre les listes du GAFI et de l'UE en vigueur.")
    with st.form("parties.countries"):
        own = st.text_input("Pays d'immatriculation", ", ".join(file.countries.get(CountryRole.INCORPORATION, ())),
                            key="parties.countries.own")
        ops = st.text_input("Pays d'activité (séparés par des virgules)",
                            ", ".join(file.countries.get(CountryRole.OPERATIONS, ())), key="parties.countries.ops")
        if st.form_submit_button("Enregistrer les pays", type="primary"):
            attempt(lambda: ps.set_client_countries(ctx.uow(), ctx.principal, ctx.clock, client.id, own, ops),
                    lambda hits: (f"Pays enregistrés : {len(hits)} pays à haut risque, revue LCB-FT demandée."
                                  if hits else "Pays enregistrés : aucun pays à haut risque."))
    if file.hits:
        st.dataframe([{"Rôle": h.role.label, "Qui": h.who, "Pays": f"{countries.country_name(h.country)} "
                       f"({h.country})", "Listes": ", ".join(r.label for r in h.lists)} for h in file.hits],
                     hide_index=True, width="stretch")
    else:
        st.write("Aucun pays du dossier n'est sur une liste de pays à haut risque en vigueur.")

with evidence_tab:
    st.caption("Pièce d'identité officielle en cours de validité pour chaque bénéficiaire effectif ; extrait Kbis "
               "(ou RNE) de moins de 3 mois à la date de réception pour une société (CMF R561-5). Les pièces sont "
               "conservées 5 ans après la fin de la relation.")
    if file.evidence:
        st.dataframe([{"Pièce": line.evidence.kind.label, "Titulaire": line.holder,
                       "Référence": line.evidence.reference, "Délivrée le": day(line.evidence.issued_on),
                       "Reçue le": day(line.evidence.received_on),
                       "Expire le": day(line.evidence.expires_on) if line.evidence.expires_on else "",
                       "Alertes": " ; ".join(line.flags) or "—", "Fichier": line.evidence.filename}
                      for line in file.evidence], hide_index=True, width="stretch")
        lines = {line.evidence.id: line for line in file.evidence}
        wanted = st.selectbox("Télécharger une pièce", list(lines), index=None, key="parties.download",
                              format_func=lambda i: f"{lines[i].evidence.kind.label} — {lines[i].holder} "
                                                    f"({lines[i].evidence.filename})", placeholder="Choisissez")
        if wanted is not None:
            name, mime, content = ps.evidence_file(ctx.uow(), ctx.principal, client.id, wanted)
            st.download_button("Télécharger", content, file_name=name, mime=mime, key="parties.download.go")
    else:
        st.info("Aucune pièce au dossier.")
    with st.form("parties.evidence", clear_on_submit=True):
        kinds = list(EvidenceKind)
        kind = st.selectbox("Type de pièce", kinds, format_func=lambda k: k.label)
        people = {p.id: p.full_name for p in file.parties}
        itself = "— la société —" if client.kind is ClientKind.COMPANY else f"— {client.name} (le client) —"
        holder = st.selectbox("Titulaire (pour une pièce d'identité)", [None, *people],
                              format_func=lambda i: itself if i is None else people[i])
        a, b, c = st.columns(3)
        issued = a.date_input("Délivrée le", None, min_value=date(1990, 1, 1), max_value=file.today,
                              format="DD/MM/YYYY")
        received = b.date_input("Reçue le", file.today, min_value=date(1990, 1, 1), max_value=file.today,
                                format="DD/MM/YYYY")
        expires = c.date_input("Expire le", None, min_value=date(1990, 1, 1), format="DD/MM/YYYY")
        reference = st.text_input("Numéro du document", max_chars=100)
        upload = st.file_uploader("Scan (PDF, JPEG ou PNG, 10 Mo au plus)", type=["pdf", "jpg", "jpeg", "png"])
        if st.form_submit_button("Ajouter la pièce", type="primary"):
            if upload is None:
                st.error("Choisissez le fichier du justificatif.")
            else:
                content, filename = upload.getvalue(), upload.name
                attempt(lambda: ps.add_evidence(ctx.uow(), ctx.principal, ctx.clock, client.id, kind, issued,
                                                received, expires, content, filename, party_id=holder,
                                                reference=reference),
                        lambda e: f"{e.kind.label} ajoutée au dossier.")
