"""Structured edits over HTTP (``POST /api/local/v1/sessions/<sid>/edits``) on a real
backend: every op does what it says, all or none, the same credits, versions, undo and
redo as a message, SSE or JSON, and a bad edit named in a 4xx envelope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from backend_helpers import Api, jpeg_bytes, parse_sse, wav_bytes
from conftest import LocalServer, start_server

from nemo_skill.interpreter.edits import EDIT_OPS
from nemo_skill.models.edit_request import EDITS_PATH

JSON = {"Accept": "application/json"}
# Photos taken in upload order (a new video is in capture order).
TAKEN = ["2024:05:01 10:00:00", "2024:05:02 10:00:00", "2024:05:03 10:00:00", "2024:05:04 10:00:00"]


def edits(api: Api, body: dict[str, Any], *, accept: dict[str, str] = JSON) -> httpx.Response:
    return api.post(EDITS_PATH.format(sid=api.session_id), json=body, headers={**api.headers, **accept})


def applied(api: Api, *ops: dict[str, Any]) -> dict[str, Any]:
    response = edits(api, {"edits": list(ops)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["code"] == 0
    return dict(body["data"])


def state_data(api: Api) -> dict[str, Any]:
    """The session's state without its media links: a signed link carries its expiry in
    whole seconds, so two reads a second apart differ there and nowhere else."""
    response = api.get(f"/api/state/nemo_agent/me/{api.session_id}/latest")
    assert response.status_code == 200, response.text
    data = dict(response.json()["data"])
    for info in data.get("state", {}).get("video_infos", []):
        assert info.pop("url", "").startswith("http"), "every media has a link"
    return data


@dataclass(repr=False)  # its Api holds the token: a failing assertion must not print it
class Made:
    api: Api
    photos: list[str]
    song: str

    def video(self, draft: dict[str, Any]) -> list[dict[str, Any]]:
        return next(t for t in draft["t"] if t["tt"] == 0)["sg"]

    def order(self, draft: dict[str, Any]) -> list[int]:
        """The video's photos as their upload numbers (1-based)."""
        return [self.photos.index(seg["src"]) + 1 for seg in self.video(draft)]

    def audio(self, draft: dict[str, Any]) -> list[dict[str, Any]]:
        return [t for t in draft["t"] if t["tt"] == 1]

    def texts(self, draft: dict[str, Any]) -> list[dict[str, Any]]:
        return [seg for t in draft["t"] if t["tt"] == 7 for seg in t["sg"]]


def made(url: str) -> Made:
    """A session with four dated photos and a song, and a video made from them by typed edits."""
    api = Api.new(url)
    photos = api.upload_ok(
        *[(f"{i}.jpg", jpeg_bytes(color=(50 * i, 90, 140), taken_at=TAKEN[i])) for i in range(4)]
    )
    (song,) = api.upload_ok(("song.wav", wav_bytes(1.0)))
    data = applied(api, {"op": "generate"}, {"op": "set_length", "seconds": 12})
    assert data["changed"] and data["cost"] == 5 and data["version"] == 1
    return Made(api, [p["media_id"] for p in photos], song["media_id"])


@dataclass
class Case:
    edit: dict[str, Any]
    check: Callable[[Made, dict[str, Any], dict[str, Any]], bool]
    """(session, draft before, draft after) -> holds."""
    setup: list[dict[str, Any]] = field(default_factory=list)


def _cuts(m: Made, draft: dict[str, Any]) -> set[tuple[str, int]]:
    return {(seg["m"]["tr"]["name"], seg["m"]["tr"]["d"]) for seg in m.video(draft)[:-1]}


