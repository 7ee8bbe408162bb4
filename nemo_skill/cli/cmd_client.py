"""The skills' entry point and the everyday commands: chat, make, upload, credits,
state, export.

Words for the user go to stdout, progress and notices to stderr. ``--json`` prints
ONE object of a fixed shape, success or failure:
``{"ok", "action", "text", "timeline", "files", "output", "error", "code", "hint"}``.
Exit codes: 0 ok, 1 something the user can fix, 2 backend or network.

Only the standard library is imported here; everything else loads inside the
handlers, so ``nemo-skill --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import MediaInfo, SessionState
    from ..runtime import Runtime, SkillSession
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


def _result(action: str, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ok": True,
        "action": action,
        "text": "",
        "timeline": None,
        "files": [],
        "output": None,
        "error": None,
        "code": None,
        "hint": None,
        # chat on a backend that says what it understood (the local one): short phrases, and
        # the user's words it did not understand
        "understood": None,
        "not_understood": None,
        "settings": None,
    }
    out.update(fields)
    return out


def _notice(text: str) -> None:
    from .._exceptions import redact

    print(redact(text), file=sys.stderr, flush=True)


def _media_dicts(media: list[MediaInfo]) -> list[dict[str, Any]]:
    keep = ("media_id", "filename", "file_type", "width", "height", "duration", "size")
    return [{k: getattr(info, k) for k in keep} for info in media]


def _run(args: argparse.Namespace, action: str, body: Callable[[], dict[str, Any]]) -> int:
    """Run a command body; print words or the one JSON object; map errors to exit codes.

    Everything printed goes through redact(): a backend may echo the token back in its words."""
    from .._exceptions import NemoError, redact, redact_value

    try:
        result = body()
    except NemoError as exc:
        if not args.json:
            raise  # main() prints it as one line
        code = getattr(exc, "code", None)
        failed = _result(action, ok=False, text=str(exc), error=type(exc).__name__, code=code, hint=exc.hint)
        print(json.dumps(redact_value(failed), ensure_ascii=False))
        return exc.exit_code
    if args.json:
        print(json.dumps(redact_value(result), ensure_ascii=False))
    else:
        print(redact(result["text"]))
    return 0 if result.get("ok", True) else 1


def _runtime(args: argparse.Namespace) -> Runtime:
    from ..runtime import Runtime

    return Runtime(args.skill, notify=_notice)


def default_output(now: float | None = None) -> Path:
    return Path(time.strftime("nemo-video-%Y%m%d-%H%M%S.mp4", time.localtime(now)))


def _with_notices(session: SkillSession, text: str) -> str:
    return "\n".join([*session.notices, text]) if session.notices else text


def _progress_bar() -> Any:
    from ..client.progress import ProgressBar

    return ProgressBar()


# --- the actions ------------------------------------------------------------------------------


def _uploaded_text(media: list[MediaInfo]) -> str:
    from ..client.state import describe_media

    return f"Uploaded {len(media)} file(s). {describe_media(media)}"


def _credits_text(rt: Runtime) -> str:
    credits = rt.credits()
    if credits.unlimited:
        return (
            f"Credits: {credits.available} available ({credits.frozen} reserved). This machine's own "
            "backend tops them up before every message, so they never run out here."
        )
    return f"Credits: {credits.available} available ({credits.frozen} reserved, {credits.total} in total)."


def _export(session: SkillSession, output: Path | None, quality: str, force: bool) -> dict[str, Any]:
    from ..client.state import timeline_summary

    bar = _progress_bar()
    try:
        path = session.export(output or default_output(), quality=quality, progress=bar, force=force)
    finally:
        bar.finish()
    summary = timeline_summary(session.state().draft)
    text = f"Saved the video to {path}\n{summary}"
    return _result("export", text=_with_notices(session, text), timeline=summary, output=str(path))


def run_chat(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        from .._exceptions import InputError
        from ..client.gui import ACTION_EXPORT, ACTION_STATE
        from ..client.state import describe_state, timeline_summary
        from ..router import route
        from ..runtime import check_message

        rt = _runtime(args)
        with rt:
            if args.attach:
                rt.check_files(args.attach)  # bad files fail before any network call
            decision = route(
                args.message,
                has_attachments=bool(args.attach),
                extra_keywords=rt.skill.manifest.settings.keywords,
            )
            if decision.action == "sse":
                check_message(args.message)  # before the attachments are uploaded
            if decision.action == "upload" and not args.attach:
                raise InputError(
                    "nothing to upload", hint='attach files: nemo-skill chat "upload" --attach a.jpg'
                )
            if decision.action == "credits" and not args.attach:
                return _result("credits", text=_credits_text(rt))  # no session needed
            session = rt.session(new=args.new_session)
            media = session.upload(args.attach) if args.attach else []
            files = _media_dicts(media)
            if decision.action == "upload":
                return _result("upload", text=_with_notices(session, _uploaded_text(media)), files=files)
            if decision.action == "credits":
                return _result("credits", text=_credits_text(rt), files=files)
            if decision.action == "state":
                state = session.state()
                return _result(
                    "state",
                    text=_with_notices(session, describe_state(state)),
                    timeline=timeline_summary(state.draft),
                    files=files,
                )
            if decision.action == "export":
                return {**_export(session, None, "high", False), "files": files}
            reply = session.send(args.message)
            parts = [reply.text] if reply.text else []
            summary = timeline_summary(reply.draft)
            if ACTION_STATE in reply.actions:
                parts.append(summary)
            result = _result("sse", timeline=summary, files=files)
            if reply.understood is not None:
                result["understood"] = list(reply.understood)
                result["not_understood"] = list(reply.not_understood or ())
            # Nothing understood or done (or a question back): exit 1, so an agent can tell.
            result["ok"] = not reply.refused
            if ACTION_EXPORT in reply.actions and reply.draft is not None and reply.draft.renderable:
                exported = _export(session, None, "high", False)
                parts.append(exported["text"])
                result["output"] = exported["output"]
            result["text"] = _with_notices(session, "\n".join(parts) or "Done.")
            return result

    return _run(args, "chat", body)


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
    from ..local.embedded import require_local_extra

    require_local_extra()
    from ..samples import make_sample_photos

    return [str(p) for p in make_sample_photos(config.home() / "samples")]


def run_make(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        from .._exceptions import InputError

        if args.prompt is not None and not args.prompt.strip():
            raise InputError(
                "-p is empty",
                hint="say what the video should be like, or leave -p out for the skill's own prompt",
            )
        inputs = _make_inputs(args)
        rt = _runtime(args)
        bar = _progress_bar()
        with rt:
            try:
                made = rt.make(
                    inputs,
                    args.output or default_output(),
                    prompt=args.prompt or (DEMO_PROMPT if args.demo else None),
                    quality=args.quality,
                    force=args.force,
                    progress=bar,
                )
            finally:
                bar.finish()
        text = f"{made.path}\n{made.summary}"
        return _result(
            "make", text=text, timeline=made.summary, files=_media_dicts(made.media), output=str(made.path)
        )

    return _run(args, "make", body)


def run_upload(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        from ..client.upload import is_url

        rt = _runtime(args)
        with rt:
            paths = [f for f in args.files if not is_url(f)]
            if paths:
                rt.check_files(paths)  # bad files fail before any network call
            session = rt.session(new=args.new_session)
            bar = _progress_bar()
            try:
                media = session.upload(args.files, progress=bar)
            finally:
                bar.finish()
            return _result(
                "upload", text=_with_notices(session, _uploaded_text(media)), files=_media_dicts(media)
            )

    return _run(args, "upload", body)


def run_credits(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        with _runtime(args) as rt:
            return _result("credits", text=_credits_text(rt))

    return _run(args, "credits", body)


def run_state(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        from ..client.state import describe_state, timeline_settings, timeline_summary

        with _runtime(args) as rt:
            session = rt.session()
            state = session.state()
            text = describe_state(state)
            output = None
            if args.storyboard is not None:
                output = str(_storyboard(rt, state, args.storyboard))
                text += f"\nStoryboard: {output}"
            return _result(
                "state",
                text=_with_notices(session, text),
                timeline=timeline_summary(state.draft),
                files=_media_dicts(state.video_infos),
                settings=timeline_settings(state.draft),
                output=output,
            )

    return _run(args, "state", body)


def _storyboard(rt: Runtime, state: SessionState, out_png: Path) -> Path:
    from ..client.storyboard import draw_storyboard

    return draw_storyboard(rt.http, state, out_png)


def run_export(args: argparse.Namespace) -> int:
    def body() -> dict[str, Any]:
        from ..client.export import check_output_path
        from ..client.state import timeline_summary

        with _runtime(args) as rt:
            if not args.resume:
                output = check_output_path(args.output or default_output(), force=args.force)
                return _export(rt.session(), output, args.quality, args.force)
            session = rt.session()
            bar = _progress_bar()
            try:
                path = session.resume_export(args.output, progress=bar, force=args.force)
            finally:
                bar.finish()
            summary = timeline_summary(session.state().draft)
            return _result(
                "export",
                text=_with_notices(session, f"Saved the video to {path}\n{summary}"),
                timeline=summary,
                output=str(path),
            )

    return _run(args, "export", body)
