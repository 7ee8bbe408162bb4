"""Faults a real backend cannot be made to produce, from a tiny loopback server:
an HTML 502, a stream cut mid-event, a stream that only heartbeats, 429 twice,
2001 for a registered user, a backend that is down."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nemo_skill import (
    BackendUnavailable,
    ExportBlocked,
    InsufficientCredits,
    RateLimited,
    StreamError,
)
from nemo_skill.cli.main import main
from nemo_skill.runtime import Runtime

Handler = Callable[[BaseHTTPRequestHandler], None]
REGISTERED_TOKEN = "nemo_registered_token_0123456789abcdef"


def send_json(req: BaseHTTPRequestHandler, status: int, payload: object) -> None:
    body = json.dumps(payload).encode()
    req.send_response(status)
    req.send_header("Content-Type", "application/json")
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    req.wfile.write(body)


def send_html(req: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    """A proxy's error page: not JSON at all."""
    req.send_response(status)
    req.send_header("Content-Type", "text/html")
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    req.wfile.write(body)


def ok(data: object) -> Handler:
    return lambda req: send_json(req, 200, {"code": 0, "message": "ok", "data": data})


def sse_head(req: BaseHTTPRequestHandler) -> None:
    req.send_response(200)
    req.send_header("Content-Type", "text/event-stream")
    req.send_header("Connection", "close")
    req.end_headers()