CASES: dict[str, Case] = {
    "set_aspect": Case({"aspect": "9:16"}, lambda m, b, a: a["m"]["w"] * 16 == a["m"]["h"] * 9),
    "set_resolution": Case({"resolution": "720p"}, lambda m, b, a: min(a["m"]["w"], a["m"]["h"]) == 720),
    "set_fps": Case({"fps": 24}, lambda m, b, a: a["m"]["fps"] == 24),
    "set_length": Case(
        {"seconds": 8}, lambda m, b, a: a["d"] == 8000 and sum(s["d"] for s in m.video(a)) == 8000
    ),
    "set_photo_duration": Case(
        {"photo": 2, "seconds": 4.5},
        lambda m, b, a: m.video(a)[1]["d"] == 4500 and m.video(a)[0]["d"] == m.video(b)[0]["d"],
    ),
    "beat_sync": Case(
        {"on": False},
        lambda m, b, a: b["t"][0]["m"].get("beats") is True and a["t"][0]["m"].get("beats") is False,
    ),
    "set_transition": Case(
        {"name": "fadeblack", "seconds": 1}, lambda m, b, a: _cuts(m, a) == {("fadeblack", 1000)}
    ),
    "soften_transitions": Case(
        {},
        lambda m, b, a: {n for n, _ in _cuts(m, a)} == {"fade"} and min(d for _, d in _cuts(m, a)) > 400,
        setup=[{"op": "set_transition", "name": "slideleft", "seconds": 0.4}],
    ),
    "fade_in": Case({"seconds": 2}, lambda m, b, a: a["m"]["fade_in"] == 2000),
    "fade_out": Case({"seconds": 1.5}, lambda m, b, a: a["m"]["fade_out"] == 1500),
    "set_music": Case(
        {"mood": "jazz", "volume": 0.5},
        lambda m, b, a: m.audio(a)[0]["sg"][0]["src"] == "library:jazz" and m.audio(a)[0]["m"]["vol"] == 0.5,
    ),
    "add_music": Case(
        {},
        lambda m, b, a: [t["sg"][0]["src"] for t in m.audio(a)] == [m.song],
        setup=[{"op": "remove_music"}],
    ),
    "remove_music": Case({}, lambda m, b, a: m.audio(b) != [] and m.audio(a) == []),
    "set_volume": Case({"volume": 0.8}, lambda m, b, a: m.audio(a)[0]["m"]["vol"] == 0.8),
    "music_fade": Case(
        {"fade_in": 2, "fade_out": 3},
        lambda m, b, a: (m.audio(a)[0]["sg"][0]["m"]["fade_in"], m.audio(a)[0]["sg"][0]["m"]["fade_out"])
        == (2000, 3000),
    ),
    "set_title": Case(
        {"text": "Our Day", "position": "top", "color": "gold"},
        lambda m, b, a: [(s["m"]["text"], s["m"]["pos"], s["m"]["color"]) for s in m.texts(a)]
        == [("Our Day", "top", "#FFD700")],
    ),
    "remove_title": Case(
        {}, lambda m, b, a: m.texts(b) != [] and m.texts(a) == [], setup=[{"op": "set_title", "text": "Hi"}]
    ),
    "set_filter": Case(
        {"name": "bw", "photo": [1, 3]},
        lambda m, b, a: [s["m"].get("filter") == "bw" for s in m.video(a)] == [True, False, True, False],
    ),
    "set_motion": Case(
        {"on": False},
        lambda m, b, a: any(s["m"]["kb"]["on"] for s in m.video(b)) and not any(s["m"]["kb"]["on"] for s in m.video(a)),
    ),
    "set_style": Case(
        {"name": "oldfilm"}, lambda m, b, a: {s["m"].get("filter") for s in m.video(a)} == {"vintage"}
    ),
    "move_photo": Case({"from": 4, "to": 1}, lambda m, b, a: m.order(a) == [4, 1, 2, 3]),
    "remove_photo": Case({"photo": [2, 3]}, lambda m, b, a: m.order(a) == [1, 4]),
    "swap_photos": Case({"a": 1, "b": 4}, lambda m, b, a: m.order(a) == [4, 2, 3, 1]),
    "shuffle": Case(
        {"seed": 7}, lambda m, b, a: sorted(m.order(a)) == [1, 2, 3, 4] and m.order(a) != [1, 2, 3, 4]
    ),
    "reverse": Case({}, lambda m, b, a: m.order(a) == [4, 3, 2, 1]),
    "sort_by_date": Case(
        {}, lambda m, b, a: m.order(b) == [4, 3, 2, 1] and m.order(a) == [1, 2, 3, 4], setup=[{"op": "reverse"}]
    ),
    "add_new_media": Case(
        {}, lambda m, b, a: m.order(b) == [2, 3, 4] and m.order(a) == [2, 3, 4, 1], setup=[{"op": "remove_photo", "photo": 1}]
    ),
    "generate": Case(
        {}, lambda m, b, a: b["d"] == 12000 and a["d"] != 12000 and m.order(a) == [1, 2, 3, 4]
    ),
    "undo": Case(
        {}, lambda m, b, a: b["m"]["w"] == b["m"]["h"] and a["m"]["w"] > a["m"]["h"], setup=[{"op": "set_aspect", "aspect": "1:1"}]
    ),
    "redo": Case(
        {},
        lambda m, b, a: b["m"]["w"] > b["m"]["h"] and a["m"]["w"] == a["m"]["h"],
        setup=[{"op": "set_aspect", "aspect": "1:1"}, {"op": "undo"}],
    ),
}  # fmt: skip


