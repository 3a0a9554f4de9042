"""The weekly progress card's content (pure data; `bot.cards` draws it as a PNG).

Every word on the card comes from templates `motivation/card_*` in the student's language, so
the renderer only draws the strings and bars it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.learning.mastery import subject_mastery
from coach.motivation.badges import catalogue
from coach.motivation.league_usecases import week_of
from coach.motivation.ledger import moment, streak_of
from coach.motivation.xp import level_of
from coach.packs.catalog import Catalog
from coach.plans.figures import calendar_week
from prompts import render

CARD_SUBJECTS = 6


@dataclass(frozen=True, slots=True)
class CardData:
    """What the card shows, already in words."""

    title: str
    level: str
    xp_share: float  # progress within the level, 0..1
    streak: str
    hours: str
    hours_share: float  # done / planned, 0..1
    subjects: Sequence[tuple[str, float, str]]  # subject name, mastery 0..1, as a percent
    badge: str


def card_alt(card: CardData, locale: str) -> str:
    """What the card shows, in words, for a screen reader or a text-only place (its alt text):
    the whole card in the student's language, not a file name or the caption again."""
    subjects = [(name, percent) for name, _share, percent in card.subjects]
    return render(
        "motivation/card_alt", locale, title=card.title, level=card.level, streak=card.streak,
        hours=card.hours, subjects=subjects, badge=card.badge,
    ).strip()  # fmt: skip


async def weekly_card(
    uow: UnitOfWork, now: datetime, user_id: int, catalog: Catalog
) -> CardData | None:
    """The card of the student's own week, Monday to Sunday of study days in their zone (up to
    today); None for a student without a plan."""
    user = await uow.users.get(user_id)
    plan = await uow.plans.active_for(user_id)
    if user is None or plan is None:
        return None
    locale = user.locale
    today, _hour = moment(now, user.timezone)
    first = week_of(today)
    last = first + timedelta(days=6)
    level = level_of(await uow.motivation.balance(user.id))
    span = (level.next_floor - level.floor) if level.next_floor else 1
    streak = await streak_of(uow, user.id, today)
    # The week's planned total as the preview, /plan and /week say it (`calendar_week`).
    planned = calendar_week(await uow.plans.sessions(plan.id, first, last), today).minutes
    done = sum(r.minutes for r in await uow.motivation.study_days(user.id, first, today))
    pack = catalog.packs.get(plan.pack_id)
    mastery = await uow.progress.mastery(user.id, plan.pack_id)
    subjects: list[tuple[str, float, str]] = []
    for subject in pack.subjects[:CARD_SUBJECTS] if pack else ():
        topics = [t.id for t in pack.topics if t.subject_id == subject.id] if pack else []
        # The figure /progress shows (`subject_mastery`); a subject nobody measured reads
        # "not assessed", never 0%.
        share = subject_mastery(topics, mastery)
        name = subject.name if locale == "tr" else (subject.name_en or subject.name)
        percent = render(
            "motivation/card_percent", locale, n=None if share is None else round(share * 100)
        ).strip()
        subjects.append((name, share or 0.0, percent))
    held = await uow.motivation.badges(user.id)
    week_badges = [b for b, at in held.items() if moment(at, user.timezone)[0] >= first]
    by_id = {b.id: b for b in catalogue().badges}
    badge = (
        by_id[week_badges[-1]].name.get(locale) if week_badges and week_badges[-1] in by_id else ""
    )
    level_name = render("motivation/level_name", locale, level=level.number).strip()
    return CardData(
        title=render("motivation/card_title", locale, first=first, last=last).strip(),
        level=render(
            "motivation/card_level", locale, level=level.number, title=level_name, xp=level.xp
        ).strip(),
        xp_share=min(1.0, (level.xp - level.floor) / span) if level.next_floor else 1.0,
        streak=render(
            "motivation/card_streak", locale, count=streak.count, freezes=streak.freezes
        ).strip(),
        hours=render("motivation/card_hours", locale, done=done, planned=planned).strip(),
        hours_share=min(1.0, done / planned) if planned else 0.0,
        subjects=tuple(subjects),
        badge=render("motivation/card_badge", locale, badge=badge).strip(),
    )
