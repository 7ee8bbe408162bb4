"""Music: a mood said of the music, the uploaded song, volume ("at 35%", "quieter"),
off/on, "change the music" (which kind?), and music wanted ("with music")."""

from __future__ import annotations

import re

from ...ops.base import Said
from ..plan import Facts, Plan, loose
from ..tagger import Clause, Mention, Words
from .common import negated, turned_on, verbs

_UPLOADED = re.compile(
    r"\b(?:my|our)\s+(?:own\s+)?(?:uploaded\s+)?(?:song|track|music|audio|mp3|file|tune)"
    r"|\b(?:the|this|that)\s+(?:song|track|music|audio) (?:i|we) (?:uploaded|sent|added|gave you)"
    r"|\buploaded (?:song|track|music|audio)|用我(?:们)?(?:上传|发)?的|上传的(?:音乐|歌|歌曲|配乐|音频)|我的(?:音乐|歌)"
)
NO_SONG = Said(
    "I don't see an uploaded song yet; send an MP3, WAV, M4A or AAC file and ask again.",
    "还没有收到你上传的音乐，请先发送MP3、WAV、M4A或AAC文件。",
)
WHICH_MUSIC = Said(
    "What kind of music would you like: romantic, upbeat, cinematic, calm, lo-fi, sad, piano, jazz, acoustic or "
    "electronic?",
    "想换成什么风格的音乐：浪漫、欢快、电影感、舒缓、低保真、伤感、钢琴、爵士、原声吉他还是电子？",
)


def _volume(words: Words, plan: Plan, clause: Clause, nouns: list[Mention]) -> bool:
    percent = next((m for m in clause.mentions if m.kind == "percent" and not m.used), None)
    if percent is not None:
        plan.want("set_volume", percent, volume=round(min(100.0, percent.value) / 100, 3))
        words.use(percent, *nouns)
        return True
    for mod in clause.mentions:
        if mod.kind != "lex" or mod.used or mod.head not in nouns:
            continue
        factor = mod.senses.get("volume") or (0.7 if mod.senses.get("smoother") else None)
        if factor:
            plan.want("set_volume", mod, factor=round(factor, 4))
            words.use(mod, *nouns)
            return True
    return False


def _music(words: Words, plan: Plan, facts: Facts, clause: Clause, noun: Mention, levelled: bool) -> None:
    neg = negated(words, noun)
    if neg is not None:
        plan.want("remove_music", noun)
        words.use(noun, neg)
        return
    if _UPLOADED.search(words.text[clause.start : clause.end]):
        song = facts.uploaded_song
        if song is None:
            plan.refusals.append(NO_SONG)
        else:
            plan.want("set_music", noun, media_id=song)
        words.use(noun, *verbs(words, clause, "use", "add", "change", "make"))
        return
    moods = [
        m
        for m in clause.mentions
        if m.kind == "lex" and not m.used and m.head is noun and "music" in m.senses
    ]
    if moods:
        # "soft piano", "romantic jazz": the word that can only name music (the genre or
        # instrument) says which piece; the adjective beside it only describes it.
        moods.sort(key=lambda m: set(m.senses) != {"music"})
        plan.want("set_music", moods[0], mood=moods[0].senses["music"])
        words.use(noun, *moods, *verbs(words, clause, "add", "use", "change", "make", "move"))
        return
    on = turned_on(words, noun)
    changing = verbs(words, clause, "change")
    after = _kind_after(words, clause)
    if after is not None:
        # "a different song, maybe something more upbeat", "换一首歌，要浪漫一点的": the
        # kind came in the next clause, with no noun of its own to bind to.
        plan.want("set_music", after, mood=after.senses["music"])
        words.use(noun, after, *changing, *verbs(words, clause, "add", "use", "make", "move", "swap"))
        return
    if changing and not on:
        plan.asks.append(WHICH_MUSIC)
        words.use(noun, *changing)
        return
    adding = on or verbs(words, clause, "add", "use", "move") or clause.lead == "with" or facts.generating
    if adding and not (levelled and not on):
        plan.want("add_music", noun)
        words.use(noun, on, *verbs(words, clause, "add", "use", "move"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for clause in words.clauses:
        nouns = [m for m in clause.mentions if m.noun in ("music", "volume")]
        if not nouns:
            continue
        volume_done = _volume(words, plan, clause, nouns)
        for noun in [m for m in nouns if m.noun == "music"]:
            _music(words, plan, facts, clause, noun, volume_done)
        if volume_done:
            words.use(*nouns)
    if not plan.wants("set_music"):
        # "jazz", "lo-fi please": a word that can only mean music.
        for mod in loose(words, "music"):
            if set(mod.senses) == {"music"}:
                plan.want("set_music", mod, mood=mod.senses["music"])
                words.use(mod)
                break

    if not plan.wishes and facts.draft is not None and facts.draft.tracks(1):
        # "quieter" on its own: the music is the only level the user can mean.
        levels = [m for m in loose(words, "volume") if len(words.mentions) <= 3]
        if levels:
            # "lower the volume to 30%": the level said wins over a step down.
            clause = words.clause_of(levels[0])
            percent = next((m for m in clause.mentions if m.kind == "percent" and not m.used), None)
            if percent is not None:
                plan.want("set_volume", percent, volume=round(min(100.0, percent.value) / 100, 3))
            else:
                plan.want("set_volume", levels[0], factor=round(levels[0].senses["volume"], 4))
            words.use(levels[0], percent)


def _kind_after(words: Words, clause: Clause) -> Mention | None:
    """A music kind said loose (no head) in the clause right after the music's."""
    if clause.index + 1 >= len(words.clauses):
        return None
    return next(iter(loose_in(words, "music", words.clauses[clause.index + 1])), None)


def loose_in(words: Words, sense: str, clause: Clause) -> list[Mention]:
    return [m for m in loose(words, sense) if m.clause == clause.index]