def test_every_op_has_a_case() -> None:
    assert set(CASES) == set(EDIT_OPS)


@pytest.mark.slow
@pytest.mark.parametrize("op", sorted(CASES))
def test_every_op_changes_what_it_says(local_server: LocalServer, op: str) -> None:
    case = CASES[op]
    m = made(local_server.url)
    for step in case.setup:  # one request each: undo and redo stand alone
        applied(m.api, step)
    before = state_data(m.api)
    data = applied(m.api, {"op": op, **case.edit})
    after = state_data(m.api)
    assert data["changed"] is True, data["reply"]
    assert data["version"] == after["version"] == before["version"] + 1
    assert data["draft"] == after["state"]["draft"]
    held = case.check(m, before["state"]["draft"], after["state"]["draft"])
    assert held, (op, data["reply"], m.order(before["state"]["draft"]), m.order(after["state"]["draft"]))
    names = [step["op"] for step in data["applied"]]
    assert names == ["generate_draft" if op == "generate" else op]
    assert data["reply"].strip()


def test_a_list_whose_third_edit_is_bad_changes_nothing(local_server: LocalServer) -> None:
    m = made(local_server.url)
    before, credits = state_data(m.api), m.api.credits()
    first_two = [{"op": "set_aspect", "aspect": "9:16"}, {"op": "reverse"}]
    malformed = edits(m.api, {"edits": [*first_two, {"op": "set_aspect", "aspect": "7:3"}]})
    impossible = edits(m.api, {"edits": [*first_two, {"op": "remove_photo", "photo": 9}]})
    unknown = edits(m.api, {"edits": [*first_two, {"op": "explode"}]})
    for response, op, said in (
        (malformed, "set_aspect", "aspect"),
        (impossible, "remove_photo", "only 4"),
        (unknown, "explode", "unknown op"),
    ):
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["code"] == 400 and body["data"] == {"edit": 3, "op": op}
        assert body["message"].startswith(f"edit 3 ({op}): ") and said in body["message"]
    assert state_data(m.api) == before  # same draft, same version
    assert m.api.credits() == credits  # nothing charged, nothing held


