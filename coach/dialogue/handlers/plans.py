"""Plan preview and activation, and re-plan proposals the student accepts or declines.

`pv:*` buttons: a new preview, activation (one tap), adjustments (time, exam date) that lead to
a new preview. `plan:*` buttons: accept or keep exactly the proposal they name (from a
check-in, a settings change, "I can't study tomorrow", the weekly review, the nightly run).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from coach.actions import (
    MENU,
    MENU_AWAY_TODAY,
    PREVIEW_ACTIVATE,
    PREVIEW_ADJUST,
    PREVIEW_NEW,
    PROPOSAL_ACCEPT,
    PROPOSAL_CHANGES,
    PROPOSAL_KEEP,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import describe, next_steps, topic_name
from coach.dialogue.reactions import show_changes, show_proposal
from coach.dialogue.turn import Turn
from coach.domain import StudyPlan, StudySession
from coach.packs.catalog import Catalog
from coach.plans.figures import calendar_week
from coach.plans.service import Answer
from coach.plans.usecases import (
    ActivatePlan,
    Activation,
    AnswerProposal,
    ForStudent,
    PlanUseCases,
    ProposalQuery,
    ProposeReplan,
)

FOCUS_TOPICS = 5
Edit = Callable[[Turn, str, str], Awaitable[None]]
Today = Callable[[Turn, tuple[str, ...]], Awaitable[None]]


def _mock_code(session: StudySession) -> str:
    """The reason code of a mock exam session ("full_mock", "mini_mock"), else ""."""
    return str(session.reason_data.get("code", "")) if session.kind == "mock_exam" else ""


class PreviewActions:
    """Show a plan before it starts; activate it in one tap."""

    def __init__(self, catalog: Catalog, plans: PlanUseCases, edit: Edit, today: Today) -> None:
        self._catalog = catalog
        self._plans = plans
        self._edit = edit
        self._today = today

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer the preview buttons."""
        buttons.on(PREVIEW_NEW, self.new)
        buttons.on(PREVIEW_ACTIVATE, self.activate)
        buttons.on(PREVIEW_ADJUST, self.adjust)

    async def show_new(self, turn: Turn) -> None:
        """Build a fresh preview from the profile and show it."""
        if await turn.run(self._plans.profile, ForStudent(turn.user.id)) is None:
            turn.say("common/setup_first")
            return
        turn.typing()
        preview = await turn.run(self._plans.preview, ForStudent(turn.user.id))
        if preview.draft is not None:
            self._show(turn, preview.draft, preview.sessions)

    def _show(self, turn: Turn, draft: StudyPlan, sessions: Sequence[StudySession]) -> None:
        pack = self._catalog.pack(draft.pack_id)
        focus: dict[str, str] = {}
        for session in sessions:
            if session.kind == "lesson" and session.topic_id and session.topic_id not in focus:
                focus[session.topic_id] = describe(session, pack, turn.locale)["reason"]
            if len(focus) == FOCUS_TOPICS:
                break
        summary = draft.summary
        weeks = max(1, (draft.exam_date - draft.start_date).days // 7)
        left_out: list[str] = []
        for lesson_id in summary.get("unscheduled_lessons", [])[:40]:
            lesson = pack.lessons_by_id.get(lesson_id)
            if lesson is not None:
                name = topic_name(pack, pack.topic_of_lesson(lesson_id).id, turn.locale)
                if name not in left_out:
                    left_out.append(name)
        turn.say(
            "plans/preview",
            [
                [turn.button("activate", PREVIEW_ACTIVATE.payload(draft.id), "primary")],
                [
                    turn.button("adjust_time", PREVIEW_ADJUST.payload("avail")),
                    turn.button("adjust_date", PREVIEW_ADJUST.payload("date")),
                ],
            ],
            focus=[(topic_name(pack, t, turn.locale), reason) for t, reason in focus.items()],
            weeks=weeks,
            exam_date=draft.exam_date,
            week=calendar_week(sessions, draft.start_date),
            # Full mock sessions (one per exam part) and weekly mini mocks, counted apart: the
            # summary's one total read as 28 full exams for a plan of mostly 45-minute minis.
            full_mocks=sum(1 for s in sessions if _mock_code(s) == "full_mock"),
            mini_mocks=sum(1 for s in sessions if _mock_code(s) == "mini_mock"),
            unscheduled=int(summary.get("unscheduled", 0)),
            left_out=left_out[:4],
        )

    async def new(self, turn: Turn, payload: Payload) -> None:
        """A fresh preview."""
        await self.show_new(turn)

    async def adjust(self, turn: Turn, payload: Payload) -> None:
        """Change the free time or the exam date, then a new preview."""
        if payload.arg(0) not in ("avail", "date"):
            turn.say("common/stale_button")
            return
        await self._edit(turn, payload.arg(0), "preview")

    async def activate(self, turn: Turn, payload: Payload) -> None:
        """Start the previewed plan."""
        plan_id = payload.int_arg(0)
        if plan_id is None:
            turn.say("common/stale_button")
            return
        result = await turn.run(self._plans.activate, ActivatePlan(turn.user.id, plan_id))
        if result is Activation.GONE:
            turn.say("common/stale_button")
        elif result is Activation.ALREADY:
            turn.say("plans/already_active", next_steps(turn))
        elif result is Activation.OUTDATED:
            turn.say("plans/preview_outdated", [[turn.button("make_plan", PREVIEW_NEW.payload())]])
        else:
            turn.idle()
            turn.say("plans/activated")
            await self._today(turn, ())


class ProposalActions:
    """Accept or keep a re-plan proposal — exactly the one the button names."""

    def __init__(self, plans: PlanUseCases) -> None:
        self._plans = plans

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer Accept and Keep my plan."""
        buttons.on(PROPOSAL_ACCEPT, self.accept)
        buttons.on(PROPOSAL_KEEP, self.keep)
        buttons.on(PROPOSAL_CHANGES, self.changes)

    async def changes(self, turn: Turn, payload: Payload) -> None:
        """The full list of the proposal's changes (the proposal itself says them in words)."""
        proposal_id = payload.int_arg(0)
        proposal = None
        if proposal_id is not None:
            query = ProposalQuery(turn.user.id, proposal_id)
            proposal = await turn.run(self._plans.proposal, query)
        show_changes(turn, proposal)

    async def accept(self, turn: Turn, payload: Payload) -> None:
        """Apply the proposal's future to the active plan."""
        await self._answer(turn, payload, accept=True)

    async def keep(self, turn: Turn, payload: Payload) -> None:
        """Keep the plan as it is."""
        await self._answer(turn, payload, accept=False)

    async def _answer(self, turn: Turn, payload: Payload, *, accept: bool) -> None:
        proposal_id = payload.int_arg(0)
        if proposal_id is None:
            turn.say("plans/proposal_gone", next_steps(turn))
            return
        result = await turn.run(
            self._plans.answer, AnswerProposal(turn.user.id, proposal_id, accept)
        )
        if result.answer is Answer.ACCEPTED:
            turn.say("plans/accepted", next_steps(turn))
        elif result.answer is Answer.KEPT:
            turn.say("plans/kept", next_steps(turn))
        elif result.answer is Answer.OUTDATED:
            # The plan changed since (another proposal, a session done): look again from now.
            turn.say("plans/proposal_outdated")
            fresh = await turn.run(self._plans.propose, _again(turn.user.id, result.proposal))
            show_proposal(turn, fresh)
        else:
            turn.say("plans/proposal_gone", next_steps(turn))


class AwayCommands:
    """ "I can't study tomorrow" and "I'm tired": re-plan around the student, with consent."""

    def __init__(self, plans: PlanUseCases) -> None:
        self._plans = plans

    async def away(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Propose a plan without study on the given day (today or tomorrow)."""
        day = turn.today() + timedelta(days=0 if args[:1] == ("today",) else 1)
        proposal = await turn.run(
            self._plans.propose, ProposeReplan(turn.user.id, cause="away", away=(day,))
        )
        turn.say("plans/away_ack", day=day)
        show_proposal(turn, proposal)

    async def tired(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Acknowledge, and offer a light option or an evening off."""
        turn.say(
            "plans/tired",
            [
                [turn.button("light_quiz", MENU["quiz"].payload())],
                [turn.button("evening_off", MENU_AWAY_TODAY.payload())],
                [turn.button("keep_going", MENU["today"].payload())],
            ],
        )


def _again(user_id: int, outdated: StudyPlan | None) -> ProposeReplan:
    """The re-plan that replaces an outdated proposal: a topic time factor it carried (a
    tutor's "more time") is still only proposed, so it stays in the new proposal."""
    summary = outdated.summary if outdated is not None else {}
    if not summary.get("topic_factors"):
        return ProposeReplan(user_id)
    extra = {k: summary[k] for k in ("topic_factors", "escalation") if k in summary}
    return ProposeReplan(user_id, cause=str(summary.get("cause", "replan")), extra=extra)
