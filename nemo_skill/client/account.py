"""The account's two endpoints: a new editing session, and the credit balance (also in words)."""

from __future__ import annotations

from ..models import CreditsData, SessionData, SessionRequest
from ..models.protocol import CREDITS, SESSION
from ._http import HttpClient

__all__ = ["create_session", "describe_credits", "read_credits"]


def create_session(http: HttpClient, language: str = "en") -> SessionData:
    body = SessionRequest(language=language).model_dump()
    return SessionData.model_validate(http.call(SESSION.method, SESSION.path(), json=body))


def read_credits(http: HttpClient) -> CreditsData:
    return CreditsData.model_validate(http.call(CREDITS.method, CREDITS.path()))


def describe_credits(credits: CreditsData) -> str:
    if credits.unlimited:
        return (
            f"Credits: {credits.available} available ({credits.frozen} reserved). This machine's own "
            "backend tops them up before every message, so they never run out here."
        )
    return f"Credits: {credits.available} available ({credits.frozen} reserved, {credits.total} in total)."
