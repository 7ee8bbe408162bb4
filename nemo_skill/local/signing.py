"""Signed, expiring download paths (``/media/<signed>``, ``/files/<signed>``) that need no bearer token.

A signed value is ``<base64url(json{"p": relative path, "e": expiry})>.<base64url(hmac-sha256)>``
with a secret kept in the data dir (created once, mode 0600), so links survive a restart
but are unguessable and stop working at ``e``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

SECRET_FILE = "signing.key"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_or_create_secret(data_dir: Path) -> bytes:
    path = data_dir / SECRET_FILE
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    secret = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    os.replace(tmp, path)
    return secret


class Signer:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def __repr__(self) -> str:
        return "Signer(***)"

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest()[:24])

    def sign(self, relative_path: str, expires_at: float) -> str:
        payload = _b64(json.dumps({"p": relative_path, "e": int(expires_at)}, separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def verify(self, signed: str, now: float) -> str | None:
        """The relative path, or None when the signature is wrong or expired."""
        payload, _, mac = signed.partition(".")
        if not payload or not mac or not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
            path, expires = str(data["p"]), float(data["e"])
        except (ValueError, KeyError, TypeError):
            return None
        if expires <= now:
            return None
        return path
