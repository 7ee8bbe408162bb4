"""nemo-skill: turn photos, clips and music into finished videos from plain words.

The runtime behind the NemoVideo skills (``photographer-video``,
``free-photo-to-video-ai``, ``wedding-invitation-video``), a local backend that
serves the same protocol on loopback, and a renderer. See README.md.

Public names are imported lazily so ``nemo-skill --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._exceptions import (
    APIError,
    AuthError,
    BackendUnavailable,
    BadRequest,
    Cancelled,
    ConfigError,
    DraftError,
    EditError,
    ExportBlocked,
    FileTooLarge,
    InputError,
    InsufficientCredits,
    ManifestError,
    NemoError,
    RateLimited,
    RenderError,
    ServerError,
    SessionNotFound,
    StreamError,
    TransportError,
    UnsupportedFileType,
    UserError,
)
from ._version import __version__

if TYPE_CHECKING:
    from .chat import ChatResult
    from .manifest import Manifest, load_manifest
    from .router import Route, route
    from .runtime import Runtime
    from .session import SkillSession
    from .skills_registry import Skill, find_skill


_LAZY = {
    "ChatResult": ".chat",
    "Runtime": ".runtime",
    "SkillSession": ".session",
    "Manifest": ".manifest",
    "load_manifest": ".manifest",
    "Route": ".router",
    "route": ".router",
    "Skill": ".skills_registry",
    "find_skill": ".skills_registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'nemo_skill' has no attribute {name!r}")


__all__ = [
    "APIError",
    "AuthError",
    "BackendUnavailable",
    "BadRequest",
    "Cancelled",
    "ChatResult",
    "ConfigError",
    "DraftError",
    "EditError",
    "ExportBlocked",
    "FileTooLarge",
    "InputError",
    "InsufficientCredits",
    "Manifest",
    "ManifestError",
    "NemoError",
    "RateLimited",
    "RenderError",
    "Route",
    "Runtime",
    "ServerError",
    "SessionNotFound",
    "Skill",
    "SkillSession",
    "StreamError",
    "TransportError",
    "UnsupportedFileType",
    "UserError",
    "__version__",
    "find_skill",
    "load_manifest",
    "route",
]
