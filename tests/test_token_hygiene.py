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
