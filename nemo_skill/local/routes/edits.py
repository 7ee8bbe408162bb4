"""``POST /api/local/v1/sessions/<sid>/edits``: typed edits, applied all or none.

The local backend's extension of the protocol (docs/local-backend.md, "Structured
edits"). It takes the path of a message (``message_runner``): the same context, the same
store of versions with undo and redo, the same charge in the same transaction, and the
same events. What differs is when the work happens: typed edits take milliseconds, so
they are applied *before* the answer starts, and a bad edit is an envelope with a 4xx
status naming it, not an error event after a 200.

The answer is Server-Sent Events, like ``/run_sse`` (``tool_call``/``tool_result`` per
edit, the ``interpretation`` result, ``text``), so a client that shows a message's reply
shows an edit's the same way; a client that sends ``Accept: application/json`` (and not
``text/event-stream``) gets one envelope instead (``EditsAnswer``: the reply, the applied
edits, the versions and the new draft), which is what a program wants.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import APIError, BadRequest, EditError
from ...models.protocol import EVENT_STREAM
from ..context import AppContext
from ..jobs.message_runner import (
    changed_draft,
    commit,
    event_stream,
    load_context,
    prepare,
    reply_events,
    sse,
    tool_events,
)
from ..store import sessions as session_store
from ..store.sessions import DraftVersion, SessionRow
from .envelope import ok
from .request_helpers import authenticate, ctx_of, endpoint, owned_session, read_json

if TYPE_CHECKING:  # the edit models import the interpreter: loaded after the server is up (app._warm_up)
    from ...models.edit_request import EditsAnswer, EditsRequest


def bad_edit(exc: EditError) -> BadRequest:
    """400 naming the edit: its number (from 1) and op in ``data`` as well as in the message."""
    return BadRequest(exc.message, hint=exc.hint, data={"edit": exc.index, "op": exc.op})


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and EVENT_STREAM not in accept


def _apply(ctx: AppContext, session: SessionRow, body: EditsRequest) -> tuple[Any, DraftVersion | None]:
    from ...interpreter import apply_edits

    interpret_ctx, latest = load_context(ctx, session)
    current = latest.version if latest else 0
    if body.expected_version is not None and body.expected_version != current:
        raise APIError(
            f"the timeline changed meanwhile (it is at version {current}, not {body.expected_version}); "
            "read it again and send the edits again",
            code=409,
            http_status=409,
            data={"version": current},
        )
    try:
        return apply_edits(body.edits, interpret_ctx), latest
    except EditError as exc:
        raise bad_edit(exc) from None


def _label(body: EditsRequest) -> str:
    """What the version history records as the request (a message records its words)."""
    return "edits: " + ", ".join(edit.op for edit in body.edits)


def answer(
    ctx: AppContext, session: SessionRow, result: Any, latest: DraftVersion | None, stored: int | None
) -> EditsAnswer:
    """The JSON answer; ``stored`` is the version the edits made (None: the draft did not change)."""
    from ...models.edit_request import AppliedEdit, EditsAnswer

    now = session_store.draft_version(ctx.db, session.id, stored) if stored else latest
    history = session_store.versions(ctx.db, session.id, now)
    changed = changed_draft(result, latest) is not None
    return EditsAnswer(
        reply=result.reply,
        changed=changed,
        cost=max(0, int(result.cost)) if changed else 0,
        applied=[
            AppliedEdit(
                op=event.name,
                args=event.args,
                changed=event.result.get("changed"),
                message=event.result.get("message"),
            )
            for event in result.events
        ],
        understood=list(result.understood),
        version=history.version,
        previous_version=history.previous_version,
        redo_version=history.redo_version,
        draft=now.draft if now else None,
    )


def _events(result: Any, latest: DraftVersion | None) -> Iterator[bytes]:
    for event in tool_events(result):
        yield sse(event)
    for event in reply_events(result, latest):
        yield sse(event)


@endpoint
async def apply_edits(request: Request) -> Response:
    from ...models.edit_request import EditsRequest

    user_id = authenticate(request)
    payload = await read_json(request)
    try:
        body = await run_in_threadpool(EditsRequest.parse, payload)  # off the loop: up to 200 edits
    except EditError as exc:
        raise bad_edit(exc) from None
    session = owned_session(request, user_id, request.path_params["sid"])
    ctx = ctx_of(request)
    run = prepare(ctx, user_id)  # 2001 when no credits are left, as for a message
    result, latest = await run_in_threadpool(_apply, ctx, session, body)
    stored = await run_in_threadpool(commit, ctx, session, user_id, run.ref, _label(body), result, latest)
    if wants_json(request):
        data = await run_in_threadpool(answer, ctx, session, result, latest, stored)
        return ok(data.model_dump(mode="json"))
    return event_stream(_events(result, latest))