def test_bad_bodies_are_named(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    cases = [
        ({"edits": []}, "no edits given"),
        ({"edits": "set_aspect"}, '"edits" must be a list'),
        ({"edit": [{"op": "undo"}]}, '"edits" must be a list'),
        ({"edits": [{"aspect": "9:16"}]}, 'edit 1 has no "op"'),
        ({"edits": [{"op": "undo"}], "expected_version": "x"}, "expected_version"),
        ({"edits": [{"op": "set_length", "seconds": 10}]}, "there is no video yet"),
        ({"edits": [{"op": "generate"}]}, "no photos or clips"),
    ]
    for body, said in cases:
        response = edits(api, body)
        assert response.status_code == 400, (body, response.text)
        assert said in response.json()["message"], (body, response.json())
    assert (
        edits(api, {"edits": [{"op": "undo"}]}, accept={}).status_code == 400
    )  # SSE asked: still an envelope
    assert api.credits()["available"] == 100


def test_sse_answer_is_a_messages_events(local_server: LocalServer) -> None:
    m = made(local_server.url)
    body = {"edits": [{"op": "move_photo", "from": -1, "to": 1}, {"op": "set_length", "seconds": 8}]}
    with m.api.http.stream(
        "POST",
        f"{m.api.url}{EDITS_PATH.format(sid=m.api.session_id)}",
        json=body,
        headers={**m.api.headers, "Accept": "text/event-stream"},
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = list(parse_sse(response.iter_lines()))
    kinds = [(e["type"], e.get("name")) for e in events]
    assert kinds[:4] == [
        ("tool_call", "move_photo"),
        ("tool_result", "move_photo"),
        ("tool_call", "set_length"),
        ("tool_result", "set_length"),
    ]
    assert events[0]["args"] == {"from": -1, "to": 1, "among": "items"}
    assert events[1]["result"]["changed"] is True
    understood = events[4]
    assert understood["name"] == "interpretation" and understood["result"]["changed"] is True
    assert understood["result"]["not_understood"] == [] and len(understood["result"]["understood"]) == 2
    text = "".join(e["content"] for e in events if e["type"] == "text")
    assert "8 seconds" in text and all(e["type"] == "text" for e in events[5:])
    assert m.order(m.api.state()["draft"]) == [4, 1, 2, 3]


def test_credits_and_versions_follow_the_message_rule(local_server: LocalServer) -> None:
    m = made(local_server.url)  # generate: 5
    assert m.api.credits()["available"] == 95
    three = applied(
        m.api, {"op": "set_aspect", "aspect": "1:1"}, {"op": "reverse"}, {"op": "set_title", "text": "A"}
    )
    assert three["cost"] == 1 and m.api.credits()["available"] == 94  # one request, one credit
    same = applied(m.api, {"op": "set_aspect", "aspect": "1:1"})
    assert same["changed"] is False and same["cost"] == 0 and same["version"] == three["version"]
    undone = applied(m.api, {"op": "undo"})
    redone = applied(m.api, {"op": "redo"})
    assert (undone["cost"], redone["cost"]) == (0, 0) and m.api.credits() == {
        "available": 94,
        "frozen": 0,
        "total": 94,
    }
    assert redone["draft"] == three["draft"]


def test_undo_and_redo_by_edits_and_words_share_one_history(local_server: LocalServer) -> None:
    m = made(local_server.url)
    square = applied(m.api, {"op": "set_aspect", "aspect": "1:1"})
    undone = applied(m.api, {"op": "undo"})
    assert undone["redo_version"] == square["version"] and undone["draft"]["m"]["w"] == 1920
    assert state_data(m.api)["redo_version"] == square["version"]
    events = m.api.message("redo")  # words redo what an edit undid
    assert not [e for e in events if e["type"] == "error"], events
    assert m.api.state()["draft"]["m"]["w"] == 1080
    applied(m.api, {"op": "undo"})
    applied(m.api, {"op": "set_fps", "fps": 25})  # a new edit ends what can be redone
    assert state_data(m.api)["redo_version"] is None
    refused = edits(m.api, {"edits": [{"op": "redo"}]})
    assert refused.status_code == 400 and "nothing to redo" in refused.json()["message"]
    alone = edits(m.api, {"edits": [{"op": "reverse"}, {"op": "undo"}]})
    assert alone.status_code == 400 and alone.json()["message"].startswith("edit 2 (undo) stands alone")


def test_expected_version_guards_a_stale_view(local_server: LocalServer) -> None:
    m = made(local_server.url)
    seen = state_data(m.api)["version"]
    applied(m.api, {"op": "reverse"})  # someone else's edit
    stale = edits(m.api, {"edits": [{"op": "move_photo", "from": 4, "to": 1}], "expected_version": seen})
    assert stale.status_code == 409 and stale.json()["code"] == 409
    assert "changed meanwhile" in stale.json()["message"] and stale.json()["data"] == {"version": seen + 1}
    assert m.order(m.api.state()["draft"]) == [4, 3, 2, 1]
    fresh = edits(m.api, {"edits": [{"op": "move_photo", "from": 4, "to": 1}], "expected_version": seen + 1})
    assert fresh.status_code == 200 and m.order(fresh.json()["data"]["draft"]) == [1, 4, 3, 2]


def test_only_the_owner_with_a_token_and_credits_may_edit(local_server: LocalServer) -> None:
    m = made(local_server.url)
    other = Api.new(local_server.url)
    path = EDITS_PATH.format(sid=m.api.session_id)
    body = {"edits": [{"op": "reverse"}]}
    foreign = other.post(path, json=body, headers={**other.headers, **JSON})
    assert foreign.status_code == 404 and foreign.json()["code"] == 1002
    anonymous = httpx.post(f"{local_server.url}{path}", json=body)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 1001
    assert m.order(m.api.state()["draft"]) == [1, 2, 3, 4]


@pytest.mark.slow
def test_no_credits_left_is_2001_and_nothing_changes(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--credits", "6")  # a video (5) and one edit
    try:
        m = made(server.url)
        applied(m.api, {"op": "reverse"})
        assert m.api.credits()["available"] == 0
        before = state_data(m.api)
        refused = edits(m.api, {"edits": [{"op": "reverse"}]})
        assert refused.status_code == 403 and refused.json()["code"] == 2001
        assert refused.json()["data"]["register_url"].endswith(f"bind={m.api.user_id}")
        assert state_data(m.api) == before
    finally:
        server.stop()


@pytest.mark.slow
def test_a_machines_own_backend_tops_up_before_edits_as_before_messages(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--credits", "unlimited")
    try:
        m = made(server.url)
        applied(m.api, {"op": "reverse"})
        assert m.api.credits()["available"] == 1000 - 1  # topped up before the edit, then charged 1
    finally:
        server.stop()
