"""Where things live and which backend to talk to, from the environment.

``NEMO_SKILL_HOME`` overrides every folder (tests set it). Without it the token and
sessions live in the user's config folder, ``~/.config/nemovideo/`` on Linux, which
is what the skills advertise, and the local backend's data in the user data folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from ._exceptions import ConfigError

CLOUD_URL = "https://mega-api-prod.nemovideo.ai"
CLOUD_WEB_URL = "https://nemovideo.ai"
LOCAL = "local"

ENV_TOKEN = "NEMO_TOKEN"
ENV_API_BASE = "NEMO_API_BASE"
ENV_HOME = "NEMO_SKILL_HOME"


def home() -> Path:
    """The config folder: token, sessions, embedded-server state."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("nemovideo", appauthor=False))


def data_home() -> Path:
    """The local backend's data folder (database, media, renders)."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser() / "local-backend"
    import platformdirs

    return Path(platformdirs.user_data_dir("nemo-skill", appauthor=False)) / "local-backend"


def api_base_setting(value: str | None = None) -> str:
    """``local``, or a normalised http(s) base URL (``cloud`` becomes the hosted URL).

    ``value`` (e.g. ``Runtime(api_base=...)``) wins over ``NEMO_API_BASE``.
    """
    raw = (value if value is not None else os.environ.get(ENV_API_BASE) or LOCAL).strip()
    if raw.lower() == LOCAL:
        return LOCAL
    if raw.lower() == "cloud":
        return CLOUD_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        name = "api_base" if value is not None else ENV_API_BASE
        raise ConfigError(
            f"{name}={raw!r} is not 'local', 'cloud' or an http(s) URL",
            hint=f"unset it to use the local backend, or set e.g. {ENV_API_BASE}=http://127.0.0.1:8765",
        )
    return raw.rstrip("/")


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user alone."""
    path.mkdir(parents=True, exist_ok=True)
    # A folder we do not own (e.g. a shared mount) keeps its mode.
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


def env_number(
    name: str, default: float, *, low: float = 0.0, high: float = float("inf"), unit: str = ""
) -> float:
    """A number from the environment (``default`` when unset), or a one-line ConfigError."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    what = f"a number of {unit}" if unit else "a number"
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            f"{name}={raw[:20]!r} is not {what}", hint=f"unset {name} for the default"
        ) from None
    if not low <= value <= high:  # NaN fails here too
        shown = f"{low:g}-{high:g}" if high != float("inf") else f"{low:g} or more"
        raise ConfigError(
            f"{name}={raw[:20]} is out of range", hint=f"use {shown}{' ' + unit if unit else ''}"
        )
    return value
