"""The coach's long-lived services, built once from the catalogue and shared by the dialogue
engine, the subscribers and the scheduled jobs (`build_services`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from coach.accounts.usecases import LinkUseCases
from coach.aitutor.tutor import SocraticTutor
from coach.community.matching import DEFAULT_MATCH_POLICY
from coach.community.model import MatchPolicy
from coach.community.reactions import CommunityReactions
from coach.core.clock import DAY_START
from coach.forum.reactions import ForumReactions
from coach.learning.adapt import Adaptation
from coach.learning.escalation import TutorOffers
from coach.learning.resources import ResourceAdvisor
from coach.learning.usecases import ResourceUseCases
from coach.liveqa.reactions import LiveQaReactions
from coach.motivation.reactions import MotivationReactions
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService
from coach.plans.usecases import PlanUseCases
from coach.tutors.notices import TutorNotices
from coach.tutors.offers import HumanTutorOffers
from coach.tutors.room_model import RoomPlace
from coach.tutors.rooms import TutorRooms
from coach.tutors.triggers import EscalationSignals


@dataclass(frozen=True, slots=True)
class CoachServices:
    """What the features offer each other; built from their own dependencies only."""

    catalog: Catalog
    planning: PlanningService
    plans: PlanUseCases
    advisor: ResourceAdvisor
    resources: ResourceUseCases
    adaptation: Adaptation
    links: LinkUseCases
    ai_tutor: SocraticTutor  # the Socratic tutor; its model is optional
    liveqa: LiveQaReactions
    forum: ForumReactions
    community: CommunityReactions
    tutor_notices: TutorNotices  # what the other side of a human-tutor escalation hears
    motivation: MotivationReactions  # XP ledger and study days on the learning events
    tutor_rooms: TutorRooms  # the escalations' topics in a tutor supergroup (when configured)
    tutor_signals: EscalationSignals | None = None  # wheel-spinning and failed mocks -> offer


def build_services(
    catalog: Catalog,
    *,
    tutors: TutorOffers | None = None,
    ai_tutor: SocraticTutor | None = None,
    day_start: time = DAY_START,
    group_policy: MatchPolicy = DEFAULT_MATCH_POLICY,
    tutor_room: RoomPlace | None = None,
) -> CoachServices:
    """Every service, each from what it needs."""
    planning = PlanningService(catalog)
    advisor = ResourceAdvisor()
    offers = tutors or HumanTutorOffers(catalog)
    notices = TutorNotices(catalog, rooms=tutor_room is not None)
    return CoachServices(
        catalog=catalog,
        planning=planning,
        plans=PlanUseCases(planning),
        advisor=advisor,
        resources=ResourceUseCases(catalog, advisor),
        adaptation=Adaptation(catalog, offers, advisor),
        links=LinkUseCases(),
        ai_tutor=ai_tutor or SocraticTutor(),
        liveqa=LiveQaReactions(catalog),
        forum=ForumReactions(),
        community=CommunityReactions(catalog, group_policy),
        tutor_notices=notices,
        motivation=MotivationReactions(catalog, day_start),
        tutor_rooms=TutorRooms(catalog, notices, tutor_room),
        # other offer ports (the plain recorder) have no human tutors to offer on these signals
        tutor_signals=EscalationSignals(catalog, offers)
        if isinstance(offers, HumanTutorOffers)
        else None,
    )
