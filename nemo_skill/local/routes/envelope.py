"""The response envelope ``{"code", "message", "data"}``.

Handlers raise classes of nemo_skill._exceptions (the one hierarchy); the app turns
them into envelopes here, with the HTTP status of the protocol's error table
(:data:`nemo_skill.models.protocol.ERRORS`).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from ..._exceptions import APIError, ServerError
from ...models.protocol import status_for_code
from ...models.wire import Envelope


class JSONEnvelope(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _body(envelope: Envelope[Any]) -> dict[str, Any]:
    # Field by field rather than model_dump(): ``data`` is already plain JSON (a draft may
    # be large), and is passed through as it is.
    return {"code": envelope.code, "message": envelope.message, "data": envelope.data}


def ok(data: Any, message: str = "ok") -> JSONEnvelope:
    return JSONEnvelope(_body(Envelope[Any](code=0, message=message, data=data)), status_code=200)


def error_body(exc: APIError) -> dict[str, Any]:
    return _body(Envelope[Any](code=exc.code, message=str(exc), data=exc.data))


def error_response(exc: APIError) -> JSONEnvelope:
    status = exc.http_status or status_for_code(exc.code)
    return JSONEnvelope(error_body(exc), status_code=status)


def internal_error() -> JSONEnvelope:
    return error_response(ServerError("internal error in the local backend; see its log", code=500))
