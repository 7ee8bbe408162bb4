"""The MCP tools: names (pinned: agents and tests depend on them), descriptions written
for a model, and handlers on top of the :class:`~nemo_skill.runtime.Runtime`.

Every handler gets its validated input model and a :class:`~.access.Call`, and returns
an :class:`~.registry.Answer`. Errors are the project's own (``NemoError``): the
registry hands their one-line message (what went wrong and what to do) to the model
as a tool error.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from .._exceptions import InputError, RenderError
from ..models import MediaInfo
from ..models.mcp import (
    ApplyEditsInput,
    ApplyEditsOutput,
    CreditsOutput,
    EditVideoInput,
    EditVideoOutput,
    ExportVideoInput,
    ExportVideoOutput,
    GetExportInput,
    GetExportOutput,
    MediaItem,
    NoInput,
    OptionsOutput,
    TimelineOutput,
    UploadMediaInput,
    UploadMediaOutput,
)
from .access import Call
from .registry import Answer, Hints, ToolSpec

if TYPE_CHECKING:
    from ..models import SessionState
    from ..runtime import SkillSession

__all__ = ["TOOLS", "exports_folder"]


def _items(media: list[MediaInfo]) -> list[MediaItem]:
    return [
        MediaItem(
            media_id=m.media_id,
            filename=m.filename,
            file_type=m.file_type,
            width=m.width,
            height=m.height,
            duration=m.duration,
        )
        for m in media
    ]


def exports_folder() -> Path:
    """Where exports go when the caller names no path: ``NEMO_SKILL_HOME/exports``."""
    return config.ensure_private_dir(config.home() / "exports")


# --- upload_media -----------------------------------------------------------------


def upload_media(args: UploadMediaInput, call: Call) -> Answer[UploadMediaOutput]:
    from ..client.state import describe_upload

    if args.paths and not call.local_files:
        raise InputError(
            "paths cannot be read over HTTP: the server does not read files on its own disk for a client",
            hint="pass 'urls', or run 'nemo-skill mcp' on the machine that has the files",
        )
    call.runtime.check_files(args.paths)  # every file is checked before anything is sent
    session = call.runtime.session(new=args.new_session)
    media = session.upload([*args.paths, *args.urls])
    text = describe_upload(media)
    return Answer(UploadMediaOutput(media=_items(media), notices=session.notices), session.with_notices(text))


# --- edit_video -------------------------------------------------------------------


def edit_video(args: EditVideoInput, call: Call) -> Answer[EditVideoOutput]:
    from ..client.gestures import ACTION_EXPORT
    from ..client.state import timeline_summary

    session = call.runtime.session(new=args.new_session)
    reply = session.send(args.message)
    summary = timeline_summary(reply.draft)
    output = EditVideoOutput(
        reply=reply.text or "Done.",
        changed=reply.changed,
        understood=list(reply.understood) if reply.understood is not None else None,
        not_understood=list(reply.not_understood) if reply.not_understood is not None else None,
        summary=summary,
        notices=session.notices,
    )
    lines = [output.reply, summary]
    if output.not_understood:
        lines.append("Not understood: " + "; ".join(output.not_understood))
    if ACTION_EXPORT in reply.actions:
        lines.append("The editor suggests exporting now: call export_video.")
    return Answer(output, session.with_notices("\n".join(lines)))


# --- apply_edits ------------------------------------------------------------------


def apply_edits(args: ApplyEditsInput, call: Call) -> Answer[ApplyEditsOutput]:
    from ..client.edits import check_backend
    from ..client.state import timeline_summary

    check_backend(call.runtime.api.url)  # before a session is made on a backend without the endpoint
    session = call.runtime.session()
    reply = session.apply_edits(args.edits)
    output = ApplyEditsOutput(
        reply=reply.text,
        changed=reply.changed,
        applied=list(reply.applied),
        summary=timeline_summary(reply.draft),
        notices=session.notices,
    )
    return Answer(output, session.with_notices(f"{output.reply}\n{output.summary}"))


# --- get_timeline -----------------------------------------------------------------


def _storyboard_png(session: SkillSession, state: SessionState) -> bytes | None:
    """The storyboard as PNG bytes; None when the renderer is not installed."""
    from .._exceptions import ConfigError
    from ..extras import require_local_extra

    try:
        require_local_extra()
    except ConfigError:
        return None
    with tempfile.TemporaryDirectory(prefix="nemo-mcp-board-") as tmp:
        return session.storyboard(Path(tmp) / "storyboard.png", state=state).read_bytes()


def get_timeline(args: NoInput, call: Call) -> Answer[TimelineOutput]:
    from ..client.state import describe_state, timeline_summary

    session = call.runtime.session()
    state = session.state()
    renderable = state.draft is not None and state.draft.renderable
    png = _storyboard_png(session, state) if renderable else None
    output = TimelineOutput(
        summary=timeline_summary(state.draft),
        draft=state.draft.dump() if renderable and state.draft is not None else None,
        media=_items(state.video_infos),
        storyboard=png is not None,
    )
    text = describe_state(state)
    if png is not None:
        text += "\nThe storyboard image shows every shot with its time, transition and text."
    elif renderable:
        text += "\n(No storyboard: drawing it needs the [local] extra.)"
    return Answer(output, session.with_notices(text), (png,) if png else ())


# --- export_video / get_export ----------------------------------------------------


def _export_target(args: ExportVideoInput, call: Call, export_id_hint: str) -> Path | None:
    from ..files import check_output_path

    if args.output is not None:
        if not call.local_files:
            raise InputError(
                "'output' is not available over HTTP: the server does not write files for a client",
                hint="leave it out and download the MP4 from the 'url' get_export returns",
            )
        path = Path(args.output).expanduser()
        if not path.is_absolute():
            raise InputError(
                f"output {args.output!r} is not an absolute path", hint="e.g. /home/me/video.mp4"
            )
        return check_output_path(path, force=args.force)
    if not call.local_files:
        return None
    return exports_folder() / f"{export_id_hint}.mp4"


def export_video(args: ExportVideoInput, call: Call) -> Answer[ExportVideoOutput]:
    from ..client.export import new_render_id

    hint = new_render_id()
    target = _export_target(args, call, hint)
    session = call.runtime.session()
    job = session.start_export(args.quality, target)
    if target is not None:
        call.exports.remember(job.id, target, force=args.force)
    output = ExportVideoOutput(id=job.id, status=job.status, output=str(target) if target else None)
    where = f" It will be saved to {target}." if target else ""
    text = (
        f"Export {job.id} started ({args.quality} quality).{where} Call get_export with this id to follow it."
    )
    return Answer(output, session.with_notices(text))


def _safe_name(export_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in export_id)


def get_export(args: GetExportInput, call: Call) -> Answer[GetExportOutput]:
    from ..client.export import download, get_render

    state = get_render(call.runtime.http, args.id)
    status = state.status
    output = GetExportOutput(
        id=state.id, status=status, progress=state.progress, url=state.url, error=state.error
    )
    if status == "failed":
        return Answer(output, f"Export {args.id} failed: {state.error or 'no reason given'}.")
    if status != "completed":
        return Answer(
            output, f"Export {args.id} is {status} ({state.progress:.0f}%). Ask again in a few seconds."
        )
    if not state.url:
        raise RenderError("the render finished but the backend gave no download URL")
    if not call.local_files:
        return Answer(output, f"Export {args.id} is ready: {state.url}")
    # An export this server did not start (or started before a restart) goes to the exports folder.
    target, force = call.exports.target(args.id) or (exports_folder() / f"{_safe_name(args.id)}.mp4", True)
    with call.exports.lock(args.id):
        done_marker = target.with_name(f".{target.name}.{_safe_name(args.id)}.done")
        if not (target.is_file() and done_marker.is_file()):
            download(call.runtime.http, state.url, target, expected_size=state.size, force=force)
            done_marker.write_text(json.dumps({"id": args.id, "at": time.time()}), encoding="utf-8")
    output.path = str(target)
    return Answer(output, f"Export {args.id} is ready: saved to {target}.")


# --- get_credits / list_options ---------------------------------------------------


def get_credits(args: NoInput, call: Call) -> Answer[CreditsOutput]:
    from ..client.account import describe_credits

    credits = call.runtime.credits()
    output = CreditsOutput(available=credits.available, frozen=credits.frozen, total=credits.total)
    return Answer(output, describe_credits(credits))


def list_options(args: NoInput, call: Call) -> Answer[OptionsOutput]:
    from ..models.edit_request import edit_ops
    from ..options import draft_values, known_values

    known, fixed = known_values(), draft_values()
    output = OptionsOutput(
        aspects=list(known.get("aspect", ())),
        resolutions=list(known.get("resolution", ())),
        transitions=list(known.get("transition", ())),
        filters=list(fixed["filters"]),
        moods=list(known.get("mood", ())),
        motion=list(known.get("motion", ())),
        motion_directions=list(fixed["motion_directions"]),
        text_roles=list(fixed["text_roles"]),
        text_positions=list(fixed["text_positions"]),
        edit_ops=list(edit_ops()),
    )
    lines = [
        f"{name}: {', '.join(values) or '(unknown here)'}"
        for name, values in output.model_dump(exclude={"edit_ops"}).items()
    ]
    ops = [f"- {op.signature()}: {op.description}" for op in output.edit_ops]
    text = "Words the editor understands:\n" + "\n".join(lines)
    return Answer(output, text + "\nOps of apply_edits (name?: optional):\n" + "\n".join(ops))


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        name="upload_media",
        title="Upload photos, clips or music",
        description=(
            "Add the user's photos, video clips or music to the current video. Pass absolute file "
            "paths (or http(s) URLs). An audio file becomes the soundtrack. Files are checked "
            "(type, size limit) before anything is sent. Call this before edit_video when the user "
            "gives you files; set new_session to start a separate video."
        ),
        input_model=UploadMediaInput,
        output_model=UploadMediaOutput,
        handler=upload_media,
        hints=Hints(destructive=False, idempotent=False, open_world=True),
    ),
    ToolSpec(
        name="edit_video",
        title="Make or edit the video in words",
        description=(
            "Say what the video should be like, in the user's own words (English or Chinese): "
            "make it from the uploaded media, or change it (length, aspect such as 9:16, music "
            "mood, transitions, a title, a filter, photo order, undo). Returns the editor's reply, "
            "what it understood and did not, and the timeline summary. Costs credits when the "
            "timeline changes. For exporting use export_video, not this tool."
        ),
        input_model=EditVideoInput,
        output_model=EditVideoOutput,
        handler=edit_video,
        hints=Hints(destructive=False, idempotent=False),
    ),
    ToolSpec(
        name="apply_edits",
        title="Edit the video exactly (typed edits)",
        description=(
            "Change the video with exact, typed edits instead of words, applied in order, all or "
            'none: e.g. [{"op": "set_aspect", "aspect": "9:16"}, {"op": "move_photo", "from": 6, '
            '"to": 2}, {"op": "set_title", "text": "Our Day", "position": "top"}]. Photos are named '
            "by their position in the video from 1 (-1 is the last; as get_timeline lists them) or "
            "by media_id. If one edit is wrong, nothing changes and the error names it (its number, "
            "op and what is wrong). 'generate' builds a new video from the uploads and may only come "
            "first; 'undo' and 'redo' stand alone. Costs 1 credit when the timeline changes (5 with "
            "generate); undo, redo and edits that change nothing are free. list_options lists every "
            "op with its arguments. Needs the local backend (the default); with the hosted service "
            "use edit_video."
        ),
        input_model=ApplyEditsInput,
        output_model=ApplyEditsOutput,
        handler=apply_edits,
        # Every edit stores a new version (undo returns to the one before) and no upload is
        # deleted: additive, like edit_video. Not idempotent: moves and removals repeat.
        hints=Hints(destructive=False, idempotent=False),
    ),
    ToolSpec(
        name="get_timeline",
        title="Show the timeline",
        description=(
            "Read the current video: a one-line summary, the full timeline (draft) and the uploaded "
            "media, plus a storyboard image with one thumbnail per shot. Free; changes nothing."
        ),
        input_model=NoInput,
        output_model=TimelineOutput,
        handler=get_timeline,
        hints=Hints(read_only=True),
    ),
    ToolSpec(
        name="export_video",
        title="Export the video to MP4",
        description=(
            "Start rendering the current timeline to an MP4 and return the export id at once; "
            "rendering takes from seconds to minutes. Then call get_export with the id until its "
            "status is 'completed' (the file is then saved and its path returned) or 'failed'. "
            "quality 'draft' is a quick low-resolution preview. Free."
        ),
        input_model=ExportVideoInput,
        output_model=ExportVideoOutput,
        handler=export_video,
        hints=Hints(destructive=False, idempotent=False),
    ),
    ToolSpec(
        name="get_export",
        title="Follow an export",
        description=(
            "The state of an export started by export_video: status (pending, processing, "
            "completed, failed), progress 0-100, and once completed the path of the downloaded MP4 "
            "(on this machine) and its URL. Poll every few seconds until completed or failed."
        ),
        input_model=GetExportInput,
        output_model=GetExportOutput,
        handler=get_export,
        # Downloading the finished file is its only side effect, and it happens once.
        hints=Hints(destructive=False, idempotent=True),
    ),
    ToolSpec(
        name="get_credits",
        title="Credit balance",
        description="How many credits the user has left. Edits cost credits; reading and exporting are free.",
        input_model=NoInput,
        output_model=CreditsOutput,
        handler=get_credits,
        hints=Hints(read_only=True),
    ),
    ToolSpec(
        name="list_options",
        title="What the editor understands",
        description=(
            "The values the editor and renderer know: aspect ratios, resolutions, transitions, "
            "filters, music moods, camera motion, text roles and positions (use these words in "
            "edit_video requests), and the ops of apply_edits with their arguments."
        ),
        input_model=NoInput,
        output_model=OptionsOutput,
        handler=list_options,
        hints=Hints(read_only=True),
    ),
)
