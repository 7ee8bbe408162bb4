"""The suite's own guard: a real-looking token in any output fails the run (see conftest)."""

from __future__ import annotations

import pytest
from conftest import TOKEN_PATTERN, assert_no_token


def test_the_scanner_recognises_a_real_token_shape() -> None:
    token = "nemo_" + "Ab3_-" * 9
    assert TOKEN_PATTERN.search(f"Authorization: Bearer {token}")
    with pytest.raises(AssertionError, match="a token leaked into the log"):
        assert_no_token(f"GET / 200 {token}", "the log")


def test_short_test_doubles_are_not_tokens() -> None:
    assert_no_token("nemo_not_a_real_token_0123456789", "a test double")


def test_an_issued_token_keeps_its_value_out_of_its_repr() -> None:
    from nemo_skill.local.store.accounts import IssuedToken

    issued = IssuedToken("nemo_" + "x" * 43, "user-1", 0.0, 100)
    assert issued.token.startswith("nemo_")
    assert "nemo_" not in repr(issued) and "user-1" in repr(issued)
