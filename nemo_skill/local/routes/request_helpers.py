"""Request plumbing shared by the handlers: auth, session ownership, JSON bodies."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import APIError, AuthError, BadRequest, SessionNotFound
from ...models import protocol
from ..context import AppContext
from ..store import accounts
from ..store import sessions as session_store
from ..studio.auth import cookie_token
from .envelope import error_response, internal_error

log = logging.getLogger("nemo_skill.local")

M = TypeVar("M", bound=BaseModel)
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 64
"""A draft is ~7 levels deep; unknown fields kept inside it get the rest."""
MAX_JSON_CONTAINERS = 200_000
"""Objects and lists in one body: a 5000-segment draft needs a tenth of that."""
OFF_LOOP_BYTES = 64 * 1024
"""Bodies larger than this are decoded in a worker thread, never on the event loop."""

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
    return request.app.state.ctx


def base_url(request: Request) -> str:
    """Where signed links point: ``--public-url``, else the address this connection reached.

    Never the ``Host`` header: a client must not choose the host of links handed to others."""
    ctx = ctx_of(request)
    if ctx.settings.public_url:
        return ctx.settings.public_url
    server = request.scope.get("server")
    if not server:
        return str(request.base_url).rstrip("/")
    host, port = server[0], server[1]
    shown = f"[{host}]" if ":" in str(host) else str(host)
    return f"{request.url.scheme}://{shown}:{port}" if port else f"{request.url.scheme}://{shown}"


def authenticate(request: Request) -> str:
    """The user id behind the bearer token (or the studio page's cookie), or 1001."""
    header = request.headers.get(protocol.AUTHORIZATION, "")
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
    if len(raw) > OFF_LOOP_BYTES:
        return await run_in_threadpool(decode_json, bytes(raw))
    return decode_json(bytes(raw))


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply lists and objects nest in a parsed value, counting no further than ``limit`` + 1.

    Iterative: a Python walk in a worker thread lets the event loop run between steps."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def decode_json(raw: bytes) -> Any:
    """The JSON value of a body, or a 400 naming the limit it breaks.

    The container count is a C-speed byte count taken before parsing: json.loads holds
    the GIL, so a 260,000-segment draft must be refused before it, not after."""
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > MAX_JSON_CONTAINERS:
        raise BadRequest(f"the JSON body holds more than {MAX_JSON_CONTAINERS} objects and lists")
    too_deep = BadRequest(f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        value = json.loads(raw)
    except RecursionError:  # the C parser's own guard, far deeper than ours
        raise too_deep from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON ({str(exc).split(':')[0]})") from None
    if nesting_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise too_deep
    return value


async def parse_model_off_loop(model: type[M], payload: Any) -> M:
    """:func:`parse_model` in a worker thread: for bodies that may be large (drafts)."""
    return await run_in_threadpool(parse_model, model, payload)


def parse_model(model: type[M], payload: Any) -> M:
    if not isinstance(payload, dict):
        raise BadRequest("the JSON body must be an object", data={"field": "body"})
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise _field_error(exc) from None
