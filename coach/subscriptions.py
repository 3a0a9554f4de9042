"""The one table of which subscriber reacts to which domain event.

Reactions that change the coach's own records (decisions, time factors, feedback rows) and
those that reach the outside (an outbox row for a push) both run inside the transaction of the
change that caused them; `outside=True` marks the second kind. Reading this table is how a
newcomer finds what happens on "Done": docs/architecture.md prints it.
"""

from __future__ import annotations

from coach.community import attendance
from coach.community.events import (
    GroupFormed,
    GroupMemberJoined,
    GroupProposed,
    GroupSessionPlanned,
    GroupWeekSummarised,
)
from coach.events import EventBus
from coach.forum.events import ForumAnswerGiven
from coach.learning.events import (
    MockRecorded,
    QuizAnswered,
    QuizFinished,
    ResourcesRecommended,
    StruggleDetected,
)
from coach.liveqa.events import QaAttendanceGiven, QaSessionScheduled
from coach.motivation.challenge_reactions import ChallengeReactions
from coach.motivation.challenges import ChallengeCompleted
from coach.motivation.events import (
    BadgeEarned,
    BadgesShown,
    LeagueClosed,
    StreakFreezeUsed,
    XpEarned,
)
from coach.notifications.reactions import NotificationReactions
from coach.services import CoachServices
from coach.sessions.events import (
    CheckInCompleted,
    SessionCompleted,
    SessionRated,
    SessionSkipped,
)
from coach.tutors.events import EscalationMoved, MessageRelayed, TutorsAsked, TutorsReleased


def subscriptions(services: CoachServices) -> EventBus:
    """Every subscription of the running coach, in the order they run."""
    bus = EventBus()
    adapt = services.adaptation
    pushes = NotificationReactions(services.catalog)
    bus.subscribe(SessionRated, adapt.on_session_rated, name="learning.struggle_check")
    bus.subscribe(SessionSkipped, adapt.on_session_skipped, name="learning.struggle_check")
    bus.subscribe(QuizFinished, adapt.on_quiz_finished, name="learning.adapt_after_quiz")
    bus.subscribe(StruggleDetected, adapt.on_struggle, name="learning.other_resource")
    bus.subscribe(StruggleDetected, adapt.on_struggle_tutor, name="learning.tutor_offer")
    bus.subscribe(CheckInCompleted, adapt.on_check_in, name="learning.lesson_pace")
    bus.subscribe(
        ResourcesRecommended,
        pushes.on_resources,
        name="notifications.resource_push",
        outside=True,
    )
    liveqa = services.liveqa
    bus.subscribe(QaSessionScheduled, liveqa.on_scheduled, name="liveqa.invite", outside=True)
    bus.subscribe(QaAttendanceGiven, liveqa.on_attending, name="liveqa.reminder", outside=True)
    bus.subscribe(
        ForumAnswerGiven, services.forum.on_answer, name="forum.answer_push", outside=True
    )
    community = services.community
    bus.subscribe(GroupProposed, community.on_proposed, name="community.invite", outside=True)
    bus.subscribe(GroupFormed, community.on_formed, name="community.welcome", outside=True)
    bus.subscribe(GroupMemberJoined, community.on_joined, name="community.welcome", outside=True)
    bus.subscribe(
        GroupSessionPlanned, community.on_session_planned, name="community.session", outside=True
    )
    bus.subscribe(GroupWeekSummarised, community.on_week, name="community.week", outside=True)
    bus.subscribe(GroupSessionPlanned, attendance.on_session_planned, name="community.roll")
    bus.subscribe(CheckInCompleted, attendance.on_check_in, name="community.attendance")
    notices = services.tutor_notices
    bus.subscribe(TutorsAsked, notices.on_asked, name="tutors.ask", outside=True)
    bus.subscribe(TutorsReleased, notices.on_released, name="tutors.released", outside=True)
    bus.subscribe(EscalationMoved, notices.on_moved, name="tutors.notice", outside=True)
    rooms = services.tutor_rooms
    bus.subscribe(EscalationMoved, rooms.on_moved, name="tutors.room", outside=True)
    bus.subscribe(MessageRelayed, notices.on_relayed, name="tutors.relay", outside=True)
    xp = services.motivation
    bus.subscribe(SessionCompleted, xp.on_session_completed, name="motivation.xp_and_streak")
    bus.subscribe(SessionSkipped, xp.on_session_skipped, name="motivation.xp_and_streak")
    bus.subscribe(QuizAnswered, xp.on_quiz_answered, name="motivation.xp")
    bus.subscribe(QuizFinished, xp.on_quiz_finished, name="motivation.xp")
    bus.subscribe(MockRecorded, xp.on_mock_recorded, name="motivation.xp")
    party = xp.celebrations
    bus.subscribe(XpEarned, party.on_level, name="motivation.celebrate", outside=True)
    bus.subscribe(BadgeEarned, party.on_badge, name="motivation.celebrate", outside=True)
    bus.subscribe(BadgesShown, party.on_badges_shown, name="motivation.celebrate", outside=True)
    bus.subscribe(StreakFreezeUsed, party.on_freeze, name="motivation.celebrate", outside=True)
    bus.subscribe(LeagueClosed, party.on_league, name="motivation.celebrate", outside=True)
    challenges = ChallengeReactions(services.catalog)
    bus.subscribe(SessionCompleted, challenges.on_session_completed, name="motivation.challenge")
    bus.subscribe(MockRecorded, challenges.on_mock_recorded, name="motivation.challenge")
    bus.subscribe(
        ChallengeCompleted, challenges.on_completed, name="motivation.celebrate", outside=True
    )
    if (signals := services.tutor_signals) is not None:
        bus.subscribe(QuizFinished, signals.on_quiz_finished, name="tutors.wheel_spinning")
        bus.subscribe(MockRecorded, signals.on_mock_recorded, name="tutors.failed_mocks")
    return bus
