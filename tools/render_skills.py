#!/usr/bin/env python3
"""Re-render the bundled skills: skills/<name>/variant.yaml + the templates -> skills/<name>/
(SKILL.md and references/REFERENCE.md).

The variant files are the source of truth, kept with the skill they make; never edit a bundled skill's files by hand
(tests/test_skills_render.py fails when a committed file differs from this output).

usage:
  python tools/render_skills.py            # write every skills/<name>/SKILL.md
  python tools/render_skills.py --check    # exit 1 and name the files that are out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKILLS = ROOT / "skills"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report SKILL.md files that differ")
    args = parser.parse_args(argv)

    from nemo_skill import NemoError
    from nemo_skill.manifest import VARIANT_FILE
    from nemo_skill.skilltools.skill_md import render_skill_files
    from nemo_skill.skilltools.variant import load_variant

    stale: list[Path] = []
    for variant_file in sorted(SKILLS.glob(f"*/{VARIANT_FILE}")):
        try:
            variant = load_variant(variant_file)
        except NemoError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if variant.name != variant_file.parent.name:
            print(f"error: {variant_file}: name {variant.name!r} differs from its folder", file=sys.stderr)
            return 1
        for relative, text in render_skill_files(variant).items():
            target = SKILLS / variant.name / relative
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current == text:
                continue
            stale.append(target)
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
                print(f"rendered {target.relative_to(ROOT)}")
    if args.check and stale:
        for target in stale:
            print(
                f"out of date: {target.relative_to(ROOT)} (run python tools/render_skills.py)",
                file=sys.stderr,
            )
        return 1
    if not stale:
        print("all bundled skills are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
