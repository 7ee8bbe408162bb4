"""What a command prints: words for people on stdout, or with ``--json`` ONE object.

Every command's object has the same core, success or failure:
``{"ok", "action", "text", "error", "code", "hint", ...}``, then the command's own
fields (``--json`` of ``chat`` adds ``timeline``, ``files``, ``output``, ...; ``skills
list`` adds ``skills``). A failure has the command's own fields too, empty, so a
machine reads one shape whatever happened. ``action`` is what was done: the command,
or for ``chat`` and ``route`` the action the message was routed to.

Everything printed goes through redact(): a backend may echo a token back in its words.
Standard library only: imported by every command before it runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._exceptions import NemoError

__all__ = ["Result", "print_error", "print_failure", "print_result"]


@dataclass(frozen=True)
class Result:
    """What a command did: words for people, and the same facts for machines."""

    action: str
    text: str
    ok: bool = True
    """False when nothing the user asked for was done (exit 1), e.g. a message not understood."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """The command's own fields of its JSON object."""


def _core(ok: bool, action: str, text: str) -> dict[str, Any]:
    return {"ok": ok, "action": action, "text": text, "error": None, "code": None, "hint": None}


def print_result(result: Result, *, as_json: bool) -> int:
    """Print ``result``; the exit code: 0, or 1 when ``result.ok`` is False."""
    from ..redaction import redact, redact_value

    if as_json:
        out = {**_core(result.ok, result.action, result.text), **result.data}
        print(json.dumps(redact_value(out), ensure_ascii=False))
    elif result.text:
        print(redact(result.text))
    return 0 if result.ok else 1


def print_error(exc: NemoError, *, action: str, fields: Mapping[str, Any], as_json: bool) -> int:
    """One line on stderr (no traceback), or the failure object; the error's exit code."""
    print_failure(
        action, exc.message, str(exc), type(exc).__name__, fields,
        as_json=as_json, code=getattr(exc, "code", None), hint=exc.hint,
    )  # fmt: skip
    return exc.exit_code


def print_failure(
    action: str,
    message: str,
    text: str,
    error: str,
    fields: Mapping[str, Any],
    *,
    as_json: bool,
    code: int | None = None,
    hint: str | None = None,
) -> None:
    """A failure that is not a NemoError (a bug, Ctrl-C) keeps the one-object promise too."""
    from ..redaction import redact, redact_value

    if as_json:
        out = {**_core(False, action, message), **fields}
        out.update(text=text, error=error, code=code, hint=hint)
        print(json.dumps(redact_value(out), ensure_ascii=False))
    else:
        print(redact(f"error: {text}"), file=sys.stderr)
