"""The study profile file (profile.yaml) that `learnconnect plan` reads, validated with pydantic.

A bad file raises `ProfileError` whose text names the field and what is wrong with it, e.g.
`availability.mon: must be between 0 and 1440 minutes`. Field reference: README, "Planning a
study schedule from the command line"; a documented example is docs/examples/profile.yaml.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner import StudyProfile, TimeWindow

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Minutes = Annotated[int, Field(ge=0, le=1440)]
Mastery = Annotated[float, Field(ge=0.0, le=1.0)]


class ProfileError(ValueError):
    """A profile that cannot be used; `field` is the dotted path of the culprit."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


class SessionMinutes(BaseModel):
    """The shortest and longest study session, in minutes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(default=25, ge=5, le=240)
    max: int = Field(default=60, ge=10, le=480)

    @model_validator(mode="after")
    def _ordered(self) -> SessionMinutes:
        if self.min > self.max:
            raise ValueError("min must not be larger than max")
        return self


class ProfileFile(BaseModel):
    """The contents of a profile.yaml file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    track: str = Field(min_length=1)
    start_date: date
    exam_date: date
    timezone: str = "Europe/Istanbul"
    availability: dict[Weekday, Minutes]
    windows: dict[Weekday, list[str]] = Field(default_factory=dict)
    blackout_dates: list[date] = Field(default_factory=list)
    break_days_per_week: int = Field(default=1, ge=0, le=6)
    break_weekdays: list[Weekday] = Field(default_factory=list)
    session_minutes: SessionMinutes = Field(default_factory=SessionMinutes)
    mastery: dict[str, Mastery] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Istanbul)") from None
        return value

    @field_validator("windows")
    @classmethod
    def _parse_windows(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for weekday, spans in value.items():
            if not spans:
                raise ValueError(f"{weekday}: give at least one window or leave the day out")
            for span in spans:
                try:
                    TimeWindow.parse(span)
                except ValueError as error:
                    raise ValueError(f"{weekday}: {error}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ProfileFile:
        if self.exam_date <= self.start_date:
            raise ValueError(
                f"exam_date: {self.exam_date} is not after start_date {self.start_date}"
            )
        if not any(self.availability.values()):
            raise ValueError("availability: at least one weekday needs study minutes")
        return self

    def to_study_profile(self) -> StudyProfile:
        """The planner's view of this profile."""
        return StudyProfile(
            start_date=self.start_date,
            exam_date=self.exam_date,
            timezone=self.timezone,
            availability={str(day): minutes for day, minutes in self.availability.items()},
            windows={
                day: tuple(TimeWindow.parse(span) for span in spans)
                for day, spans in self.windows.items()
            },
            blackout_dates=tuple(sorted(set(self.blackout_dates))),
            break_days_per_week=self.break_days_per_week,
            break_weekdays=tuple(self.break_weekdays),
            session_min=self.session_minutes.min,
            session_max=self.session_minutes.max,
        )


_LEADING_NAME = re.compile(r"^([a-z_]+): (.+)$", re.DOTALL)


def _first_error(error: ValidationError) -> ProfileError:
    detail = error.errors()[0]
    location = ".".join(str(part) for part in detail["loc"] if part != "[key]")
    message = str(detail["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if detail["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif detail["type"] == "literal_error" and location.split(".")[0] in (
        "availability",
        "windows",
    ):
        message = "weekdays are mon, tue, wed, thu, fri, sat, sun"
    # Validators name the culprit at the start of their message ("mon: ...", "exam_date: ...").
    named = _LEADING_NAME.match(message)
    if named:
        location = f"{location}.{named.group(1)}" if location else named.group(1)
        message = named.group(2)
    return ProfileError(location, message)


def parse_profile(data: Any) -> ProfileFile:
    """Validate already-parsed YAML data; raises ProfileError."""
    if not isinstance(data, dict):
        raise ProfileError(
            "", "the profile must be a YAML mapping of fields (track, exam_date, ...)"
        )
    try:
        return ProfileFile.model_validate(data)
    except ValidationError as error:
        raise _first_error(error) from None


def load_profile(path: str | Path) -> ProfileFile:
    """Read and validate a profile.yaml file; raises ProfileError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError("", f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ProfileError("", f"{path} is not valid YAML{where}") from None
    return parse_profile(data)
