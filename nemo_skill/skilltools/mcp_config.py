"""Registering the MCP server in an MCP client's config file (Cursor's ``mcp.json``).

The file is merged, never clobbered: every other server and every other key stays as
it was, and a file that is not a JSON object is left untouched with an error saying
so. The write is atomic (a temporary file renamed over the old one).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .._exceptions import InputError

SERVER_NAME = "nemo-skill"

__all__ = ["SERVER_NAME", "add_mcp_server", "cursor_mcp_file", "launcher_entry", "remove_mcp_server"]


def cursor_mcp_file(*, home: Path | None = None, project: Path | None = None) -> Path:
    """``~/.cursor/mcp.json``, or the project's ``.cursor/mcp.json``."""
    if project is not None:
        return Path(project).expanduser().absolute() / ".cursor" / "mcp.json"
    return (Path(home).expanduser().absolute() if home is not None else Path.home()) / ".cursor" / "mcp.json"


def launcher_entry(skill_folder: Path) -> dict[str, Any]:
    """The server entry: the installed skill's launcher, which sets NEMO_SKILL_DIR itself."""
    return {"command": str(skill_folder / "scripts" / "nemo-skill"), "args": ["mcp"]}


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path} is not valid JSON ({type(exc).__name__}); nothing was changed",
            hint="fix the file or move it aside, then run the install again",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("mcpServers", {}), dict):
        raise InputError(
            f"{path} is not a JSON object with an 'mcpServers' object; nothing was changed",
            hint="fix the file or move it aside, then run the install again",
        )
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def add_mcp_server(path: Path, entry: dict[str, Any], name: str = SERVER_NAME) -> bool:
    """Set ``mcpServers[name]`` to ``entry``; True when the file changed."""
    data = _read(path)
    servers = dict(data.get("mcpServers") or {})
    if servers.get(name) == entry:
        return False
    servers[name] = entry
    _write(path, {**data, "mcpServers": servers})
    return True


def remove_mcp_server(path: Path, command: str, name: str = SERVER_NAME) -> bool:
    """Drop ``mcpServers[name]`` if it still runs ``command`` (an entry someone changed stays)."""
    if not path.is_file():
        return False
    data = _read(path)
    servers = dict(data.get("mcpServers") or {})
    current = servers.get(name)
    if not isinstance(current, dict) or current.get("command") != command:
        return False
    del servers[name]
    _write(path, {**data, "mcpServers": servers})
    return True
