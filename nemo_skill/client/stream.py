"""``Stream``: the typed events of one ``/run_sse`` answer.

It understands both shapes the protocol allows: ours
(``{"type": "text"|"tool_call"|"tool_result"|"heartbeat"|"error", ...}``) and Google
ADK's (``{"content": {"parts": [...]}, "author", "partial"}``), and yields both as the
wire model the backend sends, :class:`~nemo_skill.models.wire.SSEEvent` (with a
:class:`~nemo_skill.models.wire.MessageUnderstanding` when the editor says what it
understood). Error events become exceptions through the same mapping as every other
answer. The stream owns its HTTP response and closes it however iteration ends.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Protocol

from .._exceptions import StreamError
from ..models.wire import MessageUnderstanding, SSEEvent
from ._errors import AccountContext, error_from_envelope
from .sse import IncompleteEvent, ServerSentEvent, iter_lines, iter_sse

__all__ = ["MAX_STREAM_S", "Stream", "StreamEvent", "parse_event"]

MAX_STREAM_S = 15 * 60

StreamEvent = SSEEvent | MessageUnderstanding
"""An event of our shape (an ADK event becomes one), or what the editor understood."""

_UNDERSTANDING_KEYS = ("understood", "not_understood")


def _understanding(fields: dict[str, Any]) -> list[StreamEvent]:
    """A :class:`MessageUnderstanding` from ``understood``/``not_understood`` lists, if there are any.

    They may come as an event of their own or inside the final tool_result (both shapes
    are allowed by docs/local-backend.md); a backend that sends neither is fine too."""
    lists: dict[str, list[Any]] = {k: v for k in _UNDERSTANDING_KEYS if isinstance(v := fields.get(k), list)}
    if not lists:
        return []
    phrases = {k: [str(item) for item in v if isinstance(item, str | int | float)] for k, v in lists.items()}
    return [
        MessageUnderstanding(
            understood=phrases.get("understood", []),
            not_understood=phrases.get("not_understood", []),
            changed=fields.get("changed") is True,
            question=fields.get("question") is True,
        )
    ]


def _text(content: str) -> SSEEvent:
    return SSEEvent(type="text", content=content)


def _heartbeat() -> SSEEvent:
    return SSEEvent(type="heartbeat")


class _ByteResponse(Protocol):
    def iter_bytes(self) -> Iterator[bytes]: ...
    def close(self) -> None: ...


def _adk_parts(payload: dict[str, Any]) -> list[StreamEvent]:
    content = payload.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    events: list[StreamEvent] = []
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            events.append(_text(part["text"]))
        elif isinstance(part.get("functionCall"), dict):
            call = part["functionCall"]
            events.append(
                SSEEvent(type="tool_call", name=str(call.get("name", "")), args=dict(call.get("args") or {}))
            )
        elif isinstance(part.get("functionResponse"), dict):
            resp = part["functionResponse"]
            result = resp.get("response")
            events.append(
                SSEEvent(
                    type="tool_result",
                    name=str(resp.get("name", "")),
                    result=result if isinstance(result, dict) else {},
                )
            )
    return events


def _decode(sse: ServerSentEvent) -> dict[str, Any] | str | None:
    """The event's JSON object, its plain text, or None for a heartbeat."""
    if sse.comment or not sse.data.strip():
        return None
    try:
        payload = json.loads(sse.data)
    except ValueError:
        return sse.data  # plain text data is still words for the user (some proxies send it so)
    return payload if isinstance(payload, dict) else None


def _typed(
    sse: ServerSentEvent, payload: dict[str, Any] | str | None, account: AccountContext | None
) -> list[StreamEvent]:
    if payload is None:
        return [_heartbeat()]
    if isinstance(payload, str):
        return [_text(payload)]
    kind = payload.get("type")
    code = payload.get("code")
    if kind == "error" or sse.event == "error" or (isinstance(code, int) and code != 0):
        error = error_from_envelope(
            code if isinstance(code, int) else 500,
            payload.get("message"),
            payload.get("data"),
            account=account,
        )
        if error is not None:
            raise error
    if kind == "text":
        return [_text(str(payload.get("content") or ""))]
    if kind == "tool_call":
        return [
            SSEEvent(
                type="tool_call", name=str(payload.get("name", "")), args=dict(payload.get("args") or {})
            )
        ]
    if kind == "tool_result":
        result = dict(payload.get("result") or {})
        return [
            SSEEvent(type="tool_result", name=str(payload.get("name", "")), result=result),
            *_understanding(result),
        ]
    if kind is None and "content" in payload:
        return _adk_parts(payload)
    return _understanding(payload) or [_heartbeat()]


def parse_event(sse: ServerSentEvent, account: AccountContext | None = None) -> list[StreamEvent]:
    """The typed events in one SSE event; raises the mapped error for an error event."""
    return _typed(sse, _decode(sse), account)


class Stream:
    """Iterate typed events; closes the response at the end, on error, or on ``close()``.

    ``clock`` and ``max_seconds`` are injectable so a test can run past the
    15-minute limit without waiting for it.
    """

    def __init__(
        self,
        response: _ByteResponse,
        *,
        account: AccountContext | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_seconds: float = MAX_STREAM_S,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self._response = response
        self._account = account
        self._clock = clock
        self._max_seconds = max_seconds
        self._on_close = on_close
        self._closed = False
        self._started = clock()
        self._partial_text = ""

    def __repr__(self) -> str:
        return f"<Stream {'closed' if self._closed else 'open'}>"

    def __enter__(self) -> Stream:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._response.close()
        finally:
            if self._on_close is not None:
                self._on_close()

    def _chunks(self) -> Iterator[str]:
        import httpx

        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        try:
            for chunk in self._response.iter_bytes():
                yield decoder.decode(chunk)
        except httpx.TimeoutException:
            raise StreamError(
                "the backend went silent in the middle of a reply (no heartbeat for too long)",
                hint="try the message again",
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.NetworkError):
            raise StreamError(
                "the reply stream broke off before it was complete", hint="try the message again"
            ) from None
        yield decoder.decode(b"", final=True)

    def _dedupe_adk(
        self, payload: dict[str, Any] | str | None, events: list[StreamEvent]
    ) -> list[StreamEvent]:
        """ADK streams partial pieces, then repeats the whole text in a final event: drop the repeat."""
        if not isinstance(payload, dict) or "type" in payload or "content" not in payload:
            return events
        texts = "".join(e.content or "" for e in events if isinstance(e, SSEEvent) and e.type == "text")
        if payload.get("partial"):
            self._partial_text += texts
            return events
        if not texts:  # a tool call between the pieces and their final repeat
            return events
        repeat = texts == self._partial_text
        self._partial_text = ""
        return [e for e in events if not (isinstance(e, SSEEvent) and e.type == "text")] if repeat else events

    def __iter__(self) -> Iterator[StreamEvent]:
        try:
            for sse in iter_sse(iter_lines(self._chunks())):
                if self._clock() - self._started > self._max_seconds:
                    raise StreamError(
                        f"the backend was still working after {self._max_seconds / 60:g} minutes; stopped waiting",
                        hint="ask again, or split the request into smaller steps",
                    )
                payload = _decode(sse)
                yield from self._dedupe_adk(payload, _typed(sse, payload, self._account))
        except IncompleteEvent:
            raise StreamError(
                "the reply stream broke off in the middle of an event", hint="try the message again"
            ) from None
        finally:
            self.close()
