"""The CLI as a new user meets it (issue #13, items 7, 12 and 13): exit codes, checks
before uploading, resuming, no silent overwrite, complete state, and a token that never
shows, whatever its shape."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend_helpers import jpeg_bytes
from conftest import LocalServer, cli

ROOT = Path(__file__).resolve().parent.parent


def _photos(folder: Path, count: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"p{i}.jpg"
        path.write_bytes(jpeg_bytes(160, 120, ((i * 80) % 255, 90, 160)))
        paths.append(path)
    return paths


@pytest.mark.parametrize(
    "argv", [["make", "--bogus"], ["chat"], ["no-such-command"], ["export", "--quality", "best"], ["local"]]
)
def test_usage_errors_exit_1(argv: list[str], nemo_home: Path) -> None:
    done = cli(*argv)
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr and "error:" in done.stderr


def test_exit_codes_are_documented_where_users_look() -> None:
    assert "usage errors included" in cli("--help").stdout
    assert "usage errors included" in (ROOT / "README.md").read_text(encoding="utf-8")
    for skill in (ROOT / "skills").glob("*/SKILL.md"):
        assert "usage errors included" in skill.read_text(encoding="utf-8"), skill


def test_make_checks_the_prompt_before_uploading(client_env: Path, tmp_path: Path) -> None:
    photos = _photos(tmp_path / "in")
    done = cli("make", *photos, "-p", "x" * 20_001, "-o", tmp_path / "out.mp4", "--json")
    result = json.loads(done.stdout)
    assert done.returncode == 1 and "20001 characters" in result["text"] and "20000" in result["text"]
    assert not (client_env / "token.json").exists()  # refused before any network call


def test_empty_and_blank_prompts_behave_the_same(client_env: Path, tmp_path: Path) -> None:
    photos = _photos(tmp_path / "in")
    answers = [cli("make", *photos, "-p", prompt, "-o", tmp_path / "out.mp4") for prompt in ("", "   ")]
    assert [a.returncode for a in answers] == [1, 1]
    assert answers[0].stderr == answers[1].stderr and "-p is empty" in answers[0].stderr
    assert not (client_env / "token.json").exists()


def _uploads_in(server: LocalServer) -> int:
    """Upload requests the server has answered (its access log)."""
    return server.requests_logged("POST /api/upload-video/")


@pytest.mark.slow
def test_a_rerun_of_an_interrupted_make_resumes_without_uploading_again(
    fresh_server: LocalServer, nemo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nemo_skill.runtime import Runtime

    monkeypatch.setenv("NEMO_API_BASE", fresh_server.url)
    photos = _photos(tmp_path / "in", 3)
    out = tmp_path / "trip.mp4"

    def ctrl_c_while_editing(label: str, fraction: float) -> None:
        if label == "editing":
            raise KeyboardInterrupt

    with Runtime() as rt, pytest.raises(KeyboardInterrupt):
        rt.make(photos, out, prompt="a 4-second video", quality="draft", progress=ctrl_c_while_editing)
    assert _uploads_in(fresh_server) == 1 and not out.exists()
    first_session = json.loads((nemo_home / "sessions.json").read_text())

    done = cli("make", *photos, "-p", "a 4-second video", "--quality", "draft", "-o", out, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.stat().st_size > 0
    assert _uploads_in(fresh_server) == 1  # every file was already in the session
    after = json.loads((nemo_home / "sessions.json").read_text())
    (key,) = after["sessions"]
    assert after["sessions"][key]["session_id"] == first_session["sessions"][key]["session_id"]
    assert after["sessions"][key]["making"] is False

    # The next make is a new job: a new session.
    state = json.loads(cli("state", "--json").stdout)
    assert [f["filename"] for f in state["files"]] == ["p0.jpg", "p1.jpg", "p2.jpg"]
    settings = state["settings"]
    assert settings["canvas"]["aspect"] and settings["canvas"]["width"] > 0
    assert {"filter", "transitions", "titles", "music", "motion", "duration_s"} <= set(settings)
    assert isinstance(settings["titles"], list) and isinstance(settings["transitions"]["names"], list)


def test_render_does_not_overwrite_without_force(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.jpg").write_bytes(jpeg_bytes(320, 180))
    draft = tmp_path / "draft.json"
    draft.write_text(
        json.dumps(
            {
                "d": 1000,
                "m": {"w": 320, "h": 180, "fps": 10},
                "t": [{"tt": 0, "sg": [{"src": "a", "d": 1000}]}],
            }
        )
    )
    out = tmp_path / "out.mp4"
    out.write_bytes(b"my earlier video")
    done = cli("render", draft, "--media", media, "-o", out, "--quality", "draft", "--quiet")
    assert done.returncode == 1 and "already exists" in done.stderr and "--force" in done.stderr
    assert out.read_bytes() == b"my earlier video"
    forced = cli("render", draft, "--media", media, "-o", out, "--quality", "draft", "--quiet", "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes()[4:8] == b"ftyp"


def test_demo_output_is_ignored_by_git() -> None:
    assert "/demo.mp4" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_unreachable_backend_message_reads_cleanly(nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_API_BASE", "http://127.0.0.1:1")
    done = cli("credits")
    assert done.returncode == 2 and "cannot reach the backend" in done.stderr
    assert "))" not in done.stderr and done.stderr.count("(") == done.stderr.count(")")


SECRET = "tok!Sec#ret-of/another+shape=42"


class _Echo(http.server.BaseHTTPRequestHandler):
    """A backend that repeats the caller's token back in its error message."""

    def do_GET(self) -> None:
        token = self.headers.get("Authorization", "").partition(" ")[2]
        body = json.dumps(
            {"code": 400, "message": f"unknown account {token}", "data": {"echo": token}}
        ).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_backend() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_token_of_any_shape_is_never_printed(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch, echo_backend: str
) -> None:
    monkeypatch.setenv("NEMO_API_BASE", echo_backend)
    monkeypatch.setenv("NEMO_TOKEN", SECRET)
    plain = cli("credits")
    as_json = cli("credits", "--json")
    assert plain.returncode == 1 and "unknown account ***" in plain.stderr
    assert as_json.returncode == 1 and "unknown account ***" in json.loads(as_json.stdout)["text"]
    for output in (plain.stdout, plain.stderr, as_json.stdout, as_json.stderr):
        assert SECRET not in output and json.dumps(SECRET)[1:-1] not in output


