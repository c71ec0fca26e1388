"""Work in progress (production issue): replaced by the page's real content before landing."""

import streamlit as st

from domain.access.model import Permission
from pages._ui.context import require_staff

require_staff(Permission.APPROVE_TIME)
st.title("Validation des temps")
