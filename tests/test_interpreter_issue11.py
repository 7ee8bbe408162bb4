"""Every example of issue #11, by hand: the first requests, the misfires, the refusals, the
compound requests with an unrelated part, and "order me a pizza"."""

from __future__ import annotations

import pytest
from interpreter_corpus import ISSUE_CASES, Case, already_holds, judge, report


def test_every_kind_of_example_is_here() -> None:
    outcomes = {case.outcome for case in ISSUE_CASES}
    assert outcomes == {"change", "partial", "refused", "unchanged"}
    assert sum(case.kind == "first" for case in ISSUE_CASES) >= 15
    assert sum(case.kind == "edit" for case in ISSUE_CASES) >= 25
    assert any(case.lang == "zh" for case in ISSUE_CASES)


@pytest.mark.parametrize(
    "case", [case for case in ISSUE_CASES if case.kind == "edit" and case.checks], ids=lambda case: case.id
)
def test_no_edit_example_holds_before_the_edit(case: Case) -> None:
    assert not already_holds(case), f"{case.message!r} is a no-op on its session"


@pytest.mark.parametrize("case", ISSUE_CASES, ids=lambda case: case.id)
def test_issue_example(case: Case) -> None:
    failures = judge(case)
    assert not failures, report(case, failures)
