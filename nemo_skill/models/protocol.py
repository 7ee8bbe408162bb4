"""The protocol's fixed parts, in one place for the client and the local backend:
the endpoints (method and path), the header names, and the error table that ties an
envelope ``code`` to its HTTP status and to the exception the runtime raises.

docs/protocol.md is the same contract in words. The local backend routes
:data:`ENDPOINTS` (Starlette path templates), the client fills the same templates in;
the backend answers an error with :func:`status_for_code`, the client turns an answer
back into an exception with :func:`error_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._exceptions import (
    APIError,
    AuthError,
    BadRequest,
    ExportBlocked,
    FileTooLarge,
    InsufficientCredits,
    RateLimited,
    ServerError,
    SessionNotFound,
    UnsupportedFileType,
)

__all__ = [
    "ANONYMOUS_TOKEN",
    "CREDITS",
    "EDITS",
    "ENDPOINTS",
    "ERRORS",
    "EVENT_STREAM",
    "HEALTH",
    "MEDIA_FILE",
    "RENDER",
    "RENDER_FILE",
    "RENDER_JOB",
    "RUN_SSE",
    "SESSION",
    "SKILL_HEADERS",
    "STATE",
    "UPLOAD",
    "Endpoint",
    "ErrorKind",
    "code_for_status",
    "default_code",
    "error_kind",
    "status_for_code",
]


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str
    """A Starlette path template: ``{name}`` is one path segment."""

    def path(self, **params: str) -> str:
        """The path with its ``{name}`` segments filled in (ids are the backend's own, URL-safe)."""
        return self.template.format(**params)


# --- endpoints --------------------------------------------------------------------------

ANONYMOUS_TOKEN = Endpoint("POST", "/api/auth/anonymous-token")
SESSION = Endpoint("POST", "/api/tasks/me/with-session/nemo_agent")
CREDITS = Endpoint("GET", "/api/credits/balance/simple")
RUN_SSE = Endpoint("POST", "/run_sse")
UPLOAD = Endpoint("POST", "/api/upload-video/nemo_agent/me/{sid}")
STATE = Endpoint("GET", "/api/state/nemo_agent/me/{sid}/latest")
RENDER = Endpoint("POST", "/api/render/proxy/lambda")
RENDER_JOB = Endpoint("GET", "/api/render/proxy/lambda/{job_id}")
# The local backend's own (not in the hosted contract): a health check, structured edits
# (versioned, under /api/local/: a path the hosted protocol does not use), and downloads
# by signed path, which need no bearer token.
HEALTH = Endpoint("GET", "/healthz")
EDITS = Endpoint("POST", "/api/local/v1/sessions/{sid}/edits")
MEDIA_FILE = Endpoint("GET", "/media/{signed}")
RENDER_FILE = Endpoint("GET", "/files/{signed}")

ENDPOINTS = (ANONYMOUS_TOKEN, SESSION, CREDITS, RUN_SSE, UPLOAD, STATE, RENDER, RENDER_JOB)
"""The hosted service's endpoints, every one of which the local backend serves too."""

# --- headers ----------------------------------------------------------------------------

AUTHORIZATION = "Authorization"
CLIENT_ID = "X-Client-Id"
"""Only on the anonymous-token call: one token per client id per 7 days."""
SKILL_SOURCE = "X-Skill-Source"
SKILL_VERSION = "X-Skill-Version"
SKILL_PLATFORM = "X-Skill-Platform"
SKILL_HEADERS = (SKILL_SOURCE, SKILL_VERSION, SKILL_PLATFORM)
"""Attribution: an export without all three is refused with 402."""
EVENT_STREAM = "text/event-stream"

# --- errors -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorKind:
    """One row of the error table: what a code means and what the runtime says about it.

    ``says`` and ``hint`` are formatted with ``said`` (the backend's own words, or
    ``unsaid``), ``said_suffix`` (": <words>" or nothing), ``code``, ``web`` (where an
    account is managed), ``accepted`` (the accepted file types) and ``limit``."""

    code: int
    http_status: int
    error: type[APIError]
    says: str
    hint: str | None = None
    unsaid: str = ""


ERRORS: tuple[ErrorKind, ...] = (
    ErrorKind(
        1001, 401, AuthError, "the backend refused the token (missing, bad or expired)",
        "unset NEMO_TOKEN to get a fresh anonymous token, or set it to a valid token",
    ),
    ErrorKind(1002, 404, SessionNotFound, "the editing session no longer exists"),
    # 2001's hint depends on the account (a registration link for an anonymous user):
    # the client words it itself.
    ErrorKind(2001, 403, InsufficientCredits, "no credits left"),
    ErrorKind(4001, 415, UnsupportedFileType, "unsupported file type{said_suffix}", "accepted: {accepted}"),
    ErrorKind(
        4002, 413, FileTooLarge, "file too large{said_suffix}",
        "{limit}compress the file or trim the clip, then upload it again",
    ),
    ErrorKind(400, 400, BadRequest, "the backend rejected the request: {said}", unsaid="bad request"),
    ErrorKind(
        402, 402, ExportBlocked,
        "export blocked: the account's plan does not allow it (this is not a credits problem)",
        "register or upgrade your plan at {web}",
    ),
    ErrorKind(429, 429, RateLimited, "the backend is rate limiting this client", "wait a minute and try again"),
    ErrorKind(
        500, 500, ServerError, "the backend failed: {said} (code {code})",
        "try again in a moment; if it keeps failing, the backend's log says why", unsaid="internal error",
    ),
)  # fmt: skip

_BY_CODE = {kind.code: kind for kind in ERRORS}
_CODE_BY_STATUS = {kind.http_status: kind.code for kind in ERRORS}
_BAD_REQUEST, _SERVER_ERROR = _BY_CODE[400], _BY_CODE[500]


def error_kind(code: int) -> ErrorKind:
    """The row for ``code``; a code this table does not know is a 4xx or 5xx by its range."""
    known = _BY_CODE.get(code)
    if known is not None:
        return known
    return _BAD_REQUEST if 400 <= code < 500 else _SERVER_ERROR


def status_for_code(code: int) -> int:
    """The HTTP status the local backend answers ``code`` with (an error of its own,
    outside the table, names its status where it is raised)."""
    return error_kind(code).http_status


def code_for_status(status: int) -> int:
    """The envelope code an answer without one stands for (a proxy's 401, say)."""
    return _CODE_BY_STATUS.get(status, status)


def default_code(error: type[APIError]) -> int:
    """The code an error raised without one carries: the row of its class (or of the
    nearest base class that has one); 500 for a plain :class:`APIError`, which is a
    failure whatever else it is (0 is the protocol's success)."""
    for cls in error.__mro__:
        for kind in ERRORS:
            if kind.error is cls:
                return kind.code
    return 500
