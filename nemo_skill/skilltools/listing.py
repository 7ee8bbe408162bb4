"""``skills list``: every skill this runtime knows, with where installed copies stand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._exceptions import ManifestError
from ..manifest import SKILL_FILE
from ..skills_registry import Skill, discover, load_skill
from .install import INSTALL_PLATFORMS, install_root, installed_status, source_for


@dataclass(frozen=True)
class SkillRow:
    name: str
    version: str
    origin: str
    platform: str
    status: str
    """``-`` for bundled/user skills; for installed copies see :func:`installed_status`."""
    folder: Path
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "version": self.version,
            "origin": self.origin,
            "platform": self.platform,
            "status": self.status,
            "path": str(self.folder),
            "error": self.error,
        }


def _row(skill: Skill, sources: dict[str, Skill | None]) -> SkillRow:
    status = "-"
    if skill.origin == "installed":
        if skill.name not in sources:
            sources[skill.name] = source_for(skill.name)
        status = installed_status(skill.folder, sources[skill.name])
    return SkillRow(skill.name, skill.version, skill.origin, skill.platform, status, skill.folder)


def _project_skills(
    project: Path, home: Path | None, seen: set[Path]
) -> tuple[list[Skill], list[ManifestError]]:
    skills: list[Skill] = []
    errors: list[ManifestError] = []
    for platform in INSTALL_PLATFORMS:
        root = install_root(platform, project=project)
        folders = sorted(p for p in root.iterdir() if (p / SKILL_FILE).is_file()) if root.is_dir() else []
        for folder in folders:
            if folder.resolve() in seen:
                continue
            try:
                skills.append(load_skill(folder, "installed", home))
            except ManifestError as exc:
                errors.append(exc)
    return skills, errors


def list_skills(home: Path | None = None, project: Path | None = None) -> list[SkillRow]:
    """Bundled, user and installed skills; broken ones appear as rows with ``error`` set."""
    errors: list[ManifestError] = []
    skills = discover(home, errors=errors)
    if project is not None:
        seen = {s.folder.resolve() for s in skills}
        extra, extra_errors = _project_skills(Path(project), home, seen)
        skills.extend(extra)
        errors.extend(extra_errors)
    sources: dict[str, Skill | None] = {}
    rows = [_row(skill, sources) for skill in skills]
    rows.extend(SkillRow("?", "?", "?", "?", "broken", Path("?"), error=str(exc)) for exc in errors)
    return rows
