"""Greetings, "what can you do?", timeline requests, and the not-understood answer."""

from __future__ import annotations

from ..message import Message

_GREETING = r"^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|你好|您好|嗨|哈喽|hello there)\b\W*"
_HELP = (
    r"\bwhat (?:can|could) (?:you|i) do\b|\bwhat do you do\b|\bhow (?:does this|do i|do you) (?:work|use)\b"
    r"|\bhelp\b|\bwhat are you\b|\bwho are you\b|\bhow does it work\b"
    r"|你能做什么|你会做什么|能做什么|怎么用|如何使用|帮助|你是谁|可以做什么"
)
_TIMELINE = (
    r"\b(?:show|see|view|print|display|tell)\b.{0,20}\b(?:timeline|tracks?)\b"
    r"|\bwhat(?:'s| is| does)\b.{0,20}\btimeline\b|\btimeline (?:look|summary|now)\b|\bwhere (?:are|is) we\b"
    r"|时间线|时间轴|看看(?:现在的)?(?:视频|轨道)|现在是什么样"
)

EXAMPLES_EN = ('"make it 9:16 for TikTok"', '"3 seconds per photo"', '"add romantic music at 35%"')
EXAMPLES_ZH = ("“改成竖屏”", "“每张照片3秒”", "“加浪漫的音乐”")


def is_greeting(msg: Message) -> bool:
    return msg.take(_GREETING) is not None


def wants_help(msg: Message) -> bool:
    return msg.take(_HELP) is not None


def wants_timeline(msg: Message) -> bool:
    return msg.take(_TIMELINE) is not None


def help_text(zh: bool, has_draft: bool, has_media: bool) -> str:
    if zh:
        start = (
            "我可以用你的话来编辑视频：改画面比例、时长、照片顺序、转场、动效、音乐、文字和滤镜。"
            if has_draft
            else (
                "发一句“做一个视频”，我就用你上传的照片生成视频。"
                if has_media
                else "先上传照片或视频，然后说“做一个视频”。"
            )
        )
        return f"{start}例如：{'、'.join(EXAMPLES_ZH)}。"
    if has_draft:
        start = "I edit your video from plain words: shape, length, order, transitions, motion, music, text and colour."
    elif has_media:
        start = 'Say "turn these photos into a video" and I will make one from what you uploaded.'
    else:
        start = 'Upload some photos or clips first, then say "turn these photos into a video".'
    return f"{start} For example: {', '.join(EXAMPLES_EN[:2])} or {EXAMPLES_EN[2]}."


def not_understood(zh: bool) -> str:
    if zh:
        return f"抱歉，我没听懂要改什么，视频没有变化。你可以说：{'、'.join(EXAMPLES_ZH)}。"
    return (
        "Sorry, I didn't understand what to change, so the video is unchanged. "
        f"You can say things like {', '.join(EXAMPLES_EN[:2])} or {EXAMPLES_EN[2]}."
    )
