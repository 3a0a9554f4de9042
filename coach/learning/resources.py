"""Resource recommendations as a use case: gather what the policy needs, record the decision.

The choice itself is `coach.recommend.recommend` (pure). Here: the topic's resources in the
student's language, the types the student rated well, what similar students rated well, the
resource offered last time (never twice in a row), and after a failed quiz the type already
used. Every recommendation is written to the decision history with its reason.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.domain import User
from coach.learning.recommend import RecommendInput, ResourceOption, recommend
from coach.learning.records import Decision, Feedback
from content import Pack

RECOMMEND = "recommend"
DEFAULT_USED_TYPE = "summary"  # a started session already shows our summary sheet


def options_for(pack: Pack, topic_id: str, locale: str) -> list[ResourceOption]:
    """The topic's resources the student can use (links only when verified or ours)."""
    topic = pack.topics_by_id.get(topic_id)
    if topic is None:
        return []
    return [ResourceOption.of(resource, locale) for resource in topic.resources]


def _type_ratings(feedback: Sequence[Feedback]) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for item in feedback:
        if item.resource_type and item.rating is not None:
            totals.setdefault(item.resource_type, []).append(item.rating)
    return {kind: sum(values) / len(values) for kind, values in totals.items()}


@dataclass
class ResourceAdvisor:
    """Recommends resources and remembers what it recommended."""

    rng: random.Random = field(default_factory=lambda: random.Random(20))

    async def recommend(
        self,
        uow: UnitOfWork,
        user: User,
        pack: Pack,
        topic_id: str,
        now: datetime,
        *,
        avoid_type: str | None = None,
        limit: int = 2,
        trigger: str = "asked",
    ) -> tuple[Decision, ...]:
        """The best resources for the topic, recorded as decisions with their reasons."""
        options = options_for(pack, topic_id, user.locale)
        if not options:
            return ()
        mastery = (await uow.progress.mastery(user.id, pack.id)).get(topic_id, 0.3)
        last = await uow.feedback.decisions(
            user.id, pack.id, topic_id=topic_id, kind=RECOMMEND, limit=1
        )
        context = RecommendInput(
            topic_id=topic_id,
            mastery=mastery,
            locale=user.locale,
            type_ratings=_type_ratings(await uow.feedback.feedback(user.id, pack.id)),
            peer_ratings=await uow.feedback.peer_resource_ratings(
                pack.id, topic_id, user.id, mastery
            ),
            last_resource_id=str(last[0].params.get("resource_id")) if last else None,
            avoid_type=avoid_type,
        )
        picks = recommend(options, context, self.rng, limit)
        decisions = []
        for pick in picks:
            resource = pick.resource
            decision = Decision(
                user.id,
                pack.id,
                RECOMMEND,
                "recommend",
                now,
                topic_id,
                {
                    "resource_id": resource.id,
                    "type": resource.type,
                    "title": resource.title,
                    "url": resource.url,
                    "minutes": resource.minutes,
                    "verified": resource.verified,
                    "search": resource.search,
                    "why": pick.reason_code,
                    "why_params": dict(pick.reason_params),
                    "trigger": trigger,
                },
            )
            decisions.append(await uow.feedback.add_decision(decision))
        return tuple(decisions)

    async def alternative(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> tuple[Decision, ...]:
        """After a failed quiz: an explanation of another type than the one used last."""
        last = await uow.feedback.decisions(
            user.id, pack.id, topic_id=topic_id, kind=RECOMMEND, limit=1
        )
        used = str(last[0].params.get("type")) if last else DEFAULT_USED_TYPE
        return await self.recommend(
            uow, user, pack, topic_id, now, avoid_type=used, limit=1, trigger="failed_quiz"
        )

    async def rate(
        self,
        uow: UnitOfWork,
        user: User,
        pack: Pack,
        decision: Decision,
        *,
        rating: int,
        now: datetime,
    ) -> None:
        """Store the student's 1-5 rating of a recommended resource."""
        await uow.feedback.add_feedback(
            Feedback(
                user.id,
                pack.id,
                "resource",
                str(decision.params.get("resource_id")),
                decision.topic_id,
                now,
                rating=rating,
                resource_type=str(decision.params.get("type")),
            )
        )
