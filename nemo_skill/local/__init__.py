"""The local backend: the NemoVideo protocol served for real on 127.0.0.1.

Kept import-light (no Starlette, no numpy at import time) so the CLI can import
:mod:`nemo_skill.local.process.embedded` cheaply; the ASGI app lives in :mod:`.app`.
"""

from __future__ import annotations

from .settings import ServerSettings

__all__ = ["ServerSettings"]
