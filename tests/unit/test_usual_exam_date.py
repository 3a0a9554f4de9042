"""The exam date offered before an official one is known comes from the exam's pack: YKS sits
on the third Saturday of June, the SAT on the first Saturday of several months a year."""

from __future__ import annotations

from datetime import date

import pytest

from coach.packs.catalog import Catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(["yks", "sat"])


@pytest.mark.parametrize(
    ("pack", "today", "offered"),
    [
        ("yks", date(2026, 12, 3), date(2027, 6, 19)),
        ("yks", date(2027, 6, 1), date(2028, 6, 17)),  # too close: next year's
        ("sat", date(2026, 12, 3), date(2027, 3, 6)),  # December's sitting is too close
        ("sat", date(2027, 3, 10), date(2027, 5, 1)),
        ("sat", date(2027, 11, 20), date(2028, 3, 4)),
    ],
)
def test_the_usual_date_is_the_packs(
    catalog: Catalog, pack: str, today: date, offered: date
) -> None:
    assert catalog.next_exam_date(pack, today) == offered
    assert offered.weekday() == 5 and (offered - today).days > 30
