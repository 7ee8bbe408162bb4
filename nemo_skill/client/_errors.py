"""The one place where a backend answer becomes an exception.

The protocol says: decide by the envelope's ``code`` first and the HTTP status
second (a backend may answer HTTP 200 with a non-zero code), and a body that is
not JSON at all (a proxy's HTML 502 page) means the backend is unavailable.
Every message here comes from the protocol's error table, with the hint a person
can act on.
"""

from __future__ import annotations

import json
from typing import Any

from .._exceptions import (
    APIError,
    AuthError,
    BackendUnavailable,
    BadRequest,
    ExportBlocked,
    FileTooLarge,
    InsufficientCredits,
    NemoError,
    RateLimited,
    ServerError,
    SessionNotFound,
    UnsupportedFileType,
)
from ..config import CLOUD_WEB_URL
from ..models.media_types import accepted_hint

__all__ = [
    "AccountContext",
    "data_of",
    "endpoint_missing",
    "error_from_body",
    "error_from_envelope",
]


# HTTP status (local backend) -> envelope code, for answers that carry no code.
_STATUS_TO_CODE = {401: 1001, 404: 1002, 403: 2001, 415: 4001, 413: 4002, 400: 400, 402: 402, 429: 429}


class AccountContext:
    """What the client knows about the account, for the 2001 hint.

    ``anonymous`` is True when the token came from the anonymous-token call, False
    when it is the user's own (``NEMO_TOKEN``), None when unknown.
    """

    __slots__ = ("anonymous", "user_id", "web_url")

    def __init__(self, *, anonymous: bool | None, user_id: str | None, web_url: str = CLOUD_WEB_URL) -> None:
        self.anonymous = anonymous
        self.user_id = user_id
        self.web_url = web_url.rstrip("/")

    def __repr__(self) -> str:
        return f"AccountContext(anonymous={self.anonymous!r}, user_id={self.user_id!r})"


def _credits_error(message: str, data: Any, status: int | None, account: AccountContext | None) -> APIError:
    register_url = None
    if isinstance(data, dict):
        register_url = data.get("register_url") or data.get("bind_url")
    if not register_url and account is not None and account.anonymous and account.user_id:
        register_url = f"{account.web_url}/register?bind={account.user_id}"
        data = {**(data if isinstance(data, dict) else {}), "register_url": register_url}
    if register_url:
        hint = f"register for free to get more credits: {register_url}"
    else:
        web = account.web_url if account is not None else CLOUD_WEB_URL
        hint = f"top up credits at {web}"
    return InsufficientCredits("no credits left", code=2001, http_status=status, hint=hint, data=data)


def error_from_envelope(
    code: int | None,
    message: str | None,
    data: Any = None,
    *,
    http_status: int | None = None,
    account: AccountContext | None = None,
    max_file_mb: int | None = None,
) -> APIError | None:
    """Map an envelope (or an error event of a stream) to an exception; None means success."""
    if code is None or code == 0:
        if http_status is None or http_status < 400:
            return None
        code = _STATUS_TO_CODE.get(http_status, http_status)
    said = (message or "").strip()
    if code == 1001:
        return AuthError(
            "the backend refused the token (missing, bad or expired)",
            code=code,
            http_status=http_status,
            hint="unset NEMO_TOKEN to get a fresh anonymous token, or set it to a valid token",
        )
    if code == 1002:
        return SessionNotFound("the editing session no longer exists", code=code, http_status=http_status)
    if code == 2001:
        return _credits_error(said, data, http_status, account)
    if code == 4001:
        return UnsupportedFileType(
            f"unsupported file type{': ' + said if said else ''}",
            code=code,
            http_status=http_status,
            hint=accepted_hint(),
            data=data,
        )
    if code == 4002:
        limit = f"the limit is {max_file_mb} MB; " if max_file_mb else ""
        return FileTooLarge(
            f"file too large{': ' + said if said else ''}",
            code=code,
            http_status=http_status,
            hint=f"{limit}compress the file or trim the clip, then upload it again",
            data=data,
        )
    if code == 402:
        return ExportBlocked(
            "export blocked: the account's plan does not allow it (this is not a credits problem)",
            code=code,
            http_status=http_status,
            hint=f"register or upgrade your plan at {(account.web_url if account else CLOUD_WEB_URL)}",
            data=data,
        )
    if code == 429:
        return RateLimited(
            "the backend is rate limiting this client",
            code=code,
            http_status=http_status,
            hint="wait a minute and try again",
            data=data,
        )
    if code == 400 or (isinstance(code, int) and 400 <= code < 500):
        return BadRequest(
            f"the backend rejected the request: {said or 'bad request'}",
            code=code,
            http_status=http_status,
            data=data,
        )
    return ServerError(
        f"the backend failed: {said or 'internal error'} (code {code})",
        code=code,
        http_status=http_status,
        hint="try again in a moment; if it keeps failing, the backend's log says why",
        data=data,
    )


def error_from_body(
    body: bytes,
    http_status: int,
    *,
    account: AccountContext | None = None,
    max_file_mb: int | None = None,
) -> tuple[Any, NemoError | None]:
    """Decode a whole response body: ``(envelope, None)`` on success, ``(None, error)`` otherwise."""
    try:
        payload = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError):
        payload = None
        parsed = False
    else:
        parsed = isinstance(payload, dict)
    if not parsed:
        # An HTML error page from a proxy, or garbage: never show it, never a traceback.
        if http_status >= 400:
            return None, BackendUnavailable(f"backend unavailable (HTTP {http_status})")
        return None, BackendUnavailable(f"backend unavailable (HTTP {http_status}: the answer was not JSON)")
    assert isinstance(payload, dict)
    code = payload.get("code")
    if not isinstance(code, int):
        code = None
    error = error_from_envelope(
        code,
        payload.get("message") if isinstance(payload.get("message"), str) else None,
        payload.get("data"),
        http_status=http_status,
        account=account,
        max_file_mb=max_file_mb,
    )
    if error is not None:
        return None, error
    return payload, None


def data_of(payload: Any) -> Any:
    """The envelope's ``data``; answers without one carry their fields at the top level."""
    if isinstance(payload, dict) and "data" in payload and payload["data"] is not None:
        return payload["data"]
    return payload


def endpoint_missing(http_status: int, body: bytes) -> bool:
    """Whether an answer says the endpoint does not exist (404/405/501), as opposed to a
    404 that names a lost session: only an envelope with code 1002 is that."""
    if http_status not in (404, 405, 501):
        return False
    try:
        payload = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError):
        return True  # an HTML "Not Found" page
    return not (isinstance(payload, dict) and payload.get("code") == 1002)
