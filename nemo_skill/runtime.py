"""The Python API: what the CLI does, for agents that embed nemo-skill.

    from nemo_skill.runtime import Runtime

    with Runtime(skill="wedding-invitation-video") as rt:
        session = rt.session()
        session.upload(["a.jpg", "b.jpg", "venue.mp4"])
        reply = session.send('a 60-second invitation for "Anna & Tom", June 12')
        print(reply.text)
        session.apply_edits([{"op": "move_photo", "from": 3, "to": 1}])  # exact edits (local backend)
        session.export("invite.mp4")

A :class:`Runtime` acts as one skill against one backend (``NEMO_API_BASE``: the
local backend by default). A :class:`SkillSession` (nemo_skill/session.py) is that skill's editing session,
remembered between processes, so a later ``Runtime().session()`` continues the same
timeline. When the backend has lost the session (1002) a new one is made, and
``session.notices`` says the timeline restarted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ._exceptions import SessionNotFound
from .chat import ChatResult
from .client.progress import Reporter
from .session import RESTARTED, MakeResult, Reply, SkillSession, check_message

if TYPE_CHECKING:
    import httpx

    from .client._http import HttpClient
    from .client.auth import Token
    from .client.base_url import ApiBase
    from .client.sessions import SessionRecord, SessionStore
    from .client.upload import CheckedFile
    from .models import CreditsData
    from .skills_registry import Skill

__all__ = ["RESTARTED", "ChatResult", "MakeResult", "Reply", "Runtime", "SkillSession", "check_message"]


class Runtime:
    """One skill talking to one backend.

    ``sleep``, ``clock`` and ``notify`` are injectable: the 429 wait, the 2-minute
    "still working" notice and render polling use them. ``start_local`` returns the
    embedded backend's URL when it is the one used (default: start it on first use;
    ``make`` passes one already starting, embedded.start_in_background).
    """

    def __init__(
        self,
        skill: str | None = None,
        api_base: str | None = None,
        *,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
        token: Token | None = None,
        sessions: SessionStore | None = None,
        start_local: Callable[[], str] | None = None,
    ) -> None:
        from .skills_registry import find_skill

        self.skill: Skill = find_skill(skill)
        self._api_base_setting = api_base
        self._notify = notify
        self.sleep = sleep
        self.clock = clock
        self._transport = transport
        self._token = token
        self._sessions = sessions
        self._start_local = start_local
        self._api: ApiBase | None = None
        self._http: HttpClient | None = None

    def __repr__(self) -> str:
        return (
            f"Runtime(skill={self.skill.name!r}, api_base={self._api.url if self._api else 'unresolved'!r})"
        )

    def __enter__(self) -> Runtime:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    @property
    def max_file_mb(self) -> int:
        return self.skill.manifest.settings.max_file_mb

    @property
    def api(self) -> ApiBase:
        """The backend (resolving ``local`` starts the embedded backend, so it happens on first use)."""
        if self._api is None:
            from .client.base_url import resolve_api_base

            start_local = self._start_local
            if start_local is None:
                from .local.process.embedded import ensure_running

                start_local = ensure_running
            self._api = resolve_api_base(self._api_base_setting, start_local=start_local)
        return self._api

    @property
    def http(self) -> HttpClient:
        if self._http is None:
            from .client._http import HttpClient

            self._http = HttpClient(
                self.api.url,
                api_base_key=self.api.key,
                skill_headers=self.skill.headers(),
                web_url=self.api.web_url,
                sleep=self.sleep,
                transport=self._transport,
                max_file_mb=self.max_file_mb,
                token=self._token,
            )
        return self._http

    @property
    def sessions(self) -> SessionStore:
        """Where sessions are remembered: ``sessions.json`` unless the caller gave its own store."""
        if self._sessions is not None:
            return self._sessions
        from .client.sessions import SessionStore

        return SessionStore()

    def check_files(self, paths: Sequence[str | Path]) -> list[CheckedFile]:
        """Local checks (exists, readable, type, the skill's size limit): no network."""
        from .client.upload import check_files

        return check_files(paths, max_file_mb=self.max_file_mb)

    def credits(self) -> CreditsData:
        from .client.account import read_credits

        return read_credits(self.http)

    def chat(
        self,
        message: str,
        *,
        attach: Sequence[str | Path] = (),
        new_session: bool = False,
        output: str | Path | None = None,
        progress: Reporter | None = None,
    ) -> ChatResult:
        """What the skills' entry point does with one message (``nemo-skill chat``).

        The message is routed (export, credits, state, upload, or an edit for the editor)
        and carried out: ``attach`` files are checked, then uploaded to this skill's
        session (a new one with ``new_session``); what the editor's reply asks for is done
        too. An export goes to ``output`` (default: ``nemo-video-<time>.mp4`` here) and
        never replaces an existing file."""
        from .chat import chat

        return chat(self, message, attach=attach, new_session=new_session, output=output, progress=progress)

    def session(self, new: bool = False) -> SkillSession:
        """This skill's session on this backend: the remembered one, or a new one."""
        record = None if new else self.sessions.get(self.skill.name, self.api.key)
        if record is None:
            record = self.create_session_record()
        return SkillSession(self, record)

    def create_session_record(self) -> SessionRecord:
        from .client.account import create_session
        from .client.sessions import SessionRecord

        info = create_session(self.http)
        record = SessionRecord(session_id=info.session_id, task_id=info.task_id, user_id=info.user_id)
        self.sessions.put(self.skill.name, self.api.key, record)
        return record

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
        """One-shot in a NEW session (remembered, so the result can be refined afterwards).

        Inputs, the prompt and the output path are checked before anything is sent. A make
        that was interrupted (Ctrl-C) is resumed by the next one with the same files: its
        session is reused and the files it already holds are not uploaded again."""
        files, urls = self._checked_inputs(inputs, output, force=force)
        check_message(prompt or self.skill.manifest.settings.defaults.prompt, "the prompt")
        session = self._unfinished_make(files, urls) or self.session(new=True)
        session._mark_making(True)
        made = session._make_checked(
            files, urls, output, prompt=prompt, quality=quality, force=force, progress=progress
        )
        session._mark_making(False)
        return made

    def _unfinished_make(self, files: Sequence[CheckedFile], urls: Sequence[str]) -> SkillSession | None:
        """The session of an interrupted make, when it holds nothing but some of these files."""
        from .client.state import read_state
        from .files import file_sha256

        record = self.sessions.get(self.skill.name, self.api.key)
        if record is None or not record.making or urls:
            return None
        try:
            held = {m.hash for m in read_state(self.http, record.session_id).video_infos}
        except SessionNotFound:
            return None
        return SkillSession(self, record) if held <= {file_sha256(f.path) for f in files} else None

    def _checked_inputs(
        self, inputs: Sequence[str | Path], output: str | Path, *, force: bool
    ) -> tuple[list[CheckedFile], list[str]]:
        """The local checks of a one-shot job: the output path, then every file."""
        from .client.upload import is_url
        from .files import check_output_path

        check_output_path(Path(output), force=force)
        paths = [i for i in inputs if not is_url(str(i))]
        urls = [str(i) for i in inputs if is_url(str(i))]
        return (self.check_files(paths) if paths else []), urls

    def notify(self, text: str) -> None:
        if self._notify is not None:
            self._notify(text)
