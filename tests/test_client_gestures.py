"""When the backend asks the user to click or drag, the runtime does it (docs/protocol.md:
"click" -> through the API, "drag" -> the edit as a message), once, never in a loop.

A fake backend (httpx.MockTransport): the real one never speaks of buttons."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from nemo_skill.runtime import Runtime

OK = {"code": 0, "message": "ok"}


def sse(*texts: str) -> httpx.Response:
    body = "".join(f"data: {json.dumps({'type': 'text', 'content': t})}\n\n" for t in texts)
    return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})


class FakeEditor:
    """Answers the first message with a click, and every later one with another click."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.photos = 1

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/auth/anonymous-token":
            token = {"token": "t" * 12, "user_id": "u1", "expires_at": "2099-01-01T00:00:00Z", "credits": 100}
            return httpx.Response(200, json={**OK, "data": token})
        if path.startswith("/api/tasks/me/with-session/"):
            return httpx.Response(
                200, json={**OK, "data": {"task_id": "t1", "session_id": "s1", "user_id": "u1"}}
            )
        if path.startswith("/api/state/"):
            segments = [{"src": f"m{i}", "st": i * 1000, "d": 1000} for i in range(self.photos)]
            draft = {"d": 1000 * self.photos, "t": [{"tt": 0, "sg": segments}]}
            return httpx.Response(200, json={**OK, "data": {"state": {"draft": draft}}})
        if path == "/run_sse":
            message = json.loads(request.content)["new_message"]["parts"][0]["text"]
            self.messages.append(message)
            if len(self.messages) == 1:
                return sse("Sure. ", 'Click "Add Photo" to continue.')
            self.photos += 1
            return sse("I added a photo. ", 'Click "Add Photo" again for more.')
        return httpx.Response(404, json={"code": 404, "message": path, "data": None})


def test_a_click_is_done_once_through_the_api(nemo_home: Path) -> None:
    editor = FakeEditor()
    with Runtime(api_base="http://backend.test", transport=httpx.MockTransport(editor)) as rt:
        reply = rt.session(new=True).send("make it longer")
    assert editor.messages == ["make it longer", "add photo"]  # the click, once: no loop
    assert reply.text == "Sure. I added a photo."
    assert reply.changed and reply.draft is not None and len(reply.draft.t[0].sg) == 2
    assert "click" not in reply.text.lower()
