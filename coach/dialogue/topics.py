"""Which topic the student means or is working on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from coach.dialogue.intents import fold
from coach.dialogue.turn import Turn
from coach.domain import StudyPlan
from coach.plans.usecases import PlanUseCases, SessionsBetween
from content import Pack, Topic


def find_topic(pack: Pack, text: str) -> Topic | None:
    """A topic by id or by (part of) its Turkish or English name, case- and accent-blind."""
    wanted = fold(text.strip())
    if not wanted:
        return None
    if wanted in pack.topics_by_id:
        return pack.topics_by_id[wanted]
    for topic in pack.topics:
        names = (fold(topic.name), fold(topic.name_en or ""))
        if any(name == wanted for name in names):
            return topic
    for topic in pack.topics:
        if any(wanted in fold(name) for name in (topic.name, topic.name_en or "")):
            return topic
    return None


async def current_topic(
    turn: Turn,
    pack: Pack,
    plans: PlanUseCases,
    plan: StudyPlan | None,
    mastery: Mapping[str, float],
) -> Topic | None:
    """Today's first lesson topic, else the most recent one, else the weakest valuable topic."""
    if plan is not None:
        today = turn.study_day()
        recent = await turn.run(
            plans.sessions, SessionsBetween(turn.user.id, today - timedelta(days=7), today)
        )
        # The session the student last started or skipped is the one at hand.
        at_hand = turn.state.data.get("at_hand")
        for session in recent.sessions:
            topic = pack.topics_by_id.get(session.topic_id or "")
            if session.id == at_hand and topic is not None:
                return topic
        for session in sorted(
            recent.sessions, key=lambda s: (s.date != today, -s.date.toordinal())
        ):
            topic = pack.topics_by_id.get(session.topic_id or "")
            if topic is not None:
                return topic
        track = plan.track
        candidates = pack.topics_for_track(track)
        if candidates:
            return max(
                candidates,
                key=lambda t: ((1 - mastery.get(t.id, 0.3)) * pack.topic_weight(t.id, track), t.id),
            )
    return None
