"""Generate: "turn these photos into a video", "做一个视频", "start over"."""

from __future__ import annotations

from ..message import Message
from ..words import GAP

_PRODUCT = r"(?:video|slideshow|slide show|movie|film|reel|montage|invitation|story|clip|vlog)"
_GENERATE = (
    rf"\b(?P<verb>turn|make|convert|transform|put|edit)\b{GAP}\b(?:into|to|in)\b\s+(?:a|an|one|my|our)?{GAP}\b{_PRODUCT}\b",
    rf"\b(?P<verb>make|create|generate|build|produce|render|put together|cut|do)\b\s+(?:me\s+|us\s+)?(?:a|an|one|my|our|some)\b{GAP}\b{_PRODUCT}\b",
    rf"^\s*(?:please\s+)?(?:a|an)\s+{GAP}\b{_PRODUCT}\b",
    r"(?P<verb>做|制作|生成|创建|剪辑?|合成|做成|变成|转成|弄)(?:一个|一段|个|段|成|出)?.{0,12}?(?:视频|短片|影片|相册|幻灯片|vlog|请柬|邀请函|邀请)",
)
_REGENERATE = r"\b(?:regenerate|start over|from scratch|start again|redo (?:it|the video|everything)|new version|make (?:it|a new one) again)\b|重新生成|重新做|重做|重来|再做一个"


def wants_generation(msg: Message) -> bool:
    """True when the message asks for a video to be made.

    Only the verb is consumed: the rest ("a 60-second video", "with romantic
    music") still describes the video for the edit handlers to read.
    """
    found = False
    for pattern in _GENERATE:
        match = msg.find(pattern)
        if match:
            found = True
            if match.groupdict().get("verb"):
                msg.consume_span(*match.span("verb"))
    return found


def wants_regeneration(msg: Message) -> bool:
    return msg.take(_REGENERATE) is not None
