"""Secrets out of every message, log line and error: :func:`redact` knows the shapes of
secrets (bearer headers, ``nemo_…`` tokens) and, whatever their shape, the exact values
this process holds (:func:`remember_secret`: the client registers its token as soon as
it has one). Every :class:`~nemo_skill.NemoError` message goes through it.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

__all__ = ["MIN_SECRET_CHARS", "RedactingFilter", "redact", "redact_value", "remember_secret"]

# Bearer tokens, "token": "...", long hex/base64-ish runs: anything that could be a secret.
_SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)((?:token|secret|password|api[_-]?key)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{4,}"),
    re.compile(r"\bnemo_[A-Za-z0-9_-]{16,}\b"),
]


MIN_SECRET_CHARS = 6
"""Shorter values are not secrets anyone could use, and replacing them would garble text."""
_known_secrets: set[str] = set()
_known_lock = threading.Lock()
_known_sorted: tuple[str, ...] = ()


def remember_secret(value: str) -> None:
    """From now on :func:`redact` replaces this exact value, whatever it looks like."""
    global _known_sorted
    value = value.strip()
    if len(value) < MIN_SECRET_CHARS:
        return
    with _known_lock:
        if value not in _known_secrets:
            _known_secrets.add(value)
            # Longest first: a secret that contains another is replaced whole.
            _known_sorted = tuple(sorted(_known_secrets, key=len, reverse=True))


def redact(text: str) -> str:
    """Replace the secrets this process holds, and anything shaped like a secret, with ``***``."""
    for secret in _known_sorted:
        if secret in text:
            text = text.replace(secret, "***")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***", text) if pattern.groups else pattern.sub("***", text)
    return text


def redact_value(value: Any) -> Any:
    """:func:`redact` over every string in a JSON-like value (before it is serialised, so an
    escaped form of a secret cannot slip past)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value


class RedactingFilter(logging.Filter):
    """For a log handler: the record's final message, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters print exc_text when it is set: a token in an exception's message
            # would otherwise reach the log through the traceback.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
