"""``POST /run_sse``: one message, answered as Server-Sent Events."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import BadRequest
from ...models import MAX_MESSAGE_CHARS, RunRequest
from ..jobs.message_runner import event_stream, prepare, stream_message
from .request_helpers import authenticate, ctx_of, endpoint, owned_session, parse_model, read_json


@endpoint
async def run_sse(request: Request) -> Response:
    user_id = authenticate(request)
    body = parse_model(RunRequest, await read_json(request))
    text = " ".join(part.text for part in body.new_message.parts).strip()
    if not text:
        raise BadRequest(
            "field 'new_message.parts': the message has no text", data={"field": "new_message.parts"}
        )
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    session = owned_session(request, user_id, body.session_id)
    ctx = ctx_of(request)
    run = prepare(ctx, user_id)
    return event_stream(stream_message(ctx, session, user_id, run, text))
