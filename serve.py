"""The web server: Streamlit's app (app.py) plus the sign-in routes and the page gate.

`streamlit run serve.py` finds `app` below and serves it; `make run` does exactly that.
"""

import streamlit as st
from starlette.middleware import Middleware

from data.container import default_container
from web.auth_routes import AuthRoutes
from web.gate import LoginGate

_container = default_container()

app = st.App(
    "app.py",
    routes=AuthRoutes(_container).routes(),
    middleware=[Middleware(LoginGate, container=_container)],
)
