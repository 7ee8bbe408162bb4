"""Tools for skills: render SKILL.md from variant files, validate, install, uninstall.

* :mod:`.variant` - the variant file (``Variant``, ``load_variant``);
* :mod:`.skill_md` - variant + the Jinja2 template -> SKILL.md (``render_skill_md``);
* :mod:`.new` - ``skills new`` (``create_skill``);
* :mod:`.lints` / :mod:`.commands` - ``skills validate`` (``lint_skill``, ``Finding``);
* :mod:`.install` / :mod:`.fingerprint` - ``skills install|uninstall`` and install records.
"""

from __future__ import annotations

from .install import (
    INSTALL_PLATFORMS,
    InstallResult,
    find_source,
    install_root,
    install_skill,
    installed_status,
    launcher_script,
    uninstall_skill,
)
from .lints import Finding, lint_skill
from .new import create_skill
from .skill_md import render_skill_md, write_skill
from .variant import Variant, load_variant, variant_from_mapping

__all__ = [
    "INSTALL_PLATFORMS",
    "Finding",
    "InstallResult",
    "Variant",
    "create_skill",
    "find_source",
    "install_root",
    "install_skill",
    "installed_status",
    "launcher_script",
    "lint_skill",
    "load_variant",
    "render_skill_md",
    "uninstall_skill",
    "variant_from_mapping",
    "write_skill",
]
