"""Courriels: every e-mail the firm's EEXPI sent or will send (the demo shows instead of sending)."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.firm import queries
from pages._ui.context import require_staff
from pages._ui.text import md_escape

STATUS = {"pending": "En attente d'envoi", "sending": "Envoi en cours", "sent": "Envoyé", "failed": "Échec"}

ctx = require_staff(Permission.ADMINISTER)
st.title("Courriels")
st.caption("Les messages sont envoyés par la commande `python manage.py send-mail` (SMTP). "
           "Sans serveur SMTP configuré, ils restent ici, lisibles.")
messages = queries.outbox(ctx.uow(), ctx.principal)
if not messages:
    st.info("Aucun courriel pour l'instant.")
    st.stop()
status_filter = st.multiselect("Statut", list(STATUS), format_func=STATUS.get, key="outbox.status")
shown = [m for m in messages if not status_filter or m["status"] in status_filter]
st.dataframe([{"Créé le": formatting.moment(m["created_at"]), "Destinataire": m["recipient"], "Objet": m["subject"],
               "Statut": STATUS.get(m["status"], m["status"]), "Envoyé le": formatting.moment(m["sent_at"]),
               "Erreur": m["last_error"]} for m in shown], hide_index=True, width="stretch")
by_id = {m["id"]: m for m in shown}
chosen = st.selectbox("Lire un message", list(by_id), index=None, placeholder="Choisissez un message",
                      format_func=lambda i: f"{by_id[i]['recipient']} – {by_id[i]['subject']}", key="outbox.read")
if chosen is not None:
    message = by_id[chosen]
    st.markdown(f"**À :** {md_escape(message['recipient'])}  \n**Objet :** {md_escape(message['subject'])}")
    st.code(message["body"], language=None, wrap_lines=True)
