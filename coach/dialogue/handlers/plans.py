"""Plan preview and activation, and re-plan proposals the student accepts or declines.

`pv:*` buttons: a new preview, activation (one tap), adjustments (time, exam date) that lead to
a new preview. `plan:*` buttons: accept or keep a proposal (from a check-in, a settings change,
"I can't study tomorrow", or the weekly review).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import describe, topic_name
from coach.dialogue.turn import Turn
from coach.domain import PlanStatus, StudyPlan
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService, Proposal

PREVIEW_PREFIX = "pv"
PROPOSAL_PREFIX = "plan"
FOCUS_TOPICS = 5
Edit = Callable[[Turn, str, str], Awaitable[None]]
Today = Callable[[Turn, tuple[str, ...]], Awaitable[None]]


class PreviewActions:
    """Show a plan before it starts; activate it in one tap."""

    payload_prefix = PREVIEW_PREFIX

    def __init__(
        self, catalog: Catalog, planning: PlanningService, edit: Edit, today: Today
    ) -> None:
        self._catalog = catalog
        self._planning = planning
        self._edit = edit
        self._today = today

    async def show_new(self, turn: Turn) -> None:
        """Build a fresh preview from the profile and show it."""
        profile = await turn.uow.profiles.get(turn.user.id)
        if profile is None:
            turn.say("common/setup_first")
            return
        turn.typing()
        draft = await self._planning.preview(turn.uow, turn.user, profile, turn.now)
        await self._show(turn, draft)

    async def _show(self, turn: Turn, draft: StudyPlan) -> None:
        pack = self._catalog.pack(draft.pack_id)
        sessions = await turn.uow.plans.sessions(draft.id)
        focus: dict[str, str] = {}
        for session in sessions:
            if session.kind == "lesson" and session.topic_id and session.topic_id not in focus:
                focus[session.topic_id] = describe(session, pack, turn.locale)["reason"]
            if len(focus) == FOCUS_TOPICS:
                break
        summary = draft.summary
        weeks = max(1, (draft.exam_date - draft.start_date).days // 7)
        left_out = []
        for lesson_id in summary.get("unscheduled_lessons", [])[:40]:
            lesson = pack.lessons_by_id.get(lesson_id)
            if lesson is not None:
                name = topic_name(pack, pack.topic_of_lesson(lesson_id).id, turn.locale)
                if name not in left_out:
                    left_out.append(name)
        turn.say(
            "plans/preview",
            [
                [turn.button("activate", make(PREVIEW_PREFIX, "activate", draft.id), "primary")],
                [
                    turn.button("adjust_time", make(PREVIEW_PREFIX, "adjust", "avail")),
                    turn.button("adjust_date", make(PREVIEW_PREFIX, "adjust", "date")),
                ],
            ],
            focus=[(topic_name(pack, t, turn.locale), reason) for t, reason in focus.items()],
            weeks=weeks,
            exam_date=draft.exam_date,
            per_week=int(summary.get("planned_minutes", 0)) // weeks,
            mocks=int(summary.get("mock_exams", 0)),
            unscheduled=int(summary.get("unscheduled", 0)),
            left_out=left_out[:4],
        )

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """New preview, activate, or adjust."""
        if payload.action == "new":
            await self.show_new(turn)
        elif payload.action == "activate":
            await self._activate(turn, payload.int_arg(0))
        elif payload.action == "adjust" and payload.arg(0) in ("avail", "date"):
            await self._edit(turn, payload.arg(0), "preview")
        else:
            turn.say("common/stale_button")

    async def _activate(self, turn: Turn, plan_id: int | None) -> None:
        draft = await turn.uow.plans.get(plan_id) if plan_id is not None else None
        if draft is None or draft.user_id != turn.user.id:
            turn.say("common/stale_button")
            return
        if draft.status is PlanStatus.ACTIVE:
            turn.say("plans/already_active")
            return
        if draft.status is not PlanStatus.DRAFT or draft.summary.get("kind") != "preview":
            turn.say("plans/preview_outdated", [[turn.button("make_plan", make("pv", "new"))]])
            return
        await self._planning.activate(turn.uow, turn.user, draft, turn.now)
        turn.idle()
        turn.say("plans/activated")
        await self._today(turn, ())


class ProposalActions:
    """Accept or keep a re-plan proposal."""

    payload_prefix = PROPOSAL_PREFIX

    def __init__(self, planning: PlanningService) -> None:
        self._planning = planning

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Accept (apply the new future) or keep the current plan."""
        plan_id = payload.int_arg(0)
        proposal = await turn.uow.plans.get(plan_id) if plan_id is not None else None
        if proposal is None:
            proposal = await turn.uow.plans.latest_draft_for(turn.user.id)
        if (
            proposal is None
            or proposal.user_id != turn.user.id
            or proposal.status is not PlanStatus.DRAFT
            or proposal.summary.get("kind") != "proposal"
        ):
            turn.say("plans/proposal_gone")
            return
        if payload.action == "accept":
            applied = await self._planning.accept(turn.uow, turn.user, proposal, turn.now)
            if applied:
                await self._remember_away_days(turn, proposal)
            turn.say("plans/accepted" if applied else "plans/proposal_gone")
        elif payload.action == "keep":
            await turn.uow.plans.set_status(proposal.id, PlanStatus.ARCHIVED, turn.now)
            turn.say("plans/kept")
        else:
            turn.say("common/stale_button")

    async def _remember_away_days(self, turn: Turn, proposal: StudyPlan) -> None:
        away = [date.fromisoformat(d) for d in proposal.summary.get("away", [])]
        profile = await turn.uow.profiles.get(turn.user.id)
        if away and profile is not None:
            blackouts = tuple(sorted({*profile.blackout_dates, *away}))
            await turn.uow.profiles.save(dataclasses.replace(profile, blackout_dates=blackouts))


def show_proposal(turn: Turn, proposal: Proposal | None, template: str = "plans/proposal") -> None:
    """Say what a re-plan would change, with Accept / Keep my plan; or that nothing changes."""
    if proposal is None:
        turn.say("plans/no_change")
        return
    turn.say(
        template,
        [
            [
                turn.button("accept", make(PROPOSAL_PREFIX, "accept", proposal.plan_id), "primary"),
                turn.button("keep", make(PROPOSAL_PREFIX, "keep", proposal.plan_id)),
            ]
        ],
        added=proposal.added,
        moved=proposal.moved,
        removed=proposal.removed,
        changes=[
            {**change, "before": _date(change.get("before")), "after": _date(change.get("after"))}
            for change in proposal.changes[:6]
        ],
    )


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


class AwayCommands:
    """ "I can't study tomorrow" and "I'm tired": re-plan around the student, with consent."""

    def __init__(self, planning: PlanningService) -> None:
        self._planning = planning

    async def away(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Propose a plan without study on the given day (today or tomorrow)."""
        day = turn.today() + timedelta(days=0 if args[:1] == ("today",) else 1)
        proposal = await self._planning.propose(turn.uow, turn.user, turn.now, away=[day])
        turn.say("plans/away_ack", day=day)
        show_proposal(turn, proposal)

    async def tired(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Acknowledge, and offer a light option or an evening off."""
        turn.say(
            "plans/tired",
            [
                [turn.button("light_quiz", make("m", "quiz"))],
                [turn.button("evening_off", make("m", "away_today"))],
                [turn.button("keep_going", make("m", "today"))],
            ],
        )
