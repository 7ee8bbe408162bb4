"""Find the ``nemo-skill`` commands a SKILL.md tells an agent to run, and check them
with the real CLI parser, so a renamed flag breaks validation instead of the agent.

The parser is the command line's (``nemo_skill.cli.main.command_check()`` hands it
in): the skills tooling sits below the CLI and does not import it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# How a command may start in the text: on the PATH, or the installed launcher
# (scripts/nemo-skill, ./scripts/nemo-skill or by its full path).
PROGRAM = re.compile(r"^(?:\S*/)?nemo-skill(?:\s|$)")
SHELL_OPERATORS = frozenset({"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"})
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


@dataclass(frozen=True)
class Command:
    text: str
    line: int  # 1-based, in the file


def _command_start(text: str) -> str | None:
    stripped = text.strip().removeprefix("$ ").strip()
    return stripped if PROGRAM.match(stripped) else None


def find_commands(body: str, first_line: int = 1) -> Iterator[Command]:
    """Commands in fenced code blocks (one per line, ``\\`` continuations joined) and inline code."""
    in_fence = False
    pending = ""
    pending_line = 0
    for offset, line in enumerate(body.splitlines()):
        lineno = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
            pending = ""
            continue
        if in_fence:
            if pending:
                text, start = pending + " " + line.strip(), pending_line
            else:
                text, start = line.strip(), lineno
            if text.endswith("\\"):
                pending, pending_line = text[:-1].rstrip(), start
                continue
            pending = ""
            if not text.startswith("#"):
                command = _command_start(text)
                if command:
                    yield Command(command, start)
            continue
        for match in INLINE_CODE.finditer(line):
            command = _command_start(match.group(1))
            if command:
                yield Command(command, lineno)


CommandCheck = Callable[[str], "str | None"]
"""None when the CLI accepts a command; else why not, in one line."""


def parser_check(parser: argparse.ArgumentParser) -> CommandCheck:
    """A :data:`CommandCheck` by ``parser``."""
    return lambda command: check_command(command, parser)


def check_command(command: str, parser: argparse.ArgumentParser) -> str | None:
    """None when ``parser`` accepts ``command``; else why not, in one line."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return f"cannot be split like a shell would ({exc})"
    for i, token in enumerate(argv):
        if token in SHELL_OPERATORS:
            argv = argv[:i]
            break
    args = argv[1:]
    if not args:
        return None  # the program named on its own
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(args)
    except SystemExit as exc:
        if exc.code in (0, None):  # --help / --version
            return None
        lines = [ln for ln in captured.getvalue().splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"exit {exc.code}"
        # "nemo-skill route: error: the following arguments are required: text"
        return re.sub(r"^nemo-skill[\w -]*: error: ", "", reason).strip()
    return None
