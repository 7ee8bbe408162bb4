"""Which agent platform a skill is installed for, judged from where its SKILL.md really is.

The answer is sent as ``X-Skill-Platform``. It depends only on the file's real path
(``~`` expanded, symlinks resolved) and the home folder, never on ``NEMO_SKILL_HOME``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Platform = Literal["clawhub", "cursor", "unknown"]
PLATFORMS: tuple[Platform, ...] = ("clawhub", "cursor", "unknown")

# User-level roots; a project's own .cursor/skills/ and ClawHub workspace skills
# (marked by .clawhub/origin.json, written by the clawhub CLI) are found by shape.
USER_ROOTS: dict[Platform, tuple[str, ...]] = {
    "clawhub": (".clawhub", ".openclaw/skills"),
    "cursor": (".cursor/skills",),
}


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


def detect_platform(skill_md: Path, home: Path | None = None) -> Platform:
    """``clawhub``, ``cursor`` or ``unknown`` for the SKILL.md (or skill folder) at ``skill_md``."""
    path = _real(Path(skill_md))
    folder = path.parent if path.name == "SKILL.md" or path.suffix == ".md" else path
    home_dir = _real(home if home is not None else Path.home())
    for platform, roots in USER_ROOTS.items():
        if any(_is_under(folder, _real(home_dir / root)) for root in roots):
            return platform
    # <project>/.cursor/skills/<name>/
    if folder.parent.name == "skills" and folder.parent.parent.name == ".cursor":
        return "cursor"
    # A workspace skill the clawhub CLI installed: <workspace>/skills/<name>/.clawhub/origin.json
    if (folder / ".clawhub" / "origin.json").is_file():
        return "clawhub"
    return "unknown"
