"""The use case that chooses a quiz's questions for one student (see `coach.learning.picker`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.learning.picker import NO_REPEAT, Candidate, difficulty_of, pick, recently_seen

DEFAULT_MASTERY = 0.3


@dataclass(frozen=True, slots=True)
class PickQuestions:
    """Choose `length` of `candidates` ((reference, authored level 1–5)) for a quiz of `kind`."""

    user_id: int
    pack_id: str
    topic_id: str
    kind: str
    length: int
    candidates: Sequence[tuple[str, int]]


async def pick_questions(uow: UnitOfWork, now: datetime, command: PickQuestions) -> list[str]:
    """The questions that fit the student's mastery of the topic, none seen in the last week
    while unseen ones remain."""
    known = await uow.progress.mastery(command.user_id, command.pack_id)
    fitted = await uow.learning.item_difficulties(command.pack_id)
    recent = await uow.learning.attempts(command.user_id, command.pack_id, since=now - NO_REPEAT)
    seen = recently_seen(((a.question_ref, a.answered_at) for a in recent), now)
    candidates = [
        Candidate(ref, difficulty_of(ref, level, fitted)) for ref, level in command.candidates
    ]
    # A per-student, per-moment shuffle among equally fitting questions.
    tiebreak = {
        c.ref: hashlib.sha256(f"{command.user_id}:{now.isoformat()}:{c.ref}".encode()).hexdigest()
        for c in candidates
    }
    return pick(
        candidates,
        mastery=known.get(command.topic_id, DEFAULT_MASTERY),
        kind=command.kind,
        length=command.length,
        seen=seen,
        tiebreak=tiebreak,
    )
