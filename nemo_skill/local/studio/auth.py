"""The studio page's session: a bearer token kept in an HttpOnly cookie, never in the page.

A page cannot keep a bearer token anywhere other pages or scripts could not read it
(localStorage, the DOM and the URL all leak), so the backend keeps it for the page:
``POST /studio/api/session`` issues an anonymous token into a cookie that is
``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other site's request
carries it) and ``Path=/``. The API accepts that cookie instead of the
``Authorization`` header, but only on requests that provably come from a page of
this backend:

- ``Sec-Fetch-Site: same-origin``, or, from a browser that does not send it, an
  ``Origin`` equal to the backend's own; a request with neither is refused, so a
  form or image on another site cannot ride the cookie (CSRF);
- a ``Host`` that is an IP address or ``localhost``: a DNS-rebinding page (an
  attacker's name resolving to 127.0.0.1) is "same-origin" with itself, but its
  Host is its own name, so it is refused too.

Cookies are not scoped by port, so the cookie's name carries a digest of the data
dir: two backends with different data dirs on one machine never overwrite each
other's cookie, and the same data dir keeps its user across restarts on new ports.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid

from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import AuthError, ServerError
from ..context import AppContext
from ..settings import ANONYMOUS_CREDITS, TOKEN_TTL_S
from ..store import accounts

COOKIE_PREFIX = "nemo_studio_"
STUDIO_CLIENT_PREFIX = "studio-"
_SAME_ORIGIN = "same-origin"


def cookie_name(ctx: AppContext) -> str:
    digest = hashlib.sha256(str(ctx.settings.data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return COOKIE_PREFIX + digest


def _host_is_trusted(request: Request) -> bool:
    host = request.url.hostname or ""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def is_same_origin(request: Request) -> bool:
    """True when the request comes from a page served by this backend (see the module doc)."""
    if not _host_is_trusted(request):
        return False
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == _SAME_ORIGIN
    origin = request.headers.get("origin")
    return origin is not None and origin == _own_origin(request)


def cookie_token(request: Request, ctx: AppContext) -> str | None:
    """The studio cookie's token when the request may use it; None when there is no cookie.

    A cookie on a request that is not same-origin is refused with 1001 (not ignored
    silently), so a misbehaving page learns why.
    """
    token = request.cookies.get(cookie_name(ctx))
    if not token:
        return None
    if not is_same_origin(request):
        raise AuthError(
            "the studio's session cookie is accepted only from the studio page itself; "
            "this cross-site request was refused",
            hint="send an Authorization: Bearer header instead",
            http_status=401,
        )
    return token


def require_same_origin(request: Request) -> None:
    if not is_same_origin(request):
        raise AuthError(
            "the studio session can only be opened by the studio page of this backend",
            hint="open /studio on this backend in a browser",
            http_status=401,
        )


def issue_studio_token(ctx: AppContext) -> accounts.IssuedToken:
    """A new anonymous user for a browser (a fresh client id each time: one browser, one user)."""
    issued = accounts.issue_anonymous_token(
        ctx.db,
        STUDIO_CLIENT_PREFIX + str(uuid.uuid4()),
        now=ctx.now(),
        ttl_s=TOKEN_TTL_S,
        credits=ANONYMOUS_CREDITS,
    )
    if issued is None:  # a fresh client id is never rate limited; this would be a bug
        raise ServerError("could not issue a studio session", code=500)
    return issued


def set_cookie(response: Response, ctx: AppContext, issued: accounts.IssuedToken) -> None:
    response.set_cookie(
        cookie_name(ctx),
        issued.token,
        max_age=max(1, int(issued.expires_at - ctx.now())),
        path="/",
        httponly=True,
        samesite="strict",
    )
