"""Channel-neutral rendering: splitting at limits, HTML escaping, numbered choices."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.render import (
    TELEGRAM_MESSAGE_LIMIT,
    escape_html,
    numbered_choices,
    pick_numbered_choice,
    split_text,
    truncate,
    utf16_length,
    with_numbered_choices,
)
from coach.messages import Choice


def test_short_text_is_one_chunk_and_empty_text_none() -> None:
    assert split_text("Merhaba", 4096) == ["Merhaba"]
    assert split_text("  \n ", 4096) == []


def test_paragraphs_are_preferred_then_lines_then_words() -> None:
    first, second = "a" * 60, "b" * 50
    assert split_text(f"{first}\n\n{second}", 100) == [first, second]
    assert split_text(f"{first}\n{second}", 100) == [first, second]
    assert split_text("one two three four", 9) == ["one two", "three", "four"]


def test_an_early_paragraph_break_does_not_make_a_tiny_chunk() -> None:
    text = "Hi\n\n" + "word " * 40
    chunks = split_text(text, 100)
    assert len(chunks[0]) > 50


def test_a_word_longer_than_the_limit_is_cut() -> None:
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_telegram_counts_utf16_units() -> None:
    text = "🙂" * 3000  # 6,000 UTF-16 units
    chunks = split_text(text, TELEGRAM_MESSAGE_LIMIT, utf16_length)
    assert [utf16_length(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab çğ🙂\n"), max_size=600),
    st.integers(min_value=2, max_value=80),
)
def test_split_never_exceeds_the_limit_and_keeps_every_word(text: str, limit: int) -> None:
    chunks = split_text(text, limit, utf16_length)
    assert all(0 < utf16_length(chunk) <= limit for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())


def test_truncate_ends_on_a_word_with_an_ellipsis() -> None:
    assert truncate("short", 200) == "short"
    cut = truncate("alpha beta gamma delta", 13)
    assert cut == "alpha beta…" and len(cut) <= 13


def test_html_escaping_covers_telegram_specials_only() -> None:
    assert escape_html('<b>"Tom" & Jerry</b>') == '&lt;b&gt;"Tom" &amp; Jerry&lt;/b&gt;'


def test_numbered_choices_for_text_only_channels() -> None:
    choices = [Choice("Evet", "y"), Choice("Hayır", "n")]
    assert numbered_choices(choices) == "1. Evet\n2. Hayır"
    assert with_numbered_choices("Devam?", choices) == "Devam?\n\n1. Evet\n2. Hayır"
    assert with_numbered_choices("Devam?", []) == "Devam?"
    assert pick_numbered_choice(choices, " 2 ") == choices[1]
    assert pick_numbered_choice(choices, "1.") == choices[0]
    assert pick_numbered_choice(choices, "hayır") == choices[1]
    assert pick_numbered_choice(choices, "3") is None
    assert pick_numbered_choice(choices, "maybe") is None
