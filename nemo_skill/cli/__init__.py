"""The ``nemo-skill`` command line. Each command group lives in a module of its own;
modules import only the standard library at the top so ``--help`` starts fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from typing import TypeAlias

    Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
    """What each command module's ``register(sub)`` is handed."""
