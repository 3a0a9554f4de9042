"""Repositories round-trip domain records on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

import pytest

from coach.core.errors import ConcurrentUpdateError
from coach.domain import (
    AgeBand,
    AssessmentResult,
    DialogueState,
    LessonProgress,
    PlanStatus,
    Profile,
    SessionStatus,
    StudyPlan,
    StudySession,
    TopicMastery,
    UserStatus,
)
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _user(uow_factory: SqlUnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        await uow.users.add_identity(user.id, "telegram", "1001", "1001", NOW)
        await uow.commit()
    return user.id


def _profile(user_id: int) -> Profile:
    return Profile(
        user_id=user_id,
        pack_id="yks",
        track="SAY",
        exam_date=date(2027, 6, 19),
        start_date=date(2026, 12, 1),
        availability={"mon": 120, "sat": 240},
        windows={"mon": ("18:00-21:00",), "sat": ("10:00-13:00", "15:00-18:00")},
        blackout_dates=(date(2026, 12, 31),),
        break_weekday="sun",
        target_kind="net",
        target_value="90",
        checkin_time=time(20, 30),
        opt_outs=("nudge",),
    )


async def test_users_and_identities(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("telegram", "1001")
        assert user is not None
        assert user.id == user_id
        assert user.is_minor  # unknown age is treated as a minor
        await uow.users.update(
            dataclasses.replace(user, age_band=AgeBand.ADULT, status=UserStatus.PAUSED)
        )
        await uow.users.set_reachable("telegram", "1001", False, "blocked")
        await uow.commit()
    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        identity = await uow.users.get_identity("telegram", "1001")
    assert user is not None
    assert user.age_band is AgeBand.ADULT
    assert user.status is UserStatus.PAUSED
    assert identity is not None
    assert not identity.reachable
    assert identity.unreachable_reason == "blocked"


async def test_profile_round_trip_and_update(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    profile = _profile(user_id)
    async with uow_factory() as uow:
        await uow.profiles.save(profile)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.profiles.get(user_id) == profile
        changed = dataclasses.replace(profile, track="EA", availability={"tue": 60})
        await uow.profiles.save(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.profiles.get(user_id) == changed


def _plan(user_id: int, status: PlanStatus) -> StudyPlan:
    return StudyPlan(
        id=0,
        user_id=user_id,
        pack_id="yks",
        track="SAY",
        status=status,
        start_date=date(2026, 12, 1),
        exam_date=date(2027, 6, 19),
        created_at=NOW,
        summary={"planned_minutes": 90},
    )


def _session(user_id: int, key: str, day: int, status: SessionStatus) -> StudySession:
    return StudySession(
        id=0,
        plan_id=0,
        user_id=user_id,
        key=key,
        kind="lesson",
        date=date(2026, 12, day),
        minutes=45,
        start=time(18, 0),
        subject_id="tyt_matematik",
        topic_id="problemler",
        lesson_id=f"problemler_{day}",
        reason="weak topic",
        reason_data={"code": "weak_topic", "questions": 12},
        status=status,
    )


async def test_plans_sessions_and_replanning(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    draft = _plan(user_id, PlanStatus.DRAFT)
    sessions = [
        _session(user_id, "s1", 1, SessionStatus.SCHEDULED),
        _session(user_id, "s2", 2, SessionStatus.SCHEDULED),
        _session(user_id, "s3", 3, SessionStatus.SCHEDULED),
    ]
    async with uow_factory() as uow:
        plan = await uow.plans.add(draft, sessions)
        await uow.plans.set_status(plan.id, "active", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        active = await uow.plans.active_for(user_id)
        assert active is not None
        assert active.activated_at == NOW
        stored = await uow.plans.sessions(plan.id)
        assert [s.key for s in stored] == ["s1", "s2", "s3"]
        assert stored[0].reason_data == {"code": "weak_topic", "questions": 12}
        await uow.plans.mark_status(stored[1].id, SessionStatus.DONE, NOW, minutes_spent=50)
        replacement = [_session(user_id, "s9", 4, SessionStatus.SCHEDULED)]
        await uow.plans.replace_future(plan.id, date(2026, 12, 2), replacement)
        await uow.commit()
    async with uow_factory() as uow:
        after = await uow.plans.sessions(plan.id)
        window = await uow.plans.sessions(plan.id, date(2026, 12, 2), date(2026, 12, 3))
    # the done session on the 2nd stays; the scheduled one on the 3rd was replaced
    assert [(s.key, s.status) for s in after] == [
        ("s1", SessionStatus.SCHEDULED),
        ("s2", SessionStatus.DONE),
        ("s9", SessionStatus.SCHEDULED),
    ]
    assert after[1].minutes_spent == 50
    assert after[1].completed_at == NOW
    assert [s.key for s in window] == ["s2"]


async def test_replacing_the_future_keeps_the_ids_of_kept_and_moved_sessions(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """Accepting a re-plan once deleted and re-inserted every future session: each button
    already sent said "That session is no longer in your plan" for a session still in it."""
    user_id = await _user(uow_factory)
    sessions = [
        _session(user_id, "lesson:a:1:2026-12-03", 3, SessionStatus.SCHEDULED),
        _session(user_id, "lesson:b:1:2026-12-04", 4, SessionStatus.SCHEDULED),
        _session(user_id, "review:t:2026-12-05", 5, SessionStatus.SCHEDULED),
    ]
    async with uow_factory() as uow:
        plan = await uow.plans.add(_plan(user_id, PlanStatus.DRAFT), sessions)
        await uow.plans.set_status(plan.id, "active", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        before = {s.key: s.id for s in await uow.plans.sessions(plan.id)}
        new = [
            dataclasses.replace(sessions[0], minutes=30),  # kept, shorter
            _session(user_id, "lesson:b:1:2026-12-07", 7, SessionStatus.SCHEDULED),  # moved
            _session(user_id, "quiz:t:2026-12-08", 8, SessionStatus.SCHEDULED),  # new
        ]
        await uow.plans.replace_future(plan.id, date(2026, 12, 2), new)
        await uow.commit()
    async with uow_factory() as uow:
        after = {s.key: s for s in await uow.plans.sessions(plan.id)}
    assert list(after) == ["lesson:a:1:2026-12-03", "lesson:b:1:2026-12-07", "quiz:t:2026-12-08"]
    assert after["lesson:a:1:2026-12-03"].id == before["lesson:a:1:2026-12-03"]
    assert after["lesson:a:1:2026-12-03"].minutes == 30
    assert after["lesson:b:1:2026-12-07"].id == before["lesson:b:1:2026-12-04"]
    assert after["lesson:b:1:2026-12-07"].date == date(2026, 12, 7)
    assert after["quiz:t:2026-12-08"].kind == "lesson"  # new, and the review is gone (above)


async def test_progress_mastery_and_assessment(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    async with uow_factory() as uow:
        await uow.progress.add_assessment(
            [AssessmentResult(user_id, "yks", "tyt_matematik", None, 4, 3, 1, 0.7, NOW)]
        )
        await uow.progress.set_mastery([TopicMastery(user_id, "yks", "problemler", 0.3, NOW)])
        await uow.progress.set_mastery([TopicMastery(user_id, "yks", "problemler", 0.5, NOW)])
        await uow.progress.save_lesson_progress(
            LessonProgress(user_id, "yks", "problemler_1", "done", 40, NOW)
        )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.progress.mastery(user_id, "yks") == {"problemler": 0.5}
        assessments = await uow.progress.assessments(user_id)
        lessons = await uow.progress.lesson_progress(user_id, "yks")
    assert [(a.subject_id, a.correct) for a in assessments] == [("tyt_matematik", 3)]
    assert lessons[0].minutes_spent == 40


async def test_dialogue_state_optimistic_locking(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    async with uow_factory() as uow:
        saved = await uow.dialogues.save(DialogueState(user_id, "onboarding", "language"))
        await uow.commit()
    assert saved.version == 1
    async with uow_factory() as uow:
        current = await uow.dialogues.get(user_id)
        assert current == saved
        moved = await uow.dialogues.save(
            dataclasses.replace(saved, step="consent", data={"locale": "tr"})
        )
        await uow.commit()
    assert moved.version == 2
    async with uow_factory() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.dialogues.save(dataclasses.replace(saved, step="stale"))
    async with uow_factory() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.dialogues.save(DialogueState(user_id, "onboarding", "again"))


async def test_deleting_a_user_removes_their_data(uow_factory: SqlUnitOfWorkFactory) -> None:
    user_id = await _user(uow_factory)
    async with uow_factory() as uow:
        await uow.profiles.save(_profile(user_id))
        await uow.dialogues.save(DialogueState(user_id, "onboarding", "language"))
        await uow.progress.set_mastery([TopicMastery(user_id, "yks", "paragraf", 0.4, NOW)])
        await uow.commit()
    async with uow_factory() as uow:
        await uow.users.delete(user_id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.find_by_identity("telegram", "1001") is None
        assert await uow.profiles.get(user_id) is None
        assert await uow.dialogues.get(user_id) is None
        assert await uow.progress.mastery(user_id, "yks") == {}


async def test_a_saved_session_reads_back_field_for_field(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """update_session writes every field (a prebuilt statement: a column left out of it would
    silently keep its old value) and get_session / get read the stored rows back."""
    user_id = await _user(uow_factory)
    draft = _plan(user_id, PlanStatus.ACTIVE)
    async with uow_factory() as uow:
        plan = await uow.plans.add(draft, [_session(user_id, "s1", 1, SessionStatus.SCHEDULED)])
        [stored] = await uow.plans.sessions(plan.id)
        changed = dataclasses.replace(
            stored,
            key="s1b",
            kind="review",
            date=date(2026, 12, 5),
            start=time(9, 30),
            minutes=35,
            subject_id="tyt_turkce",
            topic_id="paragraf",
            lesson_id="paragraf_1",
            reason="review due",
            reason_data={"code": "review"},
            status=SessionStatus.DONE,
            completed_at=NOW,
            minutes_spent=33,
            pinned=True,
            difficulty_rating=4,
        )
        await uow.plans.update_session(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.plans.get_session(stored.id) == changed
        assert await uow.plans.get_session(stored.id + 1000) is None
        got = await uow.plans.get(plan.id)
        assert got is not None and got.summary == {"planned_minutes": 90}
        assert await uow.plans.get(plan.id + 1000) is None
