"""The HTTP layer: one ``httpx.Client`` per backend, the headers every call needs,
the timeouts, and every answer decoded through :mod:`._errors`.

Tokens are fetched lazily (the first call that needs one), so commands that fail
on bad input never touch the network.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from pydantic import ValidationError

from .. import config
from .._exceptions import AuthError, BackendUnavailable, NemoError, RateLimited
from ..models import TokenData, protocol
from ._errors import AccountContext, data_of, endpoint_missing, error_from_body
from ._retry import call_with_retries
from .auth import Token, TokenRecord, TokenStore, new_client_id
from .stream import MAX_STREAM_S, Stream

__all__ = ["SSE_READ_TIMEOUT_S", "HttpClient"]

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0
# The backend sends a heartbeat at least every 15 s while it works; three missed
# heartbeats mean it is gone.
SSE_READ_TIMEOUT_S = 45.0


class HttpClient:
    """Talks to one backend on behalf of one skill."""

    def __init__(
        self,
        base_url: str,
        *,
        api_base_key: str,
        skill_headers: Mapping[str, str],
        token_store: TokenStore | None = None,
        web_url: str = config.CLOUD_WEB_URL,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        max_file_mb: int | None = None,
        token: Token | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_base_key = api_base_key
        self.web_url = web_url
        self._skill_headers = dict(skill_headers)
        self._store = token_store or TokenStore()
        self._sleep = sleep
        # A token the caller was handed (the MCP endpoint passes its client's): used as is.
        self._given = (
            TokenRecord(token, client_id="", anonymous=False, from_env=True) if token is not None else None
        )
        self._record: TokenRecord | None = None
        self._max_file_mb = max_file_mb
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            transport=transport,
            follow_redirects=True,
            headers={"User-Agent": "nemo-skill"},
        )

    def __repr__(self) -> str:
        return f"HttpClient({self.base_url!r})"

    def close(self) -> None:
        self._client.close()

    # --- tokens -----------------------------------------------------------------

    @property
    def account(self) -> AccountContext:
        record = self._record
        return AccountContext(
            anonymous=record.anonymous if record else None,
            user_id=record.user_id if record else None,
            web_url=self.web_url,
        )

    def token_record(self) -> TokenRecord:
        """The token to use: ``NEMO_TOKEN``, else the stored one, else a new anonymous one."""
        if self._record is None:
            record = self._given or TokenStore.from_env() or self._store.load(self.api_base_key)
            if record is None or record.expired():
                record = self._fetch_anonymous_token()
            self._record = record
        return self._record

    def refresh_token(self) -> None:
        """After a 1001: a fresh anonymous token, unless the user gave their own."""
        current = self._record or TokenStore.from_env()
        if self._given is not None:
            raise AuthError("the backend refused the token", code=1001, hint="get a new token and try again")
        if current is not None and current.from_env:
            raise AuthError(
                f"the backend refused the token in {config.ENV_TOKEN}",
                code=1001,
                hint=f"set {config.ENV_TOKEN} to a valid token, or unset it to get an anonymous one",
            )
        self._record = self._fetch_anonymous_token()

    def _fetch_anonymous_token(self) -> TokenRecord:
        client_id = new_client_id()

        def regenerate() -> None:
            nonlocal client_id
            client_id = new_client_id()

        def once() -> Any:
            return self._send(
                protocol.ANONYMOUS_TOKEN.method,
                protocol.ANONYMOUS_TOKEN.path(),
                headers={protocol.CLIENT_ID: client_id},
            )

        try:
            data = call_with_retries(once, regenerate_client_id=regenerate, sleep=self._sleep)
        except RateLimited as exc:
            raise RateLimited(
                "the backend refused a new anonymous token (one per client per 7 days); giving up after one retry",
                code=429,
                http_status=exc.http_status,
                hint=f"wait and try again later, or set {config.ENV_TOKEN} to your own token",
            ) from None
        try:
            issued = TokenData.model_validate(data)
        except ValidationError:
            raise BackendUnavailable(
                "the backend's anonymous-token answer was malformed (no usable token)"
            ) from None
        record = TokenRecord(
            token=Token(issued.token),
            client_id=client_id,
            user_id=issued.user_id or None,
            expires_at=issued.expires_at or None,
            api_base=self.api_base_key,
            anonymous=True,
        )
        self._store.save(record)
        return record

    def _auth_headers(self) -> dict[str, str]:
        """Bearer + attribution: every call but the anonymous-token one carries them."""
        return {**self._skill_headers, protocol.AUTHORIZATION: f"Bearer {self.token_record().token.reveal()}"}

    # --- requests -----------------------------------------------------------------

    def _unreachable(self, exc: Exception) -> BackendUnavailable:
        reason = "timed out" if isinstance(exc, httpx.TimeoutException) else "connection refused or failed"
        return BackendUnavailable(
            f"cannot reach the backend at {self.base_url} ({reason})",
            hint=f"check {config.ENV_API_BASE}: unset it for the local backend, or set it to 'cloud' for the hosted one",
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        whole: bool = False,
        missing: NemoError | None = None,
        **kwargs: Any,
    ) -> Any:
        try:
            response = self._client.request(
                method,
                path,
                headers=dict(headers or {}),
                timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_S)
                if timeout
                else httpx.USE_CLIENT_DEFAULT,
                **kwargs,
            )
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        if missing is not None and endpoint_missing(response.status_code, response.content):
            raise missing
        payload, error = error_from_body(
            response.content, response.status_code, account=self.account, max_file_mb=self._max_file_mb
        )
        if error is not None:
            raise error
        return payload if whole else data_of(payload)

    def call(
        self,
        method: str,
        path: str,
        *,
        timeout: float | None = None,
        whole: bool = False,
        missing: NemoError | None = None,
        **kwargs: Any,
    ) -> Any:
        """An authenticated call with the protocol's retries.

        Returns the envelope's ``data`` (or, with ``whole``, the entire envelope). ``missing``
        is raised when the backend has no such endpoint (an extension of the protocol that
        this backend lacks), instead of reading its 404 as "session not found"."""
        extra = dict(kwargs.pop("headers", None) or {})
        self.token_record()  # outside the retry loop: the token call has its own retries

        def once() -> Any:
            return self._send(
                method,
                path,
                headers={**extra, **self._auth_headers()},
                timeout=timeout,
                whole=whole,
                missing=missing,
                **kwargs,
            )

        return call_with_retries(once, refresh_token=self.refresh_token, sleep=self._sleep)

    def stream(
        self,
        path: str,
        body: Mapping[str, Any],
        *,
        clock: Callable[[], float] = time.monotonic,
        max_seconds: float = MAX_STREAM_S,
    ) -> Stream:
        """POST ``body`` and return the SSE reply as a :class:`Stream` (retries apply to opening it)."""
        self.token_record()

        def once() -> Stream:
            request = self._client.build_request(
                "POST",
                path,
                json=dict(body),
                headers={"Accept": protocol.EVENT_STREAM, **self._auth_headers()},
                timeout=httpx.Timeout(SSE_READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            )
            try:
                response = self._client.send(request, stream=True)
            except httpx.TransportError as exc:
                raise self._unreachable(exc) from None
            content_type = response.headers.get("content-type", "")
            if response.status_code >= 400 or not content_type.startswith(protocol.EVENT_STREAM):
                try:
                    body_bytes = response.read()
                except httpx.TransportError as exc:
                    raise self._unreachable(exc) from None
                finally:
                    response.close()
                _, error = error_from_body(body_bytes, response.status_code, account=self.account)
                if error is not None:
                    raise error
                raise BackendUnavailable(
                    f"backend unavailable (HTTP {response.status_code}: expected an event stream)"
                )
            return Stream(response, account=self.account, clock=clock, max_seconds=max_seconds)

        return call_with_retries(once, refresh_token=self.refresh_token, sleep=self._sleep)

    def open_download(self, url: str) -> httpx.Response:
        """A streaming GET of a result file; the bearer goes only to our own backend."""
        absolute = url if "://" in url else f"{self.base_url}/{url.lstrip('/')}"
        same_host = httpx.URL(absolute).host == httpx.URL(self.base_url).host
        headers = self._auth_headers() if same_host else {}
        try:
            response = self._client.send(
                self._client.build_request("GET", absolute, headers=headers), stream=True
            )
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        if response.status_code >= 400:
            body = response.read()
            response.close()
            _, error = error_from_body(body, response.status_code, account=self.account)
            raise error or BackendUnavailable(f"download failed (HTTP {response.status_code})")
        return response
