"""Which agent platform a skill is installed for, judged from where its SKILL.md really is.

The answer is sent as ``X-Skill-Platform``. It depends only on the file's real path
(``~`` expanded, symlinks resolved), the home folder and two markers a folder may
carry, never on ``NEMO_SKILL_HOME``:

| where the skill folder is | platform |
|---|---|
| under ``~/.clawhub/`` | ``clawhub`` |
| ``<workspace>/skills/NAME/`` with ``.clawhub/origin.json`` (the clawhub CLI's marker) | ``clawhub`` |
| under ``~/.openclaw/`` (``~/.openclaw/skills``, its default workspace) | ``openclaw`` |
| ``<workspace>/skills/NAME/`` installed by nemo-skill for OpenClaw (its install record says so) | ``openclaw`` |
| ``~/.agents/skills/NAME/``, ``<project>/.agents/skills/NAME/`` | ``agents`` |
| ``~/.cursor/skills/NAME/``, ``<project>/.cursor/skills/NAME/`` | ``cursor`` |
| ``~/.claude/skills/NAME/``, ``<project>/.claude/skills/NAME/`` | ``claude`` |
| anywhere else (a checkout, a copy by hand) | ``unknown`` |

A plain ``skills/NAME/`` folder needs a marker because a checkout's own ``skills/``
(this repository's, for one) must stay ``unknown``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

Platform = Literal["clawhub", "openclaw", "agents", "cursor", "claude", "unknown"]
PLATFORMS: tuple[Platform, ...] = ("clawhub", "openclaw", "agents", "cursor", "claude", "unknown")
InstallPlatform = Literal["clawhub", "openclaw", "agents", "cursor", "claude"]
INSTALL_PLATFORMS: tuple[InstallPlatform, ...] = ("clawhub", "openclaw", "agents", "cursor", "claude")

# Where `skills install` puts a skill: under the home folder, or under a project with --project.
USER_SKILL_DIRS: dict[InstallPlatform, str] = {
    "clawhub": ".clawhub/skills",
    "openclaw": ".openclaw/skills",
    "agents": ".agents/skills",
    "cursor": ".cursor/skills",
    "claude": ".claude/skills",
}
PROJECT_SKILL_DIRS: dict[InstallPlatform, str] = {
    "clawhub": "skills",  # a ClawHub workspace skill (marked by .clawhub/origin.json)
    "openclaw": "skills",  # OpenClaw's <workspace>/skills
    "agents": ".agents/skills",
    "cursor": ".cursor/skills",
    "claude": ".claude/skills",
}

# Folders under the home folder whose skills belong to one platform (whole trees).
USER_ROOTS: dict[Platform, tuple[str, ...]] = {
    "clawhub": (".clawhub",),
    "openclaw": (".openclaw",),
    "agents": (".agents/skills",),
    "cursor": (".cursor/skills",),
    "claude": (".claude/skills",),
}
# <project>/<dot folder>/skills/<name>/: the project-level folders each platform reads.
PROJECT_DIRS: dict[str, Platform] = {".agents": "agents", ".cursor": "cursor", ".claude": "claude"}
# Written by nemo-skill's installer (see skilltools.fingerprint); read here only for its platform.
INSTALL_RECORD = ".nemo-skill.json"


def _real(path: Path) -> Path:
    try:
        return path.expanduser().resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop: judge by the path as written
        return Path(path).expanduser().absolute()


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _recorded_platform(folder: Path) -> str | None:
    try:
        raw = json.loads((folder / INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw.get("platform") if isinstance(raw, dict) else None


def detect_platform(skill_md: Path, home: Path | None = None) -> Platform:
    """The platform of the SKILL.md (or skill folder) at ``skill_md``; ``unknown`` if none."""
    path = _real(Path(skill_md))
    folder = path.parent if path.name == "SKILL.md" or path.suffix == ".md" else path
    home_dir = _real(home if home is not None else Path.home())
    for platform, roots in USER_ROOTS.items():
        if any(_is_under(folder, _real(home_dir / root)) for root in roots):
            return platform
    if folder.parent.name == "skills" and folder.parent.parent.name in PROJECT_DIRS:
        return PROJECT_DIRS[folder.parent.parent.name]
    if folder.parent.name == "skills":
        # A workspace skill: the clawhub CLI's marker, or our own install record.
        if (folder / ".clawhub" / "origin.json").is_file():
            return "clawhub"
        if _recorded_platform(folder) == "openclaw":
            return "openclaw"
    return "unknown"
