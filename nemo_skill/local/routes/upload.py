"""``POST /api/upload-video/nemo_agent/me/<sid>``: multipart files or JSON URLs."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import BadRequest
from ...models import UploadData, UrlUploadRequest, protocol
from ..media.incoming import IncomingFile
from ..media.ingest import ProbeAhead, keep
from ..media.multipart import receive_files
from ..media.url_fetch import MAX_URLS, fetch_url
from ..media.views import media_info
from ..skill_info import upload_limit_bytes
from ..store import sessions as session_store
from .envelope import ok
from .request_helpers import authenticate, base_url, ctx_of, endpoint, owned_session, parse_model, read_json


@endpoint
async def upload(request: Request) -> Response:
    user_id = authenticate(request)
    session = owned_session(request, user_id, request.path_params["sid"])
    ctx = ctx_of(request)
    skill = request.headers.get(protocol.SKILL_SOURCE) or session.skill
    limit = upload_limit_bytes(skill, ctx.settings.max_upload_mb)
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in ("multipart/form-data", "application/json"):
        raise BadRequest(
            "upload with an unsupported Content-Type",
            hint="send multipart/form-data with 'files' fields, or JSON {\"urls\": [...]}",
        )
    probes = ProbeAhead()
    try:
        if media_type == "multipart/form-data":
            received = await receive_files(
                content_type, request.stream(), ctx.settings.tmp_dir, limit, on_file=probes.start
            )
        else:
            received = await _fetch_urls(request, limit)
    except BaseException:
        await probes.settle()
        raise
    records = await probes.records(received)
    records = await run_in_threadpool(keep, received, records, ctx.settings.media_dir)
    rows = session_store.add_media(ctx.db, session.id, records, now=ctx.now())
    base = base_url(request)
    data = UploadData(files=[media_info(ctx, row, base) for row in rows], session_state_applied=True)
    return ok(data.model_dump(exclude_none=True))


async def _fetch_urls(request: Request, limit: int) -> list[IncomingFile]:
    body = parse_model(UrlUploadRequest, await read_json(request))
    if len(body.urls) > MAX_URLS:
        raise BadRequest(f"at most {MAX_URLS} URLs per upload", data={"field": "urls"})
    ctx = ctx_of(request)
    received: list[IncomingFile] = []
    try:
        for url in body.urls:
            received.append(
                await fetch_url(
                    url,
                    ctx.settings.tmp_dir,
                    limit_bytes=limit,
                    timeout_s=ctx.settings.url_timeout_s,
                    allow_private=ctx.settings.allow_private_urls,
                )
            )
    except BaseException:
        for item in received:
            item.discard()
        raise
    return received
