"""A corpus case, and how one is judged against the interpreter's answer."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from interpreter_api import interpret
from pydantic import ValidationError

from nemo_skill.models import Draft

from .checks import Check
from .sessions import Session, context, first_version

# What the message must lead to:
#   change   - a new draft; every check holds; nothing listed as not understood
#   partial  - a new draft; every check holds; the unrelated part listed as not understood
#   refused  - no new draft, nothing charged, the message listed as not understood
#   unchanged - no new draft, nothing charged (a request understood with nothing to do)
OUTCOMES = ("change", "partial", "refused", "unchanged")
LISTS = "[lists] "
"""Prefix of the failures about ``understood``/``not_understood`` alone (the score tool counts
the draft's properties with and without them)."""


@dataclass(frozen=True)
class Case:
    id: str
    message: str
    session: Session
    lang: str
    checks: tuple[Check, ...] = ()
    outcome: str = "change"
    source: str = "generated"
    """"generated" (from the slot tables) or "issue" (hand-written from issue #11)."""
    slots: tuple[str, ...] = ()
    """"kind:value" of each wish of a generated case ("length:20s", "aspect:square")."""

    @property
    def kind(self) -> str:
        return self.session.kind

    @property
    def categories(self) -> tuple[str, ...]:
        return ("first requests" if self.kind == "first" else "edits", self.lang.upper(), self.source)


def judge(case: Case) -> list[str]:
    """Every way the interpreter's answer misses the case, as short sentences (empty: passed)."""
    ctx = context(case.session, case.lang)
    before = ctx.draft.dump() if ctx.draft is not None else None
    try:
        result = interpret(case.message, ctx)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [f"interpret raised {type(exc).__name__}: {exc} ({where.filename}:{where.lineno})"]
    failures: list[str] = []
    if not (result.reply or "").strip():
        failures.append("the reply is empty")
    if ctx.draft is not None and ctx.draft.dump() != before:
        failures.append("the session's draft was modified in place")
    # Read defensively: while the API is being built, a missing list is a failure, not a crash.
    understood, not_understood = (
        list(getattr(result, name, None) or []) for name in ("understood", "not_understood")
    )
    failures += [f"{LISTS}the answer has no {name!r}" for name in ("understood", "not_understood")
                 if not hasattr(result, name)]  # fmt: skip
    if case.outcome in ("refused", "unchanged"):
        if result.draft is not None:
            failures.append("the draft changed")
        if result.cost != 0:
            failures.append(f"charged {result.cost} for no change")
        if case.outcome == "refused" and not not_understood:
            failures.append(LISTS + "not_understood is empty")
        return failures
    if result.draft is None:
        return [*failures, f"nothing changed; reply: {result.reply!r}"]
    try:
        after = Draft.model_validate(result.draft.dump()).dump()
    except ValidationError as err:
        return [*failures, f"the draft does not validate: {err.errors()[0]['msg']}"]
    if result.question:
        failures.append("asked a question instead of doing it")
    if result.cost <= 0:
        failures.append(f"cost {result.cost} for a change")
    if not understood:
        failures.append(LISTS + "understood is empty")
    if case.outcome == "change" and not_understood:
        failures.append(f"{LISTS}not understood: {not_understood}")
    if case.outcome == "partial" and not not_understood:
        failures.append(LISTS + "the unrelated part is not listed in not_understood")
    for check in case.checks:
        problem = check(before, after)
        if problem:
            failures.append(f"{check.what}: {problem}")
    return failures


def already_holds(case: Case) -> bool:
    """True when the session's first version meets every check already: such an edit case
    would pass with an interpreter that does nothing (the oracle's own test)."""
    before = first_version(case.session)
    return all(check(before, before) is None for check in case.checks)


def report(case: Case, failures: list[str]) -> str:
    slots = f", {', '.join(case.slots)}" if case.slots else ""
    return f"{case.message!r} ({case.lang}, {case.kind}{slots}):\n  " + "\n  ".join(failures)
