"""The AI tutor's chat model through LangChain: `ChatOpenAI` against any OpenAI-compatible
endpoint (LEARNCONNECT_LLM_BASE_URL / _API_KEY / _MODEL), with a time-out and no retries, so
a model that is down or slow costs the student at most the time-out before the pack answers.

`bot/llm.py` (the intent router's plain `openai` client) is separate and keeps working.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from bot.settings import Settings
from coach.aitutor.policy import Budget
from coach.aitutor.ports import ChatMessage
from coach.aitutor.tutor import SocraticTutor

log = logging.getLogger(__name__)


class LangChainTutorModel:
    """Chat completions through `langchain_openai.ChatOpenAI`."""

    def __init__(self, base_url: str, api_key: str, model: str, timeout_s: float) -> None:
        # Chat Completions, not the Responses API (which some model names switch to); no
        # token counting (tiktoken would download its encodings), no retries past the time-out.
        self._chat = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=SecretStr(api_key),
            timeout=timeout_s,
            max_retries=0,
            temperature=0.2,
            use_responses_api=False,
        )

    async def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int = 300) -> str:
        """The model's answer to a conversation (system, user and assistant messages)."""
        kinds: dict[str, type[BaseMessage]] = {
            "system": SystemMessage,
            "user": HumanMessage,
            "assistant": AIMessage,
        }
        converted = [kinds[m.role](content=m.content) for m in messages]
        result = await self._chat.ainvoke(converted, max_tokens=max_tokens)
        return _text(result.content)

    async def close(self) -> None:
        """Close the HTTP connections of the underlying client."""
        client: Any = getattr(self._chat, "root_async_client", None)
        if client is not None:
            await client.close()


def _text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(
            str(block.get("text", "")) if isinstance(block, dict) else str(block)
            for block in content
        )
    return str(content)


def tutor_model_from_settings(settings: Settings) -> LangChainTutorModel | None:
    """The configured model, or None when no endpoint is configured."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unused"
    return LangChainTutorModel(
        settings.llm_base_url, key, settings.llm_model, settings.llm_tutor_timeout_s
    )


def ai_tutor_from_settings(
    settings: Settings, model: LangChainTutorModel | None = None
) -> SocraticTutor:
    """The Socratic tutor with the configured model (if any), time-out and daily budget."""
    return SocraticTutor(
        model or tutor_model_from_settings(settings),
        timeout_s=settings.llm_tutor_timeout_s,
        budget=Budget(settings.llm_tutor_daily_calls),
    )
