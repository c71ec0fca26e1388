"""Server-side gate: a browser navigation to any app page without a live session is redirected to
the sign-in page before Streamlit serves anything. app.py checks again on every run."""

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse

from data.container import Container
from domain.access.services import SessionPolicy, resolve_session
from web.cookies import SESSION_COOKIE, unsign_token

OPEN_PREFIXES = ("/auth/", "/_stcore/", "/static/", "/component/", "/media/", "/favicon", "/app/static/")


class LoginGate:
    def __init__(self, app, container: Container) -> None:
        self.app, self.c = app, container

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not self._is_page_navigation(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = unsign_token(self.c.settings.secret_key, request.cookies.get(SESSION_COOKIE))
        policy = SessionPolicy(idle_timeout=_hours(self.c.settings.session_idle_hours))
        if resolve_session(self.c.platform_uow(), self.c.clock, token, policy) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            await RedirectResponse(f"/auth/login?next={quote(target)}", status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _is_page_navigation(scope) -> bool:
        if scope.get("method") != "GET" or scope["path"].startswith(OPEN_PREFIXES):
            return False
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode()
        return "text/html" in accept


def _hours(value: float):
    from datetime import timedelta

    return timedelta(hours=value)
