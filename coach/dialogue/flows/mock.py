"""/mock: enter a mock exam (deneme) — correct / wrong / blank per test, or per topic.

Per test the student types three numbers ("30 6 4"; with two, the rest are blank). Per topic
they type "Problemler 5 2 1" lines, then Done. The nets (correct - wrong x the pack's
wrong_penalty), the weakest topics and the new mastery follow; the mock is stored, the
decision recorded, and next week's plan is re-planned as a proposal (Accept / Keep my plan).
"""

from __future__ import annotations

import re
from typing import Any

from coach.dialogue.adaptive_views import decision_context, propose_with_reason
from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import topic_name
from coach.dialogue.topics import find_topic
from coach.dialogue.turn import Turn
from coach.domain import TopicMastery
from coach.learning.mastery import params_for
from coach.learning.mock import MockEntry, analyse
from coach.learning.records import Decision, MockResult
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService
from content import Pack

FLOW = "mock"
PREFIX = "mk"
_NUMBERS = re.compile(r"\d{1,3}")
MAX_TOPIC_ENTRIES = 40


def parse_counts(text: str, questions: int | None) -> tuple[int, int, int] | str:
    """(correct, wrong, blank) from "30 6 4" or "30 6"; or a problem code."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if len(numbers) not in (2, 3):
        return "need_numbers"
    correct, wrong = numbers[0], numbers[1]
    if len(numbers) == 3:
        blank = numbers[2]
    elif questions is not None:
        blank = questions - correct - wrong
    else:
        blank = 0
    if blank < 0 or (questions is not None and correct + wrong + blank > questions):
        return "too_many"
    return correct, wrong, blank


class MockFlow:
    """Collects a mock exam's counts and turns them into nets, mastery and a re-plan."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(self, catalog: Catalog, planning: PlanningService) -> None:
        self._catalog = catalog
        self._planning = planning

    async def _pack_track(self, turn: Turn) -> tuple[Pack, str] | None:
        profile = await turn.uow.profiles.get(turn.user.id)
        if profile is None:
            return None
        return self._catalog.pack(profile.pack_id), profile.track

    def _tests(self, pack: Pack, track: str) -> list[str]:
        weights = pack.score_type(track).weights
        with_topics = {pack.subjects_by_id[t.subject_id].test_id for t in pack.topics}
        return [
            test.id
            for session in pack.exam.sessions
            for test in session.tests
            if weights.get(test.id, 0) > 0 and test.id in with_topics
        ]

    async def start(self, turn: Turn, args: tuple[str, ...]) -> None:
        """/mock: begin with the first test of the student's track."""
        found = await self._pack_track(turn)
        if found is None:
            turn.say("common/setup_first")
            return
        pack, track = found
        turn.goto(FLOW, "test", {"tests": self._tests(pack, track), "i": 0, "entries": []})
        turn.say("mock/intro", penalty=pack.exam.net_rule.wrong_penalty)
        await self.prompt(turn)

    async def begin(self, turn: Turn) -> None:
        """Start the flow."""
        await self.start(turn, ())

    async def prompt(self, turn: Turn) -> None:
        """Ask for the current test's counts, or for topic lines."""
        found = await self._pack_track(turn)
        if found is None:
            turn.idle()
            return
        pack, _ = found
        data: dict[str, Any] = turn.data
        if turn.state.step == "topics":
            turn.say(
                "mock/ask_topics",
                [[turn.button("mock_done", make(PREFIX, "done"))]],
                count=len(data.get("entries", [])),
            )
            return
        tests, index = data.get("tests", []), int(data.get("i", 0))
        if index >= len(tests):
            await self._finish(turn, pack)
            return
        test = pack.tests_by_id[tests[index]]
        name = test.name_en if turn.locale == "en" and test.name_en else test.name
        turn.say(
            "mock/ask_test",
            [
                [
                    turn.button("mock_skip_test", make(PREFIX, "skip")),
                    turn.button("mock_topic_mode", make(PREFIX, "topics")),
                ],
                [turn.button("mock_done", make(PREFIX, "done"))],
            ],
            test=name,
            questions=test.questions,
            number=index + 1,
            total=len(tests),
        )

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Counts for the current test, or a "topic c w b" line."""
        found = await self._pack_track(turn)
        if found is None:
            return False
        pack, _ = found
        data: dict[str, Any] = turn.data
        entries = list(data.get("entries", []))
        if turn.state.step == "topics":
            name = _NUMBERS.split(text, maxsplit=1)[0].strip(" :-,")
            topic = find_topic(pack, name) if name else None
            counts = parse_counts(text[len(name) :], None)
            if topic is None or isinstance(counts, str):
                turn.say("mock/bad_topic_line")
                return True
            if len(entries) < MAX_TOPIC_ENTRIES:
                entries.append(["topic", topic.id, *counts])
            turn.update(entries=entries)
            turn.say("mock/topic_added", topic=topic_name(pack, topic.id, turn.locale))
            return True
        tests, index = data.get("tests", []), int(data.get("i", 0))
        if index >= len(tests):
            return False
        counts = parse_counts(text, pack.tests_by_id[tests[index]].questions)
        if isinstance(counts, str):
            turn.say(f"mock/problem_{counts}")
            await self.prompt(turn)
            return True
        entries.append(["test", tests[index], *counts])
        turn.update(entries=entries, i=index + 1)
        await self.prompt(turn)
        return True

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Skip a test, switch to topic lines, or finish."""
        data: dict[str, Any] = turn.data
        if payload.action == "skip" and turn.state.step == "test":
            turn.update(i=int(data.get("i", 0)) + 1)
            await self.prompt(turn)
        elif payload.action == "topics":
            turn.goto(FLOW, "topics")
            await self.prompt(turn)
        elif payload.action == "done":
            found = await self._pack_track(turn)
            if found is not None:
                await self._finish(turn, found[0])
        else:
            turn.say("common/stale_button")
            await self.prompt(turn)

    async def _finish(self, turn: Turn, pack: Pack) -> None:
        raw = list(turn.data.get("entries", []))
        turn.idle()
        entries = [MockEntry(str(e[0]), str(e[1]), int(e[2]), int(e[3]), int(e[4])) for e in raw]
        if not entries:
            turn.say("mock/nothing")
            return
        topics_of_test: dict[str, list[str]] = {}
        for topic in pack.topics:
            test_id = pack.subjects_by_id[topic.subject_id].test_id
            topics_of_test.setdefault(test_id, []).append(topic.id)
        mastery = await turn.uow.progress.mastery(turn.user.id, pack.id)
        analysis = analyse(
            entries,
            wrong_penalty=pack.exam.net_rule.wrong_penalty,
            topics_of_test=topics_of_test,
            mastery=mastery,
            params=params_for(pack),
        )
        await turn.uow.learning.add_mock(
            MockResult(
                turn.user.id,
                pack.id,
                turn.now,
                tuple(
                    {
                        "scope": e.scope,
                        "id": e.id,
                        "correct": e.correct,
                        "wrong": e.wrong,
                        "blank": e.blank,
                        "net": analysis.nets.get(e.id, 0.0),
                    }
                    for e in entries
                ),
                analysis.total_net,
            )
        )
        await turn.uow.progress.set_mastery(
            [
                TopicMastery(turn.user.id, pack.id, t, v, turn.now)
                for t, v in analysis.mastery.items()
            ]
        )
        decision = await turn.uow.feedback.add_decision(
            Decision(
                turn.user.id,
                pack.id,
                "mock",
                "mock",
                turn.now,
                None,
                {"net": analysis.total_net, "weakest": list(analysis.weakest)},
            )
        )
        turn.say(
            "mock/result",
            nets=[(self._name(pack, e, turn.locale), analysis.nets[e.id]) for e in entries],
            total=analysis.total_net,
            **decision_context(pack, decision, turn.locale),
        )
        await propose_with_reason(turn, self._planning, decision, pack)

    def _name(self, pack: Pack, entry: MockEntry, locale: str) -> str:
        if entry.scope == "topic":
            return topic_name(pack, entry.id, locale)
        test = pack.tests_by_id.get(entry.id)
        if test is None:
            return entry.id
        return str(test.name_en if locale == "en" and test.name_en else test.name)
