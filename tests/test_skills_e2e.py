"""Issue 7's done-when: installed skills attribute their requests, and a new variant makes a video.

Attribution is checked twice: on the real local backend (its access log names the
skill of each request) and on a tiny loopback recorder, which sees every header
exactly as it reached the wire (the backend never logs the bearer token).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import LocalServer, start_server

from nemo_skill.manifest import load_manifest
from nemo_skill.platform import INSTALL_PLATFORMS, USER_SKILL_DIRS
from nemo_skill.skills_registry import bundled_skills_dir

pytestmark = pytest.mark.slow  # installed launchers, whole jobs with renders

BUNDLED = ("photographer-video", "free-photo-to-video-ai", "wedding-invitation-video")
PLATFORMS = INSTALL_PLATFORMS  # clawhub, openclaw, agents, cursor, claude


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RecorderHandler)
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _RecorderHandler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with self.server.lock:
            self.server.requests.append(
                {"method": self.command, "path": self.path, "headers": dict(self.headers)}
            )
        if self.path.startswith("/api/credits/balance/simple"):
            status, data = (
                200,
                {"code": 0, "message": "ok", "data": {"available": 95, "frozen": 0, "total": 100}},
            )
        elif self.path.startswith("/api/auth/anonymous-token"):
            token = {
                "token": "recorder-token",
                "user_id": "u1",
                "expires_at": "2099-01-01T00:00:00Z",
                "credits": 100,
            }
            status, data = 200, {"code": 0, "message": "ok", "data": token}
        elif self.path.startswith("/api/tasks/me/with-session/"):
            status, data = (
                200,
                {"code": 0, "message": "ok", "data": {"task_id": "t1", "session_id": "s1", "user_id": "u1"}},
            )
        else:
            status, data = (
                404,
                {"code": 404, "message": f"not served by the recorder: {self.path}", "data": None},
            )
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _run(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEMO_")}
    env.update(extra)
    return env


def test_installed_launchers_send_the_skill_headers(recorder: Recorder, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(
        HOME=str(home),
        NEMO_SKILL_HOME=str(tmp_path / "nemo-home"),
        NEMO_API_BASE=recorder.url,
        NEMO_TOKEN="test-token-for-the-recorder",
    )
    python = sys.executable
    for platform in PLATFORMS:
        proc = _run(
            [
                python,
                "-m",
                "nemo_skill",
                "skills",
                "install",
                *BUNDLED,
                "--platform",
                platform,
                "--home",
                str(home),
            ],
            env,
        )
        assert proc.returncode == 0, proc.stderr
    root = {platform: home / USER_SKILL_DIRS[platform] for platform in PLATFORMS}
    for platform in PLATFORMS:
        for name in BUNDLED:
            folder = root[platform] / name
            version = load_manifest(folder).version
            before = len(recorder.requests)
            # Run from an unrelated folder: the launcher must find its skill by itself.
            proc = _run(
                [str(folder / "scripts" / "nemo-skill"), "chat", "credits", "--json"], env, cwd=tmp_path
            )
            assert proc.returncode == 0, proc.stdout + proc.stderr
            result = json.loads(proc.stdout)
            assert result["ok"] is True and result["action"] == "credits"
            calls = [
                r for r in recorder.requests[before:] if r["path"].startswith("/api/credits/balance/simple")
            ]
            assert len(calls) == 1, recorder.requests[before:]
            headers = {k.lower(): v for k, v in calls[0]["headers"].items()}
            assert headers["x-skill-source"] == name
            assert headers["x-skill-version"] == version
            assert headers["x-skill-platform"] == platform
            assert headers["authorization"] == "Bearer test-token-for-the-recorder"


def test_installed_launchers_attribute_requests_on_the_local_backend(
    local_server: LocalServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(
        HOME=str(home), NEMO_SKILL_HOME=str(tmp_path / "nemo-home"), NEMO_API_BASE=local_server.url
    )
    for platform in PLATFORMS:
        install = [sys.executable, "-m", "nemo_skill", "skills", "install", *BUNDLED, "--platform", platform]
        proc = _run([*install, "--home", str(home)], env)
        assert proc.returncode == 0, proc.stderr
    root = {platform: home / USER_SKILL_DIRS[platform] for platform in PLATFORMS}
    expected = []
    for platform in PLATFORMS:
        for name in BUNDLED:
            folder = root[platform] / name
            proc = _run(
                [str(folder / "scripts" / "nemo-skill"), "chat", "credits", "--json"], env, cwd=tmp_path
            )
            assert proc.returncode == 0, proc.stdout + proc.stderr
            assert json.loads(proc.stdout)["action"] == "credits"
            expected.append(f"skill={name}@{load_manifest(folder).version}/{platform}")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the log line follows the response
        lines = [ln for ln in local_server.log().splitlines() if "GET /api/credits/balance/simple 200" in ln]
        if all(any(ln.endswith(label) for ln in lines) for label in expected):
            break
        time.sleep(0.05)
    for label in expected:
        assert any(ln.endswith(label) for ln in lines), label


VARIANT_YAML = """\
# a new variant in fifteen lines
name: pet-video
display_name: "Pet Video — Your Pet's Best Moments"
description: >
  Turns photos of a pet into a short, playful vertical video with bouncy music.
  Use it when someone wants to share their dog or cat on social media.
