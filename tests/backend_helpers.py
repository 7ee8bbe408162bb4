"""Helpers for the local backend's tests: a small protocol client over plain httpx,
and media generated on the fly (no files in the repo)."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any

import httpx

SKILL_HEADERS = {
    "X-Skill-Source": "photographer-video",
    "X-Skill-Version": "1.0.0",
    "X-Skill-Platform": "unknown",
}


def new_token(url: str, client_id: str | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": client_id or str(uuid.uuid4())}
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


# One connection pool for every Api of the test run, closed when the run ends
# (conftest.py): a client per Api would leave its sockets for the garbage collector, which
# warns (and warnings are errors here). It keeps no cookies, so no Api ever sends another's.
SHARED_HTTP = httpx.Client(timeout=60, cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])))


@dataclass
class Api:
    """One user with one session on a backend."""

    url: str
    token: str
    user_id: str
    session_id: str = ""
    http: httpx.Client = field(default_factory=lambda: SHARED_HTTP)

    @classmethod
    def new(cls, url: str, *, session: bool = True, language: str = "en") -> Api:
        data = new_token(url)
        api = cls(url=url, token=data["token"], user_id=data["user_id"])
        if session:
            api.session_id = api.new_session(language)
        return api

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **SKILL_HEADERS}

    def new_session(self, language: str = "en") -> str:
        response = self.http.post(
            f"{self.url}/api/tasks/me/with-session/nemo_agent",
            headers=self.headers,
            json={"task_name": "project", "language": language},
        )
        assert response.status_code == 200, response.text
        return str(response.json()["data"]["session_id"])

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(f"{self.url}{path}", headers=kwargs.pop("headers", self.headers), **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(f"{self.url}{path}", headers=kwargs.pop("headers", self.headers), **kwargs)

    def upload(self, *files: tuple[str, bytes], session_id: str | None = None) -> httpx.Response:
        parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
        return self.post(f"/api/upload-video/nemo_agent/me/{session_id or self.session_id}", files=parts)

    def upload_ok(self, *files: tuple[str, bytes]) -> list[dict[str, Any]]:
        response = self.upload(*files)
        assert response.status_code == 200, response.text
        return list(response.json()["data"]["files"])

    def credits(self) -> dict[str, int]:
        response = self.get("/api/credits/balance/simple")
        assert response.status_code == 200, response.text
        return dict(response.json()["data"])

    def state(self) -> dict[str, Any]:
        response = self.get(f"/api/state/nemo_agent/me/{self.session_id}/latest")
        assert response.status_code == 200, response.text
        return dict(response.json()["data"]["state"])

    def message(self, text: str, session_id: str | None = None) -> list[dict[str, Any]]:
        """Send one message and collect its SSE events."""
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": session_id or self.session_id,
            "new_message": {"parts": [{"text": text}]},
        }
        with self.http.stream(
            "POST", f"{self.url}/run_sse", headers={**self.headers, "Accept": "text/event-stream"}, json=body
        ) as response:
            if response.headers.get("content-type", "").startswith("application/json"):
                response.read()
                return [{"type": "envelope", "status": response.status_code, **response.json()}]
            return list(parse_sse(response.iter_lines()))


def parse_sse(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    for line in lines:
        if line.startswith("data:"):
            payload = line[5:].strip()
            if payload:
                yield json.loads(payload)


def jpeg_bytes(
    width: int = 64,
    height: int = 48,
    color: tuple[int, int, int] = (200, 60, 40),
    *,
    orientation: int | None = None,
    taken_at: str | None = None,
) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    if orientation:
        exif[274] = orientation
    if taken_at:
        exif.get_ifd(0x8769)[36867] = taken_at
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def png_bytes(width: int = 32, height: int = 32) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 200, 90, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def mp4_file(path: Path, *, seconds: float = 1.0, fps: int = 10, size: tuple[int, int] = (64, 48)) -> Path:
    """A tiny H.264 clip with a silent AAC track, written with PyAV."""
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        audio = container.add_stream("aac", rate=48000)
        frames = int(seconds * fps)
        for i in range(frames):
            array = np.full((size[1], size[0], 3), (i * 20) % 255, dtype=np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(array, format="rgb24")):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        samples = np.zeros((1, 1024), dtype=np.float32)
        for i in range(int(seconds * 48000 / 1024)):
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate = 48000
            frame.pts = i * 1024
            for packet in audio.encode(frame):
                container.mux(packet)
        for packet in audio.encode():
            container.mux(packet)
    return path


def wav_bytes(seconds: float = 1.0, rate: int = 48000) -> bytes:
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def tiny_draft(media_id: str, *, seconds: float = 1.0) -> dict[str, Any]:
    """A 320x180 draft of one photo, small enough to render in about a second."""
    ms = int(seconds * 1000)
    return {
        "d": ms,
        "m": {"w": 320, "h": 180, "fps": 15},
        "t": [
            {
                "tt": 0,
                "m": {"name": "Photos"},
                "sg": [{"src": media_id, "st": 0, "d": ms, "m": {"fit": "cover"}}],
            }
        ],
    }
