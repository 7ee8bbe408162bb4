"""Building the MCP server and running it over stdio."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from .._version import __version__
from ..extras import require_mcp_extra
from .registry import CallOpener, register

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

SERVER_NAME = "nemo-skill"
INSTRUCTIONS = """\
Turns photos, clips and music into a finished MP4 from plain words.
Usual flow: upload_media (the user's files) -> edit_video (what the user wants, in their words)
-> get_timeline (check it; a storyboard image shows every shot) -> more edit_video as needed
-> export_video -> get_export (poll with the id until completed; it returns the MP4's path).
When you know exactly what to change (move photo 6 to position 2, a 9:16 frame, a gold title at
the top), apply_edits takes typed edits instead of words, all or none.
The video (timeline) is kept between calls; upload_media or edit_video with new_session starts another.
Edits cost credits (get_credits); reading and exporting are free. list_options names the words
the editor knows (aspects, transitions, filters, music moods, text positions) and apply_edits' ops."""


def build_server(opener: CallOpener) -> MCPServer:
    """An ``MCPServer`` with every tool of :data:`~.tools.TOOLS`, its calls opened by ``opener``."""
    require_mcp_extra()
    from mcp.server.mcpserver import MCPServer

    from .tools import TOOLS

    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS, version=__version__, log_level="WARNING")
    register(server, TOOLS, opener)
    return server


def run_stdio(skill: str | None = None) -> int:
    """``nemo-skill mcp``: serve on stdin/stdout until the client closes the pipe."""
    require_mcp_extra()
    import anyio

    from ..skills_registry import find_skill
    from .access import LocalAccess

    find_skill(skill)  # an unknown skill fails here, in one line, before the client connects
    # stdout carries the protocol: every log line goes to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="nemo-skill mcp: %(message)s")
    server = build_server(LocalAccess(skill=skill))
    anyio.run(server.run_stdio_async)
    return 0
