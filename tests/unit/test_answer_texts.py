"""Short answers that once said something untrue: the check-in's "nothing open" counted only
the done sessions ("Today's 2 sessions are already marked" after 4 were: 2 done, 1 partly,
1 missed), and a search link was tagged "link not verified"."""

from __future__ import annotations

from prompts import render


def test_all_marked_counts_every_marked_session_and_the_done_ones() -> None:
    english = render("checkin/nothing_open", "en", done=2, marked=4)
    assert "Today's 4 sessions are all marked: 2 done." in english, english
    assert "great job" not in english
    turkish = render("checkin/nothing_open", "tr", done=2, marked=4)
    assert "Bugünkü 4 oturumun hepsi işaretli: 2 tanesi bitti." in turkish, turkish


def test_all_done_is_praised_and_nothing_planned_says_so() -> None:
    assert "great job" in render("checkin/nothing_open", "en", done=3, marked=3)
    assert "harikasın" in render("checkin/nothing_open", "tr", done=1, marked=1)
    assert render("checkin/nothing_open", "en", done=0, marked=0).startswith("Nothing to check")


def test_a_search_link_is_not_tagged_as_unverified() -> None:
    """'[link not verified]' beside "Search YouTube: …" told the student nothing true."""
    search = {"title": "Search YouTube: SAT algebra", "type": "video", "minutes": 20, "reason": "",
              "url": "https://www.youtube.com/results?search_query=SAT", "verified": False,
              "search": True}  # fmt: skip
    page = {**search, "title": "Some page", "search": False}
    old = {key: value for key, value in page.items() if key != "search"}  # stored before
    for locale, tag in (("en", "[link not verified]"), ("tr", "[bağlantı doğrulanmadı]")):
        text = render("adaptive/recommendations", locale, items=[search], rateable=False)
        assert tag not in text, text
        assert tag in render("adaptive/recommendations", locale, items=[page], rateable=False)
        assert tag in render("adaptive/recommendations", locale, items=[old], rateable=False)
