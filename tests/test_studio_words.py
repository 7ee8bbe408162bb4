"""Every phrase the studio sends for an edit in words (studio/page/words.json) does what
the page means, in English and Chinese, on the real backend: the settings row and the
chat cannot drift apart without this test failing. (The timeline's moves and removals,
undo and redo are typed edits: tests/test_backend_edits.py and the browser test.)"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from backend_helpers import Api, jpeg_bytes, wav_bytes
from conftest import LocalServer

from nemo_skill.local.studio.routes import PAGE_DIR
from nemo_skill.models.draft import FILTERS

WORDS = json.loads((PAGE_DIR / "words.json").read_text(encoding="utf-8"))
# Issue #12: "dissolve" / "叠化" is what editors call a crossfade, so the interpreter gives `fade`.
TRANSITION_FAMILY = {
    "slide": "slideleft", "wipe": "wipeleft", "zoom": "zoomin", "circle": "circleopen", "dissolve": "fade"
}  # fmt: skip


def fill(template: str, **values: object) -> str:
    """The page's own fill() (edits.js): {name} placeholders."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def studio_js_lists() -> dict[str, list[str]]:
    """The choices the page offers (draft.js), so a choice without words fails here."""
    source = (PAGE_DIR / "js" / "draft.js").read_text(encoding="utf-8")
    found = {}
    for name in ("ASPECTS", "TRANSITIONS"):
        match = re.search(rf"export const {name} = \[([^\]]*)\]", source)
        assert match, name
        found[name] = re.findall(r'"([^"]+)"', match.group(1))
    return found


class Session:
    def __init__(self, url: str, lang: str) -> None:
        self.api = Api.new(url, language=lang)
        self.words: dict[str, Any] = WORDS[lang]

    def say(self, text: str) -> dict[str, Any]:
        events = self.api.message(text)
        problems = [e for e in events if e.get("type") in ("error", "envelope")]
        assert not problems, (text, problems)
        reply = "".join(e.get("content") or "" for e in events if e.get("type") == "text")
        return {"reply": reply, "draft": self.api.state()["draft"]}

    def video(self, draft: dict[str, Any]) -> list[dict[str, Any]]:
        return next(t for t in draft["t"] if t["tt"] == 0)["sg"]

    def audio(self, draft: dict[str, Any]) -> list[dict[str, Any]]:
        return [s for t in draft["t"] if t["tt"] == 1 for s in t["sg"]]

    def title(self, draft: dict[str, Any]) -> str | None:
        texts = [
            s for t in draft["t"] if t["tt"] == 7 for s in t["sg"] if s["m"].get("role", "title") == "title"
        ]
        return texts[0]["m"]["text"] if texts else None


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_phrase_does_what_the_page_means(local_server: LocalServer, lang: str) -> None:
    from nemo_skill.models.draft import MOODS

    choices = studio_js_lists()
    s = Session(local_server.url, lang)
    w = s.words
    photos = s.api.upload_ok(*[(f"{i}.jpg", jpeg_bytes(color=(30 * i, 120, 160))) for i in range(6)])
    (song,) = s.api.upload_ok(("song.wav", wav_bytes(2.0)))
    ids = [p["media_id"] for p in photos]

    prompt = "turn these photos into a cinematic 30-second video with gentle motion, soft dissolves and music"
    draft = s.say(fill(w["make"], prompt=prompt))["draft"]
    assert [seg["src"] for seg in s.video(draft)] == ids

    for aspect in choices["ASPECTS"]:
        draft = s.say(fill(w["aspect"], value=aspect))["draft"]
        a, b = (int(x) for x in aspect.split(":"))
        assert draft["m"]["w"] * b == draft["m"]["h"] * a, aspect
    assert s.say(fill(w["length"], value=20))["draft"]["d"] == 20000
    assert (
        next(t for t in s.say(fill(w["volume"], value=55))["draft"]["t"] if t["tt"] == 1)["m"]["vol"] == 0.55
    )

    for mood in MOODS:
        audio = s.audio(s.say(fill(w["mood"], value=w["mood_names"].get(mood, mood)))["draft"])
        assert [a["src"] for a in audio] == [f"library:{mood}"], mood
    assert s.audio(s.say(w["mood_none"])["draft"]) == []
    assert [a["src"] for a in s.audio(s.say(w["mood_own"])["draft"])] == [song["media_id"]]

    assert set(w["transition"]) == set(choices["TRANSITIONS"])
    for family, phrase in w["transition"].items():
        segments = s.video(s.say(phrase)["draft"])
        names = {seg["m"].get("tr", {}).get("name", "none") for seg in segments[:-1]}
        assert names == {TRANSITION_FAMILY.get(family, family)}, (family, names)

    assert set(w["filter"]) == set(FILTERS)
    for name, phrase in w["filter"].items():
        assert {seg["m"].get("filter", "none") for seg in s.video(s.say(phrase)["draft"])} == {name}

    assert s.title(s.say(fill(w["title_add"], value="Anna & Tom"))["draft"]) == "Anna & Tom"
    assert s.title(s.say(fill(w["title_change"], value="Golden Hour"))["draft"]) == "Golden Hour"
    assert s.title(s.say(w["title_none"])["draft"]) is None

    (extra,) = s.api.upload_ok(("7.jpg", jpeg_bytes(color=(200, 200, 40))))
    assert s.video(s.say(w["append"])["draft"])[-1]["src"] == extra["media_id"]
