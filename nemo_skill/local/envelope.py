"""The response envelope ``{"code", "message", "data"}`` and the code -> HTTP status table.

Handlers raise classes of nemo_skill._exceptions (the one hierarchy); the app turns
them into envelopes here, so the code/status pairs of protocol.md live in one place.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from .._exceptions import APIError, ServerError

HTTP_STATUS_FOR_CODE: dict[int, int] = {
    0: 200,
    1001: 401,
    1002: 404,
    2001: 403,
    4001: 415,
    4002: 413,
    400: 400,
    402: 402,
    404: 404,
    405: 405,
    429: 429,
    500: 500,
}


class JSONEnvelope(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ok(data: Any, message: str = "ok") -> JSONEnvelope:
    return JSONEnvelope({"code": 0, "message": message, "data": data}, status_code=200)


def error_body(exc: APIError) -> dict[str, Any]:
    return {"code": exc.code, "message": str(exc), "data": exc.data}


def error_response(exc: APIError) -> JSONEnvelope:
    status = exc.http_status or HTTP_STATUS_FOR_CODE.get(exc.code, 400 if 400 <= exc.code < 500 else 500)
    return JSONEnvelope(error_body(exc), status_code=status)


def internal_error() -> JSONEnvelope:
    return error_response(ServerError("internal error in the local backend; see its log", code=500))
