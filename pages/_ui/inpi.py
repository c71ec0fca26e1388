"""The INPI RNE connector in the pages: the account panel of the Intégrations page, "Pré-remplir depuis l'INPI" on
the new-client form, "Comparer avec l'INPI" on a client being edited.

Pre-filling writes nothing: the button's callback (it runs before the form is drawn, so it may set the form's
widgets) copies the register's values into the form; the user checks them and creates the client as usual.
"""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.context import AppContext
from domain.errors import DomainError
from domain.inpi import services
from domain.inpi.compare import prefill_form
from domain.inpi.model import CompanyRecord
from pages._ui.feedback import attempt
from pages._ui.text import md_escape

PREFIX = "integrations.inpi"


def settings_panel(ctx: AppContext) -> None:
    """The firm's data.inpi.fr account: saved encrypted, never shown again, tested."""
    if st.session_state.pop(f"{PREFIX}.saved", False):
        for name in ("username", "password"):  # the typed secrets leave the browser too, not only the form
            st.session_state[f"{PREFIX}.{name}"] = ""
    st.subheader("INPI — registre national des entreprises (RNE)")
    info = services.inpi_settings(ctx.uow(), ctx.principal)
    if info is None:
        st.info("L'INPI n'est pas configuré. Pour pré-remplir les fiches clients par SIREN (identité, dirigeants et, "
                "si le compte y est habilité, bénéficiaires effectifs) et comparer les dossiers avec le registre, "
                "enregistrez ci-dessous le compte data.inpi.fr du cabinet (Mon espace → Mes accès API/SFTP → Accès "
                "APIs RNE).")
    else:
        author = f" par {md_escape(info.updated_by_name)}" if info.updated_by_name else ""
        where = "" if info.is_production else f" ; adresse **{md_escape(info.api_url)}**"
        st.success(f"L'INPI est configuré. Compte **{md_escape(info.username_hint)}**{where}, enregistré le "
                   f"{formatting.moment(info.updated_at)}{author}.")
        if st.button("Tester la connexion", key=f"{PREFIX}.test"):
            attempt(lambda: services.check_inpi_connection(ctx.uow(), ctx.principal, ctx.cipher, ctx.inpi_gateway),
                    "Connexion à l'INPI réussie : le compte est accepté par l'API RNE.")
    with st.form(PREFIX, clear_on_submit=True):
        left, right = st.columns(2)
        username = left.text_input("E-mail du compte data.inpi.fr", type="password", key=f"{PREFIX}.username",
                                   autocomplete="off")
        password = right.text_input("Mot de passe", type="password", key=f"{PREFIX}.password",
                                    autocomplete="new-password")
        st.caption("Les bénéficiaires effectifs (RBE) ne sont transmis qu'aux comptes habilités par l'INPI "
                   "(professionnels assujettis à la LCB-FT).")
        if st.form_submit_button("Remplacer le compte INPI" if info else "Enregistrer le compte INPI",
                                 type="primary"):
            st.session_state[f"{PREFIX}.saved"] = True
            attempt(lambda: services.save_inpi_credentials(ctx.uow(), ctx.principal, ctx.clock, ctx.cipher,
                                                           username=username, password=password),
                    "Identifiants INPI enregistrés (chiffrés). Ils ne seront plus affichés.")
    if info is not None:
        confirmed = st.checkbox("Je confirme la suppression des identifiants INPI", key=f"{PREFIX}.delete.ok")
        if st.button("Supprimer le compte INPI", disabled=not confirmed, key=f"{PREFIX}.delete"):
            attempt(lambda: services.delete_inpi_credentials(ctx.uow(), ctx.principal, ctx.clock),
                    "Identifiants INPI supprimés.")


# --- what the register says ------------------------------------------------------------------------------------

def record_details(record: CompanyRecord) -> None:
    """Managers and beneficial owners of a record (the identity goes into the form or the comparison)."""
    created = f" ; créée le {formatting.day(record.created_on)}" if record.created_on else ""
    updated = f" ; fiche mise à jour au RNE le {md_escape(record.updated_at[:10])}" if record.updated_at else ""
    st.caption(f"RNE : **{md_escape(record.name)}** ({md_escape(record.legal_form or 'forme non renseignée')})"
               f"{created}{updated}.")
    if record.managers:
        st.markdown("**Dirigeants et organes déclarés**")
        st.dataframe([{"Nom": m.name, "Qualité": m.role, "SIREN": m.siren, "Naissance (mois)": m.birth}
                      for m in record.managers], hide_index=True, width="stretch")
    if record.beneficial_owners is None:
        st.caption("Bénéficiaires effectifs : non transmis (le compte INPI du cabinet n'est pas habilité au RBE).")
    elif not record.beneficial_owners:
        st.warning("Aucun bénéficiaire effectif déclaré au RBE : à vérifier (signalement de divergence au greffe).")
    else:
        st.markdown("**Bénéficiaires effectifs déclarés au RBE**")
        st.dataframe([{"Nom": o.name, "Naissance (mois)": o.birth, "Nationalité": o.nationality,
                       "Capital (%)": o.capital_percent, "Votes (%)": o.votes_percent, "Contrôle": o.control}
                      for o in record.beneficial_owners], hide_index=True, width="stretch")


