"""EEXPI composition root: settings, signed-in user and firm, navigation.

Every run resolves the session server-side (cookie set by web/auth_routes.py), builds the page
context bound to the user's firm, and offers only the pages the user's role and permissions allow.
"""

from datetime import timedelta

import streamlit as st

from data.container import Container, default_container
from domain.access.model import Principal
from domain.access.services import SessionPolicy, resolve_session
from domain.context import AppContext
from pages._ui.navigation import navigation_for, sidebar_identity
from web.cookies import SESSION_COOKIE, unsign_token

st.set_page_config(page_title="EEXPI", page_icon=":material/account_balance:", layout="wide")


@st.cache_resource
def container() -> Container:
    return default_container()


def session_token(c: Container) -> str | None:
    cookie = st.context.cookies.get(SESSION_COOKIE)
    token = unsign_token(c.settings.secret_key, cookie) if isinstance(cookie, str) else None
    # Tests (AppTest cannot send cookies) put a real session token here; it is checked the same way.
    return token or st.session_state.get("auth_token")


def current_principal(c: Container) -> Principal | None:
    policy = SessionPolicy(idle_timeout=timedelta(hours=c.settings.session_idle_hours))
    return resolve_session(c.platform_uow(), c.clock, session_token(c), policy)


def build_context(c: Container, principal: Principal) -> AppContext:
    return AppContext(principal=principal, uow=lambda: c.firm_uow(principal.firm_id), platform_uow=c.platform_uow,
                      hasher=c.hasher, clock=c.clock, login_url=c.login_url, documents=c.documents,
                      cipher=c.cipher, signature_gateway=c.signature_gateway, einvoicing=c.einvoicing,
                      chorus_gateway=c.chorus_gateway, facturx_batch=c.facturx_batch,
                      inpi_gateway=c.inpi_gateway)


c = container()
principal = current_principal(c)
if principal is None:
    st.session_state.pop("ctx", None)
else:
    st.session_state["ctx"] = build_context(c, principal)
    sidebar_identity(principal)
navigation_for(principal).run()
