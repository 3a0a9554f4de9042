"""Use cases and reads of the learning feature that the conversation calls: mastery, topic
levels, the decision history, feedback on sessions and resources, resources for a topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.learning.events import ResourcesRecommended
from coach.learning.inputs import level_inputs
from coach.learning.records import Decision, Feedback
from coach.learning.resources import RECOMMEND, ResourceAdvisor
from coach.packs.catalog import Catalog

MAX_COMMENT = 1000


@dataclass(frozen=True, slots=True)
class InPack:
    """A read about one student in one pack."""

    user_id: int
    pack_id: str


@dataclass(frozen=True, slots=True)
class Decisions:
    """The latest decisions, newest first (optionally of one kind)."""

    user_id: int
    pack_id: str | None = None
    kind: str | None = None
    limit: int = 8


@dataclass(frozen=True, slots=True)
class RateUsefulness:
    """How useful a session (or its lesson) was, 1-5, or a comment on it."""

    user_id: int
    session_id: int
    rating: int | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class RateResource:
    """The student's 1-5 rating of a resource the coach recommended."""

    user_id: int
    decision_id: int
    rating: int


@dataclass(frozen=True, slots=True)
class RecommendFor:
    """Resources for a topic the student is stuck on."""

    user_id: int
    pack_id: str
    topic_id: str
    trigger: str = "stuck"


async def mastery(uow: UnitOfWork, now: datetime, query: InPack) -> Mapping[str, float]:
    """Topic id -> mastery, for the topics the student has a belief about."""
    return await uow.progress.mastery(query.user_id, query.pack_id)


async def topic_levels(
    uow: UnitOfWork, now: datetime, query: InPack
) -> dict[str, tuple[float, bool]]:
    """Practised topics: (mastery, confirmed on a later day)."""
    found = await uow.progress.mastery(query.user_id, query.pack_id)
    attempts = await uow.learning.attempts(query.user_id, query.pack_id)
    return level_inputs(found, attempts)


async def decisions(uow: UnitOfWork, now: datetime, query: Decisions) -> Sequence[Decision]:
    """What the coach decided lately, with the reasons kept in each decision."""
    return await uow.feedback.decisions(
        query.user_id, query.pack_id, kind=query.kind, limit=query.limit
    )


async def rate_usefulness(uow: UnitOfWork, now: datetime, command: RateUsefulness) -> bool:
    """Keep a usefulness rating or a comment about a session; False when it is not theirs."""
    session = await uow.plans.get_session(command.session_id)
    if session is None or session.user_id != command.user_id:
        return False
    plan = await uow.plans.get(session.plan_id)
    if plan is None:
        return False
    kind, target = ("lesson", session.lesson_id) if session.lesson_id else ("session", "")
    await uow.feedback.add_feedback(
        Feedback(
            command.user_id,
            plan.pack_id,
            kind,
            target or str(session.id),
            session.topic_id,
            now,
            rating=command.rating,
            comment=command.comment[:MAX_COMMENT] if command.comment else None,
        )
    )
    return True


class ResourceUseCases:
    """Resource recommendations the student asks for, and their ratings."""

    def __init__(self, catalog: Catalog, advisor: ResourceAdvisor) -> None:
        self._catalog = catalog
        self._advisor = advisor

    async def recommend(
        self, uow: UnitOfWork, now: datetime, command: RecommendFor
    ) -> Sequence[Decision]:
        """The best resources for the topic, each recorded with its reason."""
        user = await uow.users.get(command.user_id)
        if user is None or command.pack_id not in self._catalog.packs:
            return ()
        pack = self._catalog.pack(command.pack_id)
        picks = await self._advisor.recommend(
            uow, user, pack, command.topic_id, now, trigger=command.trigger
        )
        if picks:
            await uow.record(
                ResourcesRecommended(
                    user_id=user.id,
                    at=now,
                    pack_id=pack.id,
                    topic_id=command.topic_id,
                    trigger=command.trigger,
                    decisions=picks,
                )
            )
        return picks

    async def rate(self, uow: UnitOfWork, now: datetime, command: RateResource) -> Decision | None:
        """Keep the rating of a recommended resource; None when the button is not theirs."""
        if not 1 <= command.rating <= 5:
            return None
        found = [
            d
            for d in await uow.feedback.decisions(command.user_id, kind=RECOMMEND, limit=200)
            if d.id == command.decision_id
        ]
        user = await uow.users.get(command.user_id)
        if not found or user is None or found[0].pack_id not in self._catalog.packs:
            return None
        decision = found[0]
        pack = self._catalog.pack(decision.pack_id)
        await self._advisor.rate(uow, user, pack, decision, rating=command.rating, now=now)
        return decision
