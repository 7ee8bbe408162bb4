"""Undo: "undo", "go back", "撤销" return to the version before the last change."""

from __future__ import annotations

from ..message import Message

_UNDO = (
    r"^\W*(?:please\s+)?(?:undo|revert|go back|step back|roll back|take that back|cancel (?:that|the last change))\b"
    r"|\bundo (?:that|it|the last (?:change|edit|step))\b|\bchange it back\b|\bput it back\b"
    r"|撤销|撤回|返回上一步|回到上一步|恢复上一个版本|上一个版本|取消刚才|改回去"
)


def wants_undo(msg: Message) -> bool:
    return msg.take(_UNDO) is not None
