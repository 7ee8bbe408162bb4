"""What every request handler needs: settings, store, URL signer, render queue."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from .jobs.render_queue import RenderQueue
from .settings import ServerSettings
from .signing import Signer
from .source_limit import SourceLimiter
from .store import Database

MEDIA_LINK_TTL_S = 7 * 24 * 3600
FILE_LINK_TTL_S = 24 * 3600


@dataclass(frozen=True)
class AppContext:
    settings: ServerSettings
    db: Database
    signer: Signer
    renders: RenderQueue
    token_limiter: SourceLimiter | None = None
    """Anonymous tokens per source address (None: no limit)."""
    instance: str = field(default_factory=lambda: secrets.token_hex(8))
    """Which start of the server this is: /healthz shows it instead of a pid or a path."""

    def now(self) -> float:
        return self.settings.clock.now()

    def media_url(self, base_url: str, file_name: str) -> str:
        return f"{base_url}/media/{self.signer.sign('media/' + file_name, self.now() + MEDIA_LINK_TTL_S)}"

    def file_url(self, base_url: str, relative_path: str) -> str:
        return f"{base_url}/files/{self.signer.sign(relative_path, self.now() + FILE_LINK_TTL_S)}"
