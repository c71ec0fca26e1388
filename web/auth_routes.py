"""Sign-in, sign-out and password-reset pages as plain HTTP routes.

Streamlit cannot set an HttpOnly cookie, so these routes do: they answer plain HTML forms
(rendered from templates/auth), protect them with a double-submit CSRF token, call the domain's
access services and set or clear the signed session cookie.
"""

import hmac
import secrets
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from data.container import Container
from data.settings import ROOT
from domain.access import services as access
from domain.errors import DomainError
from web.cookies import CSRF_COOKIE, MAX_AGE_SECONDS, SESSION_COOKIE, sign_token, unsign_token

_templates = Environment(loader=FileSystemLoader(ROOT / "templates" / "auth"), autoescape=select_autoescape())

NOTICES = {
    "logged_out": "Vous êtes déconnecté.",
    "reset_done": "Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe.",
    "expired": "Votre session a expiré. Reconnectez-vous.",
}
CSRF_ERROR = "Le formulaire a expiré. Rechargez la page et recommencez."


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


class AuthRoutes:
    def __init__(self, container: Container) -> None:
        self.c = container

    def routes(self) -> list[Route]:
        return [
            Route("/auth/login", self.login, methods=["GET", "POST"]),
            Route("/auth/logout", self.logout, methods=["GET", "POST"]),
            Route("/auth/forgot", self.forgot, methods=["GET", "POST"]),
            Route("/auth/reset", self.reset, methods=["GET", "POST"]),
        ]

    # --- rendering ------------------------------------------------------------------------

    def _page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        csrf = secrets.token_urlsafe(24)
        html = _templates.get_template(template).render(csrf=csrf, **context)
        response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/auth",
                            secure=self.c.settings.cookie_secure)
        return response

    @staticmethod
    async def _form(request: Request) -> tuple[dict[str, str], bool]:
        form = {k: str(v) for k, v in (await request.form()).items()}
        sent, expected = form.get("csrf", ""), request.cookies.get(CSRF_COOKIE, "")
        return form, bool(expected) and hmac.compare_digest(sent, expected)

    # --- sign-in / sign-out ---------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        next_path = safe_next(request.query_params.get("next"))
        if request.method == "GET":
            notice = NOTICES.get(request.query_params.get("msg", ""))
            return self._page("login.html", next=next_path, notice=notice)
        form, csrf_ok = await self._form(request)
        if not csrf_ok:
            return self._page("login.html", 400, next=next_path, error=CSRF_ERROR, email=form.get("email", ""))
        try:
            signed_in = access.sign_in(self.c.platform_uow(), self.c.hasher, self.c.clock,
                                       form.get("email", ""), form.get("password", ""))
        except DomainError as err:
            return self._page("login.html", 401, next=next_path, error=err.message, email=form.get("email", ""))
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(SESSION_COOKIE, sign_token(self.c.settings.secret_key, signed_in.token),
                            max_age=MAX_AGE_SECONDS, httponly=True, samesite="lax", path="/",
                            secure=self.c.settings.cookie_secure)
        return response

    async def logout(self, request: Request) -> Response:
        if request.method == "GET" and request.headers.get("sec-fetch-site") == "cross-site":
            # A link on another site must not sign the user out: ask, with a CSRF-protected form.
            return self._page("logout.html")
        if request.method == "POST":
            _, csrf_ok = await self._form(request)
            if not csrf_ok:
                return self._page("logout.html", 400, error=CSRF_ERROR)
        token = unsign_token(self.c.settings.secret_key, request.cookies.get(SESSION_COOKIE))
        access.sign_out(self.c.platform_uow(), self.c.clock, token)
        response = RedirectResponse("/auth/login?msg=logged_out", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
        return response

    # --- password reset -------------------------------------------------------------------

    async def forgot(self, request: Request) -> Response:
        if request.method == "GET":
            return self._page("forgot.html")
        form, csrf_ok = await self._form(request)
        if not csrf_ok:
            return self._page("forgot.html", 400, error=CSRF_ERROR)
        access.request_password_reset(self.c.platform_uow(), self.c.clock, form.get("email", ""), self.c.reset_url)
        return self._page("forgot.html", sent=True)

    async def reset(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        if request.method == "GET":
            try:
                access.check_reset_token(self.c.platform_uow(), self.c.clock, token)
            except DomainError as err:
                return self._page("reset.html", 400, fatal=err.message)
            return self._page("reset.html", token=token)
        form, csrf_ok = await self._form(request)
        token = form.get("token", token)
        if not csrf_ok:
            return self._page("reset.html", 400, token=token, error=CSRF_ERROR)
        try:
            access.reset_password(self.c.platform_uow(), self.c.hasher, self.c.clock, token,
                                  form.get("password", ""), form.get("confirm", ""))
        except DomainError as err:
            fatal = err.message in (access.RESET_INVALID, access.RESET_EXPIRED)
            return self._page("reset.html", 400, token=token, **{"fatal" if fatal else "error": err.message})
        return RedirectResponse("/auth/login?" + urlencode({"msg": "reset_done"}), status_code=303)
