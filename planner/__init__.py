"""The planning core: pure code that turns a curriculum, a profile and progress into a plan.

Frozen dataclasses in (`planner.model`), frozen dataclasses out (`planner.plan`); the standard
library and `fsrs` only, no clock and no randomness, so the same request gives the same plan.
"""

from planner.builder import build_plan
from planner.model import (
    WEEKDAYS,
    Curriculum,
    ExamPart,
    Lesson,
    PlannerSettings,
    PlanRequest,
    StudyProfile,
    Subject,
    TimeWindow,
    Topic,
)
from planner.plan import (
    Change,
    DiffEntry,
    Plan,
    PlanSummary,
    Reason,
    Replan,
    Session,
    SessionKind,
    Unscheduled,
)
from planner.replan import Outcome, PinnedMove, SessionOutcome, replan

__all__ = [
    "WEEKDAYS",
    "Change",
    "Curriculum",
    "DiffEntry",
    "ExamPart",
    "Lesson",
    "Outcome",
    "PinnedMove",
    "Plan",
    "PlanRequest",
    "PlanSummary",
    "PlannerSettings",
    "Reason",
    "Replan",
    "Session",
    "SessionKind",
    "SessionOutcome",
    "StudyProfile",
    "Subject",
    "TimeWindow",
    "Topic",
    "Unscheduled",
    "build_plan",
    "replan",
]
