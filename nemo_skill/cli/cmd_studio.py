"""``nemo-skill studio``: open the studio page of the local backend in the browser."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Subparsers

EPILOG = """\
examples:
  nemo-skill studio                 # start (or reuse) the local backend and open the studio
  nemo-skill studio --no-browser    # only print the address

The studio is a web page on the local backend: drop photos and music, describe the
video, reorder the timeline, preview and download the MP4. Everything stays on this
computer. The backend keeps running in the background after this command returns.
With NEMO_API_BASE set to a loopback URL (e.g. a `nemo-skill serve`), that backend's
studio is opened instead. Needs the [local] extra:  pip install 'nemo-skill[local]'
"""

STUDIO_PATH = "/studio"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "studio",
        help="open the studio: make the video in a web page on this computer",
        description="Open the studio page of the local backend (started if needed) in the default browser.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address without opening a browser"
    )
    parser.set_defaults(handler=_studio)


def studio_url() -> str:
    """The studio's address on the backend NEMO_API_BASE names (the embedded one by default)."""
    from .. import config
    from .._exceptions import ConfigError
    from ..client.base_url import is_loopback

    setting = config.api_base_setting()
    if setting == config.LOCAL:
        from ..local.process.embedded import ensure_running

        return ensure_running().rstrip("/") + STUDIO_PATH
    if not is_loopback(setting):
        raise ConfigError(
            f"the studio is served by the local backend, and {config.ENV_API_BASE} points elsewhere ({setting})",
            hint=f"unset {config.ENV_API_BASE}, or point it at a `nemo-skill serve` on 127.0.0.1",
        )
    _check_answers(setting)
    return setting + STUDIO_PATH


def _check_answers(base: str) -> None:
    import httpx

    from .._exceptions import BackendUnavailable
    from ..models.protocol import HEALTH

    try:
        httpx.get(base + HEALTH.path(), timeout=5).raise_for_status()
    except httpx.HTTPError:
        raise BackendUnavailable(
            f"no local backend answers at {base}",
            hint="start it with `nemo-skill serve`, or unset NEMO_API_BASE to use the embedded one",
        ) from None


def _studio(args: argparse.Namespace) -> int:
    url = studio_url()
    print(url)
    if args.no_browser:
        return 0
    import webbrowser

    if not webbrowser.open(url):
        print("Open that address in your browser (no browser could be started from here).")
    return 0
