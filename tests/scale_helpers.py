"""A real redis-server on a free loopback port and real ``nemo-skill worker`` processes,
for the render queue's tests (issue 16). Nothing is mocked: the server, the workers and
Redis are the programs users run, started here and killed for real."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REDIS_SERVER = shutil.which("redis-server")
# Fast recovery for tests: a task whose worker vanished goes to another after 4 s (users
# keep the default, longer than any render), and a Redis that stays away fails its jobs
# after 4 s (users: 2 minutes).
QUEUE_ENV = {"NEMO_QUEUE_VISIBILITY_S": "4", "NEMO_QUEUE_GRACE_S": "4"}


def need_redis() -> str:
    """The redis-server binary; without one, skip locally and fail in CI (.ci/run installs it)."""
    if REDIS_SERVER is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed, and CI must run these tests (.ci/run installs it)")
        reason = (
            "redis-server is not installed (apt-get install redis-server); the render-queue tests need it"
        )
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return REDIS_SERVER


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    """redis-server on loopback, its files (none kept: no RDB, no AOF) in the test's folder."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = need_redis()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
                "--daemonize",
                "no",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.ping():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """kill -9 and start again on the same port: everything Redis held is gone."""
        self.kill()
        self.start()


@dataclass
class Worker:
    """``nemo-skill worker`` in its own process group (kill -9 takes its pool and ffmpeg too)."""

    url: str
    data_dir: Path
    log_path: Path
    concurrency: int = 1
    env: dict[str, str] = field(default_factory=lambda: dict(QUEUE_ENV))
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> Worker:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "nemo_skill",
                    "worker",
                    "--queue",
                    self.url,
                    "--data-dir",
                    str(self.data_dir),
                    "--concurrency",
                    str(self.concurrency),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
                env={**os.environ, **self.env},
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"the worker did not start:\n{self.log()[-2000:]}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in the worker's log:\n{self.log()[-3000:]}")

    def kill9(self) -> None:
        """kill -9 of the worker and everything it started (its pool processes, ffmpeg)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown: running tasks finish
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # the group: a pool process that outlived its parent
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_worker(started: list[Worker], redis: RedisServer, data_dir: Path, **kwargs: Any) -> Worker:
    log = data_dir.parent / f"worker-{len(started) + 1}.log"
    worker = Worker(redis.url, data_dir, log, **kwargs)
    started.append(worker)
    return worker.start()


def child_pids(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in found:
                    found.add(kid)
                    todo.append(kid)
    return found


# --- what a joined video must be -------------------------------------------------------------


@dataclass
class VideoFacts:
    frames: int
    pts_steps: set[int]
    keyframes: list[int]  # indices of the frames coded as keyframes
    fps: float
    video_s: float
    audio_s: float  # decoded samples / rate
    audio_gaps: int  # audio frames not starting where the previous one ended
    quiet_windows: list[float]  # starts (s) of 20 ms windows with no sound, inside [lo, hi)


def video_facts(path: Path, loud_from: float = 0.0, loud_to: float = 0.0) -> VideoFacts:
    """Frame count, timestamps and keyframes of the picture; length and continuity of the sound."""
    import av
    import numpy as np

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        pts, keys = [], []
        for packet in c.demux(v):
            if packet.size == 0:
                continue
            pts.append(int(packet.pts))
            if packet.is_keyframe:
                keys.append(int(packet.pts))
        fps = float(v.average_rate or v.guessed_rate or 0)
    order = sorted(pts)
    keyframes = [order.index(k) for k in keys]
    steps = {b - a for a, b in itertools.pairwise(order)}
    with av.open(str(path)) as c:
        a = c.streams.audio[0]
        rate = a.codec_context.sample_rate
        chunks, gaps, expected = [], 0, None
        for frame in c.decode(a):
            if expected is not None and frame.pts != expected:
                gaps += 1
            expected = frame.pts + frame.samples
            chunks.append(frame.to_ndarray().mean(axis=0))
    samples = np.concatenate(chunks) if chunks else np.zeros(0)
    window = rate // 50
    quiet = []
    for i in range(int(loud_from * rate), int(loud_to * rate) - window, window):
        if float(np.sqrt(np.mean(samples[i : i + window] ** 2))) < 1e-3:
            quiet.append(i / rate)
    return VideoFacts(len(order), steps, keyframes, fps, len(order) / fps, len(samples) / rate, gaps, quiet)


def tone_wav(seconds: float, rate: int = 48000) -> bytes:
    """A steady tone: any gap or click at a join would show in it."""
    import io
    import wave

    import numpy as np

    t = np.arange(int(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 330 * t) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.repeat(tone, 2).tobytes())
    return buffer.getvalue()


def textured_jpeg(w: int, h: int, seed: int) -> bytes:
    import io

    from test_render_util import textured

    buffer = io.BytesIO()
    textured(w, h, seed=seed).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def frame_offsets(joined: Path, reference: Path) -> list[int]:
    """For each frame of ``joined``: the offset (-1, 0 or +1 around its own index) of the
    ``reference`` frame it looks most like, 0 on a near tie (repeated frames, a still
    clip). All 0: the two show the same moments in the same order."""
    from test_render_util import frames

    a, b = frames(joined), frames(reference)
    assert len(a) == len(b), (len(a), len(b))
    out = []
    for i, frame in enumerate(a):
        scores = {
            k: float(abs(frame.astype("int16") - b[i + k].astype("int16")).mean())
            for k in (-1, 0, 1)
            if 0 <= i + k < len(b)
        }
        best = min(scores, key=scores.__getitem__)
        out.append(best if scores[best] < scores[0] - 0.5 else 0)
    return out
