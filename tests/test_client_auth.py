"""The token store: private, atomic, never printed; NEMO_TOKEN wins."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest

from nemo_skill.client._http import HttpClient
from nemo_skill.client.auth import Token, TokenRecord, TokenStore

SECRET = "nemo_tok_SECRETVALUE0123456789abcdef"


def test_token_never_shows_itself() -> None:
    token = Token(SECRET)
    record = TokenRecord(token, client_id="c1", user_id="u1")
    for text in (repr(token), str(token), repr(record), f"{record}", f"{token!r}"):
        assert SECRET not in text
    assert token.reveal() == SECRET


def test_store_is_private_and_atomic(nemo_home: Path) -> None:
    store = TokenStore()
    store.save(
        TokenRecord(
            Token(SECRET), client_id="c1", user_id="u1", expires_at="2099-01-01T00:00:00Z", api_base="local"
        )
    )
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert not [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    raw = json.loads(store.path.read_text())
    assert raw["client_id"] == "c1" and raw["user_id"] == "u1" and raw["token"] == SECRET
    loaded = store.load("local")
    assert loaded is not None and loaded.token.reveal() == SECRET
    # A token of another backend is not offered to this one.
    assert store.load("https://other.example") is None


def test_expired_token_is_detected() -> None:
    assert TokenRecord(Token("x"), "c", expires_at="2000-01-01T00:00:00Z").expired()
    assert not TokenRecord(Token("x"), "c", expires_at="2999-01-01T00:00:00+00:00").expired()


def _client(handler: object, home: Path) -> HttpClient:
    return HttpClient(
        "http://backend.test",
        api_base_key="http://backend.test",
        skill_headers={"X-Skill-Source": "s", "X-Skill-Version": "1", "X-Skill-Platform": "unknown"},
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        sleep=lambda s: None,
    )


def test_env_token_wins_and_skips_the_anonymous_call(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEMO_TOKEN", SECRET)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, json={"code": 0, "message": "ok", "data": {"available": 5, "frozen": 0, "total": 5}}
        )

    http = _client(handler, nemo_home)
    assert http.call("GET", "/api/credits/balance/simple")["available"] == 5
    assert [r.url.path for r in seen] == ["/api/credits/balance/simple"]
    assert seen[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert seen[0].headers["X-Skill-Source"] == "s"
    assert not (nemo_home / "token.json").exists()


def test_anonymous_token_fetched_once_kept_and_refreshed_on_1001(nemo_home: Path) -> None:
    issued: list[str] = []
    client_ids: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            assert "Authorization" not in request.headers and "X-Skill-Source" not in request.headers
            client_ids.append(request.headers["X-Client-Id"])
            issued.append(f"nemo_tok_{len(issued)}_abcdefghijklmnop")
            return httpx.Response(
                200,
                json={
                    "code": 0,
                    "data": {
                        "token": issued[-1],
                        "user_id": "u1",
                        "expires_at": "2999-01-01T00:00:00Z",
                        "credits": 100,
                    },
                },
            )
        if request.headers["Authorization"] != f"Bearer {issued[-1]}" or len(issued) < 2:
            return httpx.Response(401, json={"code": 1001, "message": "bad token", "data": None})
        return httpx.Response(200, json={"code": 0, "data": {"available": 1, "frozen": 0, "total": 1}})

    http = _client(handler, nemo_home)
    assert http.call("GET", "/api/credits/balance/simple")["available"] == 1
    assert len(issued) == 2 and len(set(client_ids)) == 2  # a new client id with each new token
    stored = json.loads((nemo_home / "token.json").read_text())
    assert stored["token"] == issued[-1] and stored["client_id"] == client_ids[-1]
    assert stat.S_IMODE((nemo_home / "token.json").stat().st_mode) == 0o600


def test_bearer_and_attribution_go_only_to_the_backend(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEMO_TOKEN", SECRET)
    seen: dict[str, httpx.Headers] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.host] = request.headers
        return httpx.Response(200, content=b"video bytes")

    http = _client(handler, nemo_home)
    for url in ("/files/out.mp4", "https://cdn.example/out.mp4"):
        http.open_download(url).close()
    own, cdn = seen["backend.test"], seen["cdn.example"]
    assert own["Authorization"] == f"Bearer {SECRET}" and own["X-Skill-Platform"] == "unknown"
    assert "Authorization" not in cdn
