"""Pure rules of human tutoring: the state machine, routing in waves (subject, language,
capacity, minors, ratings, cooldown, availability), the quiet week after a decline, spotting
a student who asks for a person, and what a relayed message may carry."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from coach.dialogue.intents import KeywordIntents
from coach.tutors.model import Escalation, EscalationState, Need, TutorProfile, TutorStatus
from coach.tutors.policy import (
    TRANSITIONS,
    TransitionError,
    TutorPolicy,
    asks_for_person,
    available_at,
    can_move,
    check_move,
    code_hash,
    next_wave,
    recently_declined,
    relay_text,
)

S = EscalationState
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday, 15:00 in Istanbul
NEED = Need("mat", "tr", minor=False)


def tutor(user_id: int, **changes: object) -> TutorProfile:
    base = TutorProfile(
        user_id=user_id,
        name=f"T{user_id}",
        subjects=("mat",),
        languages=("tr",),
        capacity=2,
        may_take_minors=True,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def escalation(state: EscalationState, topic: str = "t1", days_ago: float = 0) -> Escalation:
    at = NOW - timedelta(days=days_ago)
    return Escalation(1, 9, "p", "mat", topic, state, "struggle", False, "tr", at, at)


def test_the_state_machine_allows_only_its_path() -> None:
    path = [S.OFFERED, S.REQUESTED, S.ASSIGNED, S.ACTIVE, S.RESOLVED]
    for current, target in itertools.pairwise(path):
        check_move(current, target)
    assert not can_move(S.OFFERED, S.ACTIVE)
    assert not can_move(S.ACTIVE, S.CANCELLED)  # a started conversation ends with /end
    with pytest.raises(TransitionError):
        check_move(S.RESOLVED, S.ACTIVE)
    for final in (S.RESOLVED, S.DECLINED, S.EXPIRED, S.CANCELLED):
        assert TRANSITIONS[final] == frozenset()


def test_routing_matches_subject_language_capacity_and_minors() -> None:
    tutors = [
        tutor(1, subjects=("fiz",)),
        tutor(2, languages=("en",)),
        tutor(3, open_escalations=2),  # full
        tutor(4, may_take_minors=False),
        tutor(5, status=TutorStatus.PAUSED),
        tutor(6),
    ]
    assert next_wave(tutors, NEED, NOW) == (4, 6)
    assert next_wave(tutors, dataclasses.replace(NEED, minor=True), NOW) == (6,)
    assert next_wave(tutors, dataclasses.replace(NEED, excluded=frozenset({6})), NOW) == (4,)


def test_routing_prefers_ratings_then_spare_capacity_and_honours_the_cooldown() -> None:
    policy = TutorPolicy(wave_size=2, cooldown_minutes=20)
    tutors = [
        tutor(1, rating_sum=5, rating_count=1),  # one 5: smoothed to 4.33
        tutor(2, rating_sum=96, rating_count=20),  # twenty 4.8s: 4.73
        tutor(3, rating_sum=8, rating_count=4),  # 2.0 average: last
        tutor(4, rating_sum=96, rating_count=20, open_escalations=1),  # as good, busier
        tutor(5, rating_sum=100, rating_count=20, last_asked_at=NOW - timedelta(minutes=5)),
    ]
    assert next_wave(tutors, NEED, NOW, policy) == (2, 4)
    later = NOW + timedelta(minutes=16)  # tutor 5 cooled down and is the best rated
    assert next_wave(tutors, NEED, later, policy)[0] == 5


def test_availability_is_read_in_the_tutors_time_zone() -> None:
    evenings = tutor(1, availability={"wed": ("18:00-22:00",)}, timezone="Europe/Istanbul")
    assert not available_at(evenings, NOW)  # 15:00 in Istanbul
    assert available_at(evenings, NOW + timedelta(hours=4))  # 19:00
    assert available_at(tutor(2), NOW)  # no ranges: whenever online
    broken = tutor(3, availability={"wed": ("soon",)})
    assert not available_at(broken, NOW)


def test_a_declined_topic_is_quiet_for_a_week() -> None:
    declined = [escalation(S.DECLINED, "t1", days_ago=3)]
    assert recently_declined(declined, "t1", NOW)
    assert not recently_declined(declined, "t2", NOW)
    assert not recently_declined([escalation(S.DECLINED, "t1", days_ago=8)], "t1", NOW)
    assert recently_declined([escalation(S.OFFERED, "t1", days_ago=1)], "t1", NOW)


@pytest.mark.parametrize(
    "text",
    [
        "I need a teacher",
        "Öğretmenle konuşmak istiyorum",
        "can I talk to a tutor?",
        "gerçek bir öğretmen lazım",
    ],
)
def test_asking_for_a_person_is_recognised_in_both_languages(text: str) -> None:
    assert asks_for_person(text)
    assert KeywordIntents().recognize(text) == ("tutor", ())


def test_plain_study_talk_is_not_a_request_for_a_person() -> None:
    assert not asks_for_person("the teacher said limits are easy")
    assert KeywordIntents().recognize("öğretmenim bugün ne çalışayım") != ("tutor", ())


def test_relayed_text_hides_contact_details_and_codes_are_hashed() -> None:
    text = relay_text("write me at ada@example.com or +90 555 123 45 67")
    assert "ada@example.com" not in text and "555" not in text
    assert code_hash(" tut-abcd-efgh ") == code_hash("TUT-ABCD-EFGH")
    assert len(code_hash("x")) == 64


def test_bookable_times_lie_in_both_calendars_across_time_zones() -> None:
    from coach.tutors.booking import SESSION_MINUTES, bookable

    berlin = tutor(1, availability={"thu": ("17:00-19:00",)}, timezone="Europe/Berlin")
    always = tutor(2)  # no set times: cannot be booked
    wrong = tutor(3, subjects=("fiz",), availability={"thu": ("17:00-19:00",)})
    windows = {"thu": ("18:00-22:00",)}  # the student's, in Istanbul (Berlin + 2 h)
    [slot] = bookable([berlin, always, wrong], NEED, windows, "Europe/Istanbul", NOW)
    assert slot.tutor_id == 1
    assert slot.starts_at == datetime(
        2026, 12, 3, 16, 0, tzinfo=UTC
    )  # 18:00 Istanbul, 17:00 Berlin
    assert slot.starts_at + timedelta(minutes=SESSION_MINUTES) <= datetime(
        2026, 12, 3, 18, 0, tzinfo=UTC
    )
    minor = dataclasses.replace(NEED, minor=True)
    assert (
        bookable(
            [dataclasses.replace(berlin, may_take_minors=False)],
            minor,
            windows,
            "Europe/Istanbul",
            NOW,
        )
        == []
    )
