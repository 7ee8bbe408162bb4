"""Local backend messages (/run_sse): events, drafts, credits, undo, heartbeats."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from backend_helpers import Api, jpeg_bytes
from conftest import LocalServer

from nemo_skill.interpreter.api import Interpretation, ToolEvent
from nemo_skill.local.app import build_context
from nemo_skill.local.jobs import message_runner
from nemo_skill.local.settings import ServerSettings
from nemo_skill.local.store import accounts
from nemo_skill.local.store import sessions as session_store
from nemo_skill.models import Draft


def _with_photos(url: str, count: int = 3) -> Api:
    api = Api.new(url)
    api.upload_ok(*[(f"p{i}.jpg", jpeg_bytes(64, 48, (40 * i, 90, 160))) for i in range(count)])
    return api


def _types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def test_generation_streams_text_stores_draft_and_charges(local_server: LocalServer) -> None:
    api = _with_photos(local_server.url)
    events = api.message("turn these photos into a video with music")
    types = _types(events)
    assert "text" in types and "error" not in types, events
    assert types.index("tool_call") < types.index("text")
    assert all(set(e) <= {"type", "content", "name", "args", "result"} for e in events)
    state = api.state()
    draft = Draft.model_validate(state["draft"])
    media_ids = {m["media_id"] for m in state["video_infos"]}
    assert draft.renderable and draft.media_ids() <= media_ids and draft.media_ids()
    assert state["canvas_config"]["width"] == draft.m.w
    assert api.credits() == {"available": 95, "frozen": 0, "total": 95}


def test_message_that_changes_nothing_is_free(local_server: LocalServer) -> None:
    api = _with_photos(local_server.url, 1)
    events = api.message("hello")
    assert "text" in _types(events)
    assert api.state()["draft"] is None
    assert api.credits()["available"] == 100


def test_edit_costs_one_and_undo_returns_the_previous_version(local_server: LocalServer) -> None:
    api = _with_photos(local_server.url)
    api.message("make a video")
    first = api.state()["draft"]
    api.message("make it 9:16")
    edited = api.state()["draft"]
    assert edited != first and (edited["m"]["w"], edited["m"]["h"]) == (1080, 1920)
    assert api.credits()["available"] == 94
    api.message("undo")
    assert api.state()["draft"] == first
    assert api.credits()["available"] == 94


def test_undo_and_redo_walk_the_history_both_ways_for_free(local_server: LocalServer) -> None:
    api = _with_photos(local_server.url)
    api.message("make a video")
    versions = [api.state()["draft"]]
    for edit in ("make it 9:16", "make it black and white"):
        api.message(edit)
        versions.append(api.state()["draft"])
    credits = api.credits()["available"]
    for expected in (versions[1], versions[0]):
        api.message("undo")
        assert api.state()["draft"] == expected
    for expected in (versions[1], versions[2]):
        events = api.message("redo")
        assert api.state()["draft"] == expected
        said = next(e["result"] for e in events if e.get("name") == "interpretation")
        assert said["changed"] is True and said["understood"] == ["redo"]
    nothing = api.message("redo")
    assert api.state()["draft"] == versions[2]
    assert "nothing to redo" in "".join(e.get("content", "") for e in nothing)
    assert api.credits()["available"] == credits


def test_every_message_ends_with_what_was_understood(local_server: LocalServer) -> None:
    api = _with_photos(local_server.url)
    api.message("make a video")
    events = api.message("make it square and order me a pizza")
    said = [e for e in events if e["type"] == "tool_result" and e["name"] == "interpretation"]
    assert len(said) == 1 and _types(events)[-1] == "text"
    assert said[0]["result"] == {
        "understood": ["1:1 frame"], "not_understood": ["order me a pizza"], "changed": True, "question": False
    }  # fmt: skip
    asked = api.message("remove the photo")
    result = next(e["result"] for e in asked if e.get("name") == "interpretation")
    assert result["question"] is True and result["changed"] is False


def test_concurrent_messages_never_overspend_then_2001(local_server: LocalServer) -> None:
    api = Api.new(local_server.url, session=False)
    sessions = [api.new_session() for _ in range(24)]
    for sid in sessions:
        assert api.upload(("p.jpg", jpeg_bytes()), session_id=sid).status_code == 200
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda sid: api.message("make a video", session_id=sid), sessions))
    generated = sum(1 for events in results if "text" in _types(events) and "error" not in _types(events))
    # Refused either before the stream opens (an envelope) or as its first event: both say 2001.
    refused = [e for events in results for e in events if e["type"] in ("envelope", "error")]
    assert all(e["code"] == 2001 and "register_url" in e["data"] for e in refused), refused
    credits = api.credits()
    assert credits["frozen"] == 0 and credits["available"] == 100 - 5 * generated >= 0
    assert generated == 20 and len(refused) == 4
    extra = api.message("make a video", session_id=sessions[0])[0]
    assert extra["status"] == 403 and extra["code"] == 2001
    assert extra["data"]["register_url"].endswith(f"/register?bind={api.user_id}")
    assert extra["data"]["user_id"] == api.user_id


def test_run_sse_bad_requests(local_server: LocalServer) -> None:
    owner = Api.new(local_server.url)
    stranger = Api.new(local_server.url)
    foreign = stranger.message("make a video", session_id=owner.session_id)[0]
    assert foreign["status"] == 404 and foreign["code"] == 1002
    missing = owner.post("/run_sse", json={"new_message": {"parts": [{"text": "hi"}]}})
    assert missing.status_code == 400 and "session_id" in missing.json()["message"]
    wrong = owner.post("/run_sse", json={"session_id": owner.session_id, "new_message": {"parts": "hi"}})
    assert wrong.status_code == 400 and "new_message.parts" in wrong.json()["message"]
    empty = owner.message("   ")[0]
    assert empty["status"] == 400 and "no text" in empty["message"]
    no_token = owner.post("/run_sse", json={}, headers={})
    assert no_token.status_code == 401 and no_token.json()["code"] == 1001


# --- the runner on its own: heartbeats and failures, with a stand-in interpreter ---------


def _runner_setup(tmp_path: Path, heartbeat_s: float) -> tuple[Any, Any, str]:
    ctx = build_context(ServerSettings(data_dir=tmp_path / "data", heartbeat_s=heartbeat_s))
    issued = accounts.issue_anonymous_token(ctx.db, "c", now=ctx.now(), ttl_s=3600, credits=100)
    assert issued is not None
    session = session_store.create_session(
        ctx.db, issued.user_id, task_name="p", language="en", skill=None, now=0
    )
    return ctx, session, issued.user_id


def _collect(ctx: Any, session: Any, user_id: str, text: str) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        prepared = message_runner.prepare(ctx, user_id)
        chunks = [
            chunk async for chunk in message_runner.stream_message(ctx, session, user_id, prepared, text)
        ]
        return [json.loads(c.decode()[6:]) for c in chunks]

    return asyncio.run(run())


def test_heartbeats_flow_while_the_interpreter_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, session, user_id = _runner_setup(tmp_path, heartbeat_s=0.05)
    draft = Draft.model_validate(
        {"d": 1000, "t": [{"tt": 7, "sg": [{"st": 0, "d": 1000, "m": {"text": "Hi"}}]}]}
    )
    frozen_during: list[int] = []

    def slow(message: str, interpret_ctx: Any) -> Interpretation:
        frozen_during.append(accounts.balance(ctx.db, user_id).frozen)
        time.sleep(0.5)
        event = ToolEvent("add_text", {"text": "Hi"}, {"ok": True})
        return Interpretation(
            reply="Added a title. It shows for one second.", draft=draft, cost=1, events=[event]
        )

    monkeypatch.setattr(message_runner, "_interpret", slow)
    events = _collect(ctx, session, user_id, "add a title")
    types = _types(events)
    assert types.count("heartbeat") >= 5
    # The last tool result says what was understood (docs/local-backend.md), then the words.
    assert types[-5:] == ["tool_call", "tool_result", "tool_result", "text", "text"]
    assert events[-3]["name"] == "interpretation" and events[-3]["result"]["changed"] is True
    assert events[-2]["content"] == "Added a title. "
    assert frozen_during == [5]
    balance = accounts.balance(ctx.db, user_id)
    assert (balance.available, balance.frozen) == (99, 0)
    assert session_store.latest_draft(ctx.db, session.id).draft == draft.dump()  # type: ignore[union-attr]


def test_interpreter_failure_charges_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, session, user_id = _runner_setup(tmp_path, heartbeat_s=1)

    def broken(message: str, interpret_ctx: Any) -> Interpretation:
        raise ValueError("boom")

    monkeypatch.setattr(message_runner, "_interpret", broken)
    events = _collect(ctx, session, user_id, "make a video")
    assert events[-1]["type"] == "error" and events[-1]["code"] == 500 and "boom" in events[-1]["message"]
    balance = accounts.balance(ctx.db, user_id)
    assert (balance.available, balance.frozen) == (100, 0)
    assert session_store.latest_draft(ctx.db, session.id) is None


def test_the_session_skill_recipe_reaches_the_interpreter(local_server: LocalServer) -> None:
    api = Api.new(local_server.url, session=False)
    wedding = {**api.headers, "X-Skill-Source": "wedding-invitation-video"}
    response = api.post("/api/tasks/me/with-session/nemo_agent", headers=wedding, json={"language": "en"})
    api.session_id = response.json()["data"]["session_id"]
    api.upload_ok(("a.jpg", jpeg_bytes(60, 80)), ("b.jpg", jpeg_bytes(60, 80, (10, 10, 200))))
    api.message("make a video")
    draft = api.state()["draft"]
    # wedding-invitation-video's manifest asks for 9:16; photographer-video (the helper's default) is 16:9.
    assert draft["m"]["h"] > draft["m"]["w"]


def test_text_pieces_split_sentences_and_join_back_exactly() -> None:
    from nemo_skill.local.jobs.message_runner import text_pieces

    english = "I made it. The video is 13.5 s long."
    chinese = "已删除第2张照片，视频现在长13.5秒。已撤销。"
    assert text_pieces(english) == ["I made it. ", "The video is 13.5 s long."]
    assert text_pieces(chinese) == ["已删除第2张照片，视频现在长13.5秒。", "已撤销。"]
    assert "".join(text_pieces(chinese)) == chinese