def test_redaction_covers_logs_and_errors_by_exact_value() -> None:
    import logging

    from nemo_skill import BadRequest
    from nemo_skill.client.auth import Token
    from nemo_skill.redaction import RedactingFilter, redact_value

    token = Token("plain-words-token-value")
    assert repr(token) == "Token('***')"
    assert "plain-words-token-value" not in str(BadRequest("echo: plain-words-token-value"))
    assert redact_value({"a": ["x plain-words-token-value y"]}) == {"a": ["x *** y"]}
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "sent %s", ("plain-words-token-value",), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "sent ***"
    try:
        raise RuntimeError("refused plain-words-token-value")
    except RuntimeError:
        import sys

        failed = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactingFilter().filter(failed)
    logged = logging.Formatter().format(failed)
    assert "RuntimeError: refused ***" in logged and "plain-words-token-value" not in logged


def test_a_bug_is_one_line_and_with_json_one_object(monkeypatch: pytest.MonkeyPatch, nemo_home: Path) -> None:
    """An unexpected exception (a bug) is never a traceback; --json still gets its object."""
    import nemo_skill.skilltools.listing as listing

    def broken(**_kwargs: object) -> list[object]:
        raise RuntimeError("the listing broke")

    monkeypatch.setattr(listing, "list_skills", broken)
    plain = cli("skills", "list")
    assert plain.returncode == 2
    assert plain.stderr.count("\n") == 1 and "internal error: RuntimeError: the listing broke" in plain.stderr
    assert "Traceback" not in plain.stderr

    as_json = cli("skills", "list", "--json")
    assert as_json.returncode == 2
    out = json.loads(as_json.stdout)
    assert out["ok"] is False and out["error"] == "RuntimeError" and out["action"] == "skills list"
    assert "the listing broke" in out["text"]
