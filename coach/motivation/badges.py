"""Badges as validated data: the catalogue (badges.yaml) and the pure rules that read a
student's figures.

Each rule is a threshold on one figure of `Stats` (best streak, hours, topics mastered, …), so
a badge is earned from what the ledger and the records say, and rebuilding the figures from the
ledger rebuilds the badges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Figure = Literal[
    "plans_activated",
    "weeks_kept",
    "best_streak",
    "hours",
    "topics_mastered",
    "subjects_proficient",
    "better_mocks",
    "early_weeks",
    "comebacks",
    "answers_accepted",
]


class Localised(BaseModel):
    """A text in Turkish and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tr: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=120)]

    def get(self, locale: str) -> str:
        """The text in a locale (English unless Turkish)."""
        return self.tr if locale == "tr" else self.en


class Rule(BaseModel):
    """Earned when `figure` reaches `at`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    figure: Figure
    at: Annotated[int, Field(ge=1)]


class Badge(BaseModel):
    """One badge of the catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
    icon: Annotated[str, StringConstraints(min_length=1, max_length=8)]
    rule: Rule
    name: Localised
    description: Localised


class Catalogue(BaseModel):
    """Every badge; ids are unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    badges: tuple[Badge, ...]

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        ids = [badge.id for badge in self.badges]
        if len(ids) != len(set(ids)):
            raise ValueError("badge ids must be unique")
        return self


def parse_catalogue(text: str) -> Catalogue:
    """Validate a catalogue's YAML text (raises pydantic.ValidationError when wrong)."""
    return Catalogue(badges=yaml.safe_load(text))


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue."""
    return parse_catalogue(files("coach.motivation").joinpath("badges.yaml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures badge rules read."""

    plans_activated: int = 0
    weeks_kept: int = 0
    best_streak: int = 0
    hours: int = 0
    topics_mastered: int = 0
    subjects_proficient: int = 0
    better_mocks: int = 0
    early_weeks: int = 0
    comebacks: int = 0
    answers_accepted: int = 0

    def figure(self, name: str) -> int:
        """One figure by name."""
        return int(getattr(self, name))


FIGURES = frozenset(f.name for f in fields(Stats))


@dataclass(frozen=True, slots=True)
class BadgeProgress:
    """How far a student is towards one badge."""

    badge: Badge
    value: int

    @property
    def earned(self) -> bool:
        """Whether the badge is earned."""
        return self.value >= self.badge.rule.at

    @property
    def share(self) -> float:
        """Progress towards the threshold, 0..1."""
        return min(1.0, self.value / self.badge.rule.at)


def progress(stats: Stats, badges: Sequence[Badge] | None = None) -> list[BadgeProgress]:
    """Every badge with the student's figure for it, in catalogue order."""
    chosen = catalogue().badges if badges is None else badges
    return [BadgeProgress(b, stats.figure(b.rule.figure)) for b in chosen]


def earned_ids(stats: Stats) -> frozenset[str]:
    """The badges these figures earn."""
    return frozenset(p.badge.id for p in progress(stats) if p.earned)


def next_up(stats: Stats, count: int = 3) -> list[BadgeProgress]:
    """The unearned badges closest to being earned."""
    open_ = [p for p in progress(stats) if not p.earned]
    return sorted(open_, key=lambda p: -p.share)[:count]
