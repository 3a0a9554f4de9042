"""/mock: enter a mock exam (deneme) — correct / wrong / blank per test, or per topic.

Per test the student types three numbers ("30 6 4"; with two, the rest are blank). Per topic
they type "Problemler 5 2 1" lines, then Done. The nets (correct - wrong x the pack's
wrong_penalty), the weakest topics and the new mastery follow; the mock is stored, the
decision recorded, and next week's plan is re-planned as a proposal (Accept / Keep my plan).
"""

from __future__ import annotations

import re
from typing import Any

from coach.actions import MOCK_DONE, MOCK_SKIP_TEST, MOCK_TOPIC_MODE
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import topic_name
from coach.dialogue.reactions import decision_context
from coach.dialogue.topics import find_topic
from coach.dialogue.turn import Turn
from coach.learning.mock import MockEntry
from coach.learning.quizzes import RecordMock, record_mock
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases
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

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans

    def register(self, buttons: ButtonRegistry) -> None:
        """Skip a test, switch to topic lines, finish — while the flow runs."""
        buttons.on(MOCK_SKIP_TEST, self.skip_test, flow=FLOW)
        buttons.on(MOCK_TOPIC_MODE, self.topic_mode, flow=FLOW)
        buttons.on(MOCK_DONE, self.done, flow=FLOW)

    async def _pack_track(self, turn: Turn) -> tuple[Pack, str] | None:
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
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
                [[turn.button("mock_done", MOCK_DONE.payload())]],
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
                    turn.button("mock_skip_test", MOCK_SKIP_TEST.payload()),
                    turn.button("mock_topic_mode", MOCK_TOPIC_MODE.payload()),
                ],
                [turn.button("mock_done", MOCK_DONE.payload())],
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

    async def skip_test(self, turn: Turn, payload: Payload) -> None:
        """Leave this test out."""
        if turn.state.step != "test":
            turn.say("common/stale_button")
            await self.prompt(turn)
            return
        turn.update(i=int(turn.data.get("i", 0)) + 1)
        await self.prompt(turn)

    async def topic_mode(self, turn: Turn, payload: Payload) -> None:
        """Enter "topic correct wrong blank" lines instead."""
        turn.goto(FLOW, "topics")
        await self.prompt(turn)

    async def done(self, turn: Turn, payload: Payload) -> None:
        """Finish with what was entered."""
        found = await self._pack_track(turn)
        if found is not None:
            await self._finish(turn, found[0])

    async def _finish(self, turn: Turn, pack: Pack) -> None:
        raw = list(turn.data.get("entries", []))
        turn.idle()
        entries = [MockEntry(str(e[0]), str(e[1]), int(e[2]), int(e[3]), int(e[4])) for e in raw]
        if not entries:
            turn.say("mock/nothing")
            return
        outcome = await turn.run(record_mock, RecordMock(turn.user.id, pack, entries))
        analysis = outcome.analysis
        turn.say(
            "mock/result",
            nets=[(self._name(pack, e, turn.locale), analysis.nets[e.id]) for e in entries],
            total=analysis.total_net,
            **decision_context(pack, outcome.decision, turn.locale),
        )

    def _name(self, pack: Pack, entry: MockEntry, locale: str) -> str:
        if entry.scope == "topic":
            return topic_name(pack, entry.id, locale)
        test = pack.tests_by_id.get(entry.id)
        if test is None:
            return entry.id
        return str(test.name_en if locale == "en" and test.name_en else test.name)
