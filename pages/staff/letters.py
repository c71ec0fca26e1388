"""Work in progress (CRM issue): replaced by the page's real content before landing."""

import streamlit as st

from domain.access.model import Permission
from pages._ui.context import require_staff

require_staff(Permission.SEE_MONEY)
st.title("Lettres de mission")
