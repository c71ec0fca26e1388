"""The web server: Streamlit's app (app.py) plus the sign-in routes and the page gate.

`streamlit run serve.py` finds `app` below and serves it; `make run` does exactly that.
"""

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from data.container import default_container
from web.auth_routes import AuthRoutes
from web.gate import LoginGate

# EEXPI navigates with st.navigation only. Because a pages/ folder exists, Streamlit would treat
# the first session after start-up as a legacy "pages directory" app until st.navigation runs:
# a deep link then shows "Page not found", and a .py file directly in pages/ would be served
# without app.py's login gate (DESIGN.md, the pages/ trap). st.navigation sets this same flag on
# its first call; setting it at start-up closes that first-session window.
PagesManager.uses_pages_directory = False

_container = default_container()

app = st.App(
    "app.py",
    routes=AuthRoutes(_container).routes(),
    middleware=[Middleware(LoginGate, container=_container)],
)
