"""The intent router: seed keywords, varied phrasings in EN and ZH, and the quoted-text traps."""

from __future__ import annotations

import pytest

from nemo_skill.router import route
from nemo_skill.routing_table import ROUTES, routing_table_markdown

CORPUS: list[tuple[str, str]] = [
    # seed keywords (docs/protocol.md)
    ("export", "export"),
    ("导出", "export"),
    ("download", "export"),
    ("send me the video", "export"),
    ("credits", "credits"),
    ("积分", "credits"),
    ("balance", "credits"),
    ("余额", "credits"),
    ("status", "state"),
    ("状态", "state"),
    ("show tracks", "state"),
    ("upload", "upload"),
    ("上传", "upload"),
    # varied phrasings: export
    ("can I download it now?", "export"),
    ("Is my video ready to download?", "export"),
    ("Please export it in 1080p", "export"),
    ("I'm happy with it, export please", "export"),
    ("give me the mp4", "export"),
    ("send it to me", "export"),
    ("render the final video", "export"),
    ("EXPORT!", "export"),
    ("把视频发给我", "export"),
    ("我想下载视频", "export"),
    ("可以导出了吗", "export"),
    ("帮我导出成片", "export"),
    ("输出视频", "export"),
    # credits
    ("how many credits do I have left?", "credits"),
    ("how much do I have left?", "credits"),
    ("what's my balance", "credits"),
    ("how many credits does it take to make a video?", "credits"),
    ("am I out of credits?", "credits"),
    ("我还有多少积分", "credits"),
    ("积分还剩多少？", "credits"),
    ("生成视频要多少积分？", "credits"),
    ("查一下余额", "credits"),
    # state
    ("what's on the timeline?", "state"),
    ("show me the timeline", "state"),
    ("what does it look like now?", "state"),
    ("what have we got so far", "state"),
    ("show the current draft", "state"),
    ("现在的时间线是什么样", "state"),
    ("看看进度", "state"),
    ("目前有什么", "state"),
    # upload
    ("upload these please", "upload"),
    ("I want to upload more photos", "upload"),
    ("再上传几张照片", "upload"),
    # edits and generation (SSE)
    ("turn these photos into a video", "sse"),
    ("make it 9:16", "sse"),
    ("add romantic music", "sse"),
    ("a 60-second wedding invitation video with our names, date, and romantic background music", "sse"),
    ("hello", "sse"),
    ("what can you do?", "sse"),
    ("做一个视频", "sse"),
    ("把背景音乐换成浪漫的", "sse"),
    ("每张照片3秒", "sse"),
    ("undo", "sse"),
    ("撤销", "sse"),
    # traps: a routed keyword inside quotes or inside an edit request
    ('add the title "Download Festival"', "sse"),
    ("put the text 'Export Manager' on photo 1", "sse"),
    ("remove the credits at the end", "sse"),
    ('change the caption to "Status: Married"', "sse"),
    ("can you add the title 'Export'?", "sse"),
    ("add an end card that says “Upload your photos!”", "sse"),
    ("make the upload order reversed", "sse"),
    ("标题改成“下载节”", "sse"),
    ("加上字幕「积分榜」", "sse"),
    ("能不能帮我加上标题？", "sse"),
    ("把“导出”两个字去掉", "sse"),
    ('set the subtitle to "how many credits?"', "sse"),
    ("then export it", "export"),
    # negated commands and routed words that are part of an edit
    ("don't export yet, add music first", "sse"),
    ("不要导出，先加音乐", "sse"),
    ("before you export, make it warmer", "sse"),
    ("don't export yet", "sse"),
    ("先别导出", "sse"),
    ("roll credits at the end", "sse"),
    ("add end credits with our names", "sse"),
    ("把积分两个字加到片尾", "sse"),
    ("upload speed is slow, make it faster", "sse"),
    ("no, export it", "export"),
    ("not sure, show me the status", "state"),
    ("不要了，导出吧", "export"),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[c[0][:40] for c in CORPUS])
def test_router_corpus(text: str, expected: str) -> None:
    assert route(text).action == expected


def test_corpus_is_large_and_bilingual() -> None:
    assert len(CORPUS) >= 60
    zh = [t for t, _ in CORPUS if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert len(zh) >= 20


def test_attachments_alone_are_an_upload() -> None:
    assert route("", has_attachments=True).action == "upload"
    assert route("here you go", has_attachments=True).action == "upload"
    assert route("这是照片", has_attachments=True).action == "upload"


def test_attachments_with_a_request_go_to_the_editor() -> None:
    decision = route("a cinematic video with music", has_attachments=True)
    assert decision.action == "sse"
    assert "uploaded" in decision.reason


def test_skill_keywords_extend_the_table() -> None:
    assert route("deliver").action == "sse"
    assert route("deliver", extra_keywords={"export": ["deliver"]}).action == "export"
    assert route("交付", extra_keywords={"export": ["交付"]}).action == "export"


def test_skill_keywords_never_override_an_edit() -> None:
    assert route("add a deliver button", extra_keywords={"export": ["deliver"]}).action == "sse"


def test_reason_names_the_match() -> None:
    assert "download" in route("can I download it now?").reason
    assert "quoted" in route('add the title "Download Festival"').reason


def test_full_width_text_is_normalised() -> None:
    assert route("ＥＸＰＯＲＴ").action == "export"


def test_table_lists_every_seed_keyword_of_the_protocol() -> None:
    table = routing_table_markdown()
    for seed in (
        "export",
        "导出",
        "download",
        "credits",
        "积分",
        "balance",
        "余额",
        "status",
        "状态",
        "upload",
        "上传",
    ):
        assert f'"{seed}"' in table
    assert table.count("\n|") == len(ROUTES) + 1


def test_every_seed_in_the_table_routes_to_its_action() -> None:
    """The printed table and the router are one source: each printed phrase routes as printed."""
    for spec in ROUTES:
        for says in spec.says:
            if says.startswith(("(", "anything")):
                continue
            assert route(says).action == spec.action, says


def test_a_skills_own_keywords_are_printed_in_its_table_and_route() -> None:
    table = routing_table_markdown({"export": ["send to the guests"]})
    export_row = next(line for line in table.splitlines() if "| export |" in line)
    assert '"send to the guests"' in export_row
    assert route("send to the guests", extra_keywords={"export": ["send to the guests"]}).action == "export"
