"""``understood`` / ``not_understood`` from the stream: taken when the backend sends them
(as an event of their own or inside the final tool_result), absent when it does not."""

from __future__ import annotations

import json

from nemo_skill.client.sse import ServerSentEvent
from nemo_skill.client.stream import parse_event
from nemo_skill.models import MessageUnderstanding, SSEEvent


def event(payload: dict) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(payload))


def test_inside_the_final_tool_result() -> None:
    events = parse_event(
        event(
            {
                "type": "tool_result",
                "name": "edit",
                "result": {"understood": ["9:16"], "not_understood": ["pizza"]},
            }
        )
    )
    assert isinstance(events[0], SSEEvent) and events[0].type == "tool_result"
    assert events[1] == MessageUnderstanding(understood=["9:16"], not_understood=["pizza"])


def test_as_an_event_of_its_own() -> None:
    assert parse_event(event({"type": "understanding", "understood": ["a title"]})) == [
        MessageUnderstanding(understood=["a title"], not_understood=[])
    ]


def test_absent_or_malformed_is_no_understanding() -> None:
    assert parse_event(event({"type": "tool_result", "name": "edit", "result": {"draft": {}}})) == [
        SSEEvent(type="tool_result", name="edit", result={"draft": {}})
    ]
    assert parse_event(event({"type": "whatever", "understood": "not a list"})) == [
        SSEEvent(type="heartbeat")
    ]
