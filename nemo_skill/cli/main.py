"""Entry point of ``nemo-skill``: builds the parser from the command modules and
turns every error into one line (no traceback) and an exit code.

Exit codes: 0 ok, 1 something the user can fix, 2 backend/network/render problem,
130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from .output import Result, print_error, print_failure, print_result

if TYPE_CHECKING:
    from ..skilltools.commands import CommandCheck

# Each module exposes ``register(subparsers) -> None``; handlers are stored with
# ``parser.set_defaults(handler=...)`` and import heavy modules only when they run.
COMMAND_MODULES = (
    "nemo_skill.cli.cmd_client",  # chat, make, upload, credits, state, export
    "nemo_skill.cli.cmd_edit",  # edit (typed edits as JSON)
    "nemo_skill.cli.cmd_route",  # route
    "nemo_skill.cli.cmd_serve",  # serve
    "nemo_skill.cli.cmd_studio",  # studio
    "nemo_skill.cli.cmd_worker",  # worker (render queue, issue 16)
    "nemo_skill.cli.cmd_local",  # local status|stop|clean
    "nemo_skill.cli.cmd_render",  # render
    "nemo_skill.cli.cmd_skills",  # skills list|validate|install|uninstall|new
    "nemo_skill.cli.cmd_mcp",  # mcp (the MCP server on stdio)
)

DESCRIPTION = """\
Turn photos, short clips and music into finished videos from plain words.

The quickest way in:
  nemo-skill make photos/*.jpg -p "a cinematic 1080p video with music" -o out.mp4

Or make it in a web page on this computer:
  nemo-skill studio

Agents use the skills' entry point:
  nemo-skill chat "turn these into a video with transitions" --attach a.jpg b.jpg
  nemo-skill edit '{"op": "move_photo", "from": 6, "to": 2}'     # exact edits as JSON
  nemo-skill export -o wedding.mp4

By default everything runs on the local backend, started on 127.0.0.1 when needed
(it stops by itself after 15 idle minutes; 'nemo-skill local status|stop|clean').
Environment: NEMO_API_BASE (local | cloud | URL), NEMO_TOKEN, NEMO_SKILL_HOME,
NEMO_SKILL_DIR, NEMO_DEBUG, NEMO_QUEUE, NEMO_LOCAL_IDLE, NEMO_LOCAL_KEEP_DAYS,
NEMO_LOCAL_MAX_MB, NEMO_RENDER_PROCESSES (all in the README's Configuration table).
Exit codes: 0 ok, 1 something you can fix (usage errors included), 2 the backend or network.
Run 'nemo-skill COMMAND --help' for examples of each command.
"""

USAGE_ERROR_EXIT = 1


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error; 2 means "backend or network" here, so: 1."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR_EXIT, f"{self.prog}: error: {message}\n")  # argparse's own wording


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nemo-skill", description=DESCRIPTION, formatter_class=_Formatter)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def command_check() -> CommandCheck:
    """Whether this command line accepts a command a SKILL.md shows (``skills validate``,
    ``skills new``): the skills tooling gets the parser from here, it does not import the CLI."""
    from ..skilltools.commands import parser_check

    return parser_check(build_parser())


def main(argv: Sequence[str] | None = None) -> int:
    # numpy's OpenBLAS wakes a thread per core for each large product and lets it spin a
    # while afterwards: the upload's beat analysis took 0.37 CPU-s for 0.17 CPU-s of work,
    # on cores that x264 and the other uploads are waiting for. One thread, in this process
    # and the ones it starts (the server, its render workers); a value the user set is kept.
    # Set before numpy is imported: it reads the variable once.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from .._version import __version__

        print(__version__)
        return 0
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0 if not args.command else 1
    as_json = bool(getattr(args, "json", False))
    from .._exceptions import NemoError

    action = getattr(args, "action_name", None) or args.command
    fields = getattr(args, "json_fields", {})
    try:
        outcome = handler(args)
    except NemoError as exc:
        return print_error(exc, action=action, fields=fields, as_json=as_json)
    except KeyboardInterrupt:
        if as_json:
            print_failure(action, "interrupted", "interrupted", "KeyboardInterrupt", fields, as_json=True)
        else:
            print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug: say so in one line; the traceback only on request
        return _internal_error(exc, action, fields, as_json)
    try:
        return print_result(outcome, as_json=as_json) if isinstance(outcome, Result) else int(outcome or 0)
    except BrokenPipeError:
        return 1


def _internal_error(exc: Exception, action: str, fields: Mapping[str, Any], as_json: bool) -> int:
    if os.environ.get("NEMO_DEBUG"):
        raise exc
    text = (
        f"internal error: {type(exc).__name__}: {exc} "
        "(set NEMO_DEBUG=1 to see the traceback, and please report it)"
    )
    print_failure(action, "internal error", text, type(exc).__name__, fields, as_json=as_json)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
