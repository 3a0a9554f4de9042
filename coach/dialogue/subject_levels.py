"""The per-subject lines of /progress: each subject named with its test, and honest about what
the coach has not measured.

A pack with more than one exam session (YKS: TYT and AYT) has subjects of the same name in
both (Geometri, Fizik, Kimya, Biyoloji); each line carries its session's short name. A subject
with no measured topic (skipped in the assessment, never quizzed) says "not assessed yet"
instead of showing the coach's 30% prior as if it were a result (`subject_mastery`).
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.dialogue.present import subject_name
from coach.learning.mastery import subject_mastery
from coach.sessions.progress import mastery_level
from content import Pack, Subject


def subject_label(pack: Pack, subject: Subject, locale: str) -> str:
    """The subject's name, followed by its exam session ("Geometri (TYT)") where the pack has
    several sessions."""
    name = subject_name(pack, subject.id, locale)
    if len(pack.exam.sessions) < 2:
        return name
    try:
        session = pack.session_of_test(subject.test_id)
    except KeyError:
        return name
    return f"{name} ({session.id.upper()})"


def subject_levels(
    pack: Pack, track: str, known: Mapping[str, float], locale: str
) -> list[dict[str, object]]:
    """One row per subject of the track: label, mastery %, level, and whether it was assessed
    (mastery and level are None when not)."""
    rows: list[dict[str, object]] = []
    for subject in pack.subjects_for_track(track):
        topics = [t.id for t in pack.topics_of(subject.id)]
        if not topics:
            continue
        # The same figure as the weekly card's (`subject_mastery`): one number per subject.
        average = subject_mastery(topics, known)
        rows.append(
            {
                "name": subject_label(pack, subject, locale),
                "assessed": average is not None,
                "mastery": round(average * 100) if average is not None else None,
                "level": mastery_level(average) if average is not None else None,
            }
        )
    return rows
