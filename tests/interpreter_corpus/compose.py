"""Put 2-4 wishes into one sentence the way people type them, in English or Chinese.

First requests (six photos, no video yet) describe the video: "Turn these photos into a
20-second vertical video with crossfade transitions and romantic music." Edits are
imperatives after a first version: "make it square, use 1-second crossfades and add a
title: Summer in Lisbon". Everything is drawn from one seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import replace

from . import checks as c
from .cases import Case
from .sessions import EDIT, FRESH, FRESH_SONG, PHOTOS, SONG, Session
from .slots import NOISE_EN, NOISE_ZH, Phrase, Wish, all_wishes

SEED = 11
PLAN = (("first", "en", 130), ("first", "zh", 110), ("edit", "en", 150), ("edit", "zh", 120))
WISH_COUNTS = (2, 2, 3, 3, 4)
PARTIAL_SHARE = 0.1
FIRST_UNTIMED_MAX_TR_MS = 1000
"""A first request that does not say how long the photos stay: transitions up to 1 s are
clear of the half-neighbour clamp whatever pace the interpreter picks (>= 2 s a photo)."""

EN_OPENERS = ("Turn these photos into", "Make", "Can you make", "Please make", "Create", "I want",
              "Put these pictures together into", "make me")  # fmt: skip
EN_NOUNS = ("video", "slideshow", "video of these photos", "montage", "clip")
EN_VERBS = ("make", "use", "add", "show", "give", "keep", "switch", "crop", "format", "put", "move", "reverse",
            "shuffle", "remove", "delete", "drop", "turn", "change", "rename", "end", "fade", "export", "call",
            "mix", "play", "take", "bring", "go")  # fmt: skip
ZH_OPENERS = ("把这些照片做成一个", "帮我做一个", "用这些照片做个", "生成一个", "做一个")
ZH_NOUNS = ("视频", "短片", "相册视频", "小视频")
ZH_JOINERS = ("，", "，", "，", "，还有")
ZH_VERB_JOINERS = ("，", "，", "，再", "，然后")
ZH_VERB_START = tuple("把用加做配改删去导调倒随挪恢变放直")
# Where a "pre" phrasing goes before the noun: the length first, as people say it.
PRE_ORDER = ("title", "timing", "resolution", "aspect", "filter")


def _choose_phrases(
    rng: random.Random, parts: dict[str, list[Wish]], order: tuple[str, ...], lang: str
) -> tuple[dict[str, list[str]], str | None]:
    """One phrasing per wish, and the one that must end the sentence (an unquoted title), if any.

    A ``last`` phrasing is allowed only for the final wish of the final part."""
    final_part = next((part for part in reversed(order) if parts.get(part)), None)
    chosen: dict[str, list[str]] = {}
    ending: str | None = None
    for part in order:
        wishes = parts.get(part, [])
        texts: list[str] = []
        for index, wish in enumerate(wishes):
            options: tuple[Phrase, ...] = wish.forms(lang)[part]
            may_end = part == final_part and index == len(wishes) - 1
            text, last = rng.choice([ph for ph in options if may_end or not ph[1]])
            if last:
                ending = text
            else:
                texts.append(text)
        chosen[part] = texts
    return chosen, ending


def _join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _posts_en(posts: list[str]) -> str:
    """ "for TikTok in 4K with crossfades, romantic music and 5 seconds per photo, ending ...":
    places first, then one "with" list, then the rest."""
    places = [text for text in posts if text.startswith(("for ", "in "))]
    withs = [text for text in posts if text.startswith("with ")]
    rest = [text for text in posts if text not in places and text not in withs]
    head = " ".join(places)
    if withs:
        listed = _join_en([withs[0]] + [text[len("with ") :] for text in withs[1:]])
        head = f"{head} {listed}".strip()
    return ", ".join(part for part in [head, *rest] if part)


def _article(word: str) -> str:
    vowel = word[:1].lower() in "aeiou" and not word.lower().startswith(("one", "uni", "eu"))
    return "an" if vowel or word.startswith(("8", "11", "18")) else "a"


def _titled(wishes: list[Wish]) -> bool:
    return any(wish.group == "title" for wish in wishes)


def _finish_en(rng: random.Random, text: str, open_end: bool, keep_case: bool = False) -> str:
    """People often type in lower case (never a title's words: those are kept as typed)."""
    if rng.random() < 0.3 and not keep_case:
        text = text.lower()
    elif text[:1].islower() and rng.random() < 0.6:
        text = text[0].upper() + text[1:]
    if open_end:
        return text
    polite = () if text.lower().startswith("please") else (" please",)
    return text + rng.choice(("", ".", ".", "!", " thanks", *polite))


def _assign_forms(
    rng: random.Random, wishes: list[Wish], allowed: tuple[str, ...], lang: str
) -> dict[str, list[Wish]]:
    parts: dict[str, list[Wish]] = {}
    for wish in wishes:
        forms = [form for form in allowed if form in wish.forms(lang)]
        parts.setdefault(rng.choice(forms), []).append(wish)
    pres = parts.get("pre", [])
    pres.sort(key=lambda w: PRE_ORDER.index(w.group) if w.group in PRE_ORDER else len(PRE_ORDER))
    return parts


def first_en(rng: random.Random, wishes: list[Wish]) -> tuple[str, bool]:
    template = rng.choice(("noun", "noun", "noun+clauses", "fragments"))
    allowed = {
        "noun": ("pre", "post"),
        "noun+clauses": ("pre", "post", "clause"),
        "fragments": ("pre", "post", "frag"),
    }
    parts = _assign_forms(rng, wishes, allowed[template], "en")
    order = ("pre", "post", "frag", "clause")
    chosen, ending = _choose_phrases(rng, parts, order, "en")
    pres = " ".join(chosen.get("pre", []))
    opener = "" if template == "fragments" and rng.random() < 0.5 else rng.choice(EN_OPENERS)
    nouns = [noun for noun in EN_NOUNS if not (" these " in f" {opener} " and " these " in f" {noun} ")]
    phrase = f"{pres} {rng.choice(nouns)}".strip()
    text = f"{opener} {_article(phrase)} {phrase}" if opener else phrase
    final = next(part for part in reversed(order) if parts.get(part))
    if chosen.get("post"):
        text += " " + _posts_en(chosen["post"])
    if ending and final == "post":
        text += (", " if chosen["post"] else " ") + ending
    frags = chosen.get("frag", []) + ([ending] if ending and final == "frag" else [])
    if frags:
        text += ", " + ", ".join(frags)
    clauses = chosen.get("clause", []) + ([ending] if ending and final == "clause" else [])
    if clauses:
        body = _join_en(clauses)
        text += ("? " if opener == "Can you make" else ". ") + body[0].upper() + body[1:]
    return _finish_en(rng, text, ending is not None, keep_case=_titled(wishes)), ending is not None


def edit_en(rng: random.Random, wishes: list[Wish]) -> tuple[str, bool]:
    chosen, ending = _choose_phrases(rng, {"clause": list(wishes)}, ("clause",), "en")
    clauses = chosen["clause"] + ([ending] if ending else [])
    body = _join_en(clauses) if rng.random() < 0.7 else ", ".join(clauses)
    if body.split(" ", 1)[0] in EN_VERBS:
        prefix = rng.choice(("", "", "Now ", "Can you ", "Please ", "Actually, ", "ok, ", "Also "))
    else:
        prefix = rng.choice(("", "", "Now ", "Actually, ", "ok, "))
    text = prefix + body
    if prefix == "Can you " and ending is None:
        return text + "?", False
    return _finish_en(rng, text, ending is not None, keep_case=_titled(wishes)), ending is not None


def _zh_pre(texts: list[str]) -> str:
    """The first attribute keeps its 的, later plain ones drop it: 20秒的竖屏黑白视频."""
    out = []
    for index, text in enumerate(texts):
        keep = index == 0 or "「" in text or "“" in text or "秒" in text
        out.append(text if keep or not text.endswith("的") else text[:-1])
    return "".join(out)


def _join_zh(rng: random.Random, clauses: list[str]) -> str:
    text = clauses[0]
    for clause in clauses[1:]:
        text += rng.choice(ZH_VERB_JOINERS if clause.startswith(ZH_VERB_START) else ZH_JOINERS) + clause
    return text


def first_zh(rng: random.Random, wishes: list[Wish]) -> tuple[str, bool]:
    template = rng.choice(("noun", "noun", "clauses"))
    parts = _assign_forms(rng, wishes, ("pre", "clause") if template == "noun" else ("clause",), "zh")
    chosen, ending = _choose_phrases(rng, parts, ("pre", "clause"), "zh")
    clauses = chosen.get("clause", []) + ([ending] if ending else [])
    if template == "noun":
        head = f"{rng.choice(ZH_OPENERS)}{_zh_pre(chosen.get('pre', []))}{rng.choice(ZH_NOUNS)}"
        text = head + ("，" + _join_zh(rng, clauses) if clauses else "")
    else:
        text = rng.choice(("帮我把这些照片做成视频，", "做个视频：", "用这些照片做个视频，")) + _join_zh(
            rng, clauses
        )
    return text + ("" if ending else rng.choice(("", "", "。", "～"))), ending is not None


def edit_zh(rng: random.Random, wishes: list[Wish]) -> tuple[str, bool]:
    chosen, ending = _choose_phrases(rng, {"clause": list(wishes)}, ("clause",), "zh")
    clauses = chosen["clause"]
    prefix = (
        rng.choice(("", "", "帮我", "请", "再")) if clauses and clauses[0].startswith(ZH_VERB_START) else ""
    )
    text = prefix + _join_zh(rng, chosen["clause"] + ([ending] if ending else []))
    return text + ("" if ending else rng.choice(("", "", "。", "吧", "，谢谢"))), ending is not None


COMPOSERS = {
    ("first", "en"): first_en,
    ("first", "zh"): first_zh,
    ("edit", "en"): edit_en,
    ("edit", "zh"): edit_zh,
}


def _fits(wish: Wish, chosen: list[Wish], fields: dict[str, object]) -> bool:
    groups = {w.group for w in chosen}
    if wish.group in groups or wish.conflicts & groups or any(wish.group in w.conflicts for w in chosen):
        return False
    return all(fields.get(key, value) == value for key, value in wish.needs)


def _clear_of_clamp(kind: str, wishes: list[Wish], session: Session) -> bool:
    tr = next((w.tr_ms for w in wishes if w.tr_ms), None)
    if tr is None:
        return True
    shortest = [w.photo_ms for w in wishes if w.photo_ms]
    if kind == "edit":
        shortest.append(session.photo_ms)
    elif not shortest:
        return tr <= FIRST_UNTIMED_MAX_TR_MS
    return tr <= min(shortest) // 2


def _session(kind: str, rng: random.Random, wishes: list[Wish]) -> Session | None:
    fields: dict[str, object] = {}
    for wish in wishes:
        for key, value in wish.needs:
            if fields.setdefault(key, value) != value:
                return None
    for wish in wishes:
        for key, value in wish.avoid:
            fields.setdefault(key, value)
    groups = {w.group for w in wishes}
    if kind == "first":
        if fields:
            return None
        return FRESH_SONG if "music" not in groups and rng.random() < 0.25 else FRESH
    if "song" not in fields and fields.get("music", "") is not None and rng.random() < 0.25:
        fields["song"] = True
    return replace(EDIT, **fields)  # type: ignore[arg-type]


def _expectations(kind: str, wishes: list[Wish], session: Session, lang: str) -> tuple[c.Check, ...]:
    found: list[c.Check] = [check for wish in wishes for check in wish.checks_for(lang)]
    groups = {w.group for w in wishes}
    if kind == "first":
        found.append(c.all_photos_used(PHOTOS))
        if session.song and "music" not in groups:
            found.append(c.music_is(SONG))
        if "ending" in groups and "transition" not in groups:
            found.append(c.not_all_fadeblack())
    else:
        touched = set().union(*(w.touches for w in wishes))
        found += [c.unchanged(area) for area in c.AREAS if area not in touched]
    return tuple(found)


def _pick(rng: random.Random, pool: list[Wish], count: int) -> list[Wish]:
    """``count`` wishes that can share a sentence. A kind of wish (length, transition, shuffle...)
    is drawn with a weight of the square root of its number of values: the big tables
    (transitions, moods, lengths) get more sentences, the one-value kinds still plenty."""
    kinds: dict[str, list[Wish]] = {}
    for wish in pool:
        kinds.setdefault(wish.slot, []).append(wish)
    chosen: list[Wish] = []
    fields: dict[str, object] = {}
    # Weighted order without replacement (Efraimidis-Spirakis keys).
    keys = {kind: rng.random() ** (1 / len(values) ** 0.5) for kind, values in sorted(kinds.items())}
    for kind in sorted(keys, key=keys.__getitem__, reverse=True):
        if len(chosen) == count:
            break
        wish = rng.choice(kinds[kind])
        if _fits(wish, chosen, fields):
            chosen.append(wish)
            fields.update(wish.needs)
    return chosen


def _bare(message: str) -> str:
    """The message without its polite or punctuated ending, before an unrelated part is added."""
    for ending in (" please", " thanks", "，谢谢", "吧"):
        message = message.removesuffix(ending)
    return message.rstrip(".!?～。")


def generate(seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    wishes = all_wishes()
    cases: list[Case] = []
    seen: set[tuple[str, Session]] = set()
    for kind, lang, count in PLAN:
        pool = [w for w in wishes if kind in w.where]
        made = 0
        while made < count:
            chosen = _pick(rng, pool, rng.choice(WISH_COUNTS))
            session = _session(kind, rng, chosen)
            if session is None or not _clear_of_clamp(kind, chosen, session):
                continue
            rng.shuffle(chosen)
            message, ends_open = COMPOSERS[(kind, lang)](rng, chosen)
            outcome = "change"
            if not ends_open and rng.random() < PARTIAL_SHARE:
                noise = rng.choice(NOISE_EN if lang == "en" else NOISE_ZH)
                message = f"{_bare(message)} {noise}" if lang == "en" else f"{_bare(message)}，{noise}"
                outcome = "partial"
            if (message, session) in seen:
                continue
            seen.add((message, session))
            made += 1
            cases.append(
                Case(
                    id=f"{kind}-{lang}-{made:03d}",
                    message=message,
                    session=session,
                    lang=lang,
                    checks=_expectations(kind, chosen, session, lang),
                    outcome=outcome,
                    slots=tuple(f"{w.slot}:{w.label}" for w in chosen),
                )
            )
    return cases
