"""Tokens: where they come from, where they are kept, and that they never show.

Order: ``NEMO_TOKEN`` from the environment (used as is, no anonymous call), then the
stored token for this backend, then a new anonymous token (with a new random
client id, kept with the token). The store is ``config.home()/token.json``, folder
0700, file 0600, written atomically. The token's value lives in a :class:`Token`
whose ``repr``/``str`` are redacted, so it cannot slip into a log or a message.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import config
from ..files import read_json, write_private_json
from ..redaction import remember_secret

__all__ = ["Token", "TokenRecord", "TokenStore", "new_client_id"]


class Token:
    """A secret string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not value or not value.strip():
            raise ValueError("empty token")
        self._value = value.strip()
        # Whatever its shape, this exact value is redacted from every message and output.
        remember_secret(self._value)

    def reveal(self) -> str:
        """The value, for the Authorization header and the token file only."""
        return self._value

    def __repr__(self) -> str:
        return "Token('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def new_client_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class TokenRecord:
    token: Token
    client_id: str
    user_id: str | None = None
    expires_at: str | None = None
    api_base: str | None = None
    """``local`` or the backend URL the token belongs to: a local token means nothing to the cloud."""
    anonymous: bool = True
    from_env: bool = field(default=False, compare=False)

    def expired(self, now: datetime | None = None) -> bool:
        if not self.expires_at:
            return False
        try:
            when = datetime.fromisoformat(self.expires_at.replace("Z", "+00:00"))
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when <= (now or datetime.now(timezone.utc))


class TokenStore:
    """``token.json`` in the config folder."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config.home() / "token.json"

    def __repr__(self) -> str:
        return f"TokenStore({str(self.path)!r})"

    @staticmethod
    def from_env() -> TokenRecord | None:
        value = os.environ.get(config.ENV_TOKEN, "").strip()
        if not value:
            return None
        return TokenRecord(Token(value), client_id="", anonymous=False, from_env=True)

    def load(self, api_base: str) -> TokenRecord | None:
        raw = read_json(self.path)
        if not raw or raw.get("api_base", api_base) != api_base:
            return None
        try:
            return TokenRecord(
                token=Token(str(raw["token"])),
                client_id=str(raw.get("client_id") or ""),
                user_id=raw.get("user_id"),
                expires_at=raw.get("expires_at"),
                api_base=api_base,
                anonymous=bool(raw.get("anonymous", True)),
            )
        except (KeyError, ValueError):
            return None

    def client_id(self) -> str | None:
        raw = read_json(self.path)
        return str(raw["client_id"]) if raw and raw.get("client_id") else None

    def save(self, record: TokenRecord) -> None:
        write_private_json(
            self.path,
            {
                "token": record.token.reveal(),
                "client_id": record.client_id,
                "user_id": record.user_id,
                "expires_at": record.expires_at,
                "api_base": record.api_base,
                "anonymous": record.anonymous,
            },
        )

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
