"""The SSE decoder and the typed Stream, on bytes a server could send."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from nemo_skill import InsufficientCredits, ServerError, StreamError
from nemo_skill.client.sse import IncompleteEvent, ServerSentEvent, iter_lines, iter_sse
from nemo_skill.client.stream import Stream, parse_event
from nemo_skill.models import SSEEvent


def lines(*chunks: str) -> list[str]:
    return list(iter_lines(chunks))


def test_lines_split_on_cr_lf_and_crlf_only() -> None:
    assert lines("a\nb\rc\r\nd\n") == ["a", "b", "c", "d"]
    # \u2028, \x0b, \x1c, \x85 are line breaks for str.splitlines but not for SSE.
    text = "data: x\u2028y\x0bz\x1cw\x85v\n"
    assert lines(text) == ["data: x\u2028y\x0bz\x1cw\x85v"]


def test_crlf_split_across_chunks_is_one_line_break() -> None:
    assert lines("a\r", "\nb\n") == ["a", "b"]
    assert lines("a\r", "b\n") == ["a", "b"]
    assert lines("a\r") == ["a"]


def test_multiline_data_fields_and_comments() -> None:
    events = list(iter_sse(lines(": ping\n", "event: update\nid: 7\nretry: 1500\ndata: one\ndata:two\n\n")))
    assert events[0] == ServerSentEvent(event="comment", data="ping", comment=True)
    assert events[1] == ServerSentEvent(event="update", data="one\ntwo", id="7", retry=1500)


def test_event_without_data_is_not_dispatched_and_empty_data_is() -> None:
    assert list(iter_sse(["event: x", ""])) == []
    assert list(iter_sse(["data:", ""])) == [ServerSentEvent(data="")]


def test_stream_ending_inside_an_event_raises() -> None:
    with pytest.raises(IncompleteEvent):
        list(iter_sse(lines('data: {"type": "text", "content": "half')))


HEARTBEAT = SSEEvent(type="heartbeat")


def sse(payload: object) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(payload))


def test_protocol_event_shapes() -> None:
    assert parse_event(sse({"type": "text", "content": "Hi"})) == [SSEEvent(type="text", content="Hi")]
    assert parse_event(sse({"type": "tool_call", "name": "set_canvas", "args": {"w": 1}})) == [
        SSEEvent(type="tool_call", name="set_canvas", args={"w": 1})
    ]
    assert parse_event(sse({"type": "tool_result", "name": "set_canvas", "result": {"ok": True}})) == [
        SSEEvent(type="tool_result", name="set_canvas", result={"ok": True})
    ]
    assert parse_event(sse({"type": "heartbeat"})) == [HEARTBEAT]
    assert parse_event(ServerSentEvent(event="comment", comment=True)) == [HEARTBEAT]
    assert parse_event(ServerSentEvent(data="")) == [HEARTBEAT]


def test_adk_event_shapes() -> None:
    event = sse(
        {
            "author": "nemo",
            "content": {
                "parts": [
                    {"text": "Added music."},
                    {"functionCall": {"name": "add_music", "args": {"mood": "romantic"}}},
                    {"functionResponse": {"name": "add_music", "response": {"ok": True}}},
                ]
            },
        }
    )
    assert parse_event(event) == [
        SSEEvent(type="text", content="Added music."),
        SSEEvent(type="tool_call", name="add_music", args={"mood": "romantic"}),
        SSEEvent(type="tool_result", name="add_music", result={"ok": True}),
    ]


def test_error_events_use_the_envelope_mapping() -> None:
    with pytest.raises(InsufficientCredits) as info:
        parse_event(
            sse(
                {"type": "error", "code": 2001, "message": "no credits", "data": {"register_url": "u?bind=1"}}
            )
        )
    assert "u?bind=1" in str(info.value)
    with pytest.raises(ServerError):
        parse_event(sse({"type": "error", "code": 5555, "message": "boom"}))


class FakeResponse:
    def __init__(self, chunks: list[bytes], fail: Exception | None = None) -> None:
        self.chunks, self.fail, self.closed = chunks, fail, False

    def iter_bytes(self) -> Iterator[bytes]:
        yield from self.chunks
        if self.fail is not None:
            raise self.fail

    def close(self) -> None:
        self.closed = True


def test_stream_yields_typed_events_and_closes_its_response() -> None:
    body = (
        'data: {"type":"text","content":"Hel"}\n\ndata: {"type":"text","content":"lo 你好"}\r\n\r\n'.encode()
    )
    # Split inside a multi-byte character: the decoder must keep it whole.
    cut = body.index("你".encode()) + 1
    response = FakeResponse([body[:cut], body[cut:]])
    with Stream(response) as stream:
        texts = [e.content for e in stream if isinstance(e, SSEEvent) and e.type == "text"]
    assert texts == ["Hel", "lo 你好"]
    assert response.closed


def test_stream_closes_when_abandoned_early() -> None:
    response = FakeResponse([b'data: {"type":"text","content":"a"}\n\n' * 3])
    stream = Stream(response)
    next(iter(stream))
    stream.close()
    assert response.closed


def test_adk_partial_pieces_are_not_repeated_by_the_final_event() -> None:
    events = [
        {"content": {"parts": [{"text": "Made "}]}, "partial": True},
        {"content": {"parts": [{"text": "a video."}]}, "partial": True},
        {"content": {"parts": [{"text": "Made a video."}]}, "partial": False},
    ]
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events).encode()
    texts = [
        e.content or "" for e in Stream(FakeResponse([body])) if isinstance(e, SSEEvent) and e.type == "text"
    ]
    assert "".join(texts) == "Made a video."


def test_stream_cut_mid_event_is_a_stream_error() -> None:
    response = FakeResponse([b'data: {"type":"text","content":"a"}\n\ndata: {"type":"te'])
    with pytest.raises(StreamError, match="broke off"):
        list(Stream(response))
    assert response.closed


def test_stream_past_its_time_limit_is_a_stream_error() -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 100.0
        return now[0]

    response = FakeResponse([b": ping\n\n" * 20])
    with pytest.raises(StreamError, match="still working after 15 minutes"):
        list(Stream(response, clock=clock))
    assert response.closed
