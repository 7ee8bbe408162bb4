"""Score the interpreter on the whole black-box corpus (tests/interpreter_corpus).

Prints, per category (first requests, edits, EN, ZH, generated, issue), how many cases
pass in full and how many pass on the draft alone (ignoring ``understood`` /
``not_understood``), then the failing cases with what was wrong.

    python tools/interpreter_score.py [--failures N] [--only first|edit|en|zh|issue|generated] [--slot TEXT]
                                      [--seed N]

``--seed`` draws a different generated corpus from the same tables (the tests use seed 11):
sentences the interpreter was not tuned on, to see whether it generalises.

Then the generated cases by kind of wish (length, per_photo, aspect, transition, mood, ...):
a case counts for every kind of wish it holds, so a weak kind stands out.

Exit code 0 when every case passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from interpreter_corpus import ISSUE_CASES, Case, generate, judge
from interpreter_corpus.cases import LISTS
from interpreter_corpus.compose import SEED

CATEGORIES = ("first requests", "edits", "EN", "ZH", "generated", "issue")
FILTERS = {
    "first": lambda case: case.kind == "first",
    "edit": lambda case: case.kind == "edit",
    "en": lambda case: case.lang == "en",
    "zh": lambda case: case.lang == "zh",
    "issue": lambda case: case.source == "issue",
    "generated": lambda case: case.source == "generated",
}


def score(
    cases: list[Case],
) -> tuple[dict[str, list[int]], dict[str, list[int]], list[tuple[Case, list[str]]], float]:
    """Per category and per kind of wish [cases, full passes, draft passes]; the failing cases;
    seconds spent."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_slot: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    failing: list[tuple[Case, list[str]]] = []
    started = time.perf_counter()
    for case in cases:
        failures = judge(case)
        draft_ok = all(failure.startswith(LISTS) for failure in failures)
        for category in (*case.categories, "all"):
            row = table[category]
            row[0] += 1
            row[1] += not failures
            row[2] += draft_ok
        for kind in {slot.split(":", 1)[0] for slot in case.slots}:
            row = by_slot[kind]
            row[0] += 1
            row[1] += not failures
            row[2] += draft_ok
        if failures:
            failing.append((case, failures))
    return table, by_slot, failing, time.perf_counter() - started


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _print_table(heading: str, rows: list[tuple[str, list[int]]]) -> None:
    print(f"{heading:<16}{'cases':>7}{'pass':>7}{'':>8}{'draft ok':>10}{'':>8}")
    for name, (total, full, draft) in rows:
        print(f"{name:<16}{total:>7}{full:>7}{_pct(full, total):>8}{draft:>10}{_pct(draft, total):>8}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--failures", type=int, default=40, help="failing cases to print (default 40, -1 all)"
    )
    parser.add_argument("--only", choices=sorted(FILTERS), help="score one category")
    parser.add_argument(
        "--slot",
        help="only cases with a wish whose kind:value contains TEXT (e.g. aspect:square, 20s, title)",
    )
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"seed of the generated corpus (default {SEED})"
    )
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # `| head` ends the output quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    cases = [*generate(args.seed), *ISSUE_CASES]
    if args.only:
        cases = [case for case in cases if FILTERS[args.only](case)]
    if args.slot:
        cases = [case for case in cases if any(args.slot in slot for slot in case.slots)]
    table, by_slot, failing, seconds = score(cases)

    _print_table("category", [(name, table[name]) for name in (*CATEGORIES, "all") if name in table])
    print(f"({len(cases)} cases in {seconds:.1f} s; 'draft ok' ignores understood/not_understood)\n")
    _print_table("kind of wish", sorted(by_slot.items()))

    limit = len(failing) if args.failures < 0 else args.failures
    if failing and limit:
        print(f"\nfailing cases ({min(limit, len(failing))} of {len(failing)}):")
        for case, failures in failing[:limit]:
            print(f"- [{case.id}] {case.message}")
            for failure in failures:
                print(f"    {failure}")
    return 0 if not failing else 1


if __name__ == "__main__":
    raise SystemExit(main())
