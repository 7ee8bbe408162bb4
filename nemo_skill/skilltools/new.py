"""``skills new``: render a variant into a complete skill folder, validated before it lands."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .._exceptions import InputError, ManifestError
from ..manifest import SKILL_FILE
from ..skills_registry import bundled_skills_dir, user_skills_dir
from .commands import CommandCheck
from .lints import Finding, lint_skill
from .skill_md import write_skill
from .variant import Variant


def create_skill(
    variant: Variant,
    parent: Path | None = None,
    *,
    force: bool = False,
    check_command: CommandCheck | None = None,
) -> tuple[Path, list[Finding]]:
    """Write ``parent/<name>/SKILL.md`` (parent: the user skills folder); returns it and any warnings.

    The folder is rendered and linted in a staging folder first, so a variant that
    would make a broken skill leaves nothing behind.
    """
    parent = Path(parent).expanduser() if parent is not None else user_skills_dir()
    if (
        parent.resolve() == user_skills_dir().resolve()
        and (bundled_skills_dir() / variant.name / SKILL_FILE).is_file()
    ):
        # find_skill prefers the bundled copy, so a user variant of that name would never be used.
        raise InputError(
            f"{variant.name!r} is the name of a bundled skill",
            hint="pick another name, or write it elsewhere with --out DIR",
        )
    dest = parent / variant.name
    if dest.exists() and not force:
        raise InputError(f"{dest} already exists", hint="add --force to replace it")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _stage_and_move(variant, parent, dest, force, check_command)
    except OSError as exc:
        raise InputError(
            f"cannot write {dest} ({exc.strerror or exc})", hint="pick a writable --out folder"
        ) from None
    findings = lint_skill(dest, check_command=check_command)
    warnings = [f for f in findings if f.severity == "warning"]
    return dest, warnings


def _stage_and_move(
    variant: Variant, parent: Path, dest: Path, force: bool, check_command: CommandCheck | None
) -> None:
    with tempfile.TemporaryDirectory(prefix=f".{variant.name}.new-", dir=parent) as tmp:
        staged = Path(tmp) / variant.name
        write_skill(variant, staged)
        errors = [f for f in lint_skill(staged, check_command=check_command) if f.severity == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise ManifestError(
                f"the rendered skill breaks rule {first.rule}: {first.message}{more}",
                hint="fix the variant and run again",
            )
        if dest.exists() and force:
            shutil.rmtree(dest)
        staged.rename(dest)
