"""One editing session per skill and per backend, remembered between commands.

Iterating ("rough cut, preview, refine") needs the same session across separate
``nemo-skill`` invocations, so the session id lives in ``config.home()/sessions.json``
(atomic, 0600), together with the last render id so ``export --resume`` can pick a
walked-away job back up. The user id is kept too: a session belongs to one user,
and a new token means a new user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import config
from ..files import read_json, write_private_json

__all__ = ["MemorySessionStore", "SessionRecord", "SessionStore"]


@dataclass(frozen=True)
class SessionRecord:
    session_id: str
    task_id: str = ""
    user_id: str = ""
    render_id: str | None = None
    render_output: str | None = None
    """Where the last export was asked to go, so ``--resume`` can default to it."""
    render_quality: str | None = None
    making: bool = False
    """A ``make`` started in this session and has not finished: a re-run resumes it."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SessionRecord | None:
        if not isinstance(raw.get("session_id"), str) or not raw["session_id"]:
            return None
        known: dict[str, Any] = {name: raw.get(name) for name in cls.__dataclass_fields__ if name in raw}
        return cls(**known)


class SessionStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config.home() / "sessions.json"

    def __repr__(self) -> str:
        return f"SessionStore({str(self.path)!r})"

    @staticmethod
    def key(skill: str, api_base: str) -> str:
        return f"{skill} @ {api_base}"

    def _all(self) -> dict[str, Any]:
        raw = read_json(self.path) or {}
        sessions = raw.get("sessions")
        return sessions if isinstance(sessions, dict) else {}

    def get(self, skill: str, api_base: str) -> SessionRecord | None:
        raw = self._all().get(self.key(skill, api_base))
        return SessionRecord.from_dict(raw) if isinstance(raw, dict) else None

    def _save(self, sessions: dict[str, Any]) -> None:
        write_private_json(self.path, {"sessions": sessions})

    def put(self, skill: str, api_base: str, record: SessionRecord) -> None:
        sessions = self._all()
        sessions[self.key(skill, api_base)] = asdict(record)
        self._save(sessions)

    def forget(self, skill: str, api_base: str) -> None:
        sessions = self._all()
        if sessions.pop(self.key(skill, api_base), None) is not None:
            self._save(sessions)


class MemorySessionStore(SessionStore):
    """The same store kept in memory: for callers that serve many users from one process
    (the MCP endpoint of ``nemo-skill serve`` keeps one per bearer token)."""

    def __init__(self) -> None:
        super().__init__(Path("<memory>"))
        self._sessions: dict[str, Any] = {}

    def __repr__(self) -> str:
        return "MemorySessionStore()"

    def _all(self) -> dict[str, Any]:
        return dict(self._sessions)

    def _save(self, sessions: dict[str, Any]) -> None:
        self._sessions = dict(sessions)
