"""A Server-Sent Events decoder (the WHATWG rules, in the spirit of httpx-sse).

Lines end at CR, LF or CRLF and nowhere else: ``str.splitlines`` would also split
on \\x0b, \\x1c, \\u2028 and friends, which may legally appear inside a JSON
payload. Comment lines (``: ping``) are reported as heartbeats, because the
caller measures how long the backend has been silently working.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["IncompleteEvent", "ServerSentEvent", "iter_lines", "iter_sse"]


@dataclass(frozen=True)
class ServerSentEvent:
    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None
    comment: bool = False
    """True for a comment line: no payload, the backend saying it is still alive."""


class IncompleteEvent(Exception):
    """The stream ended in the middle of an event (fields read, no blank line)."""


def iter_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split decoded text chunks into lines on CR, LF and CRLF only."""
    pending = ""
    for chunk in chunks:
        if not chunk:
            continue
        text = pending + chunk
        pending = ""
        start = 0
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                yield text[start:i]
                start = i + 1
            elif ch == "\r":
                if i + 1 == n:
                    # A CR at the end of a chunk may be the first half of CRLF: wait.
                    break
                yield text[start:i]
                start = i + 2 if text[i + 1] == "\n" else i + 1
                i = start - 1
            i += 1
        pending = text[start:]
    if pending:
        # A trailing lone CR ends a line; anything else is an unterminated last line.
        if pending.endswith("\r"):
            yield pending[:-1]
        else:
            yield pending


def iter_sse(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    """Group lines into events; raise :class:`IncompleteEvent` if the stream stops inside one."""
    event, last_id, retry = "", None, None
    data: list[str] = []
    dirty = False
    for line in lines:
        if line == "":
            if data:
                yield ServerSentEvent(event or "message", "\n".join(data), last_id, retry)
            event, data, retry, dirty = "", [], None, False
            continue
        if line.startswith(":"):
            yield ServerSentEvent(event="comment", data=line[1:].lstrip(" "), comment=True)
            continue
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        dirty = True
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id" and "\0" not in value:
            last_id = value
        elif name == "retry" and value.isdigit():
            retry = int(value)
        # Unknown field names are ignored, as the spec says.
    if dirty:
        raise IncompleteEvent("the stream ended in the middle of an event")
