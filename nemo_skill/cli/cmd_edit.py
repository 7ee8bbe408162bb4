"""``nemo-skill edit``: exact, typed edits for shell agents (the words go through ``chat``).

Each argument is JSON: one edit (``{"op": "move_photo", "from": 6, "to": 2}``), a list of
edits, or the endpoint's body (``{"edits": [...]}``); ``-`` reads one from stdin. All the
edits of one call are applied in order, all or none. ``--list`` prints every op with its
arguments, read from the models. Output and exit codes are ``chat``'s (``--json``: the
same one object, ``action`` ``edit``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from .cmd_client import ENVIRONMENT, _common, _result, _runtime
from .output import Result

if TYPE_CHECKING:
    from . import Subparsers

EDIT_EPILOG = f"""\
examples:
  nemo-skill edit '{{"op": "move_photo", "from": 6, "to": 2}}'
  nemo-skill edit '{{"op": "set_aspect", "aspect": "9:16"}}' '{{"op": "set_length", "seconds": 20}}'
  nemo-skill edit '[{{"op": "set_title", "text": "Our Day", "position": "top", "color": "gold"}}]'
  nemo-skill edit '{{"op": "undo"}}'
  echo '[{{"op": "remove_photo", "photo": [2, 3]}}]' | nemo-skill edit -
  nemo-skill edit --list                 # every op and its arguments

Photos are named by their position in the video from 1 (-1 is the last), as
'nemo-skill state' lists them, or by media id. If one edit is wrong, nothing changes
and the error names it. 1 credit when the timeline changes (5 with "generate");
undo and redo are free. Needs the local backend (the default): the hosted service
takes edits in words only (nemo-skill chat).

{ENVIRONMENT}"""


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "edit",
        help="apply exact, typed edits (JSON) to the timeline",
        description="Apply typed edits to the session's timeline, in order, all or none.",
        epilog=EDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("edits", nargs="*", metavar="JSON", help="an edit, a list of edits, or - for stdin")
    p.add_argument("--list", action="store_true", help="print every op with its arguments and exit")
    p.add_argument(
        "--expected-version",
        type=int,
        metavar="N",
        help="refuse (409) unless the timeline is still at this version (see 'state --json')",
    )
    _common(p)
    p.set_defaults(handler=run_edit)


def read_edits(items: list[str], stdin: TextIO) -> list[Any]:
    """The edits the arguments hold, in order; an argument that is not JSON is an InputError."""
    from .._exceptions import InputError

    edits: list[Any] = []
    for number, item in enumerate(items, start=1):
        text = stdin.read() if item == "-" else item
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise InputError(
                f"argument {number} is not JSON ({getattr(exc, 'msg', exc)})",
                hint='quote it for the shell: nemo-skill edit \'{"op": "set_aspect", "aspect": "9:16"}\'',
            ) from None
        if isinstance(value, dict) and isinstance(value.get("edits"), list):
            value = value["edits"]
        edits.extend(value if isinstance(value, list) else [value])
    return edits


def op_listing() -> str:
    from ..models.edit_request import edit_ops

    lines = [f"{op.signature()}\n    {op.description}" for op in edit_ops()]
    return "Ops (name?: optional):\n" + "\n".join(lines)


def run_edit(args: argparse.Namespace) -> Result:
    from .._exceptions import InputError
    from ..client.edits import check_backend, parse_request
    from ..client.state import timeline_summary

    if args.list:
        return _result("edit", op_listing())
    if not args.edits:
        raise InputError(
            "no edits given", hint='e.g. nemo-skill edit \'{"op": "move_photo", "from": 6, "to": 2}\''
        )
    request = parse_request(read_edits(args.edits, sys.stdin), args.expected_version)  # before any network
    with _runtime(args) as rt:
        check_backend(rt.api.url)
        session = rt.session()
        reply = session.apply_edits(request.edits, expected_version=request.expected_version)
        summary = timeline_summary(reply.draft)
        return _result(
            "edit",
            session.with_notices(f"{reply.text}\n{summary}"),
            timeline=summary,
            understood=list(reply.understood or ()),
            not_understood=[],
        )
