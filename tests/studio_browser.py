"""Helpers for the studio's browser tests: the system Chromium, sample media, page checks."""

from __future__ import annotations

import math
import os
import struct
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from nemo_skill.local.studio.chromium import DEFAULT_CHROMIUM, ENV_CHROMIUM, chromium_executable


def chromium_path() -> str:
    """The Chromium to drive; skips (outside CI) when there is none, fails in CI."""
    path = chromium_executable()
    if path is not None:
        return str(path)
    wanted = os.environ.get(ENV_CHROMIUM, DEFAULT_CHROMIUM)
    reason = f"no Chromium at {wanted} (install Debian's `chromium`, or set {ENV_CHROMIUM})"
    if os.environ.get("CI"):
        pytest.fail(reason + "; .ci/run installs it")
    pytest.skip(reason)


def song_wav(path: Path, seconds: float = 14.0, rate: int = 22050) -> Path:
    """A quiet two-note tune: real audio, so the music track has something to play."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            freq = 440.0 if (i // (rate // 2)) % 2 == 0 else 554.37
            frames += struct.pack("<h", int(6000 * math.sin(2 * math.pi * freq * i / rate)))
        out.writeframes(bytes(frames))
    return path


def sample_photos(folder: Path, count: int) -> list[Path]:
    from nemo_skill.samples import make_sample_photos

    return make_sample_photos(folder, count=count, size=(480, 360))


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught errors, and every URL it asked for."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))

    def assert_clean(self, expected_statuses: tuple[int, ...] = ()) -> None:
        """No page errors; console errors only for HTTP statuses the test caused on purpose
        (Chromium logs every non-2xx response, e.g. the 415 of a refused upload)."""
        assert self.page_errors == []
        allowed = tuple(f"status of {status} " for status in expected_statuses)
        unexpected = [m for m in self.console_errors if not any(a in m for a in allowed)]
        assert unexpected == []
        foreign = [u for u in self.requests if not u.startswith((self.origin + "/", "blob:", "data:"))]
        assert foreign == [], "the page asked another host for something"


def shot(page: Any, folder: Path, name: str, *, full_page: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { window.scrollTo(0, 0); document.querySelector('#timeline').scrollLeft = 0; }")
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
