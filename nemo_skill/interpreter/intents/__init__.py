"""Intent handlers: each reads its own words from a message and returns edit ops.

Handlers run in a fixed order (:data:`HANDLERS`); each consumes the words it
understood so the next cannot misread them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...models import Draft
from ..message import Message
from ..ops import Env, Op


@dataclass
class ParseState:
    draft: Draft | None
    env: Env
    generating: bool = False


Handler = Callable[[Message, ParseState], list[Op]]
