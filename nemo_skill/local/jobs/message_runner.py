"""One ``/run_sse`` message: interpret it in a worker thread, stream events, store the
new draft version and charge its cost in one transaction.

Credits: up to the largest cost (5) is frozen while the interpreter runs, so the
balance shows what is at stake; the hold is released and the real cost charged
together with the new draft under BEGIN IMMEDIATE, so concurrent messages can
neither overspend nor lose an edit. Errors charge nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from starlette.responses import StreamingResponse

from ..._exceptions import APIError, InsufficientCredits
from ...models import Draft, MessageUnderstanding, SSEEvent
from ...models.protocol import EVENT_STREAM
from ...models.wire import INTERPRETATION
from ...redaction import redact
from ..context import AppContext
from ..media.views import media_info
from ..skill_info import recipe_for
from ..store import accounts
from ..store import sessions as session_store
from ..store.sessions import SessionRow

log = logging.getLogger("nemo_skill.local")

MAX_COST = 5
MAX_RUN_S = 14 * 60  # under the protocol's 15-minute stream limit
# A sentence ends at a Latin stop followed by a space (not the "." of "13.5") or at a
# Chinese stop; each piece keeps its own trailing space, so the pieces join back exactly.
_SENTENCE = re.compile(r".+?(?:[.!?]+(?=\s|$)\s*|[。！？]+\s*|$)", re.S)


def sse(event: SSEEvent | dict[str, Any]) -> bytes:
    payload = event.model_dump(exclude_none=True) if isinstance(event, SSEEvent) else event
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def event_stream(events: AsyncIterator[bytes] | Iterator[bytes]) -> StreamingResponse:
    """An answer of Server-Sent Events: never cached, never held back by a proxy's buffer
    (each event must reach the client when it happens)."""
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type=EVENT_STREAM, headers=headers)


def text_pieces(reply: str) -> list[str]:
    """A reply in sentence-sized pieces (the protocol lets text arrive in several events)."""
    return [m.group(0) for m in _SENTENCE.finditer(reply.strip()) if m.group(0)]


def credits_error(ctx: AppContext, user_id: str, message: str) -> InsufficientCredits:
    return InsufficientCredits(
        message,
        hint="register to get more credits",
        http_status=403,
        data={"register_url": f"{ctx.settings.web_url}/register?bind={user_id}", "user_id": user_id},
    )


@dataclass(frozen=True)
class PreparedRun:
    ref: str


def prepare(ctx: AppContext, user_id: str) -> PreparedRun:
    """Before a message (or typed edits) runs: top the credits up on a machine's own
    backend, then refuse with 2001 (an envelope) when none are left.

    The hold itself is taken inside the stream, whose ``finally`` always releases it; a
    hold taken here would leak if the client vanished before the stream started.
    """
    if ctx.settings.credits.unlimited:  # a machine's own backend: credits never stop its user
        accounts.top_up(ctx.db, user_id, ctx.settings.credits.per_token, now=ctx.now())
    if accounts.balance(ctx.db, user_id).available <= 0:
        raise credits_error(ctx, user_id, "no credits left")
    return PreparedRun("run_" + uuid.uuid4().hex)


def load_context(ctx: AppContext, session: SessionRow) -> tuple[Any, session_store.DraftVersion | None]:
    """What the interpreter works on (the latest draft, the versions undo and redo reach,
    the media, the skill's recipe) and the latest version it was read at."""
    from ...interpreter.api import InterpretContext

    latest = session_store.latest_draft(ctx.db, session.id)
    previous = (
        session_store.draft_version(ctx.db, session.id, latest.previous_version)
        if latest and latest.previous_version
        else None
    )
    redo = session_store.redo_version(ctx.db, session.id, latest.version) if latest else None
    following = session_store.draft_version(ctx.db, session.id, redo) if redo else None
    interpret_ctx = InterpretContext(
        draft=Draft.model_validate(latest.draft) if latest else None,
        media=[media_info(ctx, row, None) for row in session_store.list_media(ctx.db, session.id)],
        recipe=recipe_for(session.skill),
        previous_draft=Draft.model_validate(previous.draft) if previous else None,
        next_draft=Draft.model_validate(following.draft) if following else None,
        language=session.language,
    )
    return interpret_ctx, latest


def _interpret(message: str, interpret_ctx: Any) -> Any:
    from ...interpreter import interpret

    return interpret(message, interpret_ctx)


def changed_draft(result: Any, latest: session_store.DraftVersion | None) -> dict[str, Any] | None:
    """The new draft to store, or None when the result leaves the latest one as it is."""
    new_draft = result.draft.dump() if result.draft is not None else None
    return new_draft if new_draft is not None and (latest is None or new_draft != latest.draft) else None


def understanding(result: Any, latest: session_store.DraftVersion | None) -> SSEEvent:
    """The last tool result of a message: what was understood and what was not (a client
    that ignores tool results, as the protocol allows, loses nothing)."""
    said = MessageUnderstanding(
        understood=list(result.understood),
        not_understood=list(result.not_understood),
        changed=changed_draft(result, latest) is not None,
        question=bool(result.question),
    )
    return SSEEvent(type="tool_result", name=INTERPRETATION, result=said.model_dump())


def tool_events(result: Any) -> Iterator[SSEEvent]:
    """A ``tool_call`` + ``tool_result`` per edit the result applied."""
    for event in result.events:
        yield SSEEvent(type="tool_call", name=event.name, args=event.args)
        yield SSEEvent(type="tool_result", name=event.name, result=event.result)


def reply_events(result: Any, latest: session_store.DraftVersion | None) -> Iterator[SSEEvent]:
    """After the draft is stored: what was understood, then the reply, a sentence per event."""
    yield understanding(result, latest)
    if latest is not None and latest.warning:
        # The person should know their newest change is not what this one built on.
        yield SSEEvent(type="text", content=f"Note: {latest.warning}, so this change was made on it. ")
    for piece in text_pieces(result.reply):
        yield SSEEvent(type="text", content=piece)


def error_event(err: APIError) -> SSEEvent:
    return SSEEvent(type="error", code=err.code, message=str(err), data=err.data)


def commit(
    ctx: AppContext,
    session: SessionRow,
    user_id: str,
    ref: str,
    label: str,
    result: Any,
    latest: session_store.DraftVersion | None,
) -> int | None:
    """Store the new version and charge its cost in one transaction; the version stored
    (None when nothing changed). Raises 409 when the timeline changed since ``latest`` was
    read, 2001 when the cost is more than is left; then nothing is stored or charged (the
    caller releases its hold, if it took one)."""
    new_draft = changed_draft(result, latest)
    cost = max(0, int(result.cost)) if new_draft is not None else 0
    now = ctx.now()
    with ctx.db.write() as conn:
        current = session_store.latest_draft(ctx.db, session.id, conn)
        if (current.version if current else 0) != (latest.version if latest else 0):
            raise APIError(
                "the timeline changed while this request ran; send it again", code=409, http_status=409
            )
        if not accounts.settle(conn, user_id, ref, cost, now=now):
            raise credits_error(ctx, user_id, f"this change costs {cost} credits, more than are left")
        if new_draft is None:
            return None
        previous, redo = _history(ctx, session, result, latest)
        version = session_store.add_draft_version(
            conn, session.id, new_draft, previous_version=previous, message=label, now=now
        )
        if redo is not None:
            session_store.set_redo_version(conn, session.id, version, redo)
        return version


def _history(
    ctx: AppContext, session: SessionRow, result: Any, latest: session_store.DraftVersion | None
) -> tuple[int | None, int | None]:
    """(what undo returns to, what redo brings back) for the version about to be stored.

    Undo walks back (the restored version's own "previous"), remembering the version it
    undid; redo walks forward again; a new edit's "previous" is the latest, and nothing
    can be redone after it."""
    if latest is None:
        return None, None
    if result.undo and latest.previous_version:
        restored = session_store.draft_version(ctx.db, session.id, latest.previous_version)
        return (restored.previous_version if restored else None), latest.version
    if getattr(result, "redo", False):
        target = session_store.redo_version(ctx.db, session.id, latest.version)
        redone = session_store.draft_version(ctx.db, session.id, target) if target else None
        if redone is not None:
            return redone.previous_version, session_store.redo_version(ctx.db, session.id, redone.version)
    return latest.version, None


async def stream_message(
    ctx: AppContext, session: SessionRow, user_id: str, run: PreparedRun, message: str
) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    try:
        if accounts.hold(ctx.db, user_id, run.ref, MAX_COST, now=ctx.now()) == 0:
            err = credits_error(ctx, user_id, "no credits left")
            yield sse(SSEEvent(type="error", code=err.code, message=str(err), data=err.data))
            return
        yield sse(SSEEvent(type="heartbeat"))
        interpret_ctx, latest = load_context(ctx, session)
        work = loop.run_in_executor(None, _interpret, message, interpret_ctx)
        started = loop.time()
        while True:
            done, _ = await asyncio.wait({work}, timeout=ctx.settings.heartbeat_s)
            if done:
                break
            if loop.time() - started > MAX_RUN_S:
                yield sse(SSEEvent(type="error", code=500, message="the message took too long to process"))
                return
            yield sse(SSEEvent(type="heartbeat"))
        result = work.result()
        for event in tool_events(result):
            yield sse(event)
        try:
            commit(ctx, session, user_id, run.ref, message, result, latest)
        except APIError as failure:
            yield sse(error_event(failure))
            return
        for event in reply_events(result, latest):
            yield sse(event)
    except ImportError as exc:
        log.error("interpreter unavailable: %s", exc)
        yield sse(
            SSEEvent(type="error", code=500, message="the interpreter is not available in this installation")
        )
    except Exception as exc:
        log.exception("message failed")
        yield sse(
            SSEEvent(
                type="error", code=500, message=redact(f"the message could not be processed: {exc}")[:300]
            )
        )
    finally:
        # Whatever happened (error, client gone), nothing stays frozen; settle() already released on success.
        accounts.release(ctx.db, user_id, run.ref, now=ctx.now())
