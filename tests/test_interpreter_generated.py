"""The generated corpus (tests/interpreter_corpus): >= 400 sentences of 2-4 wishes, EN and ZH,
first requests and edits, each judged against properties computed from its slots."""

from __future__ import annotations

from collections import Counter

import pytest
from interpreter_corpus import Case, already_holds, generate, judge, report

GENERATED = generate()


def test_the_corpus_is_big_bilingual_and_mixed() -> None:
    assert len(GENERATED) >= 400
    counts = Counter((case.kind, case.lang) for case in GENERATED)
    assert all(counts[(kind, lang)] >= 100 for kind in ("first", "edit") for lang in ("en", "zh")), counts
    assert len({case.message for case in GENERATED}) >= 0.95 * len(GENERATED), "phrasings repeat too often"
    assert sum(case.outcome == "partial" for case in GENERATED) >= 20
    assert sum(case.session.song for case in GENERATED if case.kind == "edit") >= 30
    wishes = Counter(len(case.slots) for case in GENERATED)
    assert set(wishes) == {2, 3, 4}, wishes


def test_the_generator_is_deterministic() -> None:
    again = generate()
    assert [(case.message, case.session) for case in again] == [
        (case.message, case.session) for case in GENERATED
    ]


@pytest.mark.parametrize(
    "case", [case for case in GENERATED if case.kind == "edit"], ids=lambda case: case.id
)
def test_no_edit_case_holds_before_the_edit(case: Case) -> None:
    """The oracle itself: an untouched first version must fail some check, or the case tests nothing."""
    assert not already_holds(case), f"{case.message!r} is a no-op on its session"


@pytest.mark.parametrize("case", GENERATED, ids=lambda case: case.id)
def test_generated_case(case: Case) -> None:
    failures = judge(case)
    assert not failures, report(case, failures)
