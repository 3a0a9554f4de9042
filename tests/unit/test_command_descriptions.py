"""Every command's description fits the platform and place it is shown on: no server outside
Discord, no "this server's or group's" in a private chat, and Discord's one registered text
(for servers and DMs alike) within its 100 characters."""

from __future__ import annotations

import pytest

from coach.dialogue.commands import (
    ANY_PLACE,
    COMMANDS,
    GROUP,
    PRIVATE,
    description_context,
    description_template,
)
from coach.messages import ChannelKind
from prompts import render

SERVER = ("server", "sunucu")
THIS_PLACE = ("this server", "this group", "server or group", "bu sunucu", "bu grub",
              "sunucunun ya da grubun")  # fmt: skip


def _describe(name: str, locale: str, platform: ChannelKind, place: str) -> str:
    return render(description_template(name), locale, **description_context(platform, place))


@pytest.mark.parametrize("locale", ["en", "tr"])
@pytest.mark.parametrize("platform", list(ChannelKind))
@pytest.mark.parametrize("place", [PRIVATE, GROUP, ANY_PLACE])
def test_descriptions_fit_the_platform_and_place(locale: str, platform: str, place: str) -> None:
    for spec in COMMANDS:
        text = _describe(spec.name, locale, ChannelKind(platform), place).casefold()
        assert text.strip() and "\n" not in text, spec.name
        if platform != ChannelKind.DISCORD:
            assert not [w for w in SERVER if w in text], (spec.name, text)
        if place != GROUP:
            assert not [w for w in THIS_PLACE if w in text], (spec.name, text)
        if platform == ChannelKind.DISCORD:
            assert len(text) <= 100, (spec.name, text)  # Discord's limit


def test_the_leaderboard_says_whose_board_it_is() -> None:
    def board(locale: str, platform: ChannelKind, place: str) -> str:
        return _describe("leaderboard", locale, platform, place)

    assert board("en", ChannelKind.DISCORD, GROUP) == "This server's weekly leaderboard"
    assert board("en", ChannelKind.TELEGRAM, GROUP) == "This group's weekly leaderboard"
    assert board("tr", ChannelKind.TELEGRAM, GROUP) == "Bu grubun haftalık liderlik tablosu"
    assert board("en", ChannelKind.WEB, PRIVATE) == (
        "Your study group's weekly leaderboard (shown in the group's chat)"
    )
    # rendered with no place at all (the intent classifier's list): neither server nor group
    assert render(description_template("leaderboard"), "en") == (
        "The weekly leaderboard of a study group"
    )
