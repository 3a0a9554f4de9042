"""What a re-plan changes: sessions added, moved or removed, each with a reason.

Sessions are matched by what they are, not by id: a lesson by (lesson, n-th part still
planned), a review or quiz by (topic, n-th occurrence), a mock exam by (exam part or mini,
n-th occurrence), a break by its date. A matched pair whose date differs is a move (a new
start on the same day is no change); a lesson on the same date with another length is resized
(a topic's lessons got shorter after an aced quiz, or longer for a struggling one) when the
minutes planned of the lesson changed; the same minutes split in other parts are no change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from planner.model import PlanRequest
from planner.plan import Change, DiffEntry, Plan, Reason, Session, SessionKind, chronological

_Key = tuple[str, str, int]


def _base(session: Session) -> tuple[str, str]:
    if session.kind is SessionKind.LESSON:
        return (session.kind.value, session.lesson_id or "")
    if session.kind is SessionKind.MOCK_EXAM:
        return (session.kind.value, str(session.reason_params.get("part_id") or "mini"))
    if session.kind is SessionKind.BREAK:
        return (session.kind.value, session.date.isoformat())
    return (session.kind.value, session.topic_id or "")


def _keyed(sessions: Iterable[Session]) -> dict[_Key, Session]:
    counts: dict[tuple[str, str], int] = {}
    keyed: dict[_Key, Session] = {}
    for session in sorted(sessions, key=chronological):
        base = _base(session)
        index = counts.get(base, 0)
        counts[base] = index + 1
        keyed[(*base, index)] = session
    return keyed


def _removed_reason(
    session: Session,
    request: PlanRequest,
    impossible: Mapping[str, str],
    left_out: frozenset[str],
) -> str:
    if session.id in impossible:
        return impossible[session.id]
    if session.kind is SessionKind.LESSON:
        if session.lesson_id in request.done_lessons:
            return Reason.REMOVED_DONE
        if session.topic_id and request.mastery_of(session.topic_id) >= request.settings.mastered:
            return Reason.REMOVED_MASTERED
        if session.lesson_id in left_out:
            return Reason.REMOVED_NO_TIME
    return Reason.REMOVED_NOT_NEEDED


def diff_plans(
    before: Iterable[Session],
    after: Plan,
    request: PlanRequest,
    impossible: Mapping[str, str],
    missed_lessons: frozenset[str],
) -> tuple[DiffEntry, ...]:
    """The changes from the old future sessions `before` to the new plan `after`."""
    old, new = _keyed(before), _keyed(after.sessions)
    left_out = frozenset(item.lesson_id for item in after.unscheduled)
    totals_before, totals_after = _lesson_totals(old.values()), _lesson_totals(new.values())
    entries: list[DiffEntry] = []
    code: str
    for key, session in old.items():
        match = new.get(key)
        if match is None:
            code = _removed_reason(session, request, impossible, left_out)
            params = {**session.reason_params, "from_date": session.date.isoformat()}
            entries.append(_entry(Change.REMOVED, session, None, code, params))
        elif match.date != session.date:
            # Same date is no move: a new start time on the same day is not worth a line.
            if match.pinned:
                code = Reason.PINNED
            elif session.lesson_id and session.lesson_id in missed_lessons:
                code = Reason.MOVED_MISSED
            else:
                code = Reason.MOVED_SHIFTED
            params = {
                **match.reason_params,
                "from_date": session.date.isoformat(),
                "to_date": match.date.isoformat(),
            }
            entries.append(_entry(Change.MOVED, session, match, code, params))
        elif (
            session.kind is SessionKind.LESSON
            and match.minutes != session.minutes
            and totals_before.get(session.lesson_id) != totals_after.get(session.lesson_id)
        ):
            params = {
                **match.reason_params,
                "from_minutes": session.minutes,
                "to_minutes": match.minutes,
            }
            entries.append(_entry(Change.RESIZED, session, match, Reason.RESIZED, params))
    for key, session in new.items():
        if key not in old:
            code = (
                Reason.MOVED_MISSED if session.lesson_id in missed_lessons else session.reason_code
            )
            entries.append(_entry(Change.ADDED, None, session, code, dict(session.reason_params)))
    entries.sort(key=_order)
    return tuple(entries)


def _lesson_totals(sessions: Iterable[Session]) -> dict[str | None, int]:
    """Minutes planned of each lesson: a lesson split in other parts is no resize."""
    totals: dict[str | None, int] = {}
    for session in sessions:
        if session.kind is SessionKind.LESSON:
            totals[session.lesson_id] = totals.get(session.lesson_id, 0) + session.minutes
    return totals


def _entry(
    change: Change, before: Session | None, after: Session | None, code: str, params: dict[str, Any]
) -> DiffEntry:
    session = after or before
    assert session is not None  # noqa: S101  (one side always exists)
    return DiffEntry(
        change=change,
        session_id=session.id,
        kind=session.kind,
        topic_id=session.topic_id,
        lesson_id=session.lesson_id,
        before=before,
        after=after,
        reason_code=code,
        reason_params=params,
    )


def _order(entry: DiffEntry) -> tuple[date, time, str, str]:
    session = entry.after or entry.before
    assert session is not None  # noqa: S101
    return (session.date, session.start or time.min, entry.change.value, entry.session_id)


def origin_diff(
    before: Mapping[str, Session],
    placed: Mapping[str, Session | None],
    removed: Mapping[str, str],
    missed: frozenset[str],
    added: Iterable[Session] = (),
) -> tuple[DiffEntry, ...]:
    """The changes of a repaired plan, by the original session each result came from.

    `placed` maps an original id to its session in the new plan (None: removed, with its reason
    in `removed`); a session on the same date as before is unchanged. `added` are sessions new
    to the plan (a lesson a changed value now favours).
    """
    entries: list[DiffEntry] = []
    for origin, old in before.items():
        new = placed.get(origin)
        if new is None:
            params = {**old.reason_params, "from_date": old.date.isoformat()}
            gone = removed.get(origin, Reason.REMOVED_NO_TIME)
            entries.append(_entry(Change.REMOVED, old, None, gone, params))
        elif new.date != old.date:
            code: str
            if origin in missed:
                code = Reason.MOVED_MISSED
            elif new.pinned:
                code = Reason.PINNED
            else:
                code = Reason.MOVED_SHIFTED
            params = {
                **new.reason_params,
                "from_date": old.date.isoformat(),
                "to_date": new.date.isoformat(),
            }
            entries.append(_entry(Change.MOVED, old, new, code, params))
    for session in added:
        params = dict(session.reason_params)
        entries.append(_entry(Change.ADDED, None, session, session.reason_code, params))
    entries.sort(key=_order)
    return tuple(entries)
