"""Line breaks at phrase boundaries: never inside a date, a name pair or a number with its unit."""

from __future__ import annotations

import pytest

from nemo_skill.render.linebreak import break_lines


def width(s: str) -> float:
    """A monospaced measure: one unit a Latin character, two a CJK one (as a font sets them)."""
    return float(sum(2 if ord(c) >= 0x2E80 else 1 for c in s))


def lines(text: str, max_width: float) -> list[str]:
    out = break_lines(text, width, max_width)
    assert all(width(line) <= max_width for line in out), out
    return out


def test_the_issues_title_breaks_at_the_dash_not_inside_the_date() -> None:
    assert lines("Anna & Tom — June 12, 2027", 20) == ["Anna & Tom", "June 12, 2027"]
    assert lines("Anna & Tom — June 12, 2027", 40) == ["Anna & Tom — June 12, 2027"], "one line when it fits"


@pytest.mark.parametrize(
    ("text", "max_width", "kept"),
    [
        ("Save the date: Saturday, June 12, 2027 at 3:00 pm", 26, ["June 12, 2027", "3:00 pm"]),
        ("Our wedding on 12 June 2027 in the old town", 20, ["12 June 2027"]),
        ("Join us for the wedding of Anna and Tom", 22, ["Anna and Tom"]),
        ("Emma + Liam forever and always", 14, ["Emma + Liam"]),
        ("We ran 5 km together on the beach at sunrise", 20, ["5 km"]),
        ("Tickets from $ 120 per person only", 16, ["$ 120"]),
        ("The trip took 3 weeks and 2 days in total", 18, ["3 weeks", "2 days"]),
    ],
)
def test_dates_name_pairs_and_numbers_with_units_stay_whole(
    text: str, max_width: float, kept: list[str]
) -> None:
    out = lines(text, max_width)
    assert len(out) > 1
    for group in kept:
        assert any(group in line for line in out), f"{group!r} split in {out}"


def test_lines_are_balanced_and_do_not_end_on_a_small_word() -> None:
    out = lines("A long caption that certainly will not fit on one line of a small frame", 30)
    assert len(out) == 3
    assert max(map(width, out)) - min(map(width, out)) <= 10, out
    assert not any(line.split()[-1].lower() in ("a", "the", "of", "on", "at") for line in out[:-1]), out
    out = lines("Walking along the river in the warm evening light", 26)
    assert len(out) == 2 and abs(width(out[0]) - width(out[1])) <= 8, out


def test_phrase_boundaries_win_over_a_slightly_better_balance() -> None:
    assert lines("Summer in Lisbon, with friends and family", 26) == [
        "Summer in Lisbon,",
        "with friends and family",
    ]


def test_chinese_breaks_between_characters_at_phrases_and_keeps_dates_and_names() -> None:
    assert lines("我们结婚啦 2027年6月12日", 14) == ["我们结婚啦", "2027年6月12日"]
    out = lines("李雷和韩梅梅的婚礼邀请函，诚邀您的光临！", 14)
    assert out[0].startswith("李雷和韩梅梅"), out
    assert any(line.endswith("，") for line in out), "breaks after the comma"
    out = lines("「春天」来了，我们一起去看花吧。", 10)
    assert not any(line[0] in "，。」、！？" for line in out), "no line starts with closing punctuation"
    assert not any(line[-1] in "「（" for line in out), "no line ends with opening punctuation"
    assert "".join(out) == "「春天」来了，我们一起去看花吧。"
    assert any("30岁" in line for line in lines("祝你30岁生日快乐，永远年轻", 10))


def test_explicit_newlines_are_kept_and_overlong_words_are_cut() -> None:
    assert lines("Anna & Tom\nJune 12, 2027", 40) == ["Anna & Tom", "June 12, 2027"]
    assert lines("Supercalifragilisticexpialidocious", 10) == [
        "Supercalif",
        "ragilistic",
        "expialidoc",
        "ious",
    ]
    assert lines("", 10) == [""]
    # A glued group wider than the line is broken after all: the text must fit.
    assert lines("Saturday, 12 June 2027", 12) == ["Saturday,", "12 June 2027"]
