"""Structured edits: typed edits sent to the local backend's extension of the protocol.

The protocol itself has no way to store a draft. It can read one (state) and render any
draft it is given (the export's body), but the only thing that changes a session's
draft is a message in words. Editing the draft on this side and exporting it would leave
the session's own draft as it was: ``state`` would not show the edit and the next
message would edit the old draft. So typed edits go to the local backend's endpoint
(``POST /api/local/v1/sessions/<sid>/edits``), and against the hosted service, or any
backend without that endpoint, the answer is a clear "needs the local backend".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import config
from .._exceptions import BadRequest, ConfigError, EditError
from ._http import HttpClient

if TYPE_CHECKING:
    from ..interpreter.edits import Edit
    from ..models.edit_request import EditsAnswer, EditsRequest

__all__ = ["check_backend", "needs_local_backend", "parse_request", "send_edits"]


def needs_local_backend(base_url: str) -> ConfigError:
    where = "the hosted service" if base_url.rstrip("/") == config.CLOUD_URL else base_url
    return ConfigError(
        f"structured edits need the local backend: {where} has no endpoint for them "
        "(the NemoVideo protocol can only change a draft through a message in words)",
        hint=f"unset {config.ENV_API_BASE} to use the local backend, or say the edit in words "
        "with nemo-skill chat or the MCP tool edit_video",
    )


def check_backend(base_url: str) -> None:
    """Fail before any network call when the backend is known to lack the endpoint."""
    if base_url.rstrip("/") == config.CLOUD_URL:
        raise needs_local_backend(base_url)


def parse_request(
    edits: Sequence[Edit | Mapping[str, Any]], expected_version: int | None = None
) -> EditsRequest:
    """The request, checked here first: a malformed edit is an EditError before anything is sent."""
    from ..models.edit_request import EditsRequest

    return EditsRequest.parse({"edits": list(edits), "expected_version": expected_version})


def send_edits(http: HttpClient, session_id: str, request: EditsRequest) -> EditsAnswer:
    """Apply the edits on the backend (all or none); its refusal names the edit."""
    from ..models.edit_request import EditsAnswer
    from ..models.protocol import EDITS

    try:
        data = http.call(
            EDITS.method,
            EDITS.path(sid=session_id),
            json=request.wire(),
            headers={"Accept": "application/json"},
            missing=needs_local_backend(http.base_url),
        )
    except BadRequest as exc:
        named = exc.data if isinstance(exc.data, dict) else {}
        if "edit" not in named:
            raise
        raise EditError(exc.message, index=named.get("edit"), op=named.get("op")) from None
    return EditsAnswer.model_validate(data)
