"""The check-in's "nothing open" answer counts what the student marked, not only what is done
(it once said "Today's 2 sessions are already marked" after 4 were: 2 done, 1 partly, 1 missed)."""

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
