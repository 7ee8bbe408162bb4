"""``nemo-skill mcp``: the skills' tools for MCP clients (Cursor, Claude Desktop, Claude Code)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Subparsers

EPILOG = """\
Speaks MCP on stdin/stdout; an MCP client starts it. The tools: upload_media, edit_video,
get_timeline (with a storyboard image), export_video + get_export, get_credits, list_options.
It uses the same backend, token and per-skill session as the other commands
(NEMO_API_BASE: the local backend by default, 'cloud', or a URL).

examples:
  nemo-skill mcp
  nemo-skill mcp --skill wedding-invitation-video

  Cursor (~/.cursor/mcp.json), Claude Desktop (claude_desktop_config.json):
    {"mcpServers": {"nemo-skill": {"command": "nemo-skill", "args": ["mcp"]}}}
  Claude Code:
    claude mcp add nemo-skill -- nemo-skill mcp
  Or let the installer write Cursor's file:
    nemo-skill skills install free-photo-to-video-ai --platform cursor --mcp

'nemo-skill serve' also serves these tools over streamable HTTP at /mcp (bearer token required).
Needs the [mcp] extra (included in [local]).
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "mcp",
        help="run the MCP server (stdio) for Cursor, Claude and other MCP clients",
        description="Serve the video tools to an MCP client over stdio.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--skill", metavar="NAME", help="act as this skill (default: $NEMO_SKILL_DIR or the default skill)"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ..mcp_server import run_stdio

    return run_stdio(args.skill)
