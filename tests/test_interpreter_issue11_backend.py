"""Issue #11's examples that need the real local backend: undo then redo, "order me a pizza"
in a fresh session, ``chat``'s exit code when nothing was understood, the lists of what was
and was not understood on the SSE stream and in ``--json``, a first request that used to
crash, and ``route "list the tracks"``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from backend_helpers import Api, jpeg_bytes
from conftest import LocalServer, cli

from nemo_skill.router import route

PHOTO_COLOURS = [(40 + 30 * i, 90, 200 - 20 * i) for i in range(6)]


class Session(Api):
    """One anonymous user with six uploaded photos, over the real HTTP API."""

    def send(self, message: str) -> list[dict[str, Any]]:
        events = self.message(message)
        assert not [event for event in events if event.get("type") in ("error", "envelope")], events
        return events

    def draft(self) -> dict[str, Any] | None:
        return self.state().get("draft")

    def available(self) -> int:
        return int(self.credits()["available"])

    def __repr__(self) -> str:
        # Failing assertions print the objects they name: never the token.
        return f"Session({self.session_id})"


@pytest.fixture
def session(local_server: LocalServer) -> Iterator[Session]:
    opened = Session.new(local_server.url)
    opened.upload_ok(
        *((f"photo{i}.jpg", jpeg_bytes(320, 240, colour)) for i, colour in enumerate(PHOTO_COLOURS))
    )
    yield opened


def _values(tree: Any, key: str) -> list[Any]:
    """Every value stored under ``key`` anywhere in a JSON tree (the lists may travel as an
    event of their own or as fields of the final tool result)."""
    if isinstance(tree, dict):
        return [v for k, v in tree.items() if k == key] + [x for v in tree.values() for x in _values(v, key)]
    if isinstance(tree, list):
        return [x for v in tree for x in _values(v, key)]
    return []


def _aspect(draft: dict[str, Any]) -> tuple[int, int]:
    return draft["m"]["w"], draft["m"]["h"]


def test_undo_then_redo_returns_the_edited_version(session: Session) -> None:
    session.send("make a video")
    first = session.draft()
    assert first is not None
    session.send("make it square")
    square = session.draft()
    assert square is not None and square["m"]["w"] == square["m"]["h"]
    session.send("undo")
    assert session.draft() == first
    session.send("redo")
    assert session.draft() == square
    # A new edit after an undo ends what can be redone.
    session.send("undo")
    session.send("make it vertical")
    vertical = session.draft()
    assert vertical is not None and vertical["m"]["h"] > vertical["m"]["w"]
    session.send("redo")
    assert session.draft() == vertical


def test_a_pizza_in_a_fresh_session_changes_nothing_and_costs_nothing(session: Session) -> None:
    credits = session.available()
    events = session.send("order me a pizza")
    assert session.draft() is None
    assert session.available() == credits
    assert "".join(event.get("content", "") for event in events if event.get("type") == "text").strip()
    assert any(_values(events, "not_understood")), events


def test_sse_lists_what_was_understood_and_what_was_not(session: Session) -> None:
    session.send("make a video")
    events = session.send("make it square and order me a pizza")
    draft = session.draft()
    assert draft is not None and draft["m"]["w"] == draft["m"]["h"]
    assert any(_values(events, "understood")), events
    assert any(_values(events, "not_understood")), events


def test_the_crashing_first_request_now_makes_the_video(session: Session) -> None:
    """ "a 30-second 1080p video with crossfade transitions" put 30 s on the transitions (a 500)."""
    session.send("a 30-second 1080p video with crossfade transitions")
    draft = session.draft()
    assert draft is not None
    assert abs(sum(seg["d"] for seg in draft["t"][0]["sg"]) - 30000) <= 300
    assert min(_aspect(draft)) == 1080
    assert all(seg["m"]["tr"]["name"] == "fade" for seg in draft["t"][0]["sg"][:-1])


def _photo_files(folder: Path) -> list[str]:
    paths = []
    for i in range(3):
        path = folder / f"p{i}.jpg"
        path.write_bytes(jpeg_bytes(320, 240, PHOTO_COLOURS[i]))
        paths.append(str(path))
    return paths


@pytest.mark.slow
def test_chat_exits_1_when_nothing_was_understood(
    client_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = cli("chat", "order me a pizza", "--attach", *_photo_files(tmp_path), "--new-session")
    assert refused.returncode == 1, refused
    assert refused.stdout.strip() or refused.stderr.strip()
    assert "Traceback" not in refused.stderr
    made = cli("chat", "make a video")
    assert made.returncode == 0, made
    again = cli("chat", "order me a pizza", "--json")
    assert again.returncode == 1, again
    answer = json.loads(again.stdout)
    assert answer["ok"] is False and answer["text"]
    compound = cli("chat", "make it square and order me a pizza", "--json")
    assert compound.returncode == 0, compound
    answer = json.loads(compound.stdout)
    assert answer["ok"] is True
    assert any(_values(answer, "not_understood")), answer


def test_list_the_tracks_routes_to_the_state() -> None:
    assert route("list the tracks").action == "state"
    routed = cli("route", "list the tracks", "--json")
    assert routed.returncode == 0 and json.loads(routed.stdout)["action"] == "state"
