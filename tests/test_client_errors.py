"""One mapping from answers to exceptions, and the retry policy."""

from __future__ import annotations

import json

import pytest

from nemo_skill import (
    AuthError,
    BackendUnavailable,
    BadRequest,
    ExportBlocked,
    FileTooLarge,
    InsufficientCredits,
    RateLimited,
    ServerError,
    SessionNotFound,
    UnsupportedFileType,
)
from nemo_skill.client._errors import AccountContext, error_from_body, error_from_envelope
from nemo_skill.client._retry import call_with_retries


@pytest.mark.parametrize(
    ("code", "status", "cls"),
    [
        (1001, 401, AuthError),
        (1002, 404, SessionNotFound),
        (2001, 403, InsufficientCredits),
        (4001, 415, UnsupportedFileType),
        (4002, 413, FileTooLarge),
        (400, 400, BadRequest),
        (402, 402, ExportBlocked),
        (429, 429, RateLimited),
        (9999, 500, ServerError),
    ],
)
def test_code_decides_first_then_status(code: int, status: int, cls: type) -> None:
    by_code = error_from_envelope(code, "x", http_status=200)
    assert isinstance(by_code, cls) and by_code.code == code
    by_status = error_from_envelope(None, None, http_status=status)
    assert isinstance(by_status, cls)


def test_success_is_none_and_http_200_with_code_is_an_error() -> None:
    assert error_from_envelope(0, "ok", http_status=200) is None
    payload, err = error_from_body(json.dumps({"code": 1002, "message": "gone", "data": None}).encode(), 200)
    assert payload is None and isinstance(err, SessionNotFound)


def test_html_502_is_backend_unavailable_without_the_page() -> None:
    _, err = error_from_body(b"<html><body><h1>502 Bad Gateway</h1></body></html>", 502)
    assert isinstance(err, BackendUnavailable)
    assert str(err) == "backend unavailable (HTTP 502)"
    assert err.exit_code == 2


def test_2001_anonymous_shows_the_bind_link_and_registered_says_top_up() -> None:
    anon = error_from_envelope(
        2001, "", account=AccountContext(anonymous=True, user_id="u_42", web_url="https://w")
    )
    assert isinstance(anon, InsufficientCredits)
    assert "https://w/register?bind=u_42" in str(anon) and anon.bind_url == "https://w/register?bind=u_42"
    from_server = error_from_envelope(2001, "", {"register_url": "http://x/register?bind=u_7"})
    assert "http://x/register?bind=u_7" in str(from_server)
    registered = error_from_envelope(2001, "", account=AccountContext(anonymous=False, user_id="u_1"))
    assert "top up credits" in str(registered) and "register?bind" not in str(registered)


def test_402_is_about_the_plan_not_credits() -> None:
    err = error_from_envelope(402, "export blocked")
    assert isinstance(err, ExportBlocked)
    assert "register or upgrade your plan" in str(err) and "not a credits problem" in str(err)


def test_4002_names_the_limit() -> None:
    err = error_from_envelope(4002, "too big", max_file_mb=200)
    assert "200 MB" in str(err) and "compress" in str(err)


def test_retry_policy_each_recovery_once() -> None:
    calls: list[str] = []
    slept: list[float] = []

    def flaky_auth() -> str:
        calls.append("op")
        if len(calls) == 1:
            raise AuthError("x")
        return "ok"

    assert call_with_retries(flaky_auth, refresh_token=lambda: calls.append("refresh")) == "ok"
    assert calls == ["op", "refresh", "op"]

    def always_auth() -> str:
        raise AuthError("x")

    with pytest.raises(AuthError):
        call_with_retries(always_auth, refresh_token=lambda: None)

    def always_429() -> str:
        raise RateLimited("x", http_status=429)

    with pytest.raises(RateLimited, match="giving up") as info:
        call_with_retries(always_429, sleep=slept.append)
    assert slept == [30.0]
    assert info.value.exit_code == 1

    ids = ["a"]

    def needs_client_id() -> str:
        if ids[-1] == "a":
            raise BadRequest("X-Client-Id header missing", http_status=400)
        return ids[-1]

    assert call_with_retries(needs_client_id, regenerate_client_id=lambda: ids.append("b")) == "b"


def test_an_api_error_raised_without_a_code_is_a_failure_code() -> None:
    from nemo_skill import APIError

    assert APIError("the backend answered nonsense").code == 500


def test_a_numeric_user_id_in_the_token_answer_is_an_id() -> None:
    from nemo_skill.models.wire import TokenData

    issued = TokenData.model_validate({"token": "t0k", "user_id": 42, "expires_at": "2027-01-01T00:00:00Z"})
    assert issued.user_id == "42" and issued.token == "t0k"
