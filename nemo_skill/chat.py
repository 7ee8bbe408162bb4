"""One message from a user, routed like the skills say and carried out: ``Runtime.chat``.

export, credits, state and upload run directly (free; the editor is not involved);
anything else goes to the editor, and what its reply asks for is done too (show the
timeline, export the video). The words of the result are what ``nemo-skill chat``
prints; an agent embedding the runtime gets the same words and the facts behind them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ._exceptions import InputError

if TYPE_CHECKING:
    from .client.progress import Reporter
    from .models import MediaInfo, SessionState
    from .router import Action
    from .runtime import Runtime
    from .session import Reply, SkillSession

__all__ = ["ChatResult", "chat", "saved_text"]


@dataclass(frozen=True)
class ChatResult:
    """What one message did, in words and in facts."""

    action: Action
    """Where the message was routed: export, credits, state, upload, or sse (the editor)."""
    text: str
    """Words for the user: notices (e.g. the timeline restarted) first, then the answer."""
    ok: bool = True
    """False when the editor understood nothing and did nothing, or asks a question back:
    the user has to say more."""
    timeline: str | None = None
    """The timeline in one line (not for ``credits`` and ``upload``)."""
    media: tuple[MediaInfo, ...] = ()
    """What this message uploaded (its ``attach`` files)."""
    output: Path | None = None
    """The exported video, when the message exported one."""
    reply: Reply | None = None
    """The editor's reply (action ``sse``)."""
    state: SessionState | None = None
    """The session's state (action ``state``)."""


def saved_text(path: Path, summary: str) -> str:
    return f"Saved the video to {path}\n{summary}"


def _export(session: SkillSession, output: Path, progress: Reporter | None) -> tuple[Path, str]:
    """Render the latest timeline at high quality and download it: the file, and the
    timeline it holds in one line."""
    from .client.state import timeline_summary

    path = session.export(output, quality="high", progress=progress)
    return path, timeline_summary(session.state().draft)


def chat(
    runtime: Runtime,
    message: str,
    *,
    attach: Sequence[str | Path] = (),
    new_session: bool = False,
    output: str | Path | None = None,
    progress: Reporter | None = None,
) -> ChatResult:
    """See :meth:`nemo_skill.runtime.Runtime.chat`."""
    from .client.account import describe_credits
    from .client.export import default_output
    from .client.gestures import ACTION_EXPORT, ACTION_STATE
    from .client.state import describe_state, describe_upload, timeline_summary
    from .router import route
    from .session import check_message

    if attach:
        runtime.check_files(attach)  # bad files fail before any network call
    decision = route(
        message, has_attachments=bool(attach), extra_keywords=runtime.skill.manifest.settings.keywords
    )
    if decision.action == "sse":
        check_message(message)  # before the attachments are uploaded
    if decision.action == "upload" and not attach:
        raise InputError("nothing to upload", hint='attach files: nemo-skill chat "upload" --attach a.jpg')
    if decision.action == "credits" and not attach:
        return ChatResult("credits", describe_credits(runtime.credits()))  # no session needed
    session = runtime.session(new=new_session)
    media = tuple(session.upload(attach)) if attach else ()
    target = Path(output) if output is not None else default_output()
    if decision.action == "upload":
        return ChatResult("upload", session.with_notices(describe_upload(list(media))), media=media)
    if decision.action == "credits":
        return ChatResult("credits", describe_credits(runtime.credits()), media=media)
    if decision.action == "state":
        state = session.state()
        return ChatResult(
            "state",
            session.with_notices(describe_state(state)),
            timeline=timeline_summary(state.draft),
            media=media,
            state=state,
        )
    if decision.action == "export":
        path, summary = _export(session, target, progress)
        return ChatResult(
            "export",
            session.with_notices(saved_text(path, summary)),
            timeline=summary,
            media=media,
            output=path,
        )
    reply = session.send(message)
    parts = [reply.text] if reply.text else []
    summary = timeline_summary(reply.draft)
    if ACTION_STATE in reply.actions:
        parts.append(summary)
    exported = None
    if ACTION_EXPORT in reply.actions and reply.draft is not None and reply.draft.renderable:
        exported, after = _export(session, target, progress)
        parts.append(saved_text(exported, after))
    return ChatResult(
        "sse",
        session.with_notices("\n".join(parts) or "Done."),
        ok=not reply.refused,
        timeline=summary,
        media=media,
        output=exported,
        reply=reply,
    )
