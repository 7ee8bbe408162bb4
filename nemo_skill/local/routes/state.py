"""``GET /api/state/nemo_agent/me/<sid>/latest``: draft, media, renders, canvas."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...models import CanvasConfig, Draft, SessionState
from ..context import AppContext
from ..media.views import media_info
from ..store import jobs as job_store
from ..store import sessions as session_store
from .envelope import ok
from .request_helpers import authenticate, base_url, ctx_of, endpoint, owned_session


def generated_media(ctx: AppContext, session_id: str, base: str) -> list[dict[str, Any]]:
    return [
        {
            "id": job.id,
            "file_type": "video",
            "url": ctx.file_url(base, job.output_file),
            "duration": job.duration,
            "size": job.size,
        }
        for job in job_store.completed_for_session(ctx.db, session_id)
        if job.output_file
    ]


@endpoint
async def latest_state(request: Request) -> Response:
    user_id = authenticate(request)
    session = owned_session(request, user_id, request.path_params["sid"])
    ctx = ctx_of(request)
    base = base_url(request)
    latest = session_store.latest_draft(ctx.db, session.id)
    draft = Draft.model_validate(latest.draft) if latest else None
    canvas = CanvasConfig(width=draft.m.w, height=draft.m.h, fps=draft.m.fps) if draft else CanvasConfig()
    state = SessionState(
        draft=draft,
        video_infos=[media_info(ctx, row, base) for row in session_store.list_media(ctx.db, session.id)],
        generated_media=generated_media(ctx, session.id, base),
        canvas_config=canvas,
    )
    payload = state.model_dump(exclude_none=True)
    payload["draft"] = draft.dump() if draft else None
    # Our additions: which version this is, which one "undo" returns to, which one "redo"
    # brings back, and a warning when newer versions could not be read.
    history = session_store.versions(ctx.db, session.id, latest)
    data = {
        "state": payload,
        "version": history.version,
        "previous_version": history.previous_version,
        "redo_version": history.redo_version,
    }
    if latest is not None and latest.warning:
        data["warning"] = latest.warning
    return ok(data)
