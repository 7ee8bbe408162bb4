"""Structured edits from the client: ``SkillSession.apply_edits`` and ``nemo-skill edit``
against the real local backend; the hosted service and a backend without the endpoint
get a clear "needs the local backend", never a new session or a traceback."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import LocalServer
from test_cli_client_flows import JSON_KEYS
from test_client_backend import no_token_in_anything, photos  # noqa: F401  (autouse token scan)
from test_client_faults import FaultServer, fault, run_cli, send_html, send_json  # noqa: F401  (fixture)

from nemo_skill import BadRequest, ConfigError, EditError, SessionNotFound
from nemo_skill.client.sessions import SessionRecord
from nemo_skill.interpreter.edits import EDIT_OPS, SetAspect
from nemo_skill.runtime import Runtime, SkillSession


def edit_requests(server: LocalServer) -> int:
    """How many edits requests reached the server (its access log)."""
    return server.requests_logged("/edits ")


def test_apply_edits_in_python(client_env: Path, local_server: LocalServer, tmp_path: Path) -> None:
    with Runtime() as rt:
        session = rt.session(new=True)
        session.upload(photos(tmp_path, 3))
        reply = session.apply_edits([{"op": "generate"}, SetAspect(aspect="1:1"), {"op": "reverse"}])
        assert reply.changed and reply.draft is not None and reply.draft.m.w == reply.draft.m.h
        assert [a.op for a in reply.applied] == ["generate_draft", "set_aspect", "reverse"]
        assert reply.applied[1].changed is True and "1:1" in (reply.applied[1].message or "")
        assert reply.understood is not None and len(reply.understood) == 2 and "1:1 frame" in reply.understood
        assert rt.credits().available == 95
        version = session.state().draft
        assert version is not None and version.dump() == reply.draft.dump()

        sent = edit_requests(local_server)
        with pytest.raises(EditError) as malformed:
            session.apply_edits([{"op": "reverse"}, {"op": "set_length", "seconds": -2}])
        assert str(malformed.value).startswith("edit 2 (set_length): seconds:")
        assert edit_requests(local_server) == sent  # checked here: nothing was sent
        with pytest.raises(EditError) as impossible:
            session.apply_edits([{"op": "reverse"}, {"op": "fade_in"}, {"op": "remove_photo", "photo": 7}])
        assert (impossible.value.index, impossible.value.op) == (3, "remove_photo")
        assert "edit 3 (remove_photo)" in str(impossible.value) and "only 3" in str(impossible.value)
        assert session.state().draft.dump() == reply.draft.dump()  # type: ignore[union-attr]
        with pytest.raises(BadRequest) as stale:
            session.apply_edits([{"op": "reverse"}], expected_version=0)
        assert stale.value.code == 409
        assert rt.credits().available == 95

        assert session.apply_edits([{"op": "set_fps", "fps": 24}]).changed
        undone = session.apply_edits([{"op": "undo"}])
        assert undone.changed and undone.draft is not None and undone.draft.m.fps == 30
        redone = session.send("redo")  # words and edits share one history
        assert redone.changed and redone.draft is not None and redone.draft.m.fps == 24
        assert rt.credits().available == 94


def test_hosted_service_is_refused_before_any_call(nemo_home: Path) -> None:
    with Runtime(api_base="cloud") as rt:
        session = SkillSession(rt, SessionRecord(session_id="s1", task_id="t1", user_id="u1"))
        with pytest.raises(ConfigError) as refused:
            session.apply_edits([{"op": "reverse"}])
    message = str(refused.value)
    assert message.startswith("structured edits need the local backend: the hosted service")
    assert "NEMO_API_BASE" in message and "chat" in message and "\n" not in message


def _not_found(kind: str):  # type: ignore[no-untyped-def]
    def handler(req: BaseHTTPRequestHandler) -> None:
        if kind == "html":
            send_html(req, 404, b"<html><body><h1>404 Not Found</h1></body></html>")
        elif kind == "detail":
            send_json(req, 404, {"detail": "Not Found"})  # how a FastAPI-style backend says it
        else:
            send_json(req, 405, {"code": 405, "message": "POST is not allowed", "data": None})

    return handler


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["html", "detail", "405"])
def test_a_backend_without_the_endpoint_says_so(
    fault: FaultServer,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    fault.routes["POST /api/local/v1/"] = _not_found(kind)
    code, out, err = run_cli(capsys, "edit", '{"op": "reverse"}')
    assert code == 1 and out == ""
    assert err.startswith(f"error: structured edits need the local backend: {fault.url} has no endpoint")
    assert err.count("\n") == 1 and "Traceback" not in err
    # One try, no new session made for it (a 404 that is not 1002 is not a lost session).
    assert [hit for hit in fault.hits if "/edits" in hit] == ["POST /api/local/v1/sessions/s1/edits"]
    assert sum("with-session" in hit for hit in fault.hits) == 1


def test_a_lost_session_is_still_a_lost_session(fault: FaultServer) -> None:  # noqa: F811
    fault.routes["POST /api/local/v1/"] = lambda req: send_json(
        req, 404, {"code": 1002, "message": "session not found", "data": None}
    )
    with Runtime() as rt, pytest.raises(SessionNotFound):
        rt.session().apply_edits([{"op": "reverse"}])
    assert sum("with-session" in hit for hit in fault.hits) == 2  # restarted once, as for any call


def test_edit_command(client_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "upload", *map(str, photos(tmp_path, 3)), "--new-session")
    assert code == 0, err
    code, out, err = run_cli(
        capsys, "edit", '{"op": "generate"}', '[{"op": "set_aspect", "aspect": "9:16"}]', "--json"
    )
    result = json.loads(out)
    assert code == 0 and set(result) == JSON_KEYS, err
    assert result["action"] == "edit" and result["ok"] is True
    assert result["understood"] == ["9:16 frame"] and result["timeline"].startswith("Timeline (")
    assert "9:16" in result["text"]

    code, out, err = run_cli(capsys, "edit", '{"op": "move_photo", "from": 3, "to": 1}')
    assert code == 0 and "moved photo 3" in out.lower() and "Timeline (" in out

    code, out, err = run_cli(capsys, "edit", "{op: reverse}")
    assert code == 1 and out == "" and err.startswith("error: argument 1 is not JSON")
    code, out, err = run_cli(capsys, "edit", '{"op": "reverse"}', '{"op": "set_title", "size": "gigantic"}')
    assert code == 1 and err.startswith("error: edit 2 (set_title): ") and "Title" not in out
    code, out, err = run_cli(capsys, "edit", '{"op": "remove_photo", "photo": 8}', "--json")
    result = json.loads(out)
    assert code == 1 and result["ok"] is False and result["error"] == "EditError"
    assert "edit 1 (remove_photo)" in result["text"]
    code, out, err = run_cli(capsys, "edit")
    assert code == 1 and "no edits given" in err

    code, out, _ = run_cli(capsys, "edit", "--list")
    assert code == 0 and all(f"\n{op}(" in out for op in EDIT_OPS)
    assert 'move_photo(from: integer | string | list of (integer | string), to?: integer | "start"' in out


def test_edit_command_against_the_hosted_service(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEMO_API_BASE", "cloud")
    code, out, err = run_cli(capsys, "edit", '{"op": "undo"}')
    assert out == ""
    assert code == 1 and err.startswith("error: structured edits need the local backend: the hosted service")
    assert not (nemo_home / "sessions.json").exists()  # no session was made on the hosted service
