"""Pure rules of the two escalation signals besides the third strike: wheel-spinning (mastery
flat over the last ten practice attempts on a topic) and repeated failed mocks in a subject.

Both only say *whether* to offer; the offer itself keeps the same consent and the same week of
quiet after a decline as the third-strike offer (`coach.tutors.offers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from content import Pack

WHEEL_SPINNING = "wheel_spinning"
FAILED_MOCKS = "failed_mocks"


@dataclass(frozen=True, slots=True)
class SignalRules:
    """Thresholds of the two signals (house rules, not tuned per student)."""

    spin_attempts: int = 10  # practice answers looked at
    spin_flat: float = 0.05  # mastery moved less than this over them: flat
    spin_ceiling: float = 0.7  # at or above this, a flat line is a plateau of success
    mock_repeats: int = 2  # the last this many mocks all failed the subject
    mock_pass_share: float = 0.5  # net below this share of the subject's questions: failed


DEFAULT_SIGNAL_RULES = SignalRules()


def wheel_spinning(
    mastery_after: Sequence[float], rules: SignalRules = DEFAULT_SIGNAL_RULES
) -> bool:
    """Whether the last `spin_attempts` practice answers left mastery flat and low.

    `mastery_after` is the topic's mastery after each practice answer, oldest first."""
    if len(mastery_after) < rules.spin_attempts:
        return False
    window = mastery_after[-rules.spin_attempts :]
    flat = max(window) - min(window) < rules.spin_flat
    return flat and window[-1] < rules.spin_ceiling


def subject_share(
    pack: Pack, subject_id: str, entries: Sequence[Mapping[str, Any]]
) -> float | None:
    """The subject's net as a share of its test's questions in one mock (None: not entered).

    A mock is entered per test or per topic; topic entries of the subject are summed."""
    subject = pack.subjects_by_id.get(subject_id)
    if subject is None:
        return None
    try:
        questions = pack.test_of(subject_id).questions
    except (KeyError, LookupError):
        return None
    topics = {t.id for t in pack.topics_of(subject_id)}
    nets = [
        float(e.get("net", 0.0))
        for e in entries
        if (e.get("scope") == "test" and e.get("id") == subject.test_id)
        or (e.get("scope") == "topic" and e.get("id") in topics)
    ]
    if not nets or questions <= 0:
        return None
    return sum(nets) / questions


def failed_subjects(
    pack: Pack,
    mocks: Sequence[Sequence[Mapping[str, Any]]],
    rules: SignalRules = DEFAULT_SIGNAL_RULES,
) -> tuple[str, ...]:
    """Subjects failed in each of the last `mock_repeats` mocks that entered them.

    `mocks` holds each mock's entries, oldest first."""
    failed: list[str] = []
    for subject in pack.subjects:
        shares = [s for m in mocks if (s := subject_share(pack, subject.id, m)) is not None]
        recent = shares[-rules.mock_repeats :]
        if len(recent) == rules.mock_repeats and all(s < rules.mock_pass_share for s in recent):
            failed.append(subject.id)
    return tuple(failed)


def weakest_topic(pack: Pack, subject_id: str, mastery: Mapping[str, float]) -> str | None:
    """The subject's topic the student knows least (ties: pack order), for the escalation."""
    topics = pack.topics_of(subject_id)
    if not topics:
        return None
    return min(topics, key=lambda t: mastery.get(t.id, 0.0)).id
