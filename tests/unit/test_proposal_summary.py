"""A re-plan proposal is a short summary in words (what changes this week, what it costs),
with the full list behind "Show all changes" (it once said "54 new, 679 moved, 59 removed")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.plans.proposal_summary import lessons_lost, summarise
from prompts import render

TODAY = date(2026, 12, 2)  # a Wednesday


def _change(change: str, before: str | None, after: str | None, **extra: object) -> dict:
    return {"change": change, "kind": "lesson", "before": before, "after": after, **extra}


DAY_OFF = [
    _change("moved", "2026-12-03", "2026-12-04", reason="Moved: no study on Thursday"),
    _change("moved", "2026-12-03", "2026-12-05", reason="Moved: no study on Thursday"),
    {**_change("moved", "2026-12-03", "2026-12-04"), "kind": "review", "reason": "Review"},
    _change(
        "removed", "2026-12-05", None, reason_code="removed_no_time", minutes=40, reason="No time"
    ),
    _change("moved", "2027-01-20", "2027-01-21", reason="Shifted"),
]


def test_the_summary_counts_this_week_and_the_cost() -> None:
    summary = summarise(DAY_OFF, TODAY)
    assert (summary.moved_this_week, summary.removed_this_week, summary.later) == (3, 1, 1)
    # where the moved sessions go (and the day one is dropped), not the day off they leave
    assert summary.days_this_week == (date(2026, 12, 4), date(2026, 12, 5))
    assert (summary.lessons_dropped, summary.minutes_dropped) == (1, 40)


def test_a_missed_sessions_past_day_is_not_named_as_a_day_of_this_week() -> None:
    summary = summarise([_change("moved", "2026-11-30", "2026-12-04")], TODAY)
    assert (summary.moved_this_week, summary.days_this_week) == (1, (date(2026, 12, 4),))
    english = render("plans/proposal", "en", summary=summary)
    assert "Mon 30 Nov" not in english and "Fri 4 Dec" in english, english


def test_the_proposal_speaks_in_words_in_both_languages() -> None:
    summary = summarise(DAY_OFF, TODAY)
    english = render("plans/proposal", "en", summary=summary)
    assert "This week 3 sessions move to other days, 1 session is dropped" in english
    assert "Later in the plan: 1 more change." in english
    assert "What it costs: 1 lesson (40 min) no longer fits." in english
    assert "↪" not in english and "moved" not in english  # no list, no bare counts
    turkish = render("plans/proposal", "tr", summary=summary)
    assert "Bu hafta 3 oturum başka güne taşınıyor, 1 oturum çıkıyor" in turkish
    assert "Bedeli: 1 ders (40 dk) artık sığmıyor." in turkish
    checkin = render("checkin/proposal", "tr", summary=summary)
    assert "Bu hafta 3 oturum" in checkin


def test_nothing_lost_says_so() -> None:
    moves = DAY_OFF[:3]
    summary = summarise(moves, TODAY)
    assert "What it costs: nothing, every lesson still fits." in render(
        "plans/proposal", "en", summary=summary
    )
    mastered = [_change("removed", "2026-12-20", None, reason_code="removed_mastered")]
    text = render("plans/proposal", "en", summary=summarise(mastered, TODAY))
    assert "Nothing changes this week." in text
    assert "What it costs: nothing. 1 lesson session you no longer need is taken out." in text


def test_the_full_list_is_there_on_request() -> None:
    changes = [
        {
            **c,
            "before": date.fromisoformat(c["before"]) if c["before"] else None,
            "after": date.fromisoformat(c["after"]) if c["after"] else None,
        }
        for c in DAY_OFF
    ]
    text = render("plans/proposal_changes", "en", changes=changes, more=2)
    assert text.count("•") == len(DAY_OFF)
    assert "…and 2 more." in text
    assert "No time" in render("plans/proposal_changes", "tr", changes=changes, more=0)


SHORTER = [
    _change("resized", "2026-12-02", "2026-12-02", before_minutes=40, after_minutes=24,
            reason="Lesson time changed: 40 → 24 min"),
    _change("resized", "2026-12-02", "2026-12-02", before_minutes=40, after_minutes=24,
            reason="Lesson time changed: 40 → 24 min"),
]  # fmt: skip


def test_shorter_lessons_are_a_change_said_in_both_languages() -> None:
    summary = summarise(SHORTER, TODAY)
    assert (summary.resized_this_week, summary.this_week, summary.later) == (2, 2, 0)
    assert "2 lessons change length" in render("plans/proposal", "en", summary=summary)
    assert "2 dersin süresi değişiyor" in render("plans/proposal", "tr", summary=summary)
    for locale, unit in (("en", "min"), ("tr", "dk")):
        listed = render("plans/proposal_changes", locale, changes=[
            {**c, "before": date(2026, 12, 2), "after": date(2026, 12, 2)} for c in SHORTER
        ], more=0)  # fmt: skip
        assert f"40 → 24 {unit}" in listed
    assert render("reasons/resized", "tr", from_minutes=40, to_minutes=24) == (
        "Ders süresi değişti: 40 → 24 dk"
    )


@dataclass(frozen=True)
class _Planned:
    kind: str
    lesson_id: str | None
    minutes: int


def test_a_rebuild_costs_only_the_lessons_that_no_longer_fit() -> None:
    """A rebuild once said "79 lesson sessions (2000 min) no longer fit": it counted every
    removed session though the same lessons were planned again, and /plan then showed the
    same lessons left out as before."""
    before = [_Planned("lesson", f"l{i % 20}", 40) for i in range(50)]
    before += [_Planned("lesson", "gone", 90), _Planned("lesson", "shorter", 60)]
    before += [_Planned("lesson", "mastered", 30), _Planned("review", None, 20)]
    after = [_Planned("lesson", f"l{i % 20}", 50) for i in range(40)]  # other parts, same time
    after += [_Planned("lesson", "shorter", 33)]
    lost = lessons_lost(before, after, left_out={"gone", "shorter", "never_planned"})
    assert lost == {"gone": 90, "shorter": 27}
    rebuild = [
        _change("removed", "2026-12-20", None, reason_code="removed_no_time", minutes=40)
        for _ in range(79)
    ] + [_change("added", None, "2026-12-21") for _ in range(60)]
    summary = summarise(rebuild, TODAY, lost)
    assert (summary.lessons_dropped, summary.minutes_dropped) == (2, 117)
    english = render("plans/proposal", "en", summary=summary)
    assert "What it costs: 2 lessons (1 h 57 min) no longer fit." in english, english
    turkish = render("plans/proposal", "tr", summary=summary)
    assert "Bedeli: 2 ders (1 sa 57 dk) artık sığmıyor." in turkish, turkish
    nothing = summarise(rebuild, TODAY, {})
    assert "What it costs: nothing, every lesson still fits." in render(
        "plans/proposal", "en", summary=nothing
    )


def test_long_losses_are_said_in_hours_not_raw_minutes() -> None:
    summary = summarise([], TODAY, {"a": 1000, "b": 1000})
    assert "(33 h 20 min)" in render("plans/proposal", "en", summary=summary)
    assert "(33 sa 20 dk)" in render("plans/proposal", "tr", summary=summary)


def test_reviews_and_quizzes_dropped_are_a_cost_too() -> None:
    """An earlier exam date dropped 25 reviews and quizzes after it, and the cost line said
    "nothing, every lesson still fits"."""
    gone = [{**_change("removed", "2027-04-24", None), "kind": "review"} for _ in range(21)]
    gone += [{**_change("added", None, "2027-04-10"), "kind": "review"}]  # one only moved
    gone += [{**_change("removed", "2027-04-24", None), "kind": "quiz"} for _ in range(5)]
    gone += [{**_change("removed", "2027-04-25", None), "kind": "mock_exam"}]
    summary = summarise(gone, TODAY, {})
    assert summary.others_dropped == (("review", 20), ("quiz", 5), ("mock_exam", 1))
    english = render("plans/proposal", "en", summary=summary)
    assert (
        "What it costs: 20 reviews, 5 quizzes and 1 mock exam are dropped; every lesson still "
        "fits." in english
    ), english
    turkish = render("plans/proposal", "tr", summary=summary)
    assert (
        "Bedeli: 20 tekrar, 5 mini test ve 1 deneme sınavı çıkarılıyor; bütün dersler yine "
        "sığıyor." in turkish
    ), turkish
    one = summarise(gone[-1:], TODAY, {"x": 40})
    assert "What it costs: 1 lesson (40 min) no longer fits; 1 mock exam is dropped." in render(
        "plans/proposal", "en", summary=one
    )


def test_every_line_of_the_full_list_says_what_moves_or_goes() -> None:
    """The list once said only "− Sat 24 Apr: Removed: no time left for it before the exam"."""
    named = [
        {**_change("moved", None, None, topic="Paragraf", lesson="Ana düşünce", reason="Why"),
         "before": date(2026, 12, 4), "after": date(2026, 12, 5)},
        {**_change("removed", None, None, topic="Paragraf", lesson="", reason="Gone"),
         "kind": "review", "before": date(2027, 4, 24), "after": None},
        {**_change("removed", None, None, topic="", lesson="", part="TYT", reason="Gone"),
         "kind": "mock_exam", "before": date(2027, 4, 24), "after": None},
    ]  # fmt: skip
    english = render("plans/proposal_changes", "en", changes=named, more=0).splitlines()
    assert english[1] == "• ↪ Fri 4 Dec → Sat 5 Dec · Paragraf: Ana düşünce — Why", english
    assert english[2] == "• − Sat 24 Apr · Review: Paragraf — Gone", english
    assert english[3] == "• − Sat 24 Apr · Mock exam: TYT — Gone", english
    turkish = render("plans/proposal_changes", "tr", changes=named, more=0).splitlines()
    assert turkish[1].endswith(" · Paragraf: Ana düşünce — Why"), turkish
    assert turkish[2].endswith(" · Tekrar: Paragraf — Gone"), turkish
    assert turkish[3].endswith(" · Deneme sınavı: TYT — Gone"), turkish


def test_weekly_mini_mocks_dropped_are_not_called_mock_exams() -> None:
    gone = [
        {**_change("removed", "2027-01-10", None), "kind": "mock_exam", "mini": True}
        for _ in range(3)
    ]
    summary = summarise(gone, TODAY, {})
    assert summary.others_dropped == (("mini_mock", 3),)
    assert "3 mini mock exams are dropped" in render("plans/proposal", "en", summary=summary)
    assert "3 mini deneme çıkarılıyor" in render("plans/proposal", "tr", summary=summary)
    line = {**gone[0], "topic": "", "lesson": "", "part": "", "reason": "Gone",
            "before": date(2027, 1, 10), "after": None}  # fmt: skip
    assert " · Mini mock exam — Gone" in render(
        "plans/proposal_changes", "en", changes=[line], more=0
    )
    assert " · Mini deneme — Gone" in render("plans/proposal_changes", "tr", changes=[line], more=0)


def test_the_morning_message_of_the_nightly_run_says_the_cost_the_same_way() -> None:
    """It said "I would move 679, add 54 and drop 59 session(s)": every re-added session of a
    rebuild counted as dropped, as the proposal's cost line once did."""
    cost = {"lessons_dropped": 2, "minutes_dropped": 2000, "lessons_done_or_mastered": 0,
            "others_dropped": [["review", 3]]}  # fmt: skip
    context = {"missed": 2, "added": 54, "moved": 679, "removed": 59, "cost": cost}
    english = render("notify/replan_morning", "en", **context)
    assert "What it costs: 2 lessons (33 h 20 min) no longer fit; 3 reviews are dropped." in (
        english
    ), english
    assert "679" not in english
    turkish = render("notify/replan_morning", "tr", **context)
    assert "Bedeli: 2 ders (33 sa 20 dk) artık sığmıyor; 3 tekrar çıkarılıyor." in turkish
