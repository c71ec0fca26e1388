"""Modèles de lettres: the administrator edits the Jinja2 text of the engagement letter and amendment
templates, with the documented variables, a preview (sample or a client's latest quote) and its PDF;
a template that does not render cannot be saved; the default text can be restored."""

import streamlit as st

from domain.access.model import Permission
from domain.errors import DomainError
from domain.letters import templates as letter_templates
from domain.letters.variables import VARIABLES
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Modèles de lettres")
st.caption("Le texte des lettres de mission et des avenants générés à l'acceptation d'un devis. Il est écrit en "
           "HTML avec des variables Jinja2 (`{{ client.nom }}`, `{% for mission in missions %}` …) ; l'en-tête du "
           "cabinet, les mentions légales et la numérotation des pages sont ajoutés automatiquement au PDF.")

templates = {t.id: t for t in letter_templates.list_templates(ctx.uow(), ctx.principal, ctx.clock)}
if not templates:
    st.info("Aucun modèle : rechargez la page pour installer les modèles par défaut.")
    st.stop()

template_id = st.selectbox("Modèle", list(templates), key="templates.pick",
                           format_func=lambda i: f"{templates[i].name} ({templates[i].kind.label})")
template = templates[template_id]
key = f"templates.{template.id}"

name = st.text_input("Nom du modèle *", template.name, max_chars=120, key=f"{key}.name")
body = st.text_area("Texte du modèle (HTML + Jinja2)", template.body, height=480, key=f"{key}.body")

left, middle, right = st.columns(3)
if left.button("Enregistrer", type="primary", key=f"{key}.save", icon=":material/save:"):
    attempt(lambda: letter_templates.save_template(ctx.uow(), ctx.principal, ctx.clock, template.id, name, body),
            f"Modèle « {name} » enregistré : les prochaines lettres l'utiliseront.")

with right.popover("Rétablir le modèle par défaut", icon=":material/restore:"):
    st.write("Le texte actuel sera remplacé par celui fourni par EEXPI. Les lettres déjà mises à signer ne "
             "changent pas.")
    if st.button("Confirmer le rétablissement", key=f"{key}.restore"):
        for field in (f"{key}.body", f"{key}.name"):
            st.session_state.pop(field, None)
        attempt(lambda: letter_templates.restore_default(ctx.uow(), ctx.principal, ctx.clock, template.id),
                "Modèle par défaut rétabli.")

st.subheader("Aperçu")
clients = {c.id: c.name for c in letter_templates.clients_with_quotes(ctx.uow(), ctx.principal)}
choices = [None, *clients]
client_id = st.selectbox("Données de l'aperçu", choices, key="templates.preview.client",
                         format_func=lambda i: "Exemple fictif (Boulangerie Dupain SARL)" if i is None
                         else f"{clients[i]} — dernier devis")
try:
    rendered = letter_templates.preview(ctx.uow(), ctx.principal, ctx.clock, template.kind, body, client_id)
except DomainError as err:
    st.error(err.message)
else:
    if body != template.body:
        st.caption("Aperçu du texte en cours de modification (non enregistré).")
    st.download_button(
        "Télécharger l'aperçu (PDF)",
        lambda: letter_templates.preview_pdf(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, template.kind, body,
                                             client_id),
        file_name="Apercu-lettre-de-mission.pdf", mime="application/pdf", key=f"{key}.pdf", on_click="ignore",
        icon=":material/download:")
    with st.container(border=True, height=600):
        st.html(rendered)  # admin-authored template; every value it prints is autoescaped by the sandbox

st.subheader("Variables disponibles")
st.caption("Montants en centimes : affichez-les avec le filtre `eur` ; dates avec `day` (22/11/2026) ou `month` "
           "(novembre 2026) ; minutes avec `hours`. `missions[].x` se lit `mission.x` dans "
           "`{% for mission in missions %}`. Une variable inconnue empêche l'enregistrement.")
st.dataframe([{"Variable": name, "Description": description, "Exemple": example}
              for name, description, example in VARIABLES], hide_index=True, width="stretch",
             key="templates.variables")
