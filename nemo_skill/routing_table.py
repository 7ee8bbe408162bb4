"""The intent table: one source for the router and for the table printed in every SKILL.md.

Each route lists the seed keywords the protocol names (shown to agents) and the
phrasings the router also understands (regular expressions over lower-cased text
with quoted passages removed). ``EDIT_VERBS`` decide when a sentence is an edit
request even though it contains a routed keyword ("add the credits at the end").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RouteSpec:
    action: str
    says: tuple[str, ...]
    """Seed keywords and one or two phrasings, as printed in the SKILL.md table."""
    patterns: tuple[str, ...]
    """Regular expressions (lower-case text, quotes removed) that select this action."""
    via_sse: bool = False
    what_happens: str = ""


ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        action="export",
        says=("export", "导出", "download", "send me the video", "can I download it now?", "下载"),
        patterns=(
            r"\bexport(?:ing|ed)?\b",
            r"\bdownload(?:ing|able)?\b",
            r"\brender\b(?! (?:it )?(?:as|in|with)\b.*\b(?:photo|text|title)\b)",
            r"\b(?:send|give|get|deliver|email)\b(?: it)?(?: over)?(?: to)? (?:me|us)\b",
            r"\b(?:send|give|get|deliver)\b (?:me |us )?(?:the |my |our )?(?:final |finished )?(?:video|mp4|file|movie|result)\b",
            r"\bsave (?:it|the video|the mp4)\b",
            r"\b(?:final|finished) (?:video|mp4|cut|file)\b.*\b(?:please|now|ready)\b",
            r"导出",
            r"下载",
            r"(?:发|传|给)(?:给)?我",
            r"输出(?:视频|成片|文件)?",
            r"渲染",
            r"保存(?:视频|到|一下)",
            r"成片",
        ),
        what_happens="the latest draft is rendered to MP4 and downloaded (free)",
    ),
    RouteSpec(
        action="credits",
        says=("credits", "积分", "balance", "余额", "how many credits do I have left?", "我还有多少积分"),
        patterns=(
            r"\bcredits?\b",
            r"\bbalance\b",
            r"\bquota\b",
            r"\bhow much (?:do i have|is) left\b",
            r"\bhow many (?:points|tokens) (?:do i|are)\b",
            r"\btop[ -]?up\b",
            r"积分",
            r"余额",
            r"点数",
            r"额度",
            r"还剩多少",
        ),
        what_happens="the credit balance is shown (free)",
    ),
    RouteSpec(
        action="state",
        says=("status", "状态", "show tracks", "what's on the timeline?", "时间线"),
        patterns=(
            r"\bstatus\b",
            r"\bshow (?:me )?(?:the |my |all )?(?:tracks?|timeline|draft|current state|state)\b",
            r"\b(?:list|what are|which are) (?:the |my |all )?(?:the )?(?:tracks|layers)\b",
            r"\bwhat(?:'s| is) (?:on|in) the (?:timeline|draft|project)\b",
            r"\bwhat does (?:it|the video|the timeline|the draft) look like\b",
            r"\bwhat (?:do|have) (?:we|i) (?:got|have) so far\b",
            r"\b(?:current|latest) (?:state|draft|timeline)\b",
            r"\btimeline summary\b",
            r"\bwhere are we\b",
            r"状态",
            r"进度",
            r"时间线",
            r"轨道",
            r"(?:现在|目前)(?:是)?(?:什么样|怎么样|有什么)",
        ),
        what_happens="the timeline summary and the uploaded media are shown (free)",
    ),
    RouteSpec(
        action="upload",
        says=("upload", "上传", "(the user sends a file)"),
        patterns=(
            r"\bupload(?:ing|ed)?\b",
            r"\badd (?:these|this|my) (?:files?|photos?|pictures?|clips?|videos?) to the (?:project|session)\b",
            r"上传",
        ),
        what_happens="the files are uploaded to the session (free)",
    ),
    RouteSpec(
        action="sse",
        says=("anything else: generate, edit, add music, change the title, …",),
        patterns=(),
        via_sse=True,
        what_happens="the message goes to the video agent over SSE; each change costs credits",
    ),
)

# Words that make a sentence an edit request. A routed keyword inside such a
# sentence is an object of the edit ("remove the credits", "标题改成下载"), not a command.
EDIT_VERBS_EN: tuple[str, ...] = (
    "add",
    "put",
    "insert",
    "place",
    "include",
    "remove",
    "delete",
    "drop",
    "cut",
    "change",
    "replace",
    "swap",
    "move",
    "make",
    "set",
    "use",
    "turn",
    "apply",
    "increase",
    "decrease",
    "lower",
    "raise",
    "speed",
    "slow",
    "shorten",
    "lengthen",
    "trim",
    "reverse",
    "sort",
    "fade",
    "mute",
    "unmute",
    "undo",
    "rename",
    "create",
    "generate",
    "write",
    "title",
    "caption",
    "crop",
    "zoom",
    "rotate",
    "reorder",
    "shuffle",
    "switch",
    "edit",
    "adjust",
    "tweak",
    "give it",
    "show the text",
    "display",
    "overlay",
    "label",
    "call it",
    "name it",
)
EDIT_VERBS_ZH: tuple[str, ...] = (
    "添加",
    "加上",
    "加入",
    "加个",
    "加一",
    "增加",
    "插入",
    "放在",
    "放到",
    "删除",
    "删掉",
    "去掉",
    "移除",
    "拿掉",
    "换成",
    "换个",
    "换一",
    "改成",
    "改为",
    "改一",
    "修改",
    "调整",
    "调成",
    "调到",
    "设置",
    "设为",
    "做一",
    "做个",
    "制作",
    "生成",
    "变成",
    "放慢",
    "加快",
    "缩短",
    "延长",
    "倒序",
    "排序",
    "撤销",
    "剪掉",
    "裁剪",
    "淡入",
    "淡出",
    "写上",
    "标题",
    "字幕",
    "配乐",
    "替换",
    "交换",
    "移到",
    "挪到",
    "加到",
    "加在",
    "放进",
)
# Phrases that are edits wherever they stand: film credits are on-screen text, not a balance.
EDIT_PHRASES: tuple[str, ...] = (
    r"\b(?:end|opening|closing|rolling|final) credits\b",
    r"\broll(?:ing)? (?:the )?credits\b",
    r"\bcredits? (?:roll|scene|screen|card)\b",
    r"\bcredits? (?:at|to|in) the (?:end|start|beginning)\b",
    r"片尾字幕|片头字幕|演职员表",
)
# "don't export yet", "先别导出": a routed word that is negated is not a command.
NEGATIONS_EN = r"\b(?:don'?t|do not|no need to|never|not yet|not|without|before you|before we|before i)\b"
NEGATIONS_ZH = r"(?:不要|别|先别|不用|暂时不|先不|不必|还不|不)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def routing_table_markdown(extra_keywords: Mapping[str, Sequence[str]] | None = None) -> str:
    """The routing table as printed in a SKILL.md (and checked by `skills validate`).

    ``extra_keywords`` are the skill's own (``metadata.nemo.keywords``), which its router
    also honours, so they are printed in the same rows.
    """
    lines = [
        "| the user says | action | goes through SSE? | what happens |",
        "|---|---|---|---|",
    ]
    extra = extra_keywords or {}
    for spec in ROUTES:
        phrases = (*spec.says, *extra.get(spec.action, ()))
        says = " / ".join(
            f'"{_cell(s)}"' if not s.startswith(("(", "anything")) else _cell(s) for s in phrases
        )
        action = "message (SSE)" if spec.via_sse else spec.action
        lines.append(f"| {says} | {action} | {'yes' if spec.via_sse else 'no'} | {spec.what_happens} |")
    lines.append("")
    lines.append(
        "A routed word inside quoted text or inside an edit request does not count: "
        '`add the title "Download Festival"` is an edit.'
    )
    return "\n".join(lines)
