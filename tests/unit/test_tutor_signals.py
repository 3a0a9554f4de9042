"""The two escalation signals besides the third strike, as pure rules: wheel-spinning over the
last ten practice answers, and a subject failed in each of the last two mocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.packs.catalog import Catalog
from coach.tutors.signals import failed_subjects, subject_share, weakest_topic, wheel_spinning
from content import Pack

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return Catalog.load([str(MINI)]).pack("mini")


def test_wheel_spinning_needs_ten_flat_low_answers() -> None:
    assert not wheel_spinning([0.3] * 9)  # too few answers to tell
    assert wheel_spinning([0.3] * 10)
    assert wheel_spinning([0.1, 0.5] + [0.31, 0.33, 0.3, 0.32] * 2 + [0.31, 0.3])
    assert not wheel_spinning([0.3 + 0.01 * i for i in range(10)])  # slow but moving
    assert not wheel_spinning([0.8] * 12)  # a plateau at the top is success, not spinning
    assert not wheel_spinning([0.3] * 9 + [0.5])  # the last answer broke out


def test_subject_share_reads_test_and_topic_entries(pack: Pack) -> None:
    by_test = [{"scope": "test", "id": "t_mat", "net": 3.0}]
    by_topic = [
        {"scope": "topic", "id": "sayilar", "net": 2.0},
        {"scope": "topic", "id": "problemler", "net": 4.0},
        {"scope": "topic", "id": "paragraf", "net": 9.0},
    ]
    assert subject_share(pack, "mat", by_test) == pytest.approx(0.3)
    assert subject_share(pack, "mat", by_topic) == pytest.approx(0.6)
    assert subject_share(pack, "tr", by_test) is None  # not entered in that mock
    assert subject_share(pack, "nope", by_test) is None


def test_a_subject_failed_in_the_last_two_mocks(pack: Pack) -> None:
    low = {"scope": "test", "id": "t_mat", "net": 2.5}
    high = {"scope": "test", "id": "t_mat", "net": 7.0}
    tr_low = {"scope": "test", "id": "t_tr", "net": 1.0}
    assert failed_subjects(pack, [[low]]) == ()  # once is not repeated
    assert failed_subjects(pack, [[low], [low]]) == ("mat",)
    assert failed_subjects(pack, [[low], [low], [high]]) == ()  # the last one passed
    assert failed_subjects(pack, [[low, tr_low], [tr_low], [low]]) == ("mat", "tr")
    assert failed_subjects(pack, [[high], [low]]) == ()


def test_the_weakest_topic_of_the_subject_is_the_one_escalated(pack: Pack) -> None:
    assert weakest_topic(pack, "mat", {"sayilar": 0.6, "problemler": 0.2}) == "problemler"
    assert weakest_topic(pack, "mat", {"sayilar": 0.1}) == "problemler"  # unknown counts as 0
    assert weakest_topic(pack, "nope", {}) is None
