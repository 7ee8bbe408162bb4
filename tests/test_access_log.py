"""The backend's access log: attribution in, secrets and line breaks out."""

from __future__ import annotations

from nemo_skill.local.process.access_log import loggable_path, skill_label


def test_skill_label_from_the_attribution_headers() -> None:
    headers = [
        (b"X-Skill-Source", b"photographer-video"),
        (b"x-skill-version", b"1.0.0"),
        (b"x-skill-platform", b"cursor"),
    ]
    assert skill_label(headers) == "skill=photographer-video@1.0.0/cursor"


def test_skill_label_without_headers() -> None:
    assert skill_label([(b"authorization", b"Bearer nemo_secret")]) == "skill=-"


def test_skill_label_cannot_break_the_line_or_grow_without_bound() -> None:
    label = skill_label([(b"x-skill-source", b"evil\nGET /fake 200"), (b"x-skill-version", b"9" * 500)])
    assert label == "skill=evil?GET??fake?200@" + "9" * 64 + "/-"


def test_signed_download_paths_are_hidden() -> None:
    assert loggable_path("/files/abc.def.sig/out.mp4") == "/files/***"
    assert loggable_path("/api/credits/balance/simple") == "/api/credits/balance/simple"