class FaultServer:
    """Routes ``"METHOD /path-prefix"`` to handlers; answers the session calls by default."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {
            "POST /api/tasks/me/with-session/nemo_agent": ok(
                {"task_id": "t1", "session_id": "s1", "user_id": "u1"}
            ),
            "GET /api/state/": ok({"state": {"draft": None, "video_infos": []}}),
        }
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class _Req(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _dispatch(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                key = f"{self.command} {self.path}"
                hits.append(key)
                for prefix, handler in routes.items():
                    if key.startswith(prefix):
                        handler(self)
                        return
                send_json(self, 404, {"code": 404, "message": "no route", "data": None})

            do_GET = do_POST = _dispatch

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Req)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault(nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    server = FaultServer()
    monkeypatch.setenv("NEMO_API_BASE", server.url)
    monkeypatch.setenv("NEMO_TOKEN", REGISTERED_TOKEN)
    yield server
    server.close()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert REGISTERED_TOKEN not in out + err
    return code, out, err


def test_backend_down_names_nemo_api_base(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("NEMO_API_BASE", f"http://127.0.0.1:{port}")
    code, _, err = run_cli(capsys, "credits")
    assert code == 2
    assert f"cannot reach the backend at http://127.0.0.1:{port}" in err and "NEMO_API_BASE" in err
    assert "Traceback" not in err


def test_html_502_is_one_clear_line(fault: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    fault.routes["GET /api/credits"] = lambda req: send_html(
        req, 502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    )
    code, _, err = run_cli(capsys, "credits")
    assert code == 2
    assert err.strip() == "error: backend unavailable (HTTP 502)"
    code, out, _ = run_cli(capsys, "credits", "--json")
    result = json.loads(out)
    assert code == 2 and result["ok"] is False and result["error"] == "BackendUnavailable"
    assert set(result) == {
        "ok", "action", "text", "timeline", "files", "output", "error", "code", "hint", "understood",
        "not_understood", "settings",
    }  # fmt: skip


def test_stream_cut_mid_event(fault: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    def cut(req: BaseHTTPRequestHandler) -> None:
        sse_head(req)
        req.wfile.write(b'data: {"type": "text", "content": "Working on"}\n\ndata: {"type": "te')
        req.wfile.flush()
        req.close_connection = True

    fault.routes["POST /run_sse"] = cut
    code, _, err = run_cli(capsys, "chat", "make it warmer")
    assert code == 2
    assert "the reply stream broke off in the middle of an event" in err


def test_chunked_stream_cut_is_a_stream_error(fault: FaultServer) -> None:
    def cut(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/event-stream")
        req.send_header("Transfer-Encoding", "chunked")
        req.end_headers()
        chunk = b'data: {"type": "text", "content": "Hi"}\n\ndata: {"ty'
        req.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        req.wfile.flush()
        req.close_connection = True  # no terminating 0-chunk: the body is incomplete

    fault.routes["POST /run_sse"] = cut
    with Runtime() as rt, pytest.raises(StreamError, match="broke off"):
        rt.session().send("make it warmer")


def test_heartbeats_only_past_the_limit(fault: FaultServer) -> None:
    def heartbeats(req: BaseHTTPRequestHandler) -> None:
        sse_head(req)
        for _ in range(40):
            req.wfile.write(b": ping\n\n")
        req.wfile.write(b'data: {"type": "heartbeat"}\n\n')
        req.wfile.flush()
        req.close_connection = True

    fault.routes["POST /run_sse"] = heartbeats
    now = [0.0]

    def clock() -> float:  # every look at the clock is 30 s later
        now[0] += 30.0
        return now[0]

    notices: list[str] = []
    with Runtime(clock=clock, notify=notices.append) as rt, pytest.raises(StreamError) as info:
        rt.session().send("make a video")
    assert "still working after 15 minutes" in str(info.value)
    assert notices and set(notices) == {"⏳ Still working..."}
    # One notice per 2 minutes of silence over the 15 minutes (not one per heartbeat).
    assert 5 <= len(notices) <= 8


def test_429_twice_gives_up_after_one_wait(fault: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEMO_TOKEN")
    fault.routes["POST /api/auth/anonymous-token"] = lambda req: send_json(
        req, 429, {"code": 429, "message": "too many", "data": None}
    )
    slept: list[float] = []
    with Runtime(sleep=slept.append) as rt, pytest.raises(RateLimited) as info:
        rt.credits()
    assert slept == [30.0]
    assert fault.hits.count("POST /api/auth/anonymous-token") == 2
    assert "giving up after one retry" in str(info.value) and info.value.exit_code == 1


def test_2001_for_a_registered_user_says_top_up(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_credits(req: BaseHTTPRequestHandler) -> None:
        sse_head(req)
        req.wfile.write(b'data: {"type": "error", "code": 2001, "message": "no credits"}\n\n')
        req.close_connection = True

    fault.routes["POST /run_sse"] = no_credits
    code, out, _ = run_cli(capsys, "chat", "make a video", "--json")
    result = json.loads(out)
    assert code == 1 and result["code"] == 2001 and result["error"] == InsufficientCredits.__name__
    assert "top up credits" in result["hint"] and "register?bind" not in out


def test_402_on_export_is_not_a_credits_problem(fault: FaultServer, tmp_path: Path) -> None:
    draft = {
        "d": 1000,
        "m": {"w": 320, "h": 180},
        "t": [{"tt": 0, "sg": [{"src": "m1", "st": 0, "d": 1000}]}],
    }
    fault.routes["GET /api/state/"] = ok({"state": {"draft": draft, "video_infos": []}})
    fault.routes["POST /api/render/proxy/lambda"] = lambda req: send_json(
        req, 402, {"code": 402, "message": "export needs a plan", "data": None}
    )
    with Runtime() as rt, pytest.raises(ExportBlocked) as info:
        rt.session().export(tmp_path / "out.mp4")
    assert "register or upgrade your plan" in str(info.value) and "not a credits problem" in str(info.value)
    assert not (tmp_path / "out.mp4").exists()


def test_non_json_200_is_backend_unavailable(fault: FaultServer) -> None:
    def garbage(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Length", "5")
        req.end_headers()
        req.wfile.write(b"hello")

    fault.routes["GET /api/credits"] = garbage
    with Runtime() as rt, pytest.raises(BackendUnavailable, match="not JSON"):
        rt.credits()


def sse_events(*events: object) -> Handler:
    def handler(req: BaseHTTPRequestHandler) -> None:
        sse_head(req)
        for event in events:
            req.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
        req.close_connection = True

    return handler


def test_adk_stream_joined_tools_hidden_gui_talk_acted_on(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.routes["POST /run_sse"] = sse_events(
        {"author": "nemo", "partial": True, "content": {"parts": [{"text": "I added romantic music. "}]}},
        {
            "author": "nemo",
            "content": {"parts": [{"functionCall": {"name": "add_music", "args": {"mood": "x"}}}]},
        },
        {
            "author": "nemo",
            "content": {"parts": [{"functionResponse": {"name": "add_music", "response": {}}}]},
        },
        {
            "author": "nemo",
            "partial": True,
            "content": {"parts": [{"text": "Open the timeline to preview it."}]},
        },
        {
            "author": "nemo",
            "content": {"parts": [{"text": "I added romantic music. Open the timeline to preview it."}]},
        },
    )
    code, out, _ = run_cli(capsys, "chat", "add romantic music")
    assert code == 0
    assert out.count("I added romantic music.") == 1
    assert "add_music" not in out and "Open the timeline" not in out
    assert "Timeline is empty" in out  # "open the timeline" became reading the state


def test_silent_edit_is_described_from_the_draft_diff(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    def draft(photos: int, music: bool) -> dict:
        tracks: list[dict] = [
            {"tt": 0, "sg": [{"src": f"m{i}", "st": i * 1000, "d": 1000} for i in range(photos)]}
        ]
        if music:
            tracks.append(
                {
                    "tt": 1,
                    "m": {"vol": 0.35},
                    "sg": [{"src": "library:romantic", "st": 0, "d": photos * 1000}],
                }
            )
        return {"d": photos * 1000, "m": {"w": 320, "h": 180}, "t": tracks}

    versions = iter([draft(2, False), draft(3, True)])
    fault.routes["GET /api/state/"] = lambda req: ok({"state": {"draft": next(versions), "video_infos": []}})(
        req
    )
    fault.routes["POST /run_sse"] = sse_events(
        {"type": "tool_call", "name": "edit", "args": {}},
        {"type": "heartbeat"},
        {"type": "tool_result", "name": "edit"},
    )
    code, out, _ = run_cli(capsys, "chat", "add the last photo back, with romantic music", "--json")
    result = json.loads(out)
    assert code == 0 and result["action"] == "sse"
    assert "It is now 3 s long (was 2 s)." in result["text"]
    assert "1 photo(s) or clip(s) were added (3 in all)." in result["text"]
    assert "Added romantic music at 35% volume." in result["text"]
    assert result["timeline"].startswith("Timeline (2 tracks): 1. Video: 3 photos (0-3s)")
