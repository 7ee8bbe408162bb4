"""Install skills where agent platforms look for them, and take them out again.

An installed copy is the skill folder plus:

* ``scripts/nemo-skill``: a POSIX sh launcher that runs *this* runtime's Python with
  ``NEMO_SKILL_DIR`` set to the installed folder, so the SKILL.md can give the agent a
  command that works whatever its PATH, and the runtime acts as that installed copy
  (its platform is detected from where it lives);
* ``.nemo-skill.json``: the install record with content fingerprints
  (:mod:`.fingerprint`), which protects a copy someone edited from being overwritten;
* for a ClawHub workspace install, ``.clawhub/origin.json`` (the marker the
  clawhub CLI leaves and by which the platform is recognised).
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from .._exceptions import ConfigError, InputError, ManifestError
from .._version import __version__
from ..manifest import NAME_RULE, SKILL_FILE, VARIANT_FILE, load_manifest
from ..platform import (
    INSTALL_PLATFORMS,
    PROJECT_SKILL_DIRS,
    USER_SKILL_DIRS,
    InstallPlatform,
    Platform,
    detect_platform,
)
from ..skills_registry import Skill, bundled_skills_dir, load_skill, user_skills_dir
from .fingerprint import RECORD_FILE, InstallRecord, folder_digest, is_modified, read_record, write_record

LAUNCHER = Path("scripts") / "nemo-skill"
Status = Literal["current", "outdated", "modified", "unmanaged", "no-source"]


def install_root(platform: InstallPlatform, *, home: Path | None = None, project: Path | None = None) -> Path:
    """The folder a platform's skills live in: user level, or the project's with ``project``."""
    if platform not in INSTALL_PLATFORMS:
        raise ConfigError(
            f"unknown platform {platform!r}", hint=f"use --platform {' | '.join(INSTALL_PLATFORMS)}"
        )
    if project is not None:
        return Path(project).expanduser().absolute() / PROJECT_SKILL_DIRS[platform]
    base = Path(home).expanduser().absolute() if home is not None else Path.home()
    return base / USER_SKILL_DIRS[platform]


def find_source(name_or_path: str) -> Skill:
    """A skill to install: a folder path, else a bundled skill, else one of the user's variants."""
    candidate = Path(name_or_path).expanduser()
    if "/" in name_or_path or name_or_path.startswith("."):
        return load_skill(candidate, "user")
    for root, origin in ((bundled_skills_dir(), "bundled"), (user_skills_dir(), "user")):
        if (root / name_or_path / SKILL_FILE).is_file():
            return load_skill(root / name_or_path, origin)  # type: ignore[arg-type]
    known = sorted(
        {
            p.name
            for root in (bundled_skills_dir(), user_skills_dir())
            if root.is_dir()
            for p in root.iterdir()
            if (p / SKILL_FILE).is_file()
        }
    )
    raise ConfigError(
        f"unknown skill {name_or_path!r}",
        hint=f"known: {', '.join(known) or 'none'}; or give the path of a skill folder",
    )


def launcher_script(python: str) -> str:
    """The ``scripts/nemo-skill`` text: finds its own skill folder, then runs ``python -m nemo_skill``."""
    py = shlex.quote(python)
    return f"""#!/bin/sh
# Launcher written by `nemo-skill skills install`: runs the nemo-skill runtime it was
# installed with, acting as the skill in the folder above this script.
# Reinstall (nemo-skill skills install NAME --platform P --force) if that Python moves.
self=$0
# Follow symlinks to this script so a link placed on the PATH still finds its skill.
while [ -h "$self" ]; do
  link=$(readlink "$self") || break
  case $link in
    /*) self=$link ;;
    *) self=$(dirname -- "$self")/$link ;;
  esac
done
NEMO_SKILL_DIR=$(CDPATH= cd -- "$(dirname -- "$self")/.." && pwd) || exit 1
export NEMO_SKILL_DIR
python={py}
if [ ! -x "$python" ]; then
  echo "nemo-skill: the Python this skill was installed with is gone: $python" >&2
  echo "nemo-skill: reinstall the skill with 'nemo-skill skills install NAME --platform P --force'" >&2
  exit 127
fi
exec "$python" -m nemo_skill "$@"
"""


@dataclass(frozen=True)
class InstallResult:
    name: str
    version: str
    platform: Platform
    folder: Path
    replaced: bool


def _copy_tree(source: Path, dest: Path) -> None:
    def ignore(_dir: str, names: list[str]) -> set[str]:
        # A source that was itself installed once must not carry its old record or launcher;
        # a bundled skill's variant file is its source, not part of the skill.
        return {n for n in names if n in {RECORD_FILE, VARIANT_FILE, "__pycache__", ".DS_Store"}}

    try:
        shutil.copytree(source, dest, symlinks=False, ignore=ignore)
    except (shutil.Error, OSError) as exc:
        raise InputError(f"cannot copy {source}: {exc}", hint="check the skill folder's files") from None


def _write_launcher(folder: Path, python: str) -> None:
    path = folder / LAUNCHER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(launcher_script(python), encoding="utf-8", newline="\n")
    path.chmod(0o755)


