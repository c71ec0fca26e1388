"""Lettres de mission: the list of letters and amendments, and one letter (`?letter=<id>`) with its text,
PDF, status actions (edit, put up for signature, upload the signed scan, refusal, new version, amendment),
signature documents and, once signed, the engagement with its missions and fee schedule."""

from datetime import date

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.errors import DomainError
from domain.letters import queries, services
from domain.letters.document import pdf_filename
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus
from pages._ui.chorus import engagement_codes_form
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.signature import signature_panel
from pages._ui.text import md_escape

CLIENT_FILE = "pages/staff/client_file.py"
QUOTES_PAGE = "pages/staff/quotes.py"

ctx = require_staff(Permission.SEE_MONEY)
show_flash()
st.title("Lettres de mission")


def _year(start: date, end: date) -> str:
    return f"{formatting.day(start)} – {formatting.day(end)}"


def _open(letter_id: int) -> None:
    st.query_params["letter"] = str(letter_id)


def _opened(letter: EngagementLetter) -> EngagementLetter:
    """Open the letter a command just created (after the rerun), and hand it on for the message."""
    _open(letter.id)
    return letter


def _close() -> None:
    st.query_params.pop("letter", None)


# --- list ------------------------------------------------------------------------------------------------

def pending_quotes() -> None:
    pending = queries.accepted_quotes_without_letter(ctx.uow(), ctx.principal)
    if not pending:
        return
    by_id = {q.id: (q, name) for q, name in pending}
    with st.expander(f"Devis acceptés sans lettre de mission ({len(pending)})", icon=":material/post_add:"):
        picked = st.selectbox("Devis accepté", list(by_id), key="letters.pending.quote",
                              format_func=lambda i: f"{by_id[i][0].reference} — {by_id[i][1]} — "
                                                    f"{formatting.eur_cents(by_id[i][0].total_ht_cents)} HT")
        if st.button("Générer la lettre de mission", key="letters.pending.create", icon=":material/description:"):
            attempt(lambda: _opened(services.create_from_quote(ctx.uow(), ctx.principal, ctx.clock, picked)),
                    lambda letter: f"Lettre {letter.reference} générée (brouillon).")


def letter_list() -> None:
    st.caption("Une lettre de mission naît de l'acceptation d'un devis ; une fois signée, la mission devient "
               "active (missions, budget et échéancier d'honoraires).")
    pending_quotes()
    left, right = st.columns([1, 2])
    statuses = [None, *LetterStatus]
    status = left.selectbox("Statut", statuses, key="letters.status",
                            format_func=lambda s: "Tous les statuts" if s is None else s.label)
    text = right.text_input("Rechercher (client, numéro, titre)", key="letters.search")
    items = queries.list_letters(ctx.uow(), ctx.principal, status, text)
    if not items:
        if text or status:
            st.info("Aucune lettre ne correspond à ces critères.")
        else:
            st.info("Aucune lettre de mission pour l'instant : acceptez un devis sur la page « Devis » pour "
                    "générer la première.")
            st.page_link(QUOTES_PAGE, label="Aller aux devis", icon=":material/request_quote:")
        return
    st.dataframe([{"Référence": i.letter.reference, "Type": i.letter.kind.label, "Client": i.client_name,
                   "Statut": i.letter.status.label, "Exercice": _year(i.letter.fiscal_year_start,
                                                                     i.letter.fiscal_year_end),
                   "Créée le": formatting.day(i.letter.created_on), "À signer avant": formatting.day(
                       i.letter.expires_on) if i.letter.status is LetterStatus.TO_SIGN else "",
                   "Signataire": i.letter.signatory_name} for i in items],
                 hide_index=True, width="stretch", key="letters.table")
    by_id = {i.letter.id: i for i in items}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    picked = left.selectbox("Ouvrir une lettre", list(by_id), key="letters.pick",
                            format_func=lambda i: f"{by_id[i].letter.reference} — {by_id[i].client_name} "
                                                  f"({by_id[i].letter.status.label})")
    if right.button("Ouvrir", key="letters.open", icon=":material/open_in_new:"):
        _open(picked)
        st.rerun()
    overdue = [i for i in items if i.letter.status is LetterStatus.TO_SIGN and i.letter.expires_on
               and i.letter.expires_on < ctx.clock.today()]
    if overdue:
        st.warning(f"{len(overdue)} lettre(s) à signer ont dépassé leur date limite.")
        if st.button("Marquer les lettres échues comme expirées", key="letters.expire"):
            attempt(lambda: services.expire_overdue(ctx.uow(), ctx.principal, ctx.clock),
                    "Les lettres échues sont expirées.")


