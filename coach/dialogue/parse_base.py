"""What every reader of typed input returns when it cannot accept the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """Why typed input was not accepted; `code` picks the template, `details` fill it."""

    code: str
    details: dict[str, Any]


def fold(text: str) -> str:
    """Lower case with the spaces tidied; Turkish 'İ' becomes 'i' (plain `lower` would leave a
    combining dot). 'I' stays 'i': English words need it, and every Turkish month or city we
    read also has an ASCII spelling."""
    lowered = text.strip().replace("İ", "i").lower()
    return " ".join(lowered.split())
