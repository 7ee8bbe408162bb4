"""The answers when there is nothing to edit: help, and "not understood" with examples."""

from __future__ import annotations

EXAMPLES_EN = ('"make it 9:16 for TikTok"', '"3 seconds per photo"', '"add romantic music at 35%"')
EXAMPLES_ZH = ("“改成竖屏”", "“每张照片3秒”", "“加浪漫的音乐”")


def help_text(zh: bool, has_draft: bool, has_media: bool) -> str:
    if zh:
        if has_draft:
            start = "我可以用你的话来编辑视频：改画面比例、时长、照片顺序、转场、动效、音乐、文字和滤镜。"
        elif has_media:
            start = "发一句“做一个视频”，我就用你上传的照片生成视频。"
        else:
            start = "先上传照片或视频，然后说“做一个视频”。"
        return f"{start}例如：{'、'.join(EXAMPLES_ZH)}。"
    if has_draft:
        start = "I edit your video from plain words: shape, length, order, transitions, motion, music, text and colour."
    elif has_media:
        start = 'Say "turn these photos into a video" and I will make one from what you uploaded.'
    else:
        start = 'Upload some photos or clips first, then say "turn these photos into a video".'
    return f"{start} For example: {', '.join(EXAMPLES_EN[:2])} or {EXAMPLES_EN[2]}."


def not_understood_help(zh: bool, fragments: list[str]) -> str:
    if zh:
        what = f"“{'、'.join(fragments)}”" if fragments else "要改什么"
        return f"抱歉，我没听懂{what}，视频没有变化。你可以说：{'、'.join(EXAMPLES_ZH)}。"
    what = " and ".join(f'"{fragment}"' for fragment in fragments) if fragments else "what to change"
    return (
        f"Sorry, I didn't understand {what}, so the video is unchanged. "
        f"You can say things like {', '.join(EXAMPLES_EN[:2])} or {EXAMPLES_EN[2]}."
    )
