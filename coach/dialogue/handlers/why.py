"""/why: the decision history ("why did the coach do X"), and topic levels for /progress."""

from __future__ import annotations

from coach.dialogue.present import next_steps, topic_name
from coach.dialogue.reactions import decision_text
from coach.dialogue.turn import Turn
from coach.learning.mastery import khan_level
from coach.learning.usecases import Decisions, InPack, decisions, topic_levels
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases

SHOWN = 8
TOPICS_SHOWN = 6


class WhyCommands:
    """Explain the coach's recent decisions and show topic levels."""

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans

    async def why(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The latest decisions with their reasons, newest first."""
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        if profile is None:
            turn.say("common/setup_first")
            return
        pack = self._catalog.pack(profile.pack_id)
        found = await turn.run(decisions, Decisions(turn.user.id, pack.id, limit=SHOWN))
        if not found:
            turn.say("adaptive/why_empty", next_steps(turn))
            return
        lines = [(d.created_at, decision_text(pack, d, turn.locale)) for d in found]
        turn.say("adaptive/why", lines=lines)

    async def levels(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Khan-style levels of the practised topics: the weakest first."""
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        if profile is None:
            return
        pack = self._catalog.pack(profile.pack_id)
        practised = await turn.run(topic_levels, InPack(turn.user.id, pack.id))
        if not practised:
            return
        rows = sorted(practised.items(), key=lambda item: (item[1][0], item[0]))
        topics = [
            {
                "name": topic_name(pack, topic_id, turn.locale),
                "mastery": round(value * 100),
                "level": khan_level(value, confirmed=confirmed),
            }
            for topic_id, (value, confirmed) in rows[:TOPICS_SHOWN]
        ]
        turn.say("adaptive/levels", topics=topics, more=max(0, len(rows) - TOPICS_SHOWN))
