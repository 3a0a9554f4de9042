"""The shared pieces of the content-pack models: constrained types and the frozen base model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=128)]
ScoreTypeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$", max_length=32)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Difficulty = Annotated[int, Field(ge=1, le=5)]
ResourceType = Literal["video", "article", "practice", "summary"]
ResourceLevel = Literal["basic", "intermediate", "advanced", "all"]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class _Model(BaseModel):
    """Frozen, and strict about unknown keys so that typos in YAML are reported."""

    model_config = ConfigDict(frozen=True, extra="forbid")
