"""Recording work on a lesson when a session of it is done (or partly done)."""

from __future__ import annotations

from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.domain import LessonProgress, StudySession


def is_last_part(session: StudySession) -> bool:
    """Whether the session is the last part of its lesson (long lessons are split)."""
    return session.reason_data.get("part", 1) == session.reason_data.get("parts", 1)


async def record_lesson_work(
    uow: UnitOfWork,
    session: StudySession,
    pack_id: str,
    *,
    completed: bool,
    minutes: int,
    now: datetime,
) -> None:
    """Mark the session's lesson done (its last part, completed) or in progress."""
    if not session.lesson_id:
        return
    finished = completed and is_last_part(session)
    await uow.progress.save_lesson_progress(
        LessonProgress(
            session.user_id,
            pack_id,
            session.lesson_id,
            "done" if finished else "in_progress",
            minutes,
            now if finished else None,
        )
    )
