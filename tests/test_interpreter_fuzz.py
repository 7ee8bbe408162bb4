"""Property test: thousands of random messages through the interpreter never break it.

Messages mix real phrases of the corpus (both languages), numbers with and without units,
quotes and colons, photo references, emoji and random characters; sessions with and
without a first version (and one with no media at all). Whatever the message,
``interpret`` returns: no exception, a non-empty reply, a draft that validates (or
None), nothing charged when nothing changed, and the session's draft untouched.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interpreter_api import InterpretContext, interpret
from interpreter_corpus.sessions import EDIT, FRESH, FRESH_SONG, Session, context
from interpreter_corpus.slots import NOISE_EN, NOISE_ZH, all_wishes

from nemo_skill.models import Draft

# 5,000 messages a run, five to an example: hypothesis's own cost per example is about the
# interpreter's, so batching keeps the run near half a minute on a quiet 2-core machine.
BATCH = 5
EXAMPLES = 1000

PHRASES = sorted(
    {
        text
        for wish in all_wishes()
        for lang in ("en", "zh")
        for options in wish.forms(lang).values()
        for text, _ in options
    }
    | set(NOISE_EN)
    | set(NOISE_ZH)
)
WORDS = (
    "undo", "redo", "help", "make", "video", "photo", "photos", "transition", "title", "music", "seconds", "second",
    "each", "per", "every", "between", "whole", "total", "start", "end", "no", "not", "don't", "without", "and",
    "but", "then", "also", "the", "last", "first", "third", "move", "remove", "swap", "all", "of", "for", "to", "it",
    "撤销", "重做", "每张", "第", "张", "秒", "分钟", "转场", "标题", "音乐", "不要", "别", "和", "把", "改成", "最后",
)  # fmt: skip
UNITS = ("", " ", "s", " s", " sec", " seconds", "-second", " ms", " min", " minutes", "%", "p", "k", "K", "x", "秒",
         "分钟", "帧", " fps", ":", "张", "th", "st")  # fmt: skip
QUOTES = ('"', "'", "“", "”", "「", "」", "『", "』", ":", "：", "«", "»")
EMOJI = ("🎉", "❤️", "👍🏽", "🇨🇳", "😂", "✨", "🎬", "\u200b", "\ufeff")
SEPARATORS = (" ", " ", " ", ", ", "，", ". ", "。", "! ", " and ", "、", "\n", "")

numbers = st.one_of(
    st.integers(min_value=-5, max_value=100),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False).map(
        lambda x: round(x, 3)
    ),
    st.sampled_from(
        ["0", "00", "1.5", ".5", "1,000", "1e9", "二十", "三", "一分半", "半", "1:30", "9:16", "4:5"]
    ),
).map(str)
measures = st.tuples(numbers, st.sampled_from(UNITS)).map("".join)
quoted = st.tuples(st.sampled_from(QUOTES), st.text(max_size=12), st.sampled_from(QUOTES)).map("".join)
pieces = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(PHRASES),
    st.sampled_from(WORDS),
    measures,
    quoted,
    st.sampled_from(QUOTES),
    st.sampled_from(EMOJI),
    st.text(max_size=10),
)
messages = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=10).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)

# Built once: interpret must not change a context, and each example must be cheap.
CONTEXTS: list[InterpretContext] = [
    context(session, lang)
    for session in (FRESH, FRESH_SONG, EDIT, Session(title="Our Trip", song=True, filter="bw"),
                    Session(music=None, aspect="9:16", transition="slideleft", photo_ms=1500))
    for lang in ("en", "zh")
] + [InterpretContext(draft=None, media=[], previous_draft=None, language="en")]  # fmt: skip
SNAPSHOTS = [ctx.draft.dump() if ctx.draft is not None else None for ctx in CONTEXTS]


def check_answer(message: str, which: int) -> None:
    ctx = CONTEXTS[which]
    result = interpret(message, ctx)
    where = f"message {message!r} in context #{which}"
    assert isinstance(result.reply, str) and result.reply.strip(), f"empty reply to {where}"
    assert result.cost >= 0, where
    assert all(isinstance(item, str) for item in [*result.understood, *result.not_understood]), where
    if result.draft is None:
        assert result.cost == 0, f"charged for no change: {where}"
    else:
        Draft.model_validate(result.draft.dump())
    if SNAPSHOTS[which] is not None:
        assert ctx.draft is not None and ctx.draft.dump() == SNAPSHOTS[which], (
            f"the draft was modified: {where}"
        )


@pytest.mark.slow  # thousands of random messages
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    batch=st.lists(
        st.tuples(messages, st.integers(min_value=0, max_value=len(CONTEXTS) - 1)),
        min_size=BATCH,
        max_size=BATCH,
    )
)
def test_any_message_gives_a_sound_answer(batch: list[tuple[str, int]]) -> None:
    for message, which in batch:
        check_answer(message, which)
