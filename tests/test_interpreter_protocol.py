"""Layer 2: the instruction corpus through the real local backend, over HTTP.

One anonymous token and session per ~80 messages: upload six photos (made with
PIL) and a 2-second clip (made with ffmpeg), generate a video, add a title, let the
cuts go where the durations put them (no beat), then
for every instruction: read the state, send the message over /run_sse, read the
state again and compare with the exact expected change, check the credits went
down by one, and send "undo" to return to the same starting point.
"""

from __future__ import annotations

import io
import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_interpreter_corpus import CASES, Case, assert_complete_sentence, expected_after

SKILL_HEADERS = {
    "X-Skill-Source": "photographer-video",
    "X-Skill-Version": "1.0.0",
    "X-Skill-Platform": "unknown",
}
LAYER2_CASES = [case for case in CASES if not case.needs & {"dates", "audio-upload"}]
CREDITS_PER_SESSION = 100
GENERATION_COST = 5


def _jpeg(index: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (320, 240), (40 + 30 * index, 90, 200 - 20 * index))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _clip(folder: Path) -> bytes:
    import imageio_ffmpeg

    out = folder / "venue.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10",
         "-t", "2", "-pix_fmt", "yuv420p", "-c:v", "libx264", str(out)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return out.read_bytes()


@dataclass
class Session:
    http: httpx.Client
    sid: str
    credits_left: int
    last_draft: dict[str, Any] | None = None
    """The draft as last read (each request costs ~45 ms, so tests reuse it)."""

    def send(self, message: str) -> list[dict[str, Any]]:
        body = {"app_name": "nemo_agent", "user_id": "me", "session_id": self.sid,
                "new_message": {"parts": [{"text": message}]}}  # fmt: skip
        events: list[dict[str, Any]] = []
        with self.http.stream(
            "POST", "/run_sse", json=body, headers={"Accept": "text/event-stream"}
        ) as response:
            assert response.status_code == 200, response.read()
            for line in response.iter_lines():
                if line.startswith("data:") and line[5:].strip():
                    events.append(json.loads(line[5:]))
        errors = [event for event in events if event.get("type") == "error"]
        assert not errors, errors
        return events

    def draft(self) -> dict[str, Any]:
        response = self.http.get(f"/api/state/nemo_agent/me/{self.sid}/latest")
        assert response.json()["code"] == 0, response.text
        self.last_draft = response.json()["data"]["state"]["draft"]
        return self.last_draft

    def credits(self) -> int:
        response = self.http.get("/api/credits/balance/simple")
        self.credits_left = int(response.json()["data"]["available"])
        return self.credits_left


def _open_session(base_url: str, media: list[tuple[str, bytes, str]]) -> Session:
    http = httpx.Client(base_url=base_url, timeout=60)
    token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"][
        "token"
    ]
    http.headers.update({"Authorization": f"Bearer {token}", **SKILL_HEADERS})
    created = http.post(
        "/api/tasks/me/with-session/nemo_agent", json={"task_name": "project", "language": "en"}
    )
    sid = created.json()["data"]["session_id"]
    upload = http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=[("files", item) for item in media])
    assert upload.json()["code"] == 0, upload.text
    session = Session(http, sid, CREDITS_PER_SESSION)
    session.send("turn these photos into a video")
    session.send('add the title "Hello"')
    # The exact-change model (test_interpreter_corpus.py) restates what the words change,
    # not where the beat would move each cut afterwards (tests/test_interpreter_beats.py).
    session.send("ignore the beat")
    assert session.credits() == CREDITS_PER_SESSION - GENERATION_COST - 2
    session.draft()
    return session


class Sessions:
    """Hands out a prepared session, opening a new one when credits run low."""

    def __init__(self, base_url: str, media: list[tuple[str, bytes, str]]) -> None:
        self.base_url, self.media = base_url, media
        self.current: Session | None = None

    def get(self) -> Session:
        if self.current is None or self.current.credits_left < 2:
            if self.current is not None:
                self.current.http.close()
            self.current = _open_session(self.base_url, self.media)
        return self.current


@pytest.fixture(scope="module")
def sessions(local_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sessions]:
    photos = [(f"photo{i}.jpg", _jpeg(i), "image/jpeg") for i in range(6)]
    clip = ("venue.mp4", _clip(tmp_path_factory.mktemp("clip")), "video/mp4")
    pool = Sessions(local_server.url, [*photos[:3], clip, *photos[3:]])
    yield pool
    if pool.current is not None:
        pool.current.http.close()


def test_generated_starting_point(sessions: Sessions) -> None:
    draft = sessions.get().draft()
    segments = draft["t"][0]["sg"]
    assert len(segments) == 7 and sum(1 for seg in segments if "in" in seg["m"]) == 1
    assert (draft["m"]["w"], draft["m"]["h"]) == (1920, 1080)
    assert any(
        seg["m"].get("text") == "Hello" for track in draft["t"] if track["tt"] == 7 for seg in track["sg"]
    )


@pytest.mark.slow
@pytest.mark.parametrize("case", LAYER2_CASES, ids=[case.message for case in LAYER2_CASES])
def test_instruction_over_the_protocol(sessions: Sessions, case: Case) -> None:
    session = sessions.get()
    before = session.last_draft or session.draft()
    credits_before = session.credits_left
    events = session.send(case.message)
    try:
        after = session.draft()
        assert after == expected_after(case, before)
        assert session.credits() == credits_before - 1
        text = "".join(event["content"] for event in events if event["type"] == "text")
        assert_complete_sentence(text)
        assert any(event["type"] == "tool_call" for event in events)
    finally:
        session.send("undo")
    # The next test starts from the draft read here, and checks the undo was free.
    assert session.draft() == before


@pytest.mark.parametrize(
    "message", ["xyzzy", "please do the thing with the stuff", "天气怎么样", "remove the photo"]
)
def test_unknown_or_ambiguous_requests_change_nothing_over_the_protocol(
    sessions: Sessions, message: str
) -> None:
    session = sessions.get()
    before, credits_before = session.draft(), session.credits()
    events = session.send(message)
    assert not [event for event in events if event["type"] == "tool_call"]
    assert session.draft() == before
    assert session.credits() == credits_before
    text = "".join(event["content"] for event in events if event["type"] == "text")
    assert_complete_sentence(text)
