"""The skills' entry point and the everyday commands: chat, make, upload, credits,
state, export. The work is the Python API's (:class:`nemo_skill.runtime.Runtime`); a
command parses its arguments and says what happened.

Words for the user go to stdout, progress and notices to stderr. ``--json`` prints
ONE object of a fixed shape, success or failure (cli/output.py):
``{"ok", "action", "text", "error", "code", "hint", "timeline", "files", "output",
"understood", "not_understood", "settings"}``.
Exit codes: 0 ok, 1 something the user can fix, 2 backend or network.

Only the standard library is imported here; everything else loads inside the
handlers, so ``nemo-skill --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import Result
from .progress import progress_bar

if TYPE_CHECKING:
    from ..models import MediaInfo
    from ..runtime import Runtime
    from . import Subparsers

_Formatter = argparse.RawDescriptionHelpFormatter

ENVIRONMENT = """\
environment:
  NEMO_API_BASE    local (default: start/reuse the backend on 127.0.0.1), cloud, or a URL
  NEMO_TOKEN       your own token (otherwise an anonymous one is fetched and kept)
  NEMO_SKILL_HOME  where the token and sessions are kept (default ~/.config/nemovideo)
"""

CHAT_EPILOG = f"""\
examples:
  nemo-skill chat "turn these into a video with transitions and music" --attach a.jpg b.jpg c.jpg
  nemo-skill chat "make it 9:16 and 3 seconds per photo"
  nemo-skill chat 'add the title "Anna & Tom"' --skill wedding-invitation-video
  nemo-skill chat "把音乐换成浪漫的"
  nemo-skill chat "export"                 # runs the export directly (also: credits, status, upload)
  nemo-skill chat "start over: a 20-second reel" --new-session --json

The message is routed like the skills say: export / credits / state / upload run
directly; anything else goes to the editor, whose reply is printed in plain words.

