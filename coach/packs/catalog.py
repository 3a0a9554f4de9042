"""The content packs the coach offers, loaded once and shared by every conversation."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from content import Pack, UnknownPackError, load_pack

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrackOption:
    """An exam track a student can choose at onboarding, e.g. YKS SAY or SAT MATH."""

    pack_id: str
    track: str
    label: str
    label_en: str


class Catalog:
    """Loaded packs by id; the first pack is the default exam."""

    def __init__(self, packs: Iterable[Pack]) -> None:
        self._packs: dict[str, Pack] = {pack.id: pack for pack in packs}
        if not self._packs:
            raise ValueError("the coach needs at least one content pack")

    @classmethod
    def load(cls, pack_ids: Iterable[str]) -> Catalog:
        """Load shipped packs (or pack folders) by id or path.

        A pack that cannot be found is logged and left out, so one missing pack does not stop
        the coach; having none at all does.
        """
        packs = []
        for pack_id in pack_ids:
            try:
                packs.append(load_pack(pack_id))
            except UnknownPackError as error:
                log.error("content pack left out: %s", error)
        return cls(packs)

    @property
    def packs(self) -> Mapping[str, Pack]:
        """Every pack by id."""
        return self._packs

    def pack(self, pack_id: str) -> Pack:
        """A pack by id (KeyError when unknown)."""
        return self._packs[pack_id]

    def track_options(self) -> list[TrackOption]:
        """Every (pack, score type) a student can aim for, in pack order.

        A score type whose tests have no topics (e.g. DİL while the pack has no YDT content)
        is left out: the coach could not plan for it.
        """
        options = []
        for pack in self._packs.values():
            for score_type in pack.exam.score_types:
                if not pack.topics_for_track(score_type.id):
                    continue
                short = pack.terms.short_name if pack.terms else pack.exam.id.upper()
                label = f"{short} {score_type.name}"
                label_en = f"{short} {score_type.name_en or score_type.name}"
                options.append(TrackOption(pack.id, score_type.id, label, label_en))
        return options

    def is_official_date(self, pack_id: str, day: date) -> bool:
        """Whether the pack lists `day` as an announced exam date (not a typical guess)."""
        return day in set(getattr(self.pack(pack_id).exam, "dates", ()) or ())

    def next_exam_date(self, pack_id: str, today: date) -> date:
        """The next official exam date the pack knows, else the usual one (`Exam.usual_date`)."""
        pack = self.pack(pack_id)
        dates = sorted(d for d in getattr(pack.exam, "dates", ()) if d > today)
        if dates:
            return dates[0]
        usual = pack.exam.usual_date
        return usual_exam_date(usual.months, usual.week, today)


def usual_exam_date(months: tuple[int, ...], week: int, today: date) -> date:
    """The first `week`-th Saturday of one of `months` more than 30 days after `today` (a
    sitting sooner than that leaves no time to plan for)."""
    for year in (today.year, today.year + 1, today.year + 2):
        for month in sorted(months):
            first = date(year, month, 1)
            candidate = first + timedelta(days=(5 - first.weekday()) % 7, weeks=week - 1)
            if candidate > today + timedelta(days=30):
                return candidate
    raise ValueError("no month given")
