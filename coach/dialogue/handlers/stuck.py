"""/stuck: help with the current topic right now — our summary sheet, recommended resources
(each with its reason, rated 1-5), weak prerequisites and easier practice from the generators.
"""

from __future__ import annotations

from coach.actions import MENU, QUIZ_EASIER
from coach.aitutor.buttons import explain_topic_button
from coach.dialogue.present import key_points, next_steps, topic_name
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn
from coach.learning.usecases import InPack, RecommendFor, ResourceUseCases, mastery
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases


class StuckCommand:
    """Resources for the topic the student is on."""

    def __init__(self, catalog: Catalog, plans: PlanUseCases, resources: ResourceUseCases) -> None:
        self._catalog = catalog
        self._plans = plans
        self._resources = resources

    async def stuck(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Summary points, links of other types, and an easier practice quiz."""
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        if profile is None:
            turn.say("common/setup_first")
            return
        pack = self._catalog.pack(profile.pack_id)
        plan = await turn.run(self._plans.active, ForStudent(turn.user.id))
        known = await turn.run(mastery, InPack(turn.user.id, pack.id))
        topic = find_topic(pack, " ".join(args)) if args else None
        topic = topic or await current_topic(turn, pack, self._plans, plan, known)
        if topic is None:
            turn.say("stuck/no_topic", next_steps(turn))
            return
        points: tuple[str, ...] = ()
        if topic.summary is not None:
            points = key_points(topic.summary, turn.locale, pack.language)
        prerequisites = [
            topic_name(pack, p, turn.locale) for p in topic.prerequisites if known.get(p, 0.3) < 0.6
        ][:3]
        explain = explain_topic_button(turn, topic.id)
        turn.say(
            "stuck/help",
            [
                [turn.button("easier_quiz", QUIZ_EASIER.payload(topic.id))],
                *([[explain]] if explain else []),
                [turn.button("menu_today", MENU["today"].payload())],
            ],
            topic=topic_name(pack, topic.id, turn.locale),
            points=points,
            links=[],
            prerequisites=prerequisites,
        )
        await turn.run(
            self._resources.recommend, RecommendFor(turn.user.id, pack.id, topic.id, "stuck")
        )
        await turn.react()
