"""SQLite store of the local backend: one WAL database file under the data dir."""

from __future__ import annotations

from .db import Database

__all__ = ["Database"]