# --- one letter ------------------------------------------------------------------------------------------

def edit_form(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    templates = {t.id: t for t in detail.templates}
    with st.form(f"letters.{letter.id}.edit"):
        title = st.text_input("Titre *", letter.title, max_chars=200)
        start = st.date_input("Premier jour de l'exercice couvert *", letter.fiscal_year_start, format="DD/MM/YYYY")
        left, right = st.columns(2)
        name = left.text_input("Nom du signataire", letter.signatory_name, max_chars=200)
        email = right.text_input("E-mail du signataire", letter.signatory_email, max_chars=254)
        phone = left.text_input("Téléphone du signataire", letter.signatory_phone, max_chars=30)
        choices = list(templates)
        template_id = right.selectbox("Modèle", choices, format_func=lambda i: templates[i].name,
                                      index=choices.index(letter.template_id) if letter.template_id in choices else 0)
        if st.form_submit_button("Enregistrer", type="primary"):
            edit = services.LetterEdit(title=title, fiscal_year_start=start, signatory_name=name, signatory_email=email,
                                       signatory_phone=phone, template_id=template_id if choices else None)
            attempt(lambda: services.update_draft(ctx.uow(), ctx.principal, ctx.clock, letter.id, edit),
                    "Lettre modifiée.")
    if st.button("Reprendre le signataire de la fiche client", key=f"letters.{letter.id}.signatory"):
        name, email, phone = services.signatory_from_contacts(ctx.uow(), ctx.principal, letter.client_id)
        if not name:
            st.warning("Aucun contact signataire n'est désigné sur la fiche client (onglet Contacts).")
        else:
            edit = services.LetterEdit(title=letter.title, fiscal_year_start=letter.fiscal_year_start,
                                       signatory_name=name, signatory_email=email, signatory_phone=phone,
                                       template_id=letter.template_id)
            attempt(lambda: services.update_draft(ctx.uow(), ctx.principal, ctx.clock, letter.id, edit),
                    f"Signataire repris : {name}.")


def draft_actions(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    with st.expander("Modifier", icon=":material/edit:"):
        edit_form(detail)
    st.markdown("**Faire signer**")
    st.caption("« Mettre à signer » fige le texte et le PDF (empreinte SHA-256) : imprimez-le et faites-le signer, "
               "puis téléversez le scan signé. La lettre expire 30 jours après.")
    if st.button("Mettre à signer / imprimer", key=f"letters.{letter.id}.put_up", type="primary",
                 icon=":material/print:"):
        attempt(lambda: services.put_up_for_signature(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, letter.id),
                f"Lettre {letter.reference} à signer : téléchargez le PDF ci-dessous.")


def to_sign_actions(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    st.markdown("**Document signé**")
    uploaded = st.file_uploader("Téléverser le document signé (PDF, 10 Mo au plus)", type=["pdf"],
                                key=f"letters.{letter.id}.upload")
    if st.button("Enregistrer la signature", key=f"letters.{letter.id}.upload.save", type="primary",
                 disabled=uploaded is None):
        content, filename = uploaded.getvalue(), uploaded.name
        attempt(lambda: services.upload_signed(ctx.uow(), ctx.principal, ctx.clock, letter.id, content, filename),
                f"Lettre {letter.reference} signée : la mission est active.")
    with st.expander("Le client refuse la lettre", icon=":material/block:"):
        with st.form(f"letters.{letter.id}.refuse"):
            reason = st.text_input("Motif du refus *", max_chars=300)
            sure = st.checkbox("Je confirme que le client a refusé cette lettre.")
            if st.form_submit_button("Marquer comme refusée"):
                if not sure:
                    st.error("Cochez la confirmation pour marquer la lettre comme refusée.")
                else:
                    attempt(lambda: services.refuse(ctx.uow(), ctx.principal, ctx.clock, letter.id, reason),
                            f"Lettre {letter.reference} refusée.")


def revise_action(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    if not detail.is_latest_version:
        return
    with st.expander("Nouvelle version", icon=":material/difference:"):
        note = " La version actuelle sera remplacée : sa signature ne pourra plus être enregistrée." \
            if letter.status is LetterStatus.TO_SIGN else ""
        st.caption(f"Crée la version {letter.version + 1} en brouillon, avec le même numéro.{note}")
        sure = st.checkbox("Je confirme la création d'une nouvelle version.", key=f"letters.{letter.id}.revise.ok")
        if st.button("Créer la nouvelle version", key=f"letters.{letter.id}.revise", disabled=not sure):
            attempt(lambda: _opened(services.revise(ctx.uow(), ctx.principal, ctx.clock, letter.id)),
                    lambda new: f"Version {new.reference} créée (brouillon).")


def amendment_action(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    quotes = {q.id: q for q in detail.client_quotes if q.id != letter.quote_id}
    with st.expander("Avenant", icon=":material/note_add:"):
        st.caption("Un avenant modifie cette lettre pour le même exercice : il ajoute ou modifie des missions et "
                   "leurs honoraires à partir d'un devis accepté du client (ou seulement le texte, sans devis).")
        choices = [None, *quotes]
        quote_id = st.selectbox("Devis accepté de l'avenant", choices, key=f"letters.{letter.id}.amend.quote",
                                format_func=lambda i: "— Sans devis (texte seulement) —" if i is None else
                                f"{quotes[i].reference} — {quotes[i].title} — "
                                f"{formatting.eur_cents(quotes[i].total_ht_cents)} HT")
        title = st.text_input("Titre (facultatif)", key=f"letters.{letter.id}.amend.title", max_chars=200)
        if st.button("Créer l'avenant", key=f"letters.{letter.id}.amend"):
            attempt(lambda: _opened(services.create_amendment(ctx.uow(), ctx.principal, ctx.clock, letter.id,
                                                              quote_id, title)),
                    lambda amendment: f"Avenant {amendment.reference} créé (brouillon).")


def documents_section(detail: queries.LetterDetail) -> None:
    letter = detail.letter
    cols = st.columns(3)
    if letter.status is LetterStatus.DRAFT:
        cols[0].download_button(
            "Télécharger le projet (PDF)", lambda: queries.letter_pdf(ctx.uow(), ctx.principal, ctx.clock,
                                                                      ctx.documents, letter.id),
            file_name=f"Projet-{pdf_filename(letter)}", mime="application/pdf", key=f"letters.{letter.id}.draft_pdf",
            on_click="ignore", icon=":material/download:")
    else:
        cols[0].download_button(
            "Télécharger la lettre (PDF)", lambda: queries.letter_pdf(ctx.uow(), ctx.principal, ctx.clock,
                                                                      ctx.documents, letter.id),
            file_name=pdf_filename(letter), mime="application/pdf", key=f"letters.{letter.id}.pdf",
            on_click="ignore", icon=":material/download:",
            help=f"Document figé le {formatting.day(letter.sent_on)} — SHA-256 {letter.pdf_sha256}")
    if letter.status is LetterStatus.SIGNED:
        signed = queries.signed_pdf(ctx.uow(), ctx.principal, letter.id)
        if signed:
            cols[1].download_button("Document signé (PDF)", signed, file_name=pdf_filename(letter, signed=True),
                                    mime="application/pdf", key=f"letters.{letter.id}.signed",
                                    icon=":material/verified:")
        if letter.has_audit_trail:
            trail = queries.audit_trail(ctx.uow(), ctx.principal, letter.id)
            cols[2].download_button("Dossier de preuve (PDF)", trail or b"",
                                    file_name=f"Preuve-{letter.reference}.pdf", mime="application/pdf",
                                    key=f"letters.{letter.id}.trail", icon=":material/fact_check:")


def engagement_section(detail: queries.LetterDetail) -> None:
    engagement = detail.engagement
    if engagement is None:
        return
    st.subheader("Mission active")
    st.caption(md_escape(f"Exercice {_year(engagement.fiscal_year_start, engagement.fiscal_year_end)} · active "
                         f"depuis le {formatting.day(engagement.activated_on)} · honoraires annuels HT "
                         f"{formatting.eur_cents(engagement.annual_fee_cents)}"
                         + (" · mensualisés" if engagement.monthly else "")))
    if detail.missions:
        st.dataframe([{"Mission": v.mission.label, "Type": v.mission_type_label,
                       "Facturation": v.mission.billing_mode.label,
                       "Honoraires HT": formatting.eur_cents(v.mission.fee_cents),
                       "Budget": formatting.hours(v.mission.budget_total_minutes),
                       "Tâches": len(v.tasks), "Responsable": v.manager_name, "Statut": v.mission.status.label}
                      for v in detail.missions], hide_index=True, width="stretch", key="letters.missions")
        for view in detail.missions:
            if view.tasks:
                with st.expander(f"Tâches — {view.mission.label}"):
                    st.dataframe([{"Tâche": t.label, "Échéance": formatting.day(t.due_on),
                                   "Grade": detail.grade_labels.get(t.grade_id, "") if t.grade_id else "",
                                   "Estimation": formatting.hours(t.estimated_minutes), "Statut": t.status.label}
                                  for t in view.tasks], hide_index=True, width="stretch")
    if detail.client_public is not None and ctx.principal.can(Permission.INVOICE):
        engagement_codes_form(ctx, engagement, detail.client_public)
    st.markdown("**Échéancier des honoraires**")
    if detail.schedule:
        st.dataframe([{"Échéance": formatting.day(i.due_on), "Libellé": i.label, "Mode": i.billing_mode.label,
                       "Période": _year(i.period_start, i.period_end),
                       "Montant HT": formatting.eur_cents(i.amount_cents),
                       "Facturée": "Oui" if i.invoice_id else "Non"} for i in detail.schedule],
                     hide_index=True, width="stretch", key="letters.schedule")
        st.markdown(f"**Total planifié : {formatting.eur_cents(detail.schedule_total_cents)} HT**")
    else:
        st.info("Aucune échéance planifiée : les missions au temps passé ou à l'unité se facturent à la réalisation.")


def letter_page(letter_id: int) -> None:
    if st.button("Toutes les lettres", icon=":material/arrow_back:", key="letters.back"):
        _close()
        st.rerun()
    try:
        detail = queries.letter_detail(ctx.uow(), ctx.principal, letter_id)
    except DomainError as err:
        st.error(err.message)
        return
    letter = detail.letter
    st.header(f"{letter.kind.label} {letter.reference}")
    year = _year(letter.fiscal_year_start, letter.fiscal_year_end)
    facts = [detail.client_name, letter.status.label, f"exercice {year}"]
    if letter.signatory_name:
        facts.append(f"signataire {letter.signatory_name}")
    if letter.status is LetterStatus.TO_SIGN and letter.expires_on:
        facts.append(f"à signer avant le {formatting.day(letter.expires_on)}")
    if letter.decided_on:
        facts.append(f"{letter.status.label.lower()} le {formatting.day(letter.decided_on)}")
    st.caption(" · ".join(md_escape(f) for f in facts))
    if letter.status is LetterStatus.REFUSED and letter.refusal_reason:
        st.warning(f"Motif du refus : {md_escape(letter.refusal_reason)}")
    if letter.status is LetterStatus.SUPERSEDED:
        st.info("Cette version a été remplacée par une version plus récente.")
    links = st.columns(3)
    links[0].page_link(CLIENT_FILE, label="Fiche client", icon=":material/contact_page:",
                       query_params={"client": str(letter.client_id)})
    if detail.amended is not None:
        if links[1].button(f"Lettre modifiée : {detail.amended.reference}", key="letters.amended"):
            _open(detail.amended.id)
            st.rerun()
    if letter.title:
        st.markdown(f"**{md_escape(letter.title)}**")

    documents_section(detail)
    if letter.status is LetterStatus.DRAFT:
        draft_actions(detail)
    if letter.status in (LetterStatus.DRAFT, LetterStatus.TO_SIGN):
        signature_panel(ctx, letter)
    if letter.status is LetterStatus.TO_SIGN:
        to_sign_actions(detail)
    if letter.status in (LetterStatus.TO_SIGN, LetterStatus.REFUSED, LetterStatus.EXPIRED):
        revise_action(detail)
    if letter.status is LetterStatus.SIGNED and letter.kind is LetterKind.LETTER:
        amendment_action(detail)

    if len(detail.versions) > 1:
        st.markdown("**Versions**")
        st.dataframe([{"Référence": v.reference, "Statut": v.status.label, "Créée le": formatting.day(v.created_on),
                       "Mise à signer le": formatting.day(v.sent_on), "Décision le": formatting.day(v.decided_on)}
                      for v in detail.versions], hide_index=True, width="stretch", key="letters.versions")
    if detail.amendments:
        st.markdown("**Avenants**")
        st.dataframe([{"Référence": a.reference, "Titre": a.title, "Statut": a.status.label,
                       "Créé le": formatting.day(a.created_on)} for a in detail.amendments],
                     hide_index=True, width="stretch", key="letters.amendments")

    engagement_section(detail)

    st.subheader("Texte de la lettre")
    if letter.status is LetterStatus.DRAFT:
        st.caption("Brouillon : le texte est recalculé à chaque affichage à partir du devis, du client et du modèle.")
    try:
        body = queries.body_html(ctx.uow(), ctx.principal, ctx.clock, letter.id)
    except DomainError as err:
        st.error(err.message)
    else:
        with st.container(border=True):
            st.html(body)  # the sandboxed template's autoescaped output: user values are escaped


asked = st.query_params.get("letter", "")
if asked.isdigit():
    letter_page(int(asked))
else:
    letter_list()
