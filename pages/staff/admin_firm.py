"""Cabinet: the firm's legal identity (printed on invoices and letters) and its logo."""

import streamlit as st

from domain.access.model import Permission
from domain.firm import queries, settings
from domain.firm.identity import LEGAL_FORMS, identity_form
from domain.workload import services as workload_services
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Identité du cabinet")
st.caption("Ces informations figurent sur vos factures, devis et lettres de mission (mentions obligatoires).")
firm = queries.firm(ctx.uow(), ctx.principal)
current = identity_form(firm.identity)

with st.form("firm.identity"):
    form = {"name": st.text_input("Dénomination *", current["name"], key="firm.name")}
    left, right = st.columns(2)
    forms = ["", *LEGAL_FORMS]
    form["legal_form"] = left.selectbox("Forme juridique", forms, index=forms.index(current["legal_form"])
                                        if current["legal_form"] in forms else 0, key="firm.legal_form")
    form["share_capital"] = right.text_input("Capital social (€)", current["share_capital"], key="firm.capital")
    form["siren"] = left.text_input("SIREN *", current["siren"], key="firm.siren")
    form["siret"] = right.text_input("SIRET du siège", current["siret"], key="firm.siret")
    form["vat_number"] = left.text_input("N° de TVA intracommunautaire", current["vat_number"], key="firm.vat")
    form["rcs_city"] = right.text_input("Ville du RCS", current["rcs_city"], key="firm.rcs")
    form["ordre_number"] = left.text_input("N° d'inscription à l'Ordre", current["ordre_number"], key="firm.ordre")
    form["email"] = right.text_input("E-mail", current["email"], key="firm.email")
    form["address_line"] = st.text_input("Adresse", current["address_line"], key="firm.address")
    a, b, d = st.columns([1, 2, 2])
    form["postal_code"] = a.text_input("Code postal", current["postal_code"], key="firm.postal_code")
    form["city"] = b.text_input("Ville", current["city"], key="firm.city")
    form["phone"] = d.text_input("Téléphone", current["phone"], key="firm.phone")
    form["iban"] = left.text_input("IBAN", current["iban"], key="firm.iban")
    form["bic"] = right.text_input("BIC", current["bic"], key="firm.bic")
    saved = st.form_submit_button("Enregistrer", type="primary")
if saved:
    attempt(lambda: settings.update_identity(ctx.uow(), ctx.principal, ctx.clock, form),
            "Identité du cabinet enregistrée.")

st.subheader("Logo")
logo = queries.logo(ctx.uow(), ctx.principal)
if logo:
    st.image(logo[0], width=180)
else:
    st.caption("Aucun logo : vos documents porteront la dénomination seule.")
upload = st.file_uploader("Nouveau logo (PNG ou JPEG, 500 Ko au plus)", type=["png", "jpg", "jpeg"], key="firm.logo")
if upload is not None and st.button("Enregistrer le logo", key="firm.logo.save"):
    attempt(lambda: settings.set_logo(ctx.uow(), ctx.principal, ctx.clock, upload.getvalue()), "Logo enregistré.")

st.subheader("Jours fériés")
alsace = st.checkbox("Jours fériés d'Alsace-Moselle (Vendredi saint, 26 décembre)", firm.alsace_moselle,
                     key="firm.alsace_moselle", help="Ces deux jours ne comptent plus dans la capacité des équipes.")
if alsace != firm.alsace_moselle and st.button("Enregistrer les jours fériés", key="firm.alsace_moselle.save"):
    attempt(lambda: workload_services.set_alsace_moselle(ctx.uow(), ctx.principal, ctx.clock, alsace),
            "Jours fériés d'Alsace-Moselle " + ("activés." if alsace else "désactivés."))
