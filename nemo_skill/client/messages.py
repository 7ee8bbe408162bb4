"""Sending one message to the editor and turning the stream into a reply.

Text pieces are joined and passed through :mod:`.gestures`; tool calls and results are
never shown. While the backend only sends heartbeats, the user hears
"⏳ Still working..." every 2 minutes (clock injectable for tests). A stream that
ends without a word is answered from a diff of the draft before and after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..models.protocol import RUN_SSE
from ..models.wire import MessagePart, MessageUnderstanding, NewMessage, RunRequest
from ._http import HttpClient
from .gestures import translate
from .stream import MAX_STREAM_S

__all__ = ["STILL_WORKING", "STILL_WORKING_EVERY_S", "StreamedReply", "send_message"]

STILL_WORKING = "⏳ Still working..."
STILL_WORKING_EVERY_S = 120.0


@dataclass(frozen=True)
class StreamedReply:
    text: str
    """Words for the user, GUI talk removed."""
    actions: tuple[str, ...] = ()
    """What the GUI talk stood for and the runtime should do (``state``, ``export``)."""
    silent: bool = False
    """True when the stream carried no text at all."""
    understood: tuple[str, ...] | None = None
    """What the editor did, in short phrases; None when the backend does not say."""
    not_understood: tuple[str, ...] | None = None
    question: bool = False
    """True when the reply asks something back."""
    """The fragments of the message the editor could not use; None when the backend does not say."""


def send_message(
    http: HttpClient,
    session_id: str,
    message: str,
    *,
    notify: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    still_working_every: float = STILL_WORKING_EVERY_S,
    max_seconds: float = MAX_STREAM_S,
) -> StreamedReply:
    body = RunRequest(
        session_id=session_id, new_message=NewMessage(parts=[MessagePart(text=message)])
    ).model_dump()
    pieces: list[str] = []
    understanding: MessageUnderstanding | None = None
    last_news = clock()
    with http.stream(RUN_SSE.path(), body, clock=clock, max_seconds=max_seconds) as stream:
        for event in stream:
            # Tool calls and results are the backend's business: never shown.
            if isinstance(event, MessageUnderstanding):
                understanding = event
            elif event.type == "text":
                pieces.append(event.content or "")
                last_news = clock()
            elif event.type == "heartbeat" and clock() - last_news >= still_working_every:
                if notify is not None:
                    notify(STILL_WORKING)
                last_news = clock()
    joined = "".join(pieces).strip()
    translated = translate(joined)
    return StreamedReply(
        translated.text,
        translated.actions,
        silent=not joined,
        understood=tuple(understanding.understood) if understanding else None,
        not_understood=tuple(understanding.not_understood) if understanding else None,
        question=understanding.question if understanding else False,
    )
