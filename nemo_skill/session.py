"""One editing session of a skill: upload, talk (in words or exact edits), read,
export. Made by :meth:`nemo_skill.runtime.Runtime.session`; see that module for the
Python API as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ._exceptions import DraftError, InputError, SessionNotFound
from .client.progress import Reporter, phase
from .models import MAX_MESSAGE_CHARS

if TYPE_CHECKING:
    from .client.sessions import SessionRecord
    from .client.upload import CheckedFile
    from .interpreter.edits import Edit
    from .models import CreditsData, Draft, MediaInfo, RenderJob, SessionState
    from .models.edit_request import AppliedEdit
    from .runtime import Runtime

__all__ = ["RESTARTED", "MakeResult", "Reply", "SkillSession", "check_message"]

T = TypeVar("T")
RESTARTED = "The previous editing session had expired, so the timeline restarted from scratch."


def check_message(text: str, what: str = "the message") -> str:
    """The words to send, or the error the backend would give (before anything is uploaded)."""
    if not text.strip():
        raise InputError(f"{what} is empty", hint='say what you want, e.g. "add romantic music"')
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(
            f"{what} is {len(text)} characters long; the editor takes at most {MAX_MESSAGE_CHARS}",
            hint="say it in fewer words",
        )
    return text


@dataclass(frozen=True)
class Reply:
    """The answer to one message."""

    text: str
    """Words for the user (GUI talk translated; a description of the change when the backend said nothing)."""
    changed: bool
    """Whether the timeline changed."""
    draft: Draft | None
    """The timeline after the message."""
    actions: tuple[str, ...] = ()
    """Actions the backend's words asked for (``state``, ``export``), for the caller to run."""
    understood: tuple[str, ...] | None = None
    """What the editor did, in short phrases (None when the backend does not say)."""
    not_understood: tuple[str, ...] | None = None
    """Fragments of the message the editor could not use (None when the backend does not say)."""
    question: bool = False
    """True when the reply asks the user something back."""
    applied: tuple[AppliedEdit, ...] = ()
    """Structured edits (:meth:`SkillSession.apply_edits`): each edit as applied, with what it did."""

    @property
    def refused(self) -> bool:
        """Nothing changed, and nothing was understood or the reply asks a question: the
        user has to say more. False when the backend does not say what it understood."""
        if self.understood is None or self.changed:
            return False
        return not self.understood or self.question


@dataclass(frozen=True)
class MakeResult:
    path: Path
    reply: Reply
    summary: str
    media: list[MediaInfo] = field(default_factory=list)


