"""Finding skills: the bundled ones, variants the user made, and installed copies.

A skill is a folder with a SKILL.md. The runtime acts *as* one skill at a time: its
manifest gives the attribution headers and settings, its folder gives the platform.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from . import config
from ._exceptions import ConfigError, ManifestError
from .manifest import SKILL_FILE, Manifest, load_manifest
from .platform import INSTALL_PLATFORMS, PROJECT_SKILL_DIRS, USER_SKILL_DIRS, Platform, detect_platform

DEFAULT_SKILL = "free-photo-to-video-ai"
ENV_SKILL_DIR = "NEMO_SKILL_DIR"
Origin = Literal["bundled", "user", "installed"]


@dataclass(frozen=True)
class Skill:
    manifest: Manifest
    folder: Path
    platform: Platform
    origin: Origin

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version

    def headers(self) -> dict[str, str]:
        """The attribution headers every request carries."""
        from .models import protocol

        return {
            protocol.SKILL_SOURCE: self.manifest.name,
            protocol.SKILL_VERSION: self.manifest.version,
            protocol.SKILL_PLATFORM: self.platform,
        }


def bundled_skills_dir() -> Path:
    """``skills/`` of a source checkout, else the copy packed into the wheel."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "skills"
    if (checkout / DEFAULT_SKILL / SKILL_FILE).is_file():
        return checkout
    return package / "_bundled_skills"


def user_skills_dir() -> Path:
    """Where ``nemo-skill skills new`` writes variants."""
    return config.home() / "skills"


def installed_roots(home: Path | None = None, project: Path | None = None) -> dict[Platform, list[Path]]:
    """The folders platforms install skills into, user level (and project level if given)."""
    home_dir = Path(home).expanduser() if home is not None else Path.home()
    roots: dict[Platform, list[Path]] = {}
    for platform in INSTALL_PLATFORMS:
        roots[platform] = [home_dir / USER_SKILL_DIRS[platform]]
        if project is not None and Path(project) / PROJECT_SKILL_DIRS[platform] not in roots[platform]:
            roots[platform].append(Path(project) / PROJECT_SKILL_DIRS[platform])
    return roots


def load_skill(folder: Path, origin: Origin, home: Path | None = None) -> Skill:
    manifest = load_manifest(folder)
    return Skill(manifest, manifest.folder, detect_platform(manifest.path, home=home), origin)


def _skill_folders(root: Path) -> list[Path]:
    try:
        return sorted(p for p in root.iterdir() if (p / SKILL_FILE).is_file())
    except OSError:
        return []


def discover(home: Path | None = None, *, errors: list[ManifestError] | None = None) -> list[Skill]:
    """Every loadable skill: bundled, the user's variants, installed copies.

    A broken manifest is skipped (and appended to ``errors`` when given) so one bad
    folder never hides the others.
    """
    found: list[Skill] = []
    sources: list[tuple[Path, Origin]] = [(bundled_skills_dir(), "bundled"), (user_skills_dir(), "user")]
    for roots in installed_roots(home).values():
        sources.extend((root, "installed") for root in roots)
    seen: set[Path] = set()
    for root, origin in sources:
        for folder in _skill_folders(root):
            real = folder.resolve()
            if real in seen:
                continue
            seen.add(real)
            try:
                found.append(load_skill(folder, origin, home))
            except ManifestError as exc:
                if errors is not None:
                    errors.append(exc)
    return found


def find_skill(name: str | None = None) -> Skill:
    """The skill to act as: by name, else ``$NEMO_SKILL_DIR`` (the installed launcher), else the default."""
    if name is None:
        skill_dir = os.environ.get(ENV_SKILL_DIR)
        if skill_dir:
            return load_skill(Path(skill_dir), "installed")
        name = DEFAULT_SKILL
    # A skill's folder is named after it (the loader enforces it), so only folders of
    # that name are read, not every skill on the machine.
    found: dict[Origin, list[Skill]] = {"bundled": [], "user": [], "installed": []}
    seen: set[Path] = set()
    places: list[tuple[Path, Origin]] = [(bundled_skills_dir(), "bundled"), (user_skills_dir(), "user")]
    places += [(root, "installed") for roots in installed_roots().values() for root in roots]
    for root, origin in places:
        folder = root / name
        if (folder / SKILL_FILE).is_file() and folder.resolve() not in seen:
            seen.add(folder.resolve())
            found[origin].append(load_skill(folder, origin))
    # An agent that read an installed copy and names it ("--skill NAME") is using that
    # copy: attribute to its platform and version. With copies on several platforms the
    # name alone cannot tell which, so the bundled (or user) copy answers, as "unknown".
    installed = found["installed"]
    if installed and len({skill.platform for skill in installed}) == 1:
        return installed[0]
    for origin in ("bundled", "user", "installed"):
        if found[origin]:
            return found[origin][0]
    known = sorted({skill.name for skill in discover()})
    raise ConfigError(f"unknown skill {name!r}", hint=f"known skills: {', '.join(known) or 'none'}")
