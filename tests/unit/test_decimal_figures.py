"""Decimal figures (a target net, a net, hours) are written the student's way: "85,5" in
Turkish, "85.5" in English. The settings menu printed a target with a dot in Turkish; the scan
keeps every template that prints such a figure going through the locale's `num` filter."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from coach.dialogue.flows.settings import current_values
from coach.domain import Profile
from prompts import render

MESSAGES = Path(__file__).parents[2] / "prompts" / "messages"
# Parameters that hold a decimal number: each is printed through `num`.
DECIMALS = {"target_value", "net", "max_net", "peer_hours", "my_hours"}
PRINTED = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)([^}]*)\}\}")


def _profile() -> Profile:
    return Profile(
        user_id=1, pack_id="yks", track="SAY", exam_date=date(2027, 6, 19),
        start_date=date(2026, 12, 3), availability={"mon": 120}, break_days_per_week=0,
        break_weekday=None, windows={"mon": ("18:00-22:00",)},
    )  # fmt: skip


@pytest.mark.parametrize(("locale", "shown"), [("tr", "85,5 net"), ("en", "85.5 net")])
def test_the_settings_menu_writes_a_target_net_the_locale_way(locale: str, shown: str) -> None:
    profile = dataclasses.replace(_profile(), target_kind="net", target_value="85.5")
    menu = render("settings/menu", locale, **current_values(profile, "Europe/Istanbul"))
    assert shown in menu


def test_every_template_prints_decimal_figures_through_num() -> None:
    bare = []
    for path in sorted(MESSAGES.rglob("*.j2")):
        for name, rest in PRINTED.findall(path.read_text(encoding="utf-8")):
            if name.split(".")[-1] in DECIMALS and not re.search(r"\|\s*num\b", rest):
                bare.append(f"{path.relative_to(MESSAGES)}: {{{{ {name}{rest}}}}}")
    assert not bare, bare


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_a_programme_target_is_shown_as_typed(locale: str) -> None:
    profile = dataclasses.replace(_profile(), target_kind="programme", target_value="Tıp 2.5")
    menu = render("settings/menu", locale, **current_values(profile, "Europe/Istanbul"))
    assert "Tıp 2.5" in menu


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_onboarding_confirms_a_programme_target_as_typed(locale: str) -> None:
    shown = render(
        "onboarding/confirm", locale, track="SAY", exam_date="19.06.2027",
        target_kind="programme", target_value="Boğaziçi Tıp", weekly=600, windows="",
        break_day=None, timezone="Europe/Istanbul",
    )  # fmt: skip
    assert "Boğaziçi Tıp" in shown