emoji: "🐶"
audience: pet owners who post on social media
examples: [make a playful video of my dog, 把我的猫咪照片做成视频]
tips: [Close-ups of the face work best.]
defaults: {aspect: "9:16", resolution: 480p, length_s: 3, mood: upbeat, transition: fade}
keywords:
  export: [share it]
max_file_mb: 50
formats: [jpg, png, heic]
"""


def _photos(folder: Path, count: int = 3) -> list[Path]:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"pet{i}.jpg"
        Image.new("RGB", (320, 240), ((60 * i) % 255, 120, 200 - 40 * i)).save(path, quality=85)
        paths.append(path)
    return paths


def test_new_variant_from_fifteen_lines_validates_installs_and_makes_a_video(tmp_path: Path) -> None:
    variant_file = tmp_path / "pet-video.yaml"
    variant_file.write_text(VARIANT_YAML, encoding="utf-8")
    assert len(VARIANT_YAML.splitlines()) == 15
    nemo_home = tmp_path / "nemo-home"
    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(HOME=str(home), NEMO_SKILL_HOME=str(nemo_home))
    python = sys.executable

    proc = _run([python, "-m", "nemo_skill", "skills", "new", "pet-video", "--from", str(variant_file)], env)
    assert proc.returncode == 0, proc.stderr
    folder = nemo_home / "skills" / "pet-video"
    proc = _run([python, "-m", "nemo_skill", "skills", "validate", str(folder)], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = load_manifest(folder)
    assert manifest.settings.max_file_mb == 50
    assert manifest.settings.defaults.mood == "upbeat"
    assert manifest.settings.keywords == {"export": ("share it",)}
    proc = _run(
        [
            python,
            "-m",
            "nemo_skill",
            "skills",
            "install",
            "pet-video",
            "--platform",
            "cursor",
            "--home",
            str(home),
        ],
        env,
    )
    assert proc.returncode == 0, proc.stderr
    assert (home / ".cursor" / "skills" / "pet-video" / "scripts" / "nemo-skill").is_file()

    # The backend shares the home, so it reads the variant's recipe (aspect, length, mood).
    server = start_server(tmp_path / "backend", env={"NEMO_SKILL_HOME": str(nemo_home)})
    try:
        out = tmp_path / "pet.mp4"
        photos = _photos(tmp_path / "photos")
        proc = _run(
            [
                python,
                "-m",
                "nemo_skill",
                "make",
                *map(str, photos),
                "-p",
                "a 3-second video of my dog",
                "-o",
                str(out),
                "--skill",
                "pet-video",
            ],
            {**env, "NEMO_API_BASE": server.url},
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr + server.log()[-2000:]
    finally:
        server.stop()
    import av

    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        width, height = stream.codec_context.width, stream.codec_context.height
        duration = float(container.duration or 0) / 1_000_000
    assert height > width, "the variant's 9:16 default did not reach the video"
    assert 2.0 <= duration <= 4.5
    assert bundled_skills_dir() != folder.parent  # the variant lives in the user folder, not the bundle
