"""A long answer option on a button is cut at a word with an ellipsis, not mid-word."""

from __future__ import annotations

from coach.dialogue.questions import OPTION_LABEL_LIMIT, option_label

LONG = "Bahçe işleri ve resim, zihinsel gelişimi destekleyen uğraşlardır."


def test_a_long_option_ends_on_a_whole_word_with_an_ellipsis() -> None:
    label = option_label(LONG)
    assert label == "Bahçe işleri ve resim, zihinsel gelişimi destekleyen…"
    assert len(label) <= OPTION_LABEL_LIMIT


def test_a_short_option_is_shown_whole() -> None:
    assert option_label("Halk yerleşik tarıma geçmiştir.") == "Halk yerleşik tarıma geçmiştir."
    assert option_label("x" * OPTION_LABEL_LIMIT) == "x" * OPTION_LABEL_LIMIT


def test_one_long_word_is_cut_with_an_ellipsis() -> None:
    label = option_label("y" * 80)
    assert label == "y" * (OPTION_LABEL_LIMIT - 1) + "…"
