"""``nemo-skill skills list|validate|install|uninstall|new``: manage the skill folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import Result

if TYPE_CHECKING:
    from . import Subparsers

PLATFORM_CHOICES = ("clawhub", "openclaw", "agents", "cursor", "claude")
RULE_SETS = ("all", "spec", "clawhub")

EPILOG = """\
examples:
  nemo-skill skills list
  nemo-skill skills validate                      # every bundled skill
  nemo-skill skills validate skills/* --json
  nemo-skill skills install photographer-video --platform clawhub
  nemo-skill skills install wedding-invitation-video --platform cursor --project . --mcp
  nemo-skill skills install photographer-video --platform claude
  nemo-skill skills uninstall photographer-video --platform clawhub
  nemo-skill skills new pet-video --from pet-video.yaml
"""

LIST_EPILOG = """\
Shows bundled skills, your own variants and installed copies. STATUS of an installed copy:
  current    same content as the skill it was installed from
  outdated   the source changed since: reinstall with --force
  modified   someone edited the installed copy
  unmanaged  not installed by nemo-skill
  no-source  the skill it came from is gone

examples:
  nemo-skill skills list
  nemo-skill skills list --json --home /tmp/fakehome
"""

VALIDATE_EPILOG = """\
Checks each skill against three rule sets and says which one a problem breaks:
  spec     the Agent Skills specification (the frontmatter keys it allows, string metadata,
           no JSON-style {...} / [...] values, name and description limits, body budget)
  clawhub  what ClawHub/OpenClaw read (slug, catalog summary, metadata.openclaw, secrets,
           a real body)
  nemo     what the runtime reads (metadata.nemo, the routing table, every command, links)
One line per broken rule; exit 1 on any error. --for limits the check to one rule set
(a SKILL.md that cannot be loaded at all is reported whatever the rule set).

examples:
  nemo-skill skills validate
  nemo-skill skills validate skills/photographer-video --for spec
  nemo-skill skills validate ~/.cursor/skills/* --json
"""

INSTALL_EPILOG = """\
Where each platform's skills go (user level, or with --project DIR):
  clawhub   ~/.clawhub/skills/NAME/     DIR/skills/NAME/ (a ClawHub workspace skill)
  openclaw  ~/.openclaw/skills/NAME/    DIR/skills/NAME/ (an OpenClaw workspace)
  agents    ~/.agents/skills/NAME/      DIR/.agents/skills/NAME/
  cursor    ~/.cursor/skills/NAME/      DIR/.cursor/skills/NAME/
  claude    ~/.claude/skills/NAME/      DIR/.claude/skills/NAME/
The copy gets a launcher, scripts/nemo-skill, that runs this runtime whatever the PATH.
An installed copy you edited is not replaced without --force.
--mcp (with --platform cursor) also adds the MCP server, as "nemo-skill", to
~/.cursor/mcp.json (or DIR/.cursor/mcp.json), keeping every other server in the file.

examples:
  nemo-skill skills install photographer-video --platform clawhub
  nemo-skill skills install free-photo-to-video-ai wedding-invitation-video --platform cursor
  nemo-skill skills install pet-video --platform cursor --project ~/code/site --force
  nemo-skill skills install free-photo-to-video-ai --platform cursor --mcp
  nemo-skill skills install ./my-skills/pet-video --platform clawhub
"""

NEW_EPILOG = """\
Renders a complete skill folder from a variant file (see docs/skill-authoring.md) or
from flags, checks it like 'skills validate', and writes it to your skills folder
(or DIR/NAME with --out DIR). Flags override the file's values.

examples:
  nemo-skill skills new pet-video --from pet-video.yaml
  nemo-skill skills new pet-video --description "Turns pet photos into a playful video." --emoji 🐶 \\
      --aspect 9:16 --length 20 --mood upbeat --example "make a video of my dog"
  nemo-skill skills new pet-video --from pet-video.yaml --out ./skills --force
"""


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "skills",
        help="list, validate, install, uninstall and create skills",
        description="Manage skill folders (SKILL.md): the bundled ones, your variants, installed copies.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    p.set_defaults(handler=lambda _args: _help(p))
    skills = p.add_subparsers(dest="skills_command", metavar="SUBCOMMAND")
    _register_list(skills)
    _register_validate(skills)
    _register_install(skills)
    _register_uninstall(skills)
    _register_new(skills)


def _help(parser: argparse.ArgumentParser) -> int:
    """``nemo-skill skills`` alone: the help, and exit 1 (no subcommand was named)."""
    parser.print_help()
    return 1


def _add_home(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", type=Path, metavar="DIR", help="use DIR as the home folder (default: yours)")


def _register_list(skills: Subparsers) -> None:
    p = skills.add_parser(
        "list", help="show bundled, user and installed skills", epilog=LIST_EPILOG, formatter_class=_formatter
    )
    _add_home(p)
    p.add_argument("--project", type=Path, metavar="DIR", help="also list DIR's project-level installs")
    p.add_argument("--json", action="store_true", help='print one JSON object; the rows under "skills"')
    p.set_defaults(handler=run_list, action_name="skills list")


def _register_validate(skills: Subparsers) -> None:
    p = skills.add_parser(
        "validate", help="check SKILL.md files", epilog=VALIDATE_EPILOG, formatter_class=_formatter
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="skill folders or SKILL.md files")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--for", dest="rule_set", choices=RULE_SETS, default="all", help="check one rule set (default: all)"
    )
    p.add_argument(
        "--json", action="store_true", help='print one JSON object; each skill\'s findings under "skills"'
    )
    p.set_defaults(handler=run_validate, action_name="skills validate")


def _register_install(skills: Subparsers) -> None:
    p = skills.add_parser(
        "install",
        help="install skills for ClawHub, OpenClaw, agents, Cursor or Claude",
        epilog=INSTALL_EPILOG,
        formatter_class=_formatter,
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="skill names (or skill folder paths)")
    p.add_argument("--platform", required=True, choices=PLATFORM_CHOICES, help="where to install")
    p.add_argument("--project", type=Path, metavar="DIR", help="install into the project DIR, not your home")
    _add_home(p)
    p.add_argument("--force", action="store_true", help="replace an edited or foreign installed copy")
    p.add_argument(
        "--mcp", action="store_true", help="also register the MCP server in Cursor's mcp.json (cursor only)"
    )
    p.add_argument("--json", action="store_true", help='print one JSON object; the copies under "installed"')
    p.set_defaults(handler=run_install, action_name="skills install")


def _register_uninstall(skills: Subparsers) -> None:
    p = skills.add_parser(
        "uninstall",
        help="remove installed copies",
        epilog="examples:\n  nemo-skill skills uninstall photographer-video --platform clawhub\n",
        formatter_class=_formatter,
    )
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--platform", required=True, choices=PLATFORM_CHOICES)
    p.add_argument("--project", type=Path, metavar="DIR", help="remove from the project DIR")
    _add_home(p)
    p.add_argument("--force", action="store_true", help="remove even an edited or foreign copy")
    p.add_argument("--json", action="store_true", help='print one JSON object; the copies under "removed"')
    p.set_defaults(handler=run_uninstall, action_name="skills uninstall")


def _register_new(skills: Subparsers) -> None:
    p = skills.add_parser(
        "new",
        help="create a skill from a variant file or flags",
        epilog=NEW_EPILOG,
        formatter_class=_formatter,
    )
    p.add_argument("name", metavar="NAME", help="the new skill's slug, e.g. pet-video")
    p.add_argument("--from", dest="variant_file", type=Path, metavar="VARIANT.yaml", help="variant file")
    p.add_argument("--out", type=Path, metavar="DIR", help="write DIR/NAME (default: your skills folder)")
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    g = p.add_argument_group("variant fields (override the file)")
    g.add_argument("--display-name", metavar="TEXT")
    g.add_argument("--description", metavar="TEXT")
    g.add_argument("--emoji", metavar="CHAR")
    g.add_argument("--version", dest="skill_version", metavar="SEMVER")
    g.add_argument("--audience", metavar="TEXT")
    g.add_argument("--example", action="append", metavar="TEXT", help="an example request (repeatable)")
    g.add_argument("--tip", action="append", metavar="TEXT", help="a tip (repeatable)")
    g.add_argument("--limit", action="append", metavar="TEXT", help="a limit (repeatable)")
    g.add_argument("--format", action="append", metavar="EXT", help="a preferred input type (repeatable)")
    g.add_argument("--max-file-mb", type=int, metavar="MB")
    g.add_argument("--aspect", metavar="W:H")
    g.add_argument("--resolution", metavar="720p|1080p")
    g.add_argument("--length", type=int, metavar="SECONDS")
    g.add_argument("--mood", metavar="MOOD")
    g.add_argument("--transition", metavar="NAME")
    g.add_argument("--prompt", metavar="TEXT", help="the default prompt of 'nemo-skill make'")
    p.set_defaults(handler=run_new, action_name="skills new")


# --- handlers (heavy imports inside: `nemo-skill --help` must stay fast) ---------------


def run_list(args: argparse.Namespace) -> Result:
    from ..skilltools.listing import list_skills

    rows = list_skills(home=args.home, project=args.project)
    header = ("NAME", "VERSION", "ORIGIN", "PLATFORM", "STATUS", "PATH")
    table = [
        header,
        *(
            (r.name, r.version, r.origin, r.platform, r.status, str(r.folder))
            for r in rows
            if r.error is None
        ),
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in table
    ]
    if not args.json:
        for problem in (r for r in rows if r.error):
            print(f"warning: {problem.error}", file=sys.stderr)
    return Result("skills list", "\n".join(lines), data={"skills": [row.to_dict() for row in rows]})


def _expand(paths: list[Path]) -> list[Path]:
    """Skill folders to check: a folder holding skill folders stands for each of them."""
    from ..skills_registry import bundled_skills_dir

    if not paths:
        paths = [bundled_skills_dir()]
    out: list[Path] = []
    for path in paths:
        try:
            children = (
                sorted(c for c in path.iterdir() if (c / "SKILL.md").is_file())
                if path.is_dir() and not (path / "SKILL.md").exists()
                else []
            )
        except OSError:
            children = []
        out.extend(children or [path])
    return out


def run_validate(args: argparse.Namespace) -> Result:
    from dataclasses import replace

    from ..skilltools.lints import lint_skill, skill_file
    from .main import command_check

    checker = command_check()
    report: list[dict[str, Any]] = []
    errors = warnings = 0
    for path in _expand(list(args.paths)):
        findings = lint_skill(path, rule_set=args.rule_set, check_command=checker)
        if args.strict:
            findings = [replace(f, severity="error") for f in findings]
        errors += sum(f.severity == "error" for f in findings)
        warnings += sum(f.severity == "warning" for f in findings)
        report.append(
            {
                "path": str(skill_file(path)),
                "ok": not any(f.severity == "error" for f in findings),
                "findings": [f.to_dict() for f in findings],
            }
        )
        if not args.json:
            for finding in findings:
                print(finding)
    verdict = "ok" if errors == 0 else "failed"
    said = f"{verdict}: {len(report)} skill(s) checked, {errors} error(s), {warnings} warning(s)"
    if not args.json:
        print(said, file=sys.stderr)  # the findings are the output; the verdict is a note
    return Result(
        "skills validate",
        said if args.json else "",
        ok=errors == 0,
        data={"errors": errors, "warnings": warnings, "verdict": said, "skills": report},
    )


def run_install(args: argparse.Namespace) -> Result:
    from .._exceptions import InputError
    from ..skilltools.install import find_source, install_skill

    if args.mcp and (args.platform != "cursor" or len(args.names) != 1):
        raise InputError(
            "--mcp registers one MCP server in Cursor's mcp.json: use it with --platform cursor and one skill",
            hint="for Claude Desktop or Claude Code, see 'nemo-skill mcp --help'",
        )
    results = []
    lines = []
    for name in args.names:
        # A manifest that does not load stops here; body lints are `skills validate`'s job.
        skill = find_source(name)
        result = install_skill(skill, args.platform, home=args.home, project=args.project, force=args.force)
        results.append(result)
        verb = "replaced" if result.replaced else "installed"
        lines.append(f"{verb} {result.name} {result.version} for {result.platform}: {result.folder}")
        lines.append(f'  run it with: {result.folder / "scripts" / "nemo-skill"} chat "..."')
    mcp_file = None
    if args.mcp:
        mcp_file, said = _register_mcp(args, results[0].folder)
        lines.append(said)
    installed = [
        {
            "name": r.name,
            "version": r.version,
            "platform": r.platform,
            "path": str(r.folder),
            "replaced": r.replaced,
            "mcp_config": str(mcp_file) if mcp_file else None,
        }
        for r in results
    ]
    return Result("skills install", "\n".join(lines), data={"installed": installed})


def _register_mcp(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    """Cursor's mcp.json gains the server; the file, and a line saying what happened."""
    from ..skilltools.mcp_config import SERVER_NAME, add_mcp_server, cursor_mcp_file, launcher_entry

    config = cursor_mcp_file(home=args.home, project=args.project)
    changed = add_mcp_server(config, launcher_entry(folder))
    state = "added to" if changed else "already in"
    return config, f'  MCP server "{SERVER_NAME}" {state} {config} (restart Cursor or reload its MCP servers)'


def run_uninstall(args: argparse.Namespace) -> Result:
    from ..skilltools.install import uninstall_skill
    from ..skilltools.mcp_config import cursor_mcp_file, launcher_entry, remove_mcp_server

    lines, removed = [], []
    for name in args.names:
        folder = uninstall_skill(name, args.platform, home=args.home, project=args.project, force=args.force)
        lines.append(f"removed {name} ({args.platform}): {folder}")
        removed.append({"name": name, "platform": args.platform, "path": str(folder), "mcp_config": None})
        if args.platform == "cursor":
            config = cursor_mcp_file(home=args.home, project=args.project)
            # Only our own entry for this very copy: one someone changed is theirs.
            if remove_mcp_server(config, launcher_entry(folder)["command"]):
                lines.append(f"  removed its MCP server from {config}")
                removed[-1]["mcp_config"] = str(config)
    return Result("skills uninstall", "\n".join(lines), data={"removed": removed})


def _variant_data(args: argparse.Namespace) -> dict[str, Any]:
    """The variant mapping: the file's values, then the flags on top, then NAME."""
    from .._exceptions import InputError
    from ..skilltools.variant import read_variant_mapping

    # The file may leave out the name: NAME on the command line gives it.
    data: dict[str, Any] = dict(read_variant_mapping(args.variant_file)) if args.variant_file else {}
    flags = {
        "display_name": args.display_name,
        "description": args.description,
        "emoji": args.emoji,
        "version": args.skill_version,
        "audience": args.audience,
        "examples": args.example,
        "tips": args.tip,
        "limits": args.limit,
        "formats": args.format,
        "max_file_mb": args.max_file_mb,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    defaults = {
        "aspect": args.aspect,
        "resolution": args.resolution,
        "length_s": args.length,
        "mood": args.mood,
        "transition": args.transition,
        "prompt": args.prompt,
    }
    if any(v is not None for v in defaults.values()):
        given = data.get("defaults")
        base = given if isinstance(given, dict) else {}
        data["defaults"] = {**base, **{k: v for k, v in defaults.items() if v is not None}}
    if "description" not in data:
        raise InputError(
            "a new skill needs a description", hint="pass --from VARIANT.yaml or --description TEXT"
        )
    data["name"] = args.name
    return data


def run_new(args: argparse.Namespace) -> Result:
    from ..skilltools.new import create_skill
    from ..skilltools.variant import variant_from_mapping
    from .main import command_check

    source = str(args.variant_file) if args.variant_file else "flags"
    variant = variant_from_mapping(_variant_data(args), source)
    folder, warnings = create_skill(variant, args.out, force=args.force, check_command=command_check())
    if not args.json:
        for warning in warnings:
            print(warning, file=sys.stderr)
    text = "\n".join(
        [
            f"created {variant.name} {variant.version}: {folder / 'SKILL.md'}",
            f"  try it: nemo-skill make photo.jpg --skill {variant.name} -o {variant.name}.mp4",
            f"  install it: nemo-skill skills install {variant.name} --platform clawhub",
        ]
    )
    return Result(
        "skills new",
        text,
        data={"name": variant.name, "path": str(folder), "warnings": [w.to_dict() for w in warnings]},
    )
