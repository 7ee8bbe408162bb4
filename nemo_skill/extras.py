"""Which optional extras are installed, and the one-line error when one is needed.

The core talks to a remote backend; the ``local`` extra adds the backend and renderer,
the ``mcp`` extra the MCP server. Asking for what is not installed is a ConfigError
naming the install command, never an ImportError traceback.
"""

from __future__ import annotations

import importlib.util
import sys

from ._exceptions import ConfigError

__all__ = ["LOCAL_MODULES", "mcp_available", "require_local_extra", "require_mcp_extra"]

LOCAL_MODULES = ("starlette", "uvicorn", "numpy", "PIL", "python_multipart", "av")
"""Top-level modules of the ``local`` extra that the backend cannot start without."""


def _absent(name: str) -> bool:
    if name in sys.modules:
        return sys.modules[name] is None  # an import blocked on purpose
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):
        return True


def require_local_extra() -> None:
    """ConfigError (one line) when the [local] extra's packages are not importable."""
    missing = [name for name in LOCAL_MODULES if _absent(name)]
    if missing:
        raise ConfigError(
            f"the local backend needs packages that are not installed ({', '.join(missing)})",
            hint="pip install 'nemo-skill[local]'",
        )


def mcp_available() -> bool:
    return not _absent("mcp")


def require_mcp_extra() -> None:
    if not mcp_available():
        raise ConfigError(
            "the MCP server needs the 'mcp' package", hint="pip install 'nemo-skill[mcp]' (or '[local]')"
        )
