"""Group sizes are settings (3 to 6): read from the environment, checked, and passed to the
matching of the job, the CLI and the Join button."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.jobs.community import group_policy
from bot.settings import SettingsError, load_settings
from coach.community.matching import match
from coach.community.model import SLOT_MINUTES, Candidate
from coach.packs.catalog import Catalog
from coach.services import build_services


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("LEARNCONNECT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_group_sizes_default_to_three_to_six() -> None:
    settings = load_settings()
    assert (settings.group_min_size, settings.group_max_size) == (3, 6)


def test_group_sizes_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNCONNECT_GROUP_MIN_SIZE", "4")
    monkeypatch.setenv("LEARNCONNECT_GROUP_MAX_SIZE", "5")
    settings = load_settings()
    policy = group_policy(settings.group_min_size, settings.group_max_size)
    assert (policy.min_size, policy.max_size) == (4, 5)


@pytest.mark.parametrize(
    ("low", "high", "named"),
    [
        ("2", "6", "LEARNCONNECT_GROUP_MIN_SIZE"),
        ("3", "7", "LEARNCONNECT_GROUP_MAX_SIZE"),
        ("5", "4", "LEARNCONNECT_GROUP_MAX_SIZE"),
    ],
)
def test_bad_group_sizes_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, low: str, high: str, named: str
) -> None:
    monkeypatch.setenv("LEARNCONNECT_GROUP_MIN_SIZE", low)
    monkeypatch.setenv("LEARNCONNECT_GROUP_MAX_SIZE", high)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(f"Invalid setting {named}:")


def test_the_policy_reaches_the_join_button_and_bounds_matching() -> None:
    policy = group_policy(4, 4)
    services = build_services(Catalog.load(["yks"]), group_policy=policy)
    assert services.community.policy == policy  # the Join button forms a group at min_size
    hour = (1 << (60 // SLOT_MINUTES)) - 1  # everyone free the same first hour of the week
    pool = [Candidate(i, "yks", "say", "tr", minor=True, free=hour) for i in range(1, 10)]
    sizes = [len(s.members) for s in match(pool, policy)]
    assert sizes and all(size == 4 for size in sizes)
