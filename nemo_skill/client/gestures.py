"""Turning the backend's graphical-editor talk into actions.

The backend speaks as if the user had an editor on screen ("click Export", "open the
timeline", "drag the photo…"). The user has a chat, so per the protocol: "click" /
"点击" is done through the API (the button's words are sent as the next message),
"open" / "打开" and "preview in timeline" read the state, "drag" / "拖拽" is sent as a
"move" edit, "Export" / "导出" runs the export. Sentences that ask for such gestures
are removed; replies never tell the user to click anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ACTION_EXPORT", "ACTION_SAY", "ACTION_STATE", "Translated", "said_messages", "translate"]

ACTION_EXPORT = "export"
ACTION_STATE = "state"
ACTION_SAY = "say:"
"""Prefix of an action that sends the words after it to the editor as a message."""

# A Latin full stop ends a sentence only before a space or the end ("13.5 seconds" is
# one sentence); Chinese full stops always do.
_SENTENCE = re.compile(r"(?:[^.!?。！？\n]|[.!?](?=[^\s.!?]))+[.!?。！？]*\s*|\n")
_CJK = re.compile(r"[\u3400-\u9fff]")

_CLICK = re.compile(r"(?i)\b(?:click|tap|press)(?:\s+on)?\b|点击|单击|点按|按下")
_EXPORT = re.compile(r"\bExport\b|\bexport button\b|\bdownload button\b|导出")
_PREVIEW = re.compile(
    r"(?i)\bpreview\b[^.!?。]*\btimeline\b|\btimeline\b[^.!?。]*\bpreview\b|时间线.*预览|预览.*时间线"
)
_OPEN = re.compile(r"(?i)\bopen\s+(?:up\s+)?(?:the\s+|your\s+)?\w+|打开")
_DRAG = re.compile(r"(?i)\bdrag(?:ging)?\b|\bdrop\b|拖拽|拖动|拖放|拖到")
_QUOTED = re.compile(r"[\"'“‘「『]([^\"'”’」』]{1,40})[\"'”’」』]")
_CLICK_TARGET = re.compile(
    r"(?i)(?:click|tap|press)(?:\s+on)?\s+(?:the\s+)?([A-Za-z][\w ]{0,30}?)(?:\s+button|\s+tab|\s+icon)?(?=\s+(?:to|and|then)\b|[.,!?]|$)"
)


@dataclass(frozen=True)
class Translated:
    text: str
    actions: tuple[str, ...] = ()


def _zh(sentence: str) -> bool:
    return bool(_CJK.search(sentence))


_VAGUE_TARGETS = {"button", "here", "it", "this", "that", "ok", "okay", "the button", "below", "above"}


def _click_instead(sentence: str, actions: list[str]) -> str:
    """A click on a button of the editor: its words go to the editor as the next message."""
    match = _QUOTED.search(sentence) or _CLICK_TARGET.search(sentence)
    target = match.group(1).strip().lower() if match else ""
    if target and target not in _VAGUE_TARGETS:
        actions.append(ACTION_SAY + target)
        return ""
    if _zh(sentence):
        return "直接告诉我想怎么改，我来完成。"
    return "Just tell me what to change and I will do it."


_DRAG_MOVE = re.compile(r"(?i)\b(?:drag(?:ging)?|drop)\s+(.+?)\s+(to|onto|into|before|after)\s+(.+?)[.!。]*$")
_DRAG_ZH = re.compile(r"拖拽到|拖动到|拖到|拖放到|拖拽|拖动|拖放")


def _drag_instead(sentence: str, actions: list[str]) -> str:
    """A drag is a move said in words: "drag photo 3 to the start" -> "move photo 3 to the start"."""
    text = sentence.strip()
    match = _DRAG_MOVE.search(text)
    if match:
        preposition = "to" if match.group(2).lower() in ("onto", "into") else match.group(2).lower()
        actions.append(f"{ACTION_SAY}move {match.group(1)} {preposition} {match.group(3)}")
        return ""
    if _zh(text) and re.search(r"第\s*\S+?\s*(?:张|个|段)", text):
        actions.append(ACTION_SAY + _DRAG_ZH.sub("移到", text).rstrip("。！.!"))
        return ""
    if _zh(text):
        return "用文字告诉我怎么调整（例如“把第3张移到开头”），我来完成。"
    return 'Tell me the change in words (for example "move photo 3 to the start") and I will make it.'


def said_messages(actions: tuple[str, ...]) -> list[str]:
    """The messages a reply's clicks and drags stand for, in order."""
    return [action[len(ACTION_SAY) :] for action in actions if action.startswith(ACTION_SAY)]


def _translate_sentence(sentence: str, actions: list[str]) -> str:
    clicks = bool(_CLICK.search(sentence))
    if _EXPORT.search(sentence) and (clicks or "按钮" in sentence or "button" in sentence.lower()):
        actions.append(ACTION_EXPORT)
        return ""
    if _PREVIEW.search(sentence):
        actions.append(ACTION_STATE)
        return ""
    if _DRAG.search(sentence):
        return _drag_instead(sentence, actions)
    if clicks:
        return _click_instead(sentence, actions)
    if _OPEN.search(sentence) and re.search(
        r"(?i)timeline|editor|project|panel|preview|时间线|编辑器|项目", sentence
    ):
        actions.append(ACTION_STATE)
        return ""
    return sentence


def translate(text: str) -> Translated:
    """The reply without GUI talk, and the actions that talk stood for (deduplicated, in order)."""
    actions: list[str] = []
    pieces = [_translate_sentence(s, actions) for s in _SENTENCE.findall(text)]
    out = "".join(p if p.endswith((" ", "\n", "。", "！", "？")) or not p else p + " " for p in pieces)
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return Translated(out, tuple(dict.fromkeys(actions)))
