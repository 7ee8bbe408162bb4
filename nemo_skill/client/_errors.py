"""The one place where a backend answer becomes an exception.

The protocol says: decide by the envelope's ``code`` first and the HTTP status
second (a backend may answer HTTP 200 with a non-zero code), and a body that is
not JSON at all (a proxy's HTML 502 page) means the backend is unavailable.
Every message here comes from the protocol's error table
(:data:`nemo_skill.models.protocol.ERRORS`), with the hint a person can act on.
"""

from __future__ import annotations

import json
from typing import Any

from .._exceptions import APIError, BackendUnavailable, InsufficientCredits, NemoError
from ..config import CLOUD_WEB_URL
from ..models import protocol
from ..models.media_types import ACCEPTED_EXTENSIONS
from ..models.wire import Envelope

__all__ = [
    "AccountContext",
    "data_of",
    "endpoint_missing",
    "error_from_body",
    "error_from_envelope",
]


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


def _credits_error(data: Any, status: int | None, account: AccountContext | None) -> APIError:
    """2001: where an anonymous user registers (the backend's link, else one made from the
    user id), or where a registered one tops up."""
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
    kind = protocol.error_kind(2001)
    return kind.error(kind.says, code=kind.code, http_status=status, hint=hint, data=data)


def error_from_envelope(
    code: int | None,
    message: str | None,
    data: Any = None,
    *,
    http_status: int | None = None,
    account: AccountContext | None = None,
    max_file_mb: int | None = None,
) -> APIError | None:
    """Map an envelope (or an error event of a stream) to an exception; None means success.

    The row of :data:`~nemo_skill.models.protocol.ERRORS` for the code (or, for an answer
    without one, for its HTTP status) gives the class and the words."""
    if code is None or code == 0:
        if http_status is None or http_status < 400:
            return None
        code = protocol.code_for_status(http_status)
    kind = protocol.error_kind(code)
    if kind.error is InsufficientCredits:
        return _credits_error(data, http_status, account)
    said = (message or "").strip()
    facts = {
        "said": said or kind.unsaid,
        "said_suffix": f": {said}" if said else "",
        "code": code,
        "web": account.web_url if account is not None else CLOUD_WEB_URL,
        "accepted": ", ".join(ACCEPTED_EXTENSIONS),
        "limit": f"the limit is {max_file_mb} MB; " if max_file_mb else "",
    }
    return kind.error(
        kind.says.format(**facts),
        code=code,
        http_status=http_status,
        hint=kind.hint.format(**facts) if kind.hint else None,
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
    envelope = Envelope[Any].model_validate(payload)
    error = error_from_envelope(
        envelope.code,
        envelope.message,
        envelope.data,
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
