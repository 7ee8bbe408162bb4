"""Anonymous tokens, sessions, credits and the health check."""

from __future__ import annotations

from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import BadRequest, RateLimited
from ...models import CreditsData, SessionRequest, TokenData, protocol
from ..store import accounts
from ..store import sessions as session_store
from .envelope import ok
from .request_helpers import authenticate, ctx_of, endpoint, parse_model, read_json

MAX_CLIENT_ID = 200


def iso_utc(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@endpoint
async def anonymous_token(request: Request) -> Response:
    client_id = request.headers.get(protocol.CLIENT_ID, "").strip()
    if not client_id:
        raise BadRequest("the X-Client-Id header is missing", hint="send a random UUID as X-Client-Id")
    if len(client_id) > MAX_CLIENT_ID:
        raise BadRequest(f"X-Client-Id is longer than {MAX_CLIENT_ID} characters")
    ctx = ctx_of(request)
    source = request.client.host if request.client else "unknown"
    wait = ctx.token_limiter.retry_after(source, ctx.now()) if ctx.token_limiter else None
    if wait is not None:
        raise RateLimited(
            f"too many anonymous tokens from this address; the next one in {wait / 60:.0f} minute(s)",
            hint="keep using the token you have",
        )
    rules = ctx.settings.credits
    issued = accounts.issue_anonymous_token(
        ctx.db, client_id, now=ctx.now(), ttl_s=rules.token_ttl_s, credits=rules.per_token
    )
    if issued is None:
        raise RateLimited(
            "this client id already received an anonymous token in the last 7 days",
            hint="keep using that token, or wait and retry",
        )
    answer = TokenData(
        token=issued.token,
        user_id=issued.user_id,
        expires_at=iso_utc(issued.expires_at),
        credits=issued.credits,
    )
    return ok(answer.model_dump())


@endpoint
async def create_session(request: Request) -> Response:
    user_id = authenticate(request)
    body = parse_model(SessionRequest, await read_json(request, required=False))
    ctx = ctx_of(request)
    skill = request.headers.get(protocol.SKILL_SOURCE, "").strip()[:100] or None
    session = session_store.create_session(
        ctx.db,
        user_id,
        task_name=body.task_name[:200],
        language=body.language[:20] or "en",
        skill=skill,
        now=ctx.now(),
    )
    return ok({"task_id": session.task_id, "session_id": session.id, "user_id": user_id})


@endpoint
async def credits(request: Request) -> Response:
    user_id = authenticate(request)
    ctx = ctx_of(request)
    balance = accounts.balance(ctx.db, user_id)  # the true ledger; the top-up comes with a message
    data = CreditsData(available=balance.available, frozen=balance.frozen, total=balance.total)
    # Our addition, only where it is true: this backend tops credits up (one's own machine).
    return ok(
        {
            **data.model_dump(exclude={"unlimited"}),
            **({"unlimited": True} if ctx.settings.credits.unlimited else {}),
        }
    )


@endpoint
async def healthz(request: Request) -> Response:
    """Nothing about the machine (no pid, no path) to whoever asks: only that it runs and
    which start of the server this is, which the embedded starter recorded."""
    return ok({"status": "ok", "instance": ctx_of(request).instance})
