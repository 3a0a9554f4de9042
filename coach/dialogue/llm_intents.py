"""Free text the keyword rules do not recognise, routed by an optional language model.

Only the message text goes to the model (no name, id or history), and only a command from the
fixed list is accepted from its answer; anything else, a timeout or an error falls back to the
menu, exactly as without a model.
"""

from __future__ import annotations

import logging

from coach.core.llm import Llm
from coach.dialogue.commands import COMMANDS, description_template
from prompts import render, render_llm

log = logging.getLogger(__name__)
ROUTABLE = tuple(
    spec.name for spec in COMMANDS if spec.name not in ("delete", "export", "link", "start")
)
MAX_TEXT = 500


class LlmIntents:
    """Asks the model which command a message means."""

    def __init__(self, llm: Llm) -> None:
        self._llm = llm

    async def recognize(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """The command the model picks for `text`, or None."""
        commands = [(name, render(description_template(name), "en")) for name in ROUTABLE]
        prompt = render_llm("intent", commands=commands, text=text[:MAX_TEXT].replace('"""', "'"))
        try:
            answer = await self._llm.complete(prompt, max_tokens=5, temperature=0)
        except Exception as error:  # the model is optional: any failure means "not recognised"
            log.warning("language model unavailable: %s", type(error).__name__)
            return None
        word = answer.strip().strip(".`'\"").split()[0].lower() if answer.strip() else ""
        return (word, ()) if word in ROUTABLE else None
