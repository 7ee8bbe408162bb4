"""Shared vocabulary (regex fragments) for the intent handlers, EN and ZH."""

from __future__ import annotations

from .message import GAP

REMOVE_EN = (
    r"\b(?:remove|delete|drop|cut out|cut|take out|take away|get rid of|lose|kill|hide|turn off|disable)\b"
)
REMOVE_ZH = r"(?:删除|删掉|删去|去掉|去除|移除|拿掉|不要|取消|关掉|关闭|删)"
DURATION = (
    r"\d+(?:\.\d+)?\s*-?\s*(?:seconds?|secs?|s|秒钟?|minutes?|mins?|分钟|ms|milliseconds?|毫秒)(?![a-z])"
)

__all__ = ["DURATION", "GAP", "REMOVE_EN", "REMOVE_ZH"]
