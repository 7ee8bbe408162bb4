"""GUI talk becomes actions; a silent edit is described from the draft diff."""

from __future__ import annotations

import pytest

from nemo_skill.client.diff import describe_changes
from nemo_skill.client.gestures import said_messages, translate
from nemo_skill.models import Draft


@pytest.mark.parametrize(
    ("reply", "kept", "actions"),
    [
        ("Done! Click Export to download your video.", "Done!", ("export",)),
        ("已添加音乐。点击导出按钮下载视频。", "已添加音乐。", ("export",)),
        ("I added music. Open the timeline to check it.", "I added music.", ("state",)),
        ("打开时间线查看效果。", "", ("state",)),
        ("You can preview it in the timeline.", "", ("state",)),
        ("Your video is 30 s long.", "Your video is 30 s long.", ()),
        (
            "I added a hit song. I selected romantic music. The video opens with your title.",
            "I added a hit song. I selected romantic music. The video opens with your title.",
            (),
        ),
    ],
)
def test_gui_phrases_become_actions(reply: str, kept: str, actions: tuple[str, ...]) -> None:
    out = translate(reply)
    assert out.text == kept
    assert out.actions == actions


@pytest.mark.parametrize(
    "reply",
    [
        "Drag the third photo to the start.",
        "请拖拽照片调整顺序。",
        'Click "Add Music" to pick a track.',
        "Tap the Transitions tab to change them.",
        "点击添加字幕。",
    ],
)
def test_replies_never_tell_the_user_to_click_or_drag(reply: str) -> None:
    out = translate(reply)
    assert out.text or out.actions  # either words for the user, or something the runtime does
    for word in ("click", "tap", "drag", "点击", "拖拽"):
        assert word not in out.text.lower()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ('Click "Add Music" to pick a track.', "add music"),
        ("点击“添加音乐”按钮。", "添加音乐"),
        ("Drag the third photo to the start.", "move the third photo to the start"),
        ("Drop the clip onto the end.", "move the clip to the end"),
        ("把第3张照片拖到开头。", "把第3张照片移到开头"),
    ],
)
def test_clicks_and_drags_become_messages_the_runtime_sends(reply: str, message: str) -> None:
    out = translate(reply)
    assert out.text == ""
    assert said_messages(out.actions) == [message]


def test_a_vague_click_is_not_sent() -> None:
    out = translate("Click the button.")
    assert said_messages(out.actions) == [] and out.text == "Just tell me what to change and I will do it."


def draft(*durations: int, music: str | None = None, title: str | None = None, w: int = 1920) -> Draft:
    tracks: list[dict] = [
        {
            "tt": 0,
            "sg": [
                {"src": f"m{i}", "st": sum(durations[:i]), "d": d, "m": {"tr": {"name": "fade", "d": 500}}}
                for i, d in enumerate(durations)
            ],
        }
    ]
    total = sum(durations)
    if music:
        tracks.append({"tt": 1, "m": {"vol": 0.35}, "sg": [{"src": f"library:{music}", "st": 0, "d": total}]})
    if title:
        tracks.append({"tt": 7, "sg": [{"st": 0, "d": 2000, "m": {"text": title}}]})
    return Draft.model_validate({"d": total, "m": {"w": w, "h": 1080}, "t": tracks})


def test_diff_first_cut_and_no_change() -> None:
    assert describe_changes(None, draft(2000, 2000)) == "Made a first cut: 2 photo(s) or clip(s), 4 s long."
    assert describe_changes(draft(2000), draft(2000)) == "Nothing on the timeline changed."


def test_diff_describes_each_kind_of_change() -> None:
    before = draft(2000, 2000, 2000)
    text = describe_changes(before, draft(3000, 3000, 3000, music="romantic", title="Anna & Tom", w=1080))
    assert "now 1080x1080 (was 1920x1080)" in text
    assert "now 9 s long (was 6 s)" in text
    assert "3 s each" in text
    assert "Added romantic music at 35% volume." in text
    assert 'Added the text "Anna & Tom".' in text
    assert describe_changes(before, draft(2000, 2000)).startswith("It is now 4 s long")
    assert "1 photo(s) or clip(s) were removed" in describe_changes(before, draft(2000, 2000))
    assert describe_changes(draft(2000, music="romantic"), draft(2000)) == "The music was removed."


def test_decimal_numbers_are_not_sentence_ends() -> None:
    assert translate("The video is now 13.5 seconds long.").text == "The video is now 13.5 seconds long."
    assert (
        translate("已删除第2张照片，视频现在长13.5秒。已撤销。").text
        == "已删除第2张照片，视频现在长13.5秒。已撤销。"
    )
