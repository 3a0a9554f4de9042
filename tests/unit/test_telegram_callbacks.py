"""Signed callback data and command parsing for Telegram."""

from __future__ import annotations

import pytest

from bot.channels.telegram_callbacks import (
    CALLBACK_DATA_LIMIT,
    ENGINE_PAYLOAD_BUDGET,
    MAX_CALLBACK_PAYLOAD_BYTES,
    CallbackKind,
    CallbackPayloadTooLong,
    CallbackSigner,
    VerifiedCallback,
)
from bot.handlers.telegram import parse_command

SIGNER = CallbackSigner("7000001:AAF-fake_token_for_tests_0123456789")


def test_signed_data_verifies_for_its_chat_only() -> None:
    data = SIGNER.sign(CallbackKind.CHOICE, "42", "today:done:17")
    assert SIGNER.verify(data, "42") == VerifiedCallback(CallbackKind.CHOICE, "today:done:17")
    assert SIGNER.verify(data, "43") is None
    assert CallbackSigner("1:other").verify(data, "42") is None


@pytest.mark.parametrize(
    "data", [None, "", "today:done:17", "x" * 13 + "p", "c" + "A" * 12 + "p", "ç" * 20, "c" * 65]
)
def test_forged_or_junk_data_is_refused(data: str | None) -> None:
    assert SIGNER.verify(data, "42") is None


def test_a_tampered_payload_or_kind_is_refused() -> None:
    data = SIGNER.sign(CallbackKind.CHOICE, "42", "plan:activate:3")
    assert SIGNER.verify(data[:-1] + "4", "42") is None
    assert SIGNER.verify("q" + data[1:], "42") is None


def test_the_limits_are_documented_and_enforced() -> None:
    assert CALLBACK_DATA_LIMIT == 64
    assert ENGINE_PAYLOAD_BUDGET <= MAX_CALLBACK_PAYLOAD_BYTES
    longest = SIGNER.sign(CallbackKind.QUIZ, "-1001234567890", "p" * MAX_CALLBACK_PAYLOAD_BYTES)
    assert len(longest.encode()) == CALLBACK_DATA_LIMIT
    with pytest.raises(CallbackPayloadTooLong):
        SIGNER.sign(CallbackKind.CHOICE, "42", "p" * (MAX_CALLBACK_PAYLOAD_BYTES + 1))
    with pytest.raises(CallbackPayloadTooLong):
        SIGNER.sign(CallbackKind.CHOICE, "42", "düğme")
    with pytest.raises(CallbackPayloadTooLong):
        SIGNER.sign(CallbackKind.CHOICE, "42", "")


@pytest.mark.parametrize(
    ("text", "in_group", "expected"),
    [
        ("/today", False, ("today", (), "")),
        ("/Today@LearnConnectTestBot", False, ("today", (), "")),
        (
            "/quiz  limits\nderivatives ",
            False,
            ("quiz", ("limits", "derivatives"), "limits\nderivatives"),
        ),
        ("/today@OtherBot", False, None),
        ("/today", True, None),
        ("/today@OtherBot", True, None),
        ("/today@learnconnecttestbot now", True, ("today", ("now",), "now")),
        ("/", False, None),
        ("/bad-name", False, None),
        ("not a command", False, None),
    ],
)
def test_commands_are_parsed_and_group_commands_must_name_the_bot(
    text: str, in_group: bool, expected: tuple[str, tuple[str, ...], str] | None
) -> None:
    assert parse_command(text, "LearnConnectTestBot", in_group) == expected
