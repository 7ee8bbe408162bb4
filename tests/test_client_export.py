"""Export pieces that need odd answers: the protocol's tolerated shapes, a short
download, a failed render, polling cadence."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from nemo_skill import RenderError
from nemo_skill.client._http import HttpClient
from nemo_skill.client.export import download, parse_render, poll_interval, wait_for_render


def test_tolerated_render_shapes() -> None:
    ours = parse_render(
        {
            "code": 0,
            "data": {
                "id": "r1",
                "status": "completed",
                "progress": 100,
                "output": {"url": "/files/a", "size": 10, "duration": 2.0},
            },
        },
        "r1",
    )
    assert (ours.status, ours.url, ours.size, ours.duration) == ("completed", "/files/a", 10, 2.0)
    top = parse_render(
        {"code": 0, "status": "processing", "progress": 40, "output": {"url": "/files/b"}}, "r2"
    )
    assert (top.status, top.progress, top.url, top.id) == ("processing", 40.0, "/files/b", "r2")
    camel = parse_render({"code": 0, "data": {"status": "COMPLETED", "outputUrl": "https://cdn/x.mp4"}}, "r3")
    assert (camel.status, camel.url) == ("completed", "https://cdn/x.mp4")


def test_poll_cadence() -> None:
    assert poll_interval("http://127.0.0.1:8765") == 0.5
    assert poll_interval("http://localhost:1") == 0.5
    assert poll_interval("https://mega-api-prod.nemovideo.ai") == 30.0


def client(handler: object) -> HttpClient:
    return HttpClient(
        "http://backend.test", api_base_key="x", skill_headers={}, transport=httpx.MockTransport(handler)
    )  # type: ignore[arg-type]


@pytest.fixture
def env_token(nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_TOKEN", "nemo_test_token_0123456789abcdef")


def test_short_download_leaves_nothing_behind(env_token: None, tmp_path: Path) -> None:
    http = client(lambda request: httpx.Response(200, content=b"x" * 100))
    folder = tmp_path / "videos"
    folder.mkdir()
    target = folder / "out.mp4"
    with pytest.raises(RenderError, match="100 bytes but the backend announced 500"):
        download(http, "/files/out.mp4", target, expected_size=500, force=False)
    assert list(folder.iterdir()) == []  # no partial file, no temp file
    assert download(http, "/files/out.mp4", target, expected_size=100, force=False) == target
    assert target.read_bytes() == b"x" * 100


def test_failed_render_and_polling(env_token: None) -> None:
    answers = iter(["pending", "processing", "failed"])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "code": 0,
                "data": {"id": "r", "status": next(answers), "progress": 50, "error": "ffmpeg exploded"},
            },
        )

    slept: list[float] = []
    seen: list[float] = []
    with pytest.raises(RenderError, match="the render failed: ffmpeg exploded"):
        wait_for_render(
            client(handler), "r", interval=30.0, sleep=slept.append, progress=lambda label, f: seen.append(f)
        )
    assert slept == [30.0, 30.0] and seen == [0.5, 0.5, 0.5]


def test_polls_come_faster_near_the_end(env_token: None) -> None:
    answers = iter(
        [("processing", 10), ("processing", 94), ("processing", 95), ("processing", 99), ("failed", 99)]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        status, progress = next(answers)
        return httpx.Response(
            200, json={"code": 0, "data": {"id": "r", "status": status, "progress": progress}}
        )

    slept: list[float] = []
    with pytest.raises(RenderError):
        wait_for_render(client(handler), "r", interval=0.5, sleep=slept.append)
    assert slept == [0.5, 0.5, 0.1, 0.1]
