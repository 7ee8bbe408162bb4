"""``nemo-skill route``: show which action a message would take, without doing it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .output import Result

if TYPE_CHECKING:
    from . import Subparsers

EPILOG = """\
examples:
  nemo-skill route "can I download it now?"              -> export
  nemo-skill route "我还有多少积分"                         -> credits
  nemo-skill route 'add the title "Download Festival"'   -> sse (an edit)
  nemo-skill route "here you go" --attach a.jpg          -> upload
  nemo-skill route "show tracks" --json
"""


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "route",
        help="show the action a message would take (export, credits, state, upload, sse)",
        description="Route a message like the skills do, and print the action. Nothing is sent.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", help="what the user said")
    p.add_argument("--skill", help="route with this skill's extra keywords (default: the current skill)")
    p.add_argument("--attach", nargs="+", default=[], metavar="FILE", help="files that come with the message")
    p.add_argument(
        "--json", action="store_true", help='print one JSON object: "action" is where it goes, "reason" why'
    )
    p.set_defaults(handler=run, json_fields={"skill": None, "reason": None})


def run(args: argparse.Namespace) -> Result:
    from ..router import route
    from ..skills_registry import find_skill

    skill = find_skill(args.skill)
    decision = route(
        args.text, has_attachments=bool(args.attach), extra_keywords=skill.manifest.settings.keywords
    )
    # "action" is where the message goes, as in chat's answer.
    return Result(decision.action, decision.action, data={"skill": skill.name, "reason": decision.reason})