def _write_clawhub_origin(folder: Path, skill: Skill) -> None:
    origin = {
        "version": 1,
        "slug": skill.name,
        "installedVersion": skill.version,
        "installedAt": int(time.time() * 1000),
        "source": "nemo-skill",
    }
    marker = folder / ".clawhub" / "origin.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(origin, indent=2) + "\n", encoding="utf-8")


def _guard_existing(dest: Path, force: bool) -> None:
    """Refuse to replace a copy that was edited or not installed by us, unless forced."""
    if force or not dest.exists():
        return
    record = read_record(dest)
    if record is None:
        raise InputError(
            f"{dest} exists and was not installed by nemo-skill",
            hint="add --force to replace it",
        )
    if is_modified(dest, record):
        raise InputError(
            f"{dest} was modified since it was installed",
            hint="keep your changes elsewhere, then add --force to replace it",
        )


def _swap_in(staged: Path, dest: Path) -> None:
    # Rename the old copy aside first so a failure never leaves the platform without one.
    old: Path | None = None
    if dest.exists() or dest.is_symlink():
        old = dest.with_name(f".{dest.name}.old-{int(time.time() * 1000)}")
        dest.rename(old)
    staged.rename(dest)
    if old is not None:
        if old.is_symlink() or old.is_file():
            old.unlink()
        else:
            shutil.rmtree(old, ignore_errors=True)


def install_skill(
    skill: Skill,
    platform: InstallPlatform,
    *,
    home: Path | None = None,
    project: Path | None = None,
    force: bool = False,
    python: str | None = None,
) -> InstallResult:
    """Copy ``skill`` into the platform's folder with a launcher and an install record."""
    root = install_root(platform, home=home, project=project)
    dest = root / skill.name
    if dest.resolve() == skill.folder.resolve():
        raise InputError(
            f"{dest} is the skill's own source folder", hint="install into another --project or home"
        )
    _guard_existing(dest, force)
    replaced = dest.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        _stage_and_swap(skill, platform, dest, python or sys.executable, workspace=project is not None)
    except OSError as exc:
        raise InputError(
            f"cannot install into {dest} ({exc.strerror or exc})", hint="check the folder's permissions"
        ) from None
    detected = detect_platform(dest / SKILL_FILE, home=home)
    if detected != platform:
        # A project folder inside another platform's tree, for example: say so rather
        # than leave a copy that would report the wrong X-Skill-Platform.
        raise ConfigError(
            f"installed {dest}, but the runtime detects it as platform {detected!r}, not {platform!r}",
            hint="install into a folder outside other platforms' skill folders",
        )
    load_manifest(dest)  # the copy must load exactly as the source did
    return InstallResult(skill.name, skill.version, platform, dest, replaced)


def _stage_and_swap(
    skill: Skill, platform: InstallPlatform, dest: Path, python: str, *, workspace: bool
) -> None:
    """Build the complete copy beside ``dest``, then swap it in."""
    with tempfile.TemporaryDirectory(prefix=f".{skill.name}.new-", dir=dest.parent) as tmp:
        staged = Path(tmp) / skill.name
        _copy_tree(skill.folder, staged)
        _write_launcher(staged, python)
        if platform == "clawhub" and workspace:
            _write_clawhub_origin(staged, skill)
        record = InstallRecord(
            name=skill.name,
            version=skill.version,
            platform=platform,
            source=str(skill.folder),
            source_digest=folder_digest(skill.folder),
            digest=folder_digest(staged),
            python=python,
            installed_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            runtime_version=__version__,
        )
        write_record(staged, record)
        _swap_in(staged, dest)


def uninstall_skill(
    name: str,
    platform: InstallPlatform,
    *,
    home: Path | None = None,
    project: Path | None = None,
    force: bool = False,
) -> Path:
    """Remove an installed copy; an edited or foreign copy needs ``force``."""
    if not NAME_RULE.match(name) or "--" in name:
        # Names become paths: never let one point outside the platform's folder.
        raise InputError(
            f"{name!r} is not a skill name", hint="use the name shown by 'nemo-skill skills list'"
        )
    dest = install_root(platform, home=home, project=project) / name
    if not (dest.exists() or dest.is_symlink()):
        raise InputError(f"{name} is not installed for {platform} ({dest} does not exist)")
    _guard_existing(dest, force)
    if dest.is_symlink() or dest.is_file():
        dest.unlink()
    else:
        shutil.rmtree(dest)
    return dest


def installed_status(folder: Path, source: Skill | None) -> Status:
    """How an installed copy compares with what it was installed from."""
    record = read_record(folder)
    if record is None:
        return "unmanaged"
    if is_modified(folder, record):
        return "modified"
    if source is None:
        return "no-source"
    try:
        return "current" if folder_digest(source.folder) == record.source_digest else "outdated"
    except OSError:
        return "no-source"


def source_for(name: str) -> Skill | None:
    """The bundled or user skill an installed copy named ``name`` would come from."""
    try:
        return find_source(name)
    except (ConfigError, ManifestError):
        return None
