"""The optional language model: any OpenAI-compatible endpoint, through the `openai` client.

Configured by LEARNCONNECT_LLM_BASE_URL / _API_KEY / _MODEL; needs the `llm` extra
Without a configured endpoint the coach works fully.
"""

from __future__ import annotations

import logging
from typing import Any

from openai import AsyncOpenAI

from bot.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 8.0


class OpenAiCompatibleLlm:
    """Chat completions on an OpenAI-compatible server."""

    def __init__(self, base_url: str, api_key: str, model: str) -> None:
        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key, timeout=TIMEOUT_SECONDS, max_retries=1
        )
        self._model = model

    async def complete(self, prompt: str, *, max_tokens: int = 300, **options: Any) -> str:
        """The model's answer to one user message."""
        response = await self._client.chat.completions.create(
            model=self._model,
            messages=[{"role": "user", "content": prompt}],
            max_tokens=max_tokens,
            **options,
        )
        return response.choices[0].message.content or ""

    async def close(self) -> None:
        """Close the HTTP connections (the container does this when it stops)."""
        await self._client.close()


def llm_from_settings(settings: Settings) -> OpenAiCompatibleLlm | None:
    """The configured model, or None when no endpoint is configured."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unused"
    return OpenAiCompatibleLlm(settings.llm_base_url, key, settings.llm_model)
