"""The local backend: the NemoVideo protocol served for real on 127.0.0.1.

* :mod:`.app` - the Starlette app; :mod:`.context`, :mod:`.settings` - what requests share;
* :mod:`.routes` - the protocol's endpoints; :mod:`.media` - uploads to the media folder;
* :mod:`.jobs` - message runs and renders; :mod:`.store` - SQLite and retention;
* :mod:`.process` - serve, spawn, embedded mode, the lock; :mod:`.studio` - the studio page.

Kept import-light (no Starlette, no numpy at import time) so the CLI can import
:mod:`nemo_skill.local.process.embedded` cheaply.
"""

from __future__ import annotations

from .settings import ServerSettings

__all__ = ["ServerSettings"]