class SkillSession:
    """One editing session: upload, talk, read, export."""

    def __init__(self, runtime: Runtime, record: SessionRecord) -> None:
        self.runtime = runtime
        self._record = record
        self.notices: list[str] = []
        """Things the user should hear that are not a reply (e.g. the timeline restarted)."""

    def __repr__(self) -> str:
        return f"SkillSession(id={self.id!r}, skill={self.runtime.skill.name!r})"

    @property
    def id(self) -> str:
        return self._record.session_id

    @property
    def last_render_id(self) -> str | None:
        return self._record.render_id

    def _say(self, text: str) -> None:
        self.notices.append(text)
        self.runtime.notify(text)

    def with_notices(self, text: str) -> str:
        """``text`` after what this session had to say meanwhile (e.g. that it restarted)."""
        return "\n".join([*self.notices, text]) if self.notices else text

    def _in_session(self, op: Callable[[str], T]) -> T:
        """Run ``op(session_id)``; if the backend lost the session, start a new one once."""
        try:
            return op(self.id)
        except SessionNotFound:
            self._record = self.runtime.create_session_record()
            self._say(RESTARTED)
            return op(self.id)

    # --- operations -------------------------------------------------------------------

    def upload(self, items: Sequence[str | Path], *, progress: Reporter | None = None) -> list[MediaInfo]:
        """Upload files (checked locally first) and http(s) URLs; returns what the backend stored."""
        from .client.upload import is_url

        urls = [str(i) for i in items if is_url(str(i))]
        paths = [i for i in items if not is_url(str(i))]
        return self._upload_checked(self.runtime.check_files(paths) if paths else [], urls, progress)

    def _upload_checked(
        self, files: Sequence[CheckedFile], urls: Sequence[str], progress: Reporter | None
    ) -> list[MediaInfo]:
        from .client.state import read_state
        from .client.upload import upload_files, upload_urls
        from .files import file_sha256

        if not files and not urls:
            raise InputError("nothing to upload", hint="name at least one photo, clip or music file")
        http = self.runtime.http

        def run(sid: str) -> list[MediaInfo]:
            # A file the session already holds (same content) is not sent again: a re-run
            # after an interruption resumes instead of starting over.
            held = {m.hash: m for m in read_state(http, sid).video_infos if m.hash} if files else {}
            hashes = [file_sha256(f.path) for f in files] if held else [""] * len(files)
            missing = [f for f, h in zip(files, hashes, strict=True) if h not in held]
            sent = iter(upload_files(http, sid, missing, progress=progress) if missing else [])
            media = [held[h] if h in held else next(sent) for h in hashes]
            return media + (upload_urls(http, sid, urls) if urls else [])

        return self._in_session(run)

    def _mark_making(self, making: bool) -> None:
        from dataclasses import replace

        self._record = replace(self._record, making=making)
        self.runtime.sessions.put(self.runtime.skill.name, self.runtime.api.key, self._record)

    def state(self) -> SessionState:
        from .client.state import read_state

        return self._in_session(lambda sid: read_state(self.runtime.http, sid))

    def storyboard(self, out_png: str | Path, *, state: SessionState | None = None) -> Path:
        """Draw the timeline as a PNG contact sheet (the renderer draws it: the [local] extra).

        ``state`` saves a read when the caller holds it already; ``out_png`` is replaced."""
        import tempfile

        from .client.storyboard import DownloadingResolver
        from .extras import require_local_extra
        from .files import check_output_path

        state = state or self.state()
        if state.draft is None or not state.draft.renderable:
            raise DraftError("nothing to draw yet: the timeline is empty")
        target = check_output_path(Path(out_png), force=True, suffix=".png")
        require_local_extra()  # one clear line when the renderer is not installed
        from .render import render_storyboard

        with tempfile.TemporaryDirectory(prefix="nemo-storyboard-") as tmp:
            resolver = DownloadingResolver(self.runtime.http, state.video_infos, Path(tmp))
            return render_storyboard(state.draft, resolver, target)

    def summary(self) -> str:
        from .client.state import describe_state

        return describe_state(self.state())

    def credits(self) -> CreditsData:
        return self.runtime.credits()

    def send(self, message: str, *, follow_up: bool = True) -> Reply:
        """Send one message to the editor; the reply says what changed.

        When the reply asks for a click or a drag ("click Add Music"), the runtime does it:
        the words go to the editor as one more message (once: never a loop)."""
        from .client.diff import describe_changes
        from .client.gestures import ACTION_SAY, said_messages
        from .client.messages import send_message

        check_message(message)
        before = self.state().draft
        streamed = self._in_session(
            lambda sid: send_message(
                self.runtime.http, sid, message, notify=self.runtime.notify, clock=self.runtime.clock
            )
        )
        after = self.state().draft
        changed = (before.dump() if before else None) != (after.dump() if after else None)
        text = streamed.text
        if streamed.silent:
            text = describe_changes(before, after)
        actions = tuple(a for a in streamed.actions if not a.startswith(ACTION_SAY))
        understood, not_understood = streamed.understood, streamed.not_understood
        for words in said_messages(streamed.actions)[:1] if follow_up else []:
            done = self.send(words, follow_up=False)
            text = f"{text} {done.text}".strip()
            changed, after, actions = changed or done.changed, done.draft, (*actions, *done.actions)
            if done.understood is not None:
                understood = (*(understood or ()), *done.understood)
        return Reply(
            text=text,
            changed=changed,
            draft=after,
            actions=actions,
            understood=understood,
            not_understood=not_understood,
            question=streamed.question,
        )

    def apply_edits(
        self, edits: Sequence[Edit | Mapping[str, Any]], *, expected_version: int | None = None
    ) -> Reply:
        """Apply typed edits, in order, all or none (1 credit when they change the timeline,
        5 with ``generate``, undo and redo free).

        ``edits`` are models of :mod:`nemo_skill.interpreter.edits` or dicts such as
        ``{"op": "move_photo", "from": 6, "to": 2}``; ``expected_version`` (the state's
        ``version``) refuses them with a 409 if the timeline changed meanwhile. A malformed
        edit raises :class:`EditError` before anything is sent; one that cannot apply to the
        timeline raises it from the backend, naming it; either way nothing changed. Needs the
        local backend: the protocol has no way to store a draft (``ConfigError`` elsewhere).
        """
        from .client.edits import check_backend, parse_request, send_edits
        from .models import Draft

        check_backend(self.runtime.api.url)
        request = parse_request(edits, expected_version)
        answer = self._in_session(lambda sid: send_edits(self.runtime.http, sid, request))
        return Reply(
            text=answer.reply,
            changed=answer.changed,
            draft=Draft.model_validate(answer.draft) if answer.draft is not None else None,
            understood=tuple(answer.understood),
            not_understood=(),
            applied=tuple(answer.applied),
        )

    def export(
        self,
        path: str | Path,
        quality: str = "high",
        progress: Reporter | None = None,
        *,
        force: bool = False,
    ) -> Path:
        """Render the latest draft and download it to ``path`` (never overwritten without ``force``)."""
        from .files import check_output_path

        target = check_output_path(Path(path), force=force)
        job = self.start_export(quality, target)
        return self._finish_render(job.id, target, force=force, progress=progress)

    def start_export(self, quality: str = "high", target: Path | None = None) -> RenderJob:
        """Start rendering the latest draft and return the job at once (the render is not awaited).

        The job is remembered with the session (and ``target`` as where it should go), so
        ``export --resume`` can collect it later."""
        from .client.export import new_render_id, start_render

        if quality not in ("high", "draft"):
            raise InputError(f"unknown quality {quality!r}", hint="use 'high' or 'draft'")
        draft = self.state().draft
        if draft is None or not draft.renderable:
            raise DraftError(
                "nothing to export yet: the timeline is empty",
                hint='describe the video first, e.g. nemo-skill chat "turn these photos into a video" --attach *.jpg',
            )
        render_id = new_render_id()
        job = self._in_session(
            lambda sid: start_render(self.runtime.http, sid, draft, quality=quality, render_id=render_id)
        )
        self._remember_render(job.id, target, quality)
        return job

    def resume_export(
        self, path: str | Path | None = None, progress: Reporter | None = None, *, force: bool = False
    ) -> Path:
        """Pick up the last export of this session (after the user walked away) and download it."""
        record = self._record
        if not record.render_id:
            raise InputError("there is no export to resume in this session", hint="run 'nemo-skill export'")
        target_raw = path or record.render_output
        if not target_raw:
            raise InputError("where should the video go?", hint="pass -o PATH")
        from .files import check_output_path

        target = check_output_path(Path(target_raw), force=force)
        self._remember_render(record.render_id, target, record.render_quality)
        return self._finish_render(record.render_id, target, force=force, progress=progress)

    def _remember_render(self, render_id: str, target: Path | None, quality: str | None) -> None:
        from dataclasses import replace

        output = str(target.resolve()) if target is not None else None
        self._record = replace(
            self._record, render_id=render_id, render_output=output, render_quality=quality
        )
        self.runtime.sessions.put(self.runtime.skill.name, self.runtime.api.key, self._record)

    def _finish_render(self, render_id: str, target: Path, *, force: bool, progress: Reporter | None) -> Path:
        from .client.export import download, poll_interval, wait_for_render

        http = self.runtime.http
        done = wait_for_render(
            http,
            render_id,
            interval=poll_interval(http.base_url),
            progress=phase(progress, 0.0, 0.9),
            sleep=self.runtime.sleep,
            clock=self.runtime.clock,
        )
        assert done.url is not None
        return download(
            http, done.url, target, expected_size=done.size, force=force, progress=phase(progress, 0.9, 1.0)
        )

    def make(
        self,
        inputs: Sequence[str | Path],
        output: str | Path,
        *,
        prompt: str | None = None,
        quality: str = "high",
        force: bool = False,
        progress: Reporter | None = None,
    ) -> MakeResult:
        """Upload, describe, render, download: the one-shot path of ``nemo-skill make``."""
        files, urls = self.runtime._checked_inputs(inputs, output, force=force)
        return self._make_checked(
            files, urls, output, prompt=prompt, quality=quality, force=force, progress=progress
        )

    def _make_checked(
        self,
        files: Sequence[CheckedFile],
        urls: Sequence[str],
        output: str | Path,
        *,
        prompt: str | None,
        quality: str,
        force: bool,
        progress: Reporter | None,
    ) -> MakeResult:
        from .client.state import timeline_summary

        words = check_message(prompt or self.runtime.skill.manifest.settings.defaults.prompt, "the prompt")
        media = self._upload_checked(files, urls, phase(progress, 0.0, 0.25))
        if progress is not None:
            progress("editing", 0.3)
        reply = self.send(words)
        if reply.draft is None or not reply.draft.renderable:
            raise DraftError(f"the editor made no timeline from the prompt: {reply.text}")
        path = self.export(output, quality=quality, progress=phase(progress, 0.35, 1.0), force=force)
        return MakeResult(path=path, reply=reply, summary=timeline_summary(reply.draft), media=media)
