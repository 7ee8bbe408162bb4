"""The studio's server side: the page and its files, the cookie session and its CSRF
refusals, the config endpoint. Plain httpx against a real backend. (Its edits go to the
structured-edits endpoint: tests/test_backend_edits.py.)"""

from __future__ import annotations

from http.cookies import SimpleCookie

import httpx
import pytest
from backend_helpers import SKILL_HEADERS, Api, jpeg_bytes
from conftest import LocalServer

from nemo_skill.models.edit_request import EDITS_PATH

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def open_studio_session(url: str, headers: dict[str, str] | None = None) -> tuple[httpx.Response, str, str]:
    """POST /studio/api/session as the page does; returns the response, cookie name and value."""
    response = httpx.post(f"{url}/studio/api/session", headers=headers or SAME_ORIGIN)
    assert response.status_code == 200, response.text
    jar = SimpleCookie(response.headers["set-cookie"])
    (name, morsel), *_ = jar.items()
    return response, name, morsel.value


def cookie_header(name: str, value: str, **extra: str) -> dict[str, str]:
    return {"Cookie": f"{name}={value}", **SKILL_HEADERS, **extra}


def test_page_and_files_are_served_with_a_strict_policy(local_server: LocalServer) -> None:
    url = local_server.url
    page = httpx.get(f"{url}/studio")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert (
        "default-src 'none'" in policy
        and "connect-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
    )
    assert page.headers["x-frame-options"] == "DENY"
    assert 'data-testid="upload"' in page.text and "://" not in page.text  # nothing from other hosts
    assert "set-cookie" not in page.headers  # loading the page changes nothing
    for path in ("studio.css", "js/app.js", "words.json", "icon.svg"):
        asset = httpx.get(f"{url}/studio/static/{path}")
        assert asset.status_code == 200 and asset.headers["x-content-type-options"] == "nosniff"
    assert httpx.get(f"{url}/studio/static/js/app.js").headers["content-type"].startswith("text/javascript")
    for bad in ("nope.js", "../routes.py", "..%2F..%2Fsigning.py", "js/../../../app.py"):
        assert httpx.get(f"{url}/studio/static/{bad}").status_code == 404
    assert httpx.get(f"{url}/studio/fonts/regular.otf").headers["content-type"] == "font/otf"
    assert httpx.get(f"{url}/studio/fonts/other.otf").status_code == 404
    assert httpx.get(f"{url}/studio/", follow_redirects=False).headers["location"] == "/studio"


def test_config_lists_the_skills_and_choices(local_server: LocalServer) -> None:
    data = httpx.get(f"{local_server.url}/studio/api/config").json()["data"]
    names = {skill["name"] for skill in data["skills"]}
    assert {"photographer-video", "free-photo-to-video-ai", "wedding-invitation-video"} <= names
    assert data["default_skill"] in names
    assert "romantic" in data["moods"] and "bw" in data["filters"] and "heic" in data["accept"]


def test_session_cookie_is_httponly_strict_and_reused(local_server: LocalServer) -> None:
    url = local_server.url
    first, name, token = open_studio_session(url)
    header = first.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header and "path=/" in header
    assert name.startswith("nemo_studio_") and token.startswith("nemo_")
    data = first.json()["data"]
    assert data["new_user"] is True and data["credits"] == 100 and data["session_id"] is None
    assert token not in first.text  # the token is in the cookie only, never in the body

    api = Api(url=url, token=token, user_id=data["user_id"])
    api.session_id = api.new_session()
    again = httpx.post(f"{url}/studio/api/session", headers={**SAME_ORIGIN, "Cookie": f"{name}={token}"})
    assert "set-cookie" not in again.headers
    assert again.json()["data"] == {
        **data,
        "new_user": False,
        "session_id": api.session_id,
        "skill": "photographer-video",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
        {},  # neither header: no proof of where it came from
    ],
    ids=["cross-site", "same-site", "foreign-origin", "no-evidence"],
)
def test_cookie_is_refused_on_cross_site_requests(local_server: LocalServer, headers: dict[str, str]) -> None:
    url = local_server.url
    _, name, token = open_studio_session(url)
    api = Api(url=url, token=token, user_id="")
    api.session_id = api.new_session()
    api.upload_ok(("a.jpg", jpeg_bytes()))
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"parts": [{"text": "make a video"}]},
    }
    cookie = cookie_header(name, token, **headers)
    refused = [
        httpx.post(f"{url}/run_sse", headers=cookie, json=body),
        httpx.post(
            f"{url}{EDITS_PATH.format(sid=api.session_id)}",
            headers=cookie,
            json={"edits": [{"op": "generate"}]},
        ),
        httpx.post(f"{url}/api/tasks/me/with-session/nemo_agent", headers=cookie, json={}),
        httpx.get(f"{url}/api/credits/balance/simple", headers=cookie),
    ]
    for response in refused:
        assert response.status_code == 401
        assert response.json()["code"] == 1001
        assert "cross-site" in response.json()["message"]
    assert api.credits()["available"] == 100  # nothing ran, nothing was charged
    assert api.state()["draft"] is None
    # Opening a studio session needs the same proof: another site cannot mint one either.
    assert httpx.post(f"{url}/studio/api/session", headers=headers).status_code == 401


def test_cookie_works_from_the_page_itself(local_server: LocalServer) -> None:
    url = local_server.url
    _, name, token = open_studio_session(url)
    same = httpx.get(f"{url}/api/credits/balance/simple", headers=cookie_header(name, token, **SAME_ORIGIN))
    assert same.status_code == 200 and same.json()["data"]["available"] == 100
    # The page's typed edits (reorder, remove, undo, redo) ride the same cookie.
    api = Api(url=url, token=token, user_id="")
    api.session_id = api.new_session()
    api.upload_ok(("a.jpg", jpeg_bytes()), ("b.jpg", jpeg_bytes(color=(10, 200, 30))))
    edited = httpx.post(
        f"{url}{EDITS_PATH.format(sid=api.session_id)}",
        headers=cookie_header(name, token, **SAME_ORIGIN, Accept="text/event-stream"),
        json={"edits": [{"op": "generate"}, {"op": "move_photo", "from": 2, "to": 1}], "expected_version": 0},
    )
    assert edited.status_code == 200 and edited.headers["content-type"].startswith("text/event-stream")
    assert '"name": "move_photo"' in edited.text and '"type": "text"' in edited.text
    assert api.credits()["available"] == 95
    # A browser without Sec-Fetch-Site: an Origin equal to the backend's own.
    origin = httpx.get(f"{url}/api/credits/balance/simple", headers=cookie_header(name, token, Origin=url))
    assert origin.status_code == 200


def test_dns_rebinding_host_is_refused(local_server: LocalServer) -> None:
    """A page on an attacker's name that resolves to 127.0.0.1 is 'same-origin' with itself."""
    url = local_server.url
    port = url.rsplit(":", 1)[1]
    rebound = {**SAME_ORIGIN, "Host": f"attacker.example:{port}"}
    assert httpx.post(f"{url}/studio/api/session", headers=rebound).status_code == 401
    _, name, token = open_studio_session(url)
    response = httpx.get(
        f"{url}/api/credits/balance/simple", headers={**cookie_header(name, token), **rebound}
    )
    assert response.status_code == 401
    localhost = {**SAME_ORIGIN, "Host": f"localhost:{port}"}
    assert httpx.post(f"{url}/studio/api/session", headers=localhost).status_code == 200
