"""Work in progress (production issue): replaced by the page's real content before landing."""

import streamlit as st

from pages._ui.context import require_staff

require_staff()
st.title("Saisie des temps")
