"""The black-box corpus for the words -> timeline interpreter (issue #11, "Tests and numbers").

Generated cases combine 2-4 wishes from slot tables (slots.py) into sentences people
type, in English and Chinese (compose.py, seeded: the same corpus every run); the
hand-written ones are every example of the issue (handwritten.py). A case is judged
(cases.py) only through the public API in tests/interpreter_api.py, and every expected
property is computed from the slot's value, never from the interpreter.

The contract (what the checks in checks.py hold the interpreter to):

- a total length the user gives -> the video (sum of the video segments) and ``draft.d``
  within 1 %;
- seconds per photo -> every photo segment's ``d`` within 50 ms; "photo 3 for N seconds",
  "show the first photo for N seconds" -> that segment only, the others as they were;
- transition words -> ``m.tr.name`` on every video segment but the last: "crossfade",
  "cross-dissolve", "dissolve", "soft", "gentle", "fade", "溶解", "叠化", "淡入淡出" ->
  ``fade``; "dip to black" / "fade through black" between photos -> ``fadeblack``;
  "no transitions" / "hard cuts" -> ``none`` (or no ``tr``, or ``d`` 0);
- transition seconds -> every ``m.tr.d`` within 50 ms of the seconds, or of the clamp
  of docs/draft-format.md (at most half of the shorter neighbour); generated sentences
  keep clear of the clamp, one issue example meets it on purpose;
- "square" -> 1:1 always; "4:5" / "portrait feed" -> 4:5; vertical, portrait, 9:16,
  TikTok, Reels, Shorts, Stories, 竖屏, 抖音 -> 9:16; landscape, widescreen, YouTube,
  横屏 -> 16:9 (read from the canvas ``w``/``h``); 720p / 1080p / full HD / 4K -> the
  canvas's short side 720 / 1080 / 2160;
- a music mood -> every audio segment's ``src`` is ``library:<mood>`` (the moods of
  nemo_skill/render/music/moods.py); "no music", "turn the music off", "不要音乐" -> no audio
  segment; music back on -> an audio segment;
- the user's uploaded song is never replaced by a style word ("cinematic", "old film",
  "dreamy", "energetic") unless the music is mentioned, but the look changes (filter,
  motion, transitions or pace);
- bw / warm / cool / vintage / vivid -> ``m.filter`` on every video segment; "back to
  color" / "remove the filter" -> ``none``; "make the third photo black and white" ->
  that photo only;
- a title (quoted, or unquoted after "titled", "called", ":", "：", or in 「」, “”) -> a text
  segment with ``m.role == "title"`` and exactly that text;
- "end with a fade to black" -> ``draft.m.fade_out > 0`` and the transitions unchanged;
- "make the title bigger" -> a larger ``m.size`` than before (or than the 0.085 preset);
  "make the title gold" -> ``m.color`` set and not white; title to the top/bottom -> ``m.pos``;
- order: the last photo to second place, reverse, shuffle (the same photos, another
  order), remove photo N;
- an edit leaves alone what it does not talk about (canvas, timing, transitions, music,
  filters, order, title);
- every case: ``interpret`` does not raise, the reply is not empty, the session's draft
  is not modified in place, the returned draft validates; a change costs something and
  lists what was ``understood``; a fully understood sentence lists nothing in
  ``not_understood``; a compound request with an unrelated part ("... and order me a
  pizza") applies the rest and lists that part; a message with nothing to do with video
  changes nothing, costs 0 and lists it in ``not_understood``.
"""

from __future__ import annotations

from .cases import Case, already_holds, judge, report
from .compose import generate
from .handwritten import CASES as ISSUE_CASES


def all_cases() -> list[Case]:
    return [*generate(), *ISSUE_CASES]


__all__ = ["ISSUE_CASES", "Case", "all_cases", "already_holds", "generate", "judge", "report"]
