"""The studio: a web page on the local backend (``/studio``) and its few endpoints.

The page is plain HTML/CSS/JS from ``page/`` (shipped in the wheel, no build
step, nothing from other hosts: its Content-Security-Policy allows this origin only).
It talks to the protocol's endpoints like any client; its session is a cookie (see
``auth``). Its own endpoints:

- ``GET /studio/api/config``: skills, music moods, filters, accepted file types;
- ``POST /studio/api/session``: the cookie's user (issued when missing), credits and
  the session to continue.

Its edits (reorder, remove, undo, redo) go to the structured-edits endpoint
(``local/routes/edits.py``), like any client's.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ..._exceptions import APIError
from ...models.draft import FILTERS, MOODS
from ...models.media_types import ACCEPTED_EXTENSIONS
from ...models.studio import StudioConfig, StudioSessionData, StudioSkill
from ..routes.envelope import ok
from ..routes.request_helpers import ctx_of, endpoint
from ..store import accounts
from ..store import sessions as session_store
from .auth import cookie_token, issue_studio_token, require_same_origin, set_cookie

PAGE_DIR = Path(__file__).resolve().parent / "page"

_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}
# Only this origin: no CDN, no fonts from elsewhere, not framable. Media thumbnails and the
# preview come from this backend's signed /media and /files links; blob: is the local
# thumbnail of a file while it uploads.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _file(path: Path) -> Response:
    return FileResponse(
        path, media_type=_MEDIA_TYPES.get(path.suffix, "application/octet-stream"), headers=SECURITY_HEADERS
    )


@endpoint
async def page(request: Request) -> Response:
    return _file(PAGE_DIR / "index.html")


async def page_slash(request: Request) -> Response:
    return RedirectResponse("/studio", status_code=308)


@endpoint
async def asset(request: Request) -> Response:
    root = PAGE_DIR.resolve()
    path = (root / request.path_params["path"]).resolve()
    if root not in path.parents or not path.is_file() or path.suffix not in _MEDIA_TYPES:
        raise APIError("no such studio file", code=404, http_status=404)
    return _file(path)


@endpoint
async def font(request: Request) -> Response:
    """The renderer's Noto Sans CJK, for browsers without a Chinese font (the CSS asks for it
    only when Chinese text is on screen, after the system's own CJK fonts)."""
    from ...render.fonts import font_path

    weight = request.path_params["weight"]
    if weight not in ("regular.otf", "bold.otf"):
        raise APIError("no such studio font", code=404, http_status=404)
    return FileResponse(
        font_path(bold=weight == "bold.otf"),
        media_type="font/otf",
        headers={**SECURITY_HEADERS, "Cache-Control": "max-age=604800"},
    )


def _skills() -> list[StudioSkill]:
    from ...skills_registry import discover

    found: dict[str, StudioSkill] = {}
    for skill in discover():
        if skill.origin == "installed" or skill.name in found:
            continue
        settings = skill.manifest.settings
        found[skill.name] = StudioSkill(
            name=skill.name,
            version=skill.version,
            display_name=skill.manifest.display_name.split(" — ")[0],
            emoji=skill.manifest.emoji,
            max_file_mb=settings.max_file_mb,
            formats=list(settings.formats),
            aspect=settings.defaults.aspect,
            length_s=settings.defaults.length_s,
            mood=settings.defaults.mood,
            transition=settings.defaults.transition,
            prompt=settings.defaults.prompt,
        )
    return list(found.values())


@endpoint
async def config(request: Request) -> Response:
    from ...skills_registry import DEFAULT_SKILL

    data = StudioConfig(
        skills=await run_in_threadpool(_skills),  # reads every SKILL.md: off the event loop
        default_skill=DEFAULT_SKILL,
        moods=list(MOODS),
        filters=list(FILTERS),
        accept=list(ACCEPTED_EXTENSIONS),
    )
    return ok(data.model_dump())


@endpoint
async def session(request: Request) -> Response:
    require_same_origin(request)
    ctx = ctx_of(request)
    token = cookie_token(request, ctx)
    user_id = accounts.user_for_token(ctx.db, token, now=ctx.now()) if token else None
    issued = None
    if user_id is None:
        issued = issue_studio_token(ctx)
        user_id = issued.user_id
    latest = session_store.latest_session_of(ctx.db, user_id)
    data = StudioSessionData(
        user_id=user_id,
        credits=accounts.balance(ctx.db, user_id).available,
        session_id=latest.id if latest else None,
        skill=latest.skill if latest else None,
        new_user=issued is not None,
    )
    response = ok(data.model_dump())
    if issued is not None:
        set_cookie(response, ctx, issued)
    return response
