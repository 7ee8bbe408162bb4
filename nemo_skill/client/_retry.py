"""The retry policy, in one function.

From the protocol's error table: on 1001 get a fresh token once and retry; on 429
wait 30 s and retry once; on 400 for a missing client id, make a new one and retry
once. Anything else, or the same failure a second time, goes to the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from .._exceptions import AuthError, BadRequest, RateLimited

__all__ = ["RATE_LIMIT_WAIT_S", "call_with_retries"]

T = TypeVar("T")
RATE_LIMIT_WAIT_S = 30.0


def _is_missing_client_id(exc: BadRequest) -> bool:
    return "client" in exc.message.lower() and exc.http_status in (400, None)


def call_with_retries(
    op: Callable[[], T],
    *,
    refresh_token: Callable[[], None] | None = None,
    regenerate_client_id: Callable[[], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rate_limit_wait: float = RATE_LIMIT_WAIT_S,
) -> T:
    """Run ``op``; recover once from each of 1001, 429 and a missing client id."""
    refreshed = waited = regenerated = False
    while True:
        try:
            return op()
        except AuthError:
            if refreshed or refresh_token is None:
                raise
            refreshed = True
            refresh_token()
        except RateLimited as exc:
            if waited:
                raise RateLimited(
                    f"still rate limited after waiting {rate_limit_wait:g} s and retrying once; giving up",
                    code=exc.code,
                    http_status=exc.http_status,
                    hint="wait a few minutes before trying again",
                    data=exc.data,
                ) from None
            waited = True
            sleep(rate_limit_wait)
        except BadRequest as exc:
            if regenerated or regenerate_client_id is None or not _is_missing_client_id(exc):
                raise
            regenerated = True
            regenerate_client_id()
