"""``nemo-skill mcp``: the skills as an MCP server, on the official SDK (``mcp`` 2.x).

* :mod:`.registry` - tool specs (name, description, pydantic input/output models,
  annotations, handler) and how they become SDK tools;
* :mod:`.tools` - the tools themselves (:data:`~.tools.TOOLS`);
* :mod:`.access` - what a call works with: the local runtime (stdio) or the caller's
  token on ``nemo-skill serve`` (HTTP);
* :mod:`.server` - :func:`build_server` and the stdio entry point.

The ``/mcp`` endpoint of ``nemo-skill serve`` is the local backend's
(:mod:`nemo_skill.local.routes.mcp`): it mounts these same tools.

Needs the ``mcp`` extra (the ``local`` extra includes it).
"""

from __future__ import annotations

from ..extras import mcp_available, require_mcp_extra
from .server import build_server, run_stdio

__all__ = ["build_server", "mcp_available", "require_mcp_extra", "run_stdio"]
