"""Resource recommendations (pure): which summary, video, article or practice set to offer.

A resource scores on: its language against the student's, how well its type suits the
student's level of the topic, how the student rated that type before, and how students at a
similar level rated this very resource. The resource offered last time is never offered
again in a row, and after a failed quiz the type the student already used is avoided, so the
alternative is a different kind of explanation. Each pick carries a one-line reason (the
strongest thing in its favour) as a template code under `adaptive/reasons/`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from content import Resource

# What suits a level: below 40% an explanation first, later practice.
LEVEL_FIT = {
    "low": {"summary": 0.8, "video": 0.9, "article": 0.4, "practice": 0.2},
    "mid": {"summary": 0.5, "video": 0.5, "article": 0.6, "practice": 0.8},
    "high": {"summary": 0.3, "video": 0.2, "article": 0.4, "practice": 1.0},
}
PEER_MIN_VOTES = 2


@dataclass(frozen=True, slots=True)
class ResourceOption:
    """A resource that can be offered."""

    id: str
    type: str
    title: str
    language: str
    minutes: int
    url: str | None = None
    verified: bool = True
    search: bool = False  # a search page says what it is: shown without "link not verified"

    @classmethod
    def of(cls, resource: Resource, locale: str) -> ResourceOption:
        """From a pack resource, titled in the student's language."""
        english = locale == "en" and resource.title_en
        return cls(
            resource.id,
            resource.type,
            str(resource.title_en if english else resource.title),
            resource.language,
            resource.minutes,
            resource.url,
            resource.verified,
            resource.search,
        )


@dataclass(frozen=True, slots=True)
class RecommendInput:
    """What the coach knows when recommending for one topic."""

    topic_id: str
    mastery: float
    locale: str
    type_ratings: Mapping[str, float] = field(default_factory=dict)  # the student's mean 1-5
    peer_ratings: Mapping[str, tuple[float, int]] = field(default_factory=dict)  # id -> (mean, n)
    last_resource_id: str | None = None
    avoid_type: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A resource to offer and why."""

    resource: ResourceOption
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)
    score: float = 0.0


def _band(mastery: float) -> str:
    return "low" if mastery < 0.4 else "mid" if mastery < 0.75 else "high"


def _score(option: ResourceOption, ctx: RecommendInput) -> tuple[float, str, dict[str, Any]]:
    """The score and the strongest reason for one resource."""
    parts: dict[str, tuple[float, dict[str, Any]]] = {}
    language = 1.0 if option.language == ctx.locale else 0.2
    fit = LEVEL_FIT[_band(ctx.mastery)].get(option.type, 0.3)
    parts["level"] = (fit, {"type": option.type, "mastery_percent": round(ctx.mastery * 100)})
    own = ctx.type_ratings.get(option.type)
    if own is not None:
        parts["liked_type"] = ((own - 3.0) * 0.5, {"type": option.type, "rating": round(own, 1)})
    peer = ctx.peer_ratings.get(option.id)
    if peer is not None and peer[1] >= PEER_MIN_VOTES:
        mean, votes = peer
        weight = min(1.0, votes / 5)
        parts["peers"] = ((mean - 3.0) * 0.6 * weight, {"rating": round(mean, 1), "votes": votes})
    if ctx.avoid_type is not None and option.type != ctx.avoid_type:
        parts["alternative"] = (0.6, {"type": option.type, "used_type": ctx.avoid_type})
    penalty = 0.0 if option.verified else 0.5
    if ctx.avoid_type is not None and option.type == ctx.avoid_type:
        penalty += 2.0
    total = language + sum(value for value, _ in parts.values()) - penalty
    # After a failed quiz, "another kind of explanation" is the reason that matters most.
    code = "alternative" if "alternative" in parts else max(parts, key=lambda k: parts[k][0])
    params = parts[code][1]
    return total, code, {**params, "minutes": option.minutes}


def recommend(
    options: Sequence[ResourceOption],
    ctx: RecommendInput,
    rng: random.Random,
    limit: int = 2,
) -> list[Recommendation]:
    """The best `limit` resources for the topic, best first, each with its reason."""
    candidates = [o for o in options if o.id != ctx.last_resource_id] or list(options)
    if len(candidates) > 1:
        # Never the same one twice in a row, even when it is the only one of its kind.
        candidates = [o for o in candidates if o.id != ctx.last_resource_id]
    scored = []
    for option in candidates:
        total, code, params = _score(option, ctx)
        # A tiny seeded jitter breaks ties without always favouring the first in the file.
        scored.append((total + rng.random() * 1e-3, option, code, params))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    return [
        Recommendation(option, f"{code}", params, round(total, 3))
        for total, option, code, params in scored[:limit]
    ]
