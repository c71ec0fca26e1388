"""Shown by Streamlit only if the gate was bypassed (e.g. a session that ended mid-use)."""

import streamlit as st

st.title("Connexion requise")
st.info("Votre session est terminée ou vous n'êtes pas connecté.")
st.markdown('<a href="/auth/login" target="_self">Se connecter à EEXPI</a>', unsafe_allow_html=True)