def _prefill(ctx: AppContext, form_prefix: str) -> None:
    """Button callback: fetch the record and copy it into the form's widgets (before they are drawn)."""
    key = f"{form_prefix}.inpi"
    st.session_state.pop(f"{key}.error", None)
    try:
        record = services.fetch_company(ctx.uow(), ctx.principal, ctx.cipher, ctx.inpi_gateway,
                                        st.session_state.get(f"{key}.siren", ""))
    except DomainError as err:
        st.session_state[f"{key}.error"] = err.message
        st.session_state.pop(f"{key}.record", None)
        return
    for field, value in prefill_form(record).items():
        st.session_state[f"{form_prefix}.{field}"] = value
    st.session_state[f"{key}.record"] = record


def prefill_panel(ctx: AppContext, form_prefix: str) -> None:
    """A SIREN and "Pré-remplir depuis l'INPI", above the new-client form `form_prefix`."""
    key = f"{form_prefix}.inpi"
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    left.text_input("SIREN à rechercher au registre national des entreprises", key=f"{key}.siren",
                    placeholder="9 chiffres")
    right.button("Pré-remplir depuis l'INPI", key=f"{key}.fetch", on_click=_prefill, args=(ctx, form_prefix),
                 disabled=ctx.inpi_gateway is None)
    if error := st.session_state.get(f"{key}.error"):
        st.error(error)
    record = st.session_state.get(f"{key}.record")
    if isinstance(record, CompanyRecord):
        st.success("Formulaire pré-rempli avec les données du RNE : vérifiez-les, complétez puis créez le client.")
        record_details(record)


def _apply(form_prefix: str, record: CompanyRecord) -> None:
    for field, value in prefill_form(record).items():
        st.session_state[f"{form_prefix}.{field}"] = value


def compare_panel(ctx: AppContext, client_id: int, form_prefix: str) -> None:
    """"Comparer avec l'INPI" for the client being edited in form `form_prefix`: the fields that differ, and a
    button copying the register's values into that form (saved only with its "Enregistrer")."""
    key = f"clients.inpi.compare.{client_id}"
    if st.button("Comparer avec l'INPI", key=key, disabled=ctx.inpi_gateway is None):
        try:
            st.session_state[f"{key}.result"] = services.compare_client(ctx.uow(), ctx.principal, ctx.cipher,
                                                                        ctx.inpi_gateway, client_id)[1:]
        except DomainError as err:
            st.session_state.pop(f"{key}.result", None)
            st.error(err.message)
    result = st.session_state.get(f"{key}.result")
    if not result:
        return
    record, found = result
    if found:
        st.warning(f"{len(found)} différence(s) entre le dossier du cabinet et le RNE.")
        st.dataframe([{"Champ": d.label, "Dans le dossier": d.recorded or "—", "Au RNE": d.registry}
                      for d in found], hide_index=True, width="stretch")
        st.button("Reporter les valeurs du RNE dans le formulaire", key=f"{key}.apply", on_click=_apply,
                  args=(form_prefix, record), help="Rien n'est enregistré avant « Enregistrer ».")
    else:
        st.success("Le dossier du cabinet concorde avec le RNE (dénomination, forme, NAF, siège, capital).")
    record_details(record)
    if record.beneficial_owners is not None and ctx.principal.can(Permission.MANAGE_COMPLIANCE):
        owners = services.compare_owners(ctx.uow(), ctx.principal, client_id, record)
        if owners:
            st.warning("Les bénéficiaires effectifs du dossier LCB-FT diffèrent de ceux déclarés au RBE : une "
                       "divergence est à signaler au greffe (portail des divergences d'Infogreffe) si le dossier "
                       "est exact.")
            st.dataframe([{"Bénéficiaire effectif": d.label.removeprefix("Bénéficiaire effectif "),
                           "Dossier LCB-FT": d.recorded, "RBE": d.registry} for d in owners],
                         hide_index=True, width="stretch")
        else:
            st.caption("Bénéficiaires effectifs : le dossier LCB-FT concorde avec le RBE.")