{ENVIRONMENT}"""

MAKE_EPILOG = f"""\
examples:
  nemo-skill make photos/*.jpg -o trip.mp4
  nemo-skill make a.jpg b.jpg song.mp3 -p "a 20-second upbeat video" -o reel.mp4
  nemo-skill make couple*.jpg venue.mp4 -p 'invitation for "Anna & Tom", June 12, 2027' \\
      --skill wedding-invitation-video -o invite.mp4
  nemo-skill make *.jpg -p "a 5-second preview" --quality draft -o preview.mp4 --force

Audio files among the inputs become the music. The session is remembered: refine
the result afterwards with 'nemo-skill chat "slower transitions"' and 'nemo-skill export'.

{ENVIRONMENT}"""

UPLOAD_EPILOG = f"""\
examples:
  nemo-skill upload a.jpg b.jpg venue.mov
  nemo-skill upload https://example.com/photo.jpg --json

Files are checked first (type by content, the skill's size limit), then streamed.

{ENVIRONMENT}"""

CREDITS_EPILOG = f"""\
examples:
  nemo-skill credits
  nemo-skill credits --json

{ENVIRONMENT}"""

STATE_EPILOG = f"""\
examples:
  nemo-skill state
  nemo-skill state --storyboard board.png     # a contact sheet of the timeline (needs the [local] extra)
  nemo-skill state --skill photographer-video --json

{ENVIRONMENT}"""

EXPORT_EPILOG = f"""\
examples:
  nemo-skill export -o wedding.mp4
  nemo-skill export -o preview.mp4 --quality draft --force
  nemo-skill export --resume                  # pick up the last export after walking away

{ENVIRONMENT}"""


# --- parser ---------------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--skill", metavar="NAME", help="act as this skill (default: $NEMO_SKILL_DIR or the default skill)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of words")
    p.set_defaults(json_fields=FIELDS)


def _quality(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quality", choices=("high", "draft"), default="high", help="high (default) or a quick draft"
    )
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "chat",
        help="say something to the video editor (the skills' entry point)",
        description="Route a message like the skills do and carry it out.",
        epilog=CHAT_EPILOG,
        formatter_class=_Formatter,
    )
    p.add_argument("message", help="what the user said, in plain words (English or Chinese)")
    p.add_argument(
        "--attach", nargs="+", default=[], metavar="FILE", help="photos, clips or music to upload first"
    )
    p.add_argument("--new-session", action="store_true", help="start a new timeline instead of continuing")
    _common(p)
    p.set_defaults(handler=run_chat)

    p = sub.add_parser(
        "make",
        help="photos in, finished MP4 out, in one go",
        description="Upload the inputs, describe the video, render it and download it.",
        epilog=MAKE_EPILOG,
        formatter_class=_Formatter,
    )
    p.add_argument("inputs", nargs="*", metavar="FILE", help="photos, clips and (optionally) music")
    p.add_argument(
        "--demo",
        action="store_true",
        help="use six sample photos the project paints (kept in NEMO_SKILL_HOME/samples) instead of FILEs",
    )
    p.add_argument("-p", "--prompt", help="what the video should be like (default: the skill's own)")
    p.add_argument("-o", "--output", type=Path, help="the MP4 to write (default: nemo-video-<time>.mp4)")
    _quality(p)
    _common(p)
    p.set_defaults(handler=run_make)

    p = sub.add_parser(
        "upload",
        help="upload photos, clips, music or URLs to the session",
        description="Upload files (or http(s) URLs) to the current session.",
        epilog=UPLOAD_EPILOG,
        formatter_class=_Formatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--new-session", action="store_true", help="start a new timeline instead of continuing")
    _common(p)
    p.set_defaults(handler=run_upload)

    p = sub.add_parser(
        "credits",
        help="show the credit balance",
        description="Show the credit balance.",
        epilog=CREDITS_EPILOG,
        formatter_class=_Formatter,
    )
    _common(p)
    p.set_defaults(handler=run_credits)

    p = sub.add_parser(
        "state",
        help="show the timeline and the uploaded media",
        description="Show the session's timeline summary and media.",
        epilog=STATE_EPILOG,
        formatter_class=_Formatter,
    )
    p.add_argument(
        "--storyboard", type=Path, metavar="OUT.png", help="also draw the timeline as a contact sheet"
    )
    _common(p)
    p.set_defaults(handler=run_state)

    p = sub.add_parser(
        "export",
        help="render the timeline and download the MP4",
        description="Render the session's latest timeline and download it.",
        epilog=EXPORT_EPILOG,
        formatter_class=_Formatter,
    )
    p.add_argument("-o", "--output", type=Path, help="the MP4 to write (default: nemo-video-<time>.mp4)")
    p.add_argument(
        "--resume", action="store_true", help="pick up this session's last export instead of a new one"
    )
    _quality(p)
    _common(p)
    p.set_defaults(handler=run_export)


# --- output ---------------------------------------------------------------------------------

# The fields every command of this module adds to the JSON object (cli/output.py), empty
# until the command fills them: one shape for agents, success or failure.
FIELDS: dict[str, Any] = {
    "timeline": None,
    "files": [],
    "output": None,
    # chat on a backend that says what it understood (the local one): short phrases, and
    # the user's words it did not understand
    "understood": None,
    "not_understood": None,
    "settings": None,
}


def _result(action: str, text: str, *, ok: bool = True, **fields: Any) -> Result:
    return Result(action, text, ok=ok, data={**FIELDS, **fields})


def _notice(text: str) -> None:
    from ..redaction import redact

    print(redact(text), file=sys.stderr, flush=True)


def _media_dicts(media: Sequence[MediaInfo]) -> list[dict[str, Any]]:
    keep = ("media_id", "filename", "file_type", "width", "height", "duration", "size")
    return [{k: getattr(info, k) for k in keep} for info in media]


def _runtime(args: argparse.Namespace, start_local: Callable[[], str] | None = None) -> Runtime:
    from ..runtime import Runtime

    return Runtime(args.skill, notify=_notice, start_local=start_local)


def _backend_soon(args: argparse.Namespace, inputs: Sequence[str]) -> Callable[[], str] | None:
    """make on the embedded backend: start it now, in a thread, so its start (~1 s) runs
    beside this process's own (imports, file checks, ~0.3 s); None otherwise. Only when
    the named files are there and the output may be written: a typo is refused without
    starting anything."""
    from .. import config
    from ..files import check_output_path, is_url

    if config.api_base_setting(None) != config.LOCAL:
        return None
    if not all(is_url(i) or Path(i).is_file() for i in inputs):
        return None
    if args.output:
        from .._exceptions import InputError

        try:  # the check make runs first; its error is reported there
            check_output_path(Path(args.output), force=args.force)
        except InputError:
            return None
    from ..local.process.embedded import start_in_background

    return start_in_background()


# --- the actions ------------------------------------------------------------------------------


def run_chat(args: argparse.Namespace) -> Result:
    with _runtime(args) as rt, progress_bar(args) as bar:
        done = rt.chat(args.message, attach=args.attach, new_session=args.new_session, progress=bar)
    reply = done.reply
    understood = reply.understood if reply is not None else None
    return _result(
        done.action,
        done.text,
        ok=done.ok,
        timeline=done.timeline,
        files=_media_dicts(done.media),
        output=str(done.output) if done.output is not None else None,
        understood=list(understood) if understood is not None else None,
        not_understood=list(reply.not_understood or ()) if understood is not None and reply else None,
    )


# What --demo asks for unless -p says otherwise: enough to show titles, music and motion.
DEMO_PROMPT = 'a 20-second cinematic 16:9 video titled "Summer Lakes" with calm music and soft transitions'


def _make_inputs(args: argparse.Namespace) -> list[str]:
    from .._exceptions import InputError

    if args.demo == bool(args.inputs):
        raise InputError(
            "give the photos to use, or --demo for sample photos (not both)",
            hint="e.g. nemo-skill make photos/*.jpg -o out.mp4, or nemo-skill make --demo -o demo.mp4",
        )
    if not args.demo:
        return list(args.inputs)
    from .. import config
    from ..extras import require_local_extra

    require_local_extra()
    from ..samples import make_sample_photos

    return [str(p) for p in make_sample_photos(config.home() / "samples")]


def run_make(args: argparse.Namespace) -> Result:
    from .._exceptions import InputError

    if args.prompt is not None and not args.prompt.strip():
        raise InputError(
            "-p is empty",
            hint="say what the video should be like, or leave -p out for the skill's own prompt",
        )
    inputs = _make_inputs(args)
    start_local = _backend_soon(args, inputs)
    from ..client.export import default_output  # after the start above: it loads the models (~0.2 s)

    with _runtime(args, start_local) as rt, progress_bar(args) as bar:
        made = rt.make(
            inputs,
            args.output or default_output(),
            prompt=args.prompt or (DEMO_PROMPT if args.demo else None),
            quality=args.quality,
            force=args.force,
            progress=bar,
        )
    return _result(
        "make",
        f"{made.path}\n{made.summary}",
        timeline=made.summary,
        files=_media_dicts(made.media),
        output=str(made.path),
    )


def run_upload(args: argparse.Namespace) -> Result:
    from ..client.state import describe_upload
    from ..client.upload import is_url

    with _runtime(args) as rt:
        paths = [f for f in args.files if not is_url(f)]
        if paths:
            rt.check_files(paths)  # bad files fail before any network call
        session = rt.session(new=args.new_session)
        with progress_bar(args) as bar:
            media = session.upload(args.files, progress=bar)
        return _result("upload", session.with_notices(describe_upload(media)), files=_media_dicts(media))


def run_credits(args: argparse.Namespace) -> Result:
    from ..client.account import describe_credits

    with _runtime(args) as rt:
        return _result("credits", describe_credits(rt.credits()))


def run_state(args: argparse.Namespace) -> Result:
    from ..client.state import describe_state, timeline_settings, timeline_summary

    with _runtime(args) as rt:
        session = rt.session()
        state = session.state()
        text = describe_state(state)
        output = None
        if args.storyboard is not None:
            output = str(session.storyboard(args.storyboard, state=state))
            text += f"\nStoryboard: {output}"
        return _result(
            "state",
            session.with_notices(text),
            timeline=timeline_summary(state.draft),
            files=_media_dicts(state.video_infos),
            settings=timeline_settings(state.draft),
            output=output,
        )


def run_export(args: argparse.Namespace) -> Result:
    from ..chat import saved_text
    from ..client.export import default_output
    from ..client.state import timeline_summary
    from ..files import check_output_path

    with _runtime(args) as rt:
        if args.resume:
            session = rt.session()
            with progress_bar(args) as bar:
                path = session.resume_export(args.output, progress=bar, force=args.force)
        else:
            output = check_output_path(args.output or default_output(), force=args.force)
            session = rt.session()
            with progress_bar(args) as bar:
                path = session.export(output, quality=args.quality, progress=bar, force=args.force)
        summary = timeline_summary(session.state().draft)
        return _result(
            "export", session.with_notices(saved_text(path, summary)), timeline=summary, output=str(path)
        )
