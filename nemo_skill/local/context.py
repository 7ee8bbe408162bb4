"""What every request handler needs: settings, store, URL signer, render queue."""

from __future__ import annotations

from dataclasses import dataclass

from .render_queue import RenderQueue
from .settings import ServerSettings
from .signing import Signer
from .store import Database

MEDIA_LINK_TTL_S = 7 * 24 * 3600
FILE_LINK_TTL_S = 24 * 3600


@dataclass(frozen=True)
class AppContext:
    settings: ServerSettings
    db: Database
    signer: Signer
    renders: RenderQueue

    def now(self) -> float:
        return self.settings.clock.now()

    def media_url(self, base_url: str, file_name: str) -> str:
        return f"{base_url}/media/{self.signer.sign('media/' + file_name, self.now() + MEDIA_LINK_TTL_S)}"

    def file_url(self, base_url: str, relative_path: str) -> str:
        return f"{base_url}/files/{self.signer.sign(relative_path, self.now() + FILE_LINK_TTL_S)}"
