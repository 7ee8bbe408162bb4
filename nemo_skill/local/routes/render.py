"""Export: ``POST /api/render/proxy/lambda`` queues a render, ``GET .../<id>`` polls it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._exceptions import BadRequest, ExportBlocked
from ...models import RenderJob, RenderOutput, RenderRequest
from ...models.protocol import SKILL_HEADERS
from ..context import AppContext
from ..store import jobs as job_store
from ..store import sessions as session_store
from .envelope import ok
from .request_helpers import (
    authenticate,
    base_url,
    ctx_of,
    endpoint,
    owned_session,
    parse_model_off_loop,
    read_json,
)

# Far above what a video needs (hundreds of photos), far below what stalls validation or SQL.
MAX_TRACKS = 64
MAX_SEGMENTS = 5000


def job_view(ctx: AppContext, job: job_store.JobRow, base: str) -> RenderJob:
    output = None
    if job.status == job_store.COMPLETED and job.output_file:
        output = RenderOutput(url=ctx.file_url(base, job.output_file), duration=job.duration, size=job.size)
    return RenderJob(
        id=job.id,
        status=job.status,
        progress=round(job.progress, 1),
        output=output,
        error=job.error,
    )


def _require_skill_headers(request: Request) -> None:
    missing = [name for name in SKILL_HEADERS if not request.headers.get(name, "").strip()]
    if missing:
        raise ExportBlocked(
            f"export refused: the {', '.join(missing)} header(s) are missing",
            hint="send X-Skill-Source, X-Skill-Version and X-Skill-Platform (this is not a credits problem)",
            http_status=402,
        )


def _check_media(ctx: AppContext, request_body: RenderRequest, session_id: str) -> None:
    wanted = request_body.draft.media_ids()
    found = session_store.find_media(ctx.db, wanted)
    # Media of another session is reported exactly like unknown media: nothing leaks.
    foreign = sorted(m for m in wanted if m not in found or found[m].session_id != session_id)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise BadRequest(
            f"the draft uses media that is not in this session: {shown}",
            hint="upload the files to this session, or remove them from the timeline",
            data={"field": "draft", "media_ids": foreign[:50]},
        )


def check_draft_size(payload: Any) -> None:
    """Counted on the raw JSON, before the models validate it or any SQL names its media."""
    draft = payload.get("draft") if isinstance(payload, dict) else None
    tracks = draft.get("t") if isinstance(draft, dict) else None
    if not isinstance(tracks, list):
        return  # the model says what is wrong with it
    if len(tracks) > MAX_TRACKS:
        raise BadRequest(
            f"the draft has {len(tracks)} tracks; at most {MAX_TRACKS}", data={"field": "draft.t"}
        )
    segments = sum(len(t["sg"]) for t in tracks if isinstance(t, dict) and isinstance(t.get("sg"), list))
    if segments > MAX_SEGMENTS:
        raise BadRequest(
            f"the draft has {segments} segments; at most {MAX_SEGMENTS}",
            hint="split the video into several shorter ones",
            data={"field": "draft.t"},
        )


@endpoint
async def create_render(request: Request) -> Response:
    user_id = authenticate(request)
    _require_skill_headers(request)
    payload = await read_json(request)
    check_draft_size(payload)
    body = await parse_model_off_loop(RenderRequest, payload)
    session = owned_session(request, user_id, body.session_id)
    ctx = ctx_of(request)
    existing = job_store.get(ctx.db, user_id, body.id)
    if existing is not None:
        if existing.session_id != session.id:
            raise BadRequest(
                f"render id {body.id!r} is already used by another session", data={"field": "id"}
            )
        return ok(job_view(ctx, existing, base_url(request)).model_dump(exclude_none=True))
    if not body.draft.renderable:
        raise BadRequest(
            "the draft is empty: no track has a segment to render",
            hint="send a message that builds the video first",
            data={"field": "draft"},
        )
    _check_media(ctx, body, session.id)
    job, created = job_store.create_or_get(
        ctx.db, user_id, body.id, session.id, body.draft.dump(), body.output.quality, now=ctx.now()
    )
    if created:
        ctx.renders.submit(job.key)
    return ok({"id": job.id, "status": job.status})


@endpoint
async def get_render(request: Request) -> Response:
    user_id = authenticate(request)
    ctx = ctx_of(request)
    job = job_store.get(ctx.db, user_id, request.path_params["job_id"])
    if job is None:
        raise BadRequest(
            f"render job {request.path_params['job_id'][:80]!r} not found", code=404, http_status=404
        )
    return ok(job_view(ctx, job, base_url(request)).model_dump(exclude_none=True))
