"""The account's two endpoints: a new editing session, and the credit balance."""

from __future__ import annotations

from ..models import CreditsData, SessionData, SessionRequest
from ..models.protocol import CREDITS, SESSION
from ._http import HttpClient

__all__ = ["create_session", "read_credits"]


def create_session(http: HttpClient, language: str = "en") -> SessionData:
    body = SessionRequest(language=language).model_dump()
    return SessionData.model_validate(http.call(SESSION.method, SESSION.path(), json=body))


def read_credits(http: HttpClient) -> CreditsData:
    return CreditsData.model_validate(http.call(CREDITS.method, CREDITS.path()))
