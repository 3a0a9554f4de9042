"""The optional language model port; the coach works fully without one."""

from __future__ import annotations

from typing import Any, Protocol


class Llm(Protocol):
    """An optional language model; the coach works fully without one."""

    async def complete(self, prompt: str, *, max_tokens: int = 300, **options: Any) -> str:
        """Complete the prompt; raises on failure so the caller can fall back."""
        ...
