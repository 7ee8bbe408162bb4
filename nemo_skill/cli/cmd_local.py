"""``nemo-skill local status|stop|clean``: the local backend on this machine.

The embedded backend starts by itself when a command needs it and stops by itself
after ``NEMO_LOCAL_IDLE`` seconds without requests; these commands show it, stop it
now, and apply the retention rule now. ``--data-dir`` points them at a server started
with ``nemo-skill serve --data-dir DIR`` instead.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import Result

if TYPE_CHECKING:
    from . import Subparsers

EPILOG = """\
examples:
  nemo-skill local status                  # running? where? how much disk?
  nemo-skill local stop                    # stop it now (it restarts when a command needs it)
  nemo-skill local clean --dry-run         # what the retention rule would remove now
  nemo-skill local clean --keep-days 1     # remove renders and unused uploads older than a day
  nemo-skill local status --data-dir ./nemo-data --json

environment:
  NEMO_LOCAL_IDLE       seconds without requests before the embedded backend stops (default 900; 0: never)
  NEMO_LOCAL_KEEP_DAYS  finished renders and unused uploads are removed after this many days (default 7; 0: keep)
  NEMO_LOCAL_MAX_MB     and the oldest first while they take more than this (default 2048; 0: no cap)
"""

MB = 1024 * 1024


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "local",
        help="status, stop or clean up the local backend on this machine",
        description="Show, stop or clean up the local backend (the embedded one unless --data-dir says otherwise).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=lambda args: _usage(p))
    actions = p.add_subparsers(dest="local_action", metavar="ACTION")
    for name, helptext, handler in (
        ("status", "is it running, where, and how much disk its data takes", run_status),
        ("stop", "stop it now (SIGTERM: unfinished renders resume at the next start)", run_stop),
        ("clean", "apply the retention rule now", run_clean),
    ):
        q = actions.add_parser(name, help=helptext, description=helptext, epilog=EPILOG,
                               formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        q.add_argument("--data-dir", type=Path, default=None, help="a served backend's data dir")
        q.add_argument("--json", action="store_true", help="print one JSON object")
        q.set_defaults(handler=handler, action_name=f"local {name}")
        if name == "clean":
            q.add_argument("--keep-days", type=float, default=None, help="instead of NEMO_LOCAL_KEEP_DAYS")
            q.add_argument("--max-mb", type=float, default=None, help="instead of NEMO_LOCAL_MAX_MB")
            q.add_argument("--dry-run", action="store_true", help="only say what would be removed")


def _usage(parser: argparse.ArgumentParser) -> int:
    from .._exceptions import InputError

    raise InputError("say what to do: status, stop or clean", hint=f"see {parser.prog} --help")


def _done(args: argparse.Namespace, text: str, data: dict[str, Any]) -> Result:
    return Result(f"local {args.local_action}", text, data=data)


def _data_dir(args: argparse.Namespace) -> Path | None:
    return args.data_dir.expanduser().resolve() if args.data_dir else None


def _mb(n: int | float) -> str:
    return f"{n / MB:.1f} MB"


def _ago(started_at: float | None) -> str:
    if not started_at:
        return ""
    minutes = max(0, int((time.time() - started_at) / 60))
    return f", started {minutes} min ago" if minutes < 120 else f", started {minutes // 60} h ago"


def run_status(args: argparse.Namespace) -> Result:
    from ..local.process.status import backend_status

    status = backend_status(_data_dir(args))
    disk = status.disk
    parts = ", ".join(f"{name} {_mb(size)}" for name, size in disk.items() if size)
    where = f"Data: {status.data_dir} ({parts or 'empty'}; {_mb(sum(disk.values()))} in all)"
    if not status.running:
        first = "The local backend is not running"
        first += "." if args.data_dir else " (it starts by itself when a command needs it)."
    elif status.embedded:
        idle = status.idle_exit_s
        stops = (
            f"; it stops by itself after {idle / 60:g} min without requests"
            if idle
            else "; it does not stop by itself (NEMO_LOCAL_IDLE=0)"
        )
        first = f"The local backend is running at {status.url} (pid {status.pid}{_ago(status.started_at)}){stops}."
    else:
        first = f"A local backend is running on this data dir (pid {status.pid})."
    return _done(args, f"{first}\n{where}", status.to_dict())


def run_stop(args: argparse.Namespace) -> Result:
    from ..local.process.status import backend_status, stop_backend

    before = backend_status(_data_dir(args))
    stopped = stop_backend(_data_dir(args))
    text = (
        f"Stopped the local backend (pid {before.pid})." if stopped else "The local backend was not running."
    )
    return _done(args, text, {"stopped": stopped, "pid": before.pid if stopped else None})


def run_clean(args: argparse.Namespace) -> Result:
    from .. import config
    from .._exceptions import ConfigError
    from ..local.process.embedded import ENV_KEEP_DAYS, ENV_MAX_MB
    from ..local.settings import Retention, ServerSettings
    from ..local.store import Database
    from ..local.store.retention import clean

    data_dir = _data_dir(args) or (config.data_home().expanduser().resolve())
    defaults = Retention()
    rules = Retention(
        keep_days=config.env_number(ENV_KEEP_DAYS, defaults.keep_days)
        if args.keep_days is None
        else args.keep_days,
        max_mb=config.env_number(ENV_MAX_MB, defaults.max_mb) if args.max_mb is None else args.max_mb,
    )
    if rules.keep_days < 0 or rules.max_mb < 0:
        raise ConfigError("--keep-days and --max-mb cannot be negative", hint="0 turns a rule off")
    settings = ServerSettings(data_dir=data_dir, retention=rules)
    if not settings.db_path.exists():
        return _done(args, f"Nothing to clean: {data_dir} holds no local backend data.", {"removed": []})
    db = Database(settings.db_path)
    try:
        report = clean(settings, db, dry_run=args.dry_run)
    finally:
        db.close()
    lines = [f"Retention ({rules.keep_days:g} days, {rules.max_mb:g} MB): {report.summary()}."]
    if args.dry_run:
        lines += [f"  {item}" for item in report.removed]
    data = {
        "dry_run": report.dry_run,
        "renders": report.renders,
        "uploads": report.uploads,
        "leftovers": report.orphans,
        "bytes_freed": report.bytes_freed,
        "removed": report.removed,
    }
    return _done(args, "\n".join(lines), data)
