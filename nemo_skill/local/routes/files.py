"""Downloads by signed, expiring path: ``/media/<signed>`` and ``/files/<signed>``.

No bearer token: the link itself is the credential (agents hand it to a browser or
curl). Paths are resolved inside the data dir only.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..._exceptions import APIError
from .request_helpers import ctx_of, endpoint

MEDIA_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "avi": "video/x-msvideo",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}
_ALLOWED_ROOTS = {"media", "renders"}


def _not_found() -> APIError:
    return APIError("this download link is invalid or has expired", code=404, http_status=404)


async def _serve(request: Request, prefix: str) -> Response:
    ctx = ctx_of(request)
    relative = ctx.signer.verify(request.path_params["signed"], ctx.now())
    if relative is None or relative.split("/", 1)[0] not in _ALLOWED_ROOTS or not relative.startswith(prefix):
        raise _not_found()
    root = ctx.settings.data_dir.resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise _not_found()
    ext = path.suffix.lstrip(".").lower()
    filename = "video.mp4" if prefix == "renders/" else path.name
    return FileResponse(path, media_type=MEDIA_TYPES.get(ext, "application/octet-stream"), filename=filename)


@endpoint
async def media_file(request: Request) -> Response:
    return await _serve(request, "media/")


@endpoint
async def render_file(request: Request) -> Response:
    return await _serve(request, "renders/")
