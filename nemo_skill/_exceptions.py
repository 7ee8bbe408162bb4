"""Every error nemo-skill raises, in one hierarchy.

The hierarchy (``exit`` is the CLI's exit code for the branch):

* NemoError - base class; ``str(err)`` is one line a person can act on.
  * UserError - something the user can fix (exit 1).
    * ConfigError - a bad setting: unknown skill, bad ``NEMO_API_BASE``, missing extra.
    * ManifestError - a SKILL.md that cannot be loaded or breaks a rule.
    * InputError - a file that does not exist, is a directory, has the wrong type,
      or an output path that cannot be written.
    * DraftError - a draft (timeline) that cannot be rendered as it is.
    * EditError - a typed edit that is malformed or cannot apply to the draft; names the edit.
  * APIError - the backend answered with a non-zero envelope ``code``.
    * AuthError - 1001, token missing, bad or expired.
    * SessionNotFound - 1002.
    * InsufficientCredits - 2001; ``bind_url`` says where an anonymous user registers.
    * UnsupportedFileType - 4001.
    * FileTooLarge - 4002.
    * BadRequest - 400 (e.g. ``X-Client-Id`` missing), and other 4xx.
    * ExportBlocked - 402, attribution headers missing or the plan forbids export.
    * RateLimited - 429.
    * ServerError - 5xx, or a code this client does not know.
  * TransportError - the backend could not be talked to (exit 2).
    * BackendUnavailable - connection refused, timeout, a body that is not JSON.
    * StreamError - an SSE stream that broke off or ran past its time limit.
  * RenderError - the renderer failed (exit 2 unless it is a DraftError).
  * Cancelled - a render or a wait was cancelled.

API errors carry ``code`` and ``http_status``. Which code goes with which class and
HTTP status is one table, :data:`nemo_skill.models.protocol.ERRORS`: the local backend
answers with it and the client reads answers back with it.
Messages never contain tokens: :func:`nemo_skill.redaction.redact` runs over every message.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .redaction import redact

__all__ = [
    "APIError",
    "AuthError",
    "BackendUnavailable",
    "BadRequest",
    "Cancelled",
    "ConfigError",
    "DraftError",
    "EditError",
    "ExportBlocked",
    "FileTooLarge",
    "InputError",
    "InsufficientCredits",
    "ManifestError",
    "NemoError",
    "RateLimited",
    "RenderError",
    "ServerError",
    "SessionNotFound",
    "StreamError",
    "TransportError",
    "UnsupportedFileType",
    "UserError",
]


class NemoError(Exception):
    """Base class. ``hint`` is what to do about it; ``exit_code`` is for the CLI."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = redact(" ".join(str(message).split()))
        self.hint = redact(hint) if hint else None
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, "hint": self.hint, "code": None}


class UserError(NemoError):
    exit_code = 1


class ConfigError(UserError):
    pass


class ManifestError(UserError):
    pass


class InputError(UserError):
    pass


class DraftError(UserError):
    pass


class EditError(UserError):
    """A typed edit that is malformed or cannot apply; the message names it ("edit 2 (remove_photo): ...").

    ``index`` (1-based) and ``op`` say which edit, when the problem is one edit's."""

    def __init__(
        self, message: str, *, index: int | None = None, op: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.index = index
        self.op = op


class APIError(NemoError):
    """The backend answered with a non-zero envelope code."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        http_status: int | None = None,
        hint: str | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(message, hint=hint)
        if code is None:
            from .models.protocol import default_code  # the table imports this module

            code = default_code(type(self))
        self.code = code
        self.http_status = http_status
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["code"] = self.code
        return out


class AuthError(APIError):
    pass


class SessionNotFound(APIError):
    pass


class InsufficientCredits(APIError):
    @property
    def bind_url(self) -> str | None:
        if isinstance(self.data, dict):
            url = self.data.get("register_url") or self.data.get("bind_url")
            return str(url) if url else None
        return None


class UnsupportedFileType(APIError):
    pass


class FileTooLarge(APIError):
    pass


class BadRequest(APIError):
    pass


class ExportBlocked(APIError):
    pass


class RateLimited(APIError):
    pass


class ServerError(APIError):
    exit_code = 2


class TransportError(NemoError):
    exit_code = 2


class BackendUnavailable(TransportError):
    pass


class StreamError(TransportError):
    pass


class RenderError(NemoError):
    exit_code = 2


class Cancelled(NemoError):
    exit_code = 2
