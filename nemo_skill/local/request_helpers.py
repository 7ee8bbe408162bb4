"""Request plumbing shared by the handlers: auth, session ownership, JSON bodies."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from .._exceptions import APIError, AuthError, BadRequest, SessionNotFound
from .context import AppContext
from .envelope import error_response, internal_error
from .store import accounts
from .store import sessions as session_store
from .studio_auth import cookie_token

log = logging.getLogger("nemo_skill.local")

M = TypeVar("M", bound=BaseModel)
MAX_JSON_BYTES = 16 * 1024 * 1024
SKILL_HEADERS = ("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform")

Handler = Callable[[Request], Awaitable[Response]]


def endpoint(handler: Handler) -> Handler:
    """Turn the hierarchy's API errors into envelopes, and bugs into a 500 envelope (logged)."""

    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except APIError as exc:
            return error_response(exc)
        except Exception:
            log.exception("unhandled error in %s %s", request.method, request.url.path)
            return internal_error()

    return wrapped


def ctx_of(request: Request) -> AppContext:
    return request.app.state.ctx  # type: ignore[no-any-return]


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def authenticate(request: Request) -> str:
    """The user id behind the bearer token (or the studio page's cookie), or 1001."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if not header:
        scheme, token = "bearer", cookie_token(request, ctx_of(request)) or ""
    if scheme.lower() != "bearer" or not token:
        raise AuthError(
            "the bearer token is missing", hint="get one from POST /api/auth/anonymous-token", http_status=401
        )
    user_id = accounts.user_for_token(ctx_of(request).db, token, now=ctx_of(request).now())
    if user_id is None:
        raise AuthError(
            "the token is invalid or expired",
            hint="get a new one from POST /api/auth/anonymous-token",
            http_status=401,
        )
    return user_id


def owned_session(request: Request, user_id: str, session_id: str) -> session_store.SessionRow:
    """The session if this user owns it; another user's session is 'not found', never a leak."""
    session = session_store.get_session(ctx_of(request).db, session_id)
    if session is None or session.user_id != user_id:
        raise SessionNotFound(
            f"session {session_id[:80]!r} not found", hint="create a new session", http_status=404
        )
    return session


def _field_error(exc: ValidationError) -> BadRequest:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "body"
    return BadRequest(f"field {where!r}: {first.get('msg', 'invalid')}", data={"field": where})


async def read_json(request: Request, required: bool = True) -> Any:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_JSON_BYTES:
        raise BadRequest(f"the JSON body is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_JSON_BYTES:
            raise BadRequest(f"the JSON body is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        if required:
            raise BadRequest("the request needs a JSON body")
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON ({str(exc).split(':')[0]})") from None


def parse_model(model: type[M], payload: Any) -> M:
    if not isinstance(payload, dict):
        raise BadRequest("the JSON body must be an object", data={"field": "body"})
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise _field_error(exc) from None
