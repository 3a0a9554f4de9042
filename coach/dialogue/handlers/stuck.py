"""/stuck: help with the current topic right now — our summary sheet and resources."""

from __future__ import annotations

from coach.catalog import Catalog
from coach.dialogue.payloads import make
from coach.dialogue.present import topic_name
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn


class StuckCommand:
    """Resources for the topic the student is on."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

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
        links = [
            {
                "type": r.type,
                "title": r.title_en if english and r.title_en else r.title,
                "url": r.url,
                "minutes": r.minutes,
                "verified": r.verified,
            }
            for r in topic.resources
            if r.url
        ][:3]
        prerequisites = [
            topic_name(pack, p, turn.locale)
            for p in topic.prerequisites
            if mastery.get(p, 0.3) < 0.6
        ][:3]
        turn.say(
            "stuck/help",
            [
                [turn.button("easier_quiz", make("m", "quiz"))],
                [turn.button("menu_today", make("m", "today"))],
            ],
            topic=topic_name(pack, topic.id, turn.locale),
            points=points,
            links=links,
            prerequisites=prerequisites,
        )
