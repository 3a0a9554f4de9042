"""/stuck: help with the current topic right now — our summary sheet, recommended resources
(each with its reason, rated 1-5), weak prerequisites and easier practice from the generators.
"""

from __future__ import annotations

from coach.dialogue.adaptive_views import show_recommendations
from coach.dialogue.payloads import make
from coach.dialogue.present import topic_name
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn
from coach.learning.resources import ResourceAdvisor
from coach.packs.catalog import Catalog


class StuckCommand:
    """Resources for the topic the student is on."""

    def __init__(self, catalog: Catalog, advisor: ResourceAdvisor | None = None) -> None:
        self._catalog = catalog
        self._advisor = advisor or ResourceAdvisor()

    async def stuck(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Summary points, links of other types, and an easier practice quiz."""
        profile = await turn.uow.profiles.get(turn.user.id)
        if profile is None:
            turn.say("common/setup_first")
            return
        pack = self._catalog.pack(profile.pack_id)
        plan = await turn.uow.plans.active_for(turn.user.id)
        mastery = await turn.uow.progress.mastery(turn.user.id, pack.id)
        topic = find_topic(pack, " ".join(args)) if args else None
        topic = topic or await current_topic(turn, pack, plan, mastery)
        if topic is None:
            turn.say("stuck/no_topic")
            return
        english = turn.locale != "tr"
        points: tuple[str, ...] = ()
        if topic.summary is not None:
            points = (
                topic.summary.points_en
                if english and topic.summary.points_en
                else topic.summary.points
            )
        prerequisites = [
            topic_name(pack, p, turn.locale)
            for p in topic.prerequisites
            if mastery.get(p, 0.3) < 0.6
        ][:3]
        turn.say(
            "stuck/help",
            [
                [turn.button("easier_quiz", make("qs", "easy", topic.id))],
                [turn.button("menu_today", make("m", "today"))],
            ],
            topic=topic_name(pack, topic.id, turn.locale),
            points=points,
            links=[],
            prerequisites=prerequisites,
        )
        picks = await self._advisor.recommend(
            turn.uow, turn.user, pack, topic.id, turn.now, trigger="stuck"
        )
        show_recommendations(turn, pack, picks)
