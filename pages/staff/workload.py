"""Charge de travail (being built)."""

import streamlit as st

from pages._ui.context import require_staff

ctx = require_staff()
st.title("Charge de travail")
st.info("Cette page arrive bientôt.")
