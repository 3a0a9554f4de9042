"""A copy of the mini pack whose first word problem has a worked solution, and a fake
OpenAI-compatible server that can also stall (a slow model)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from tests.fakes.openai_api import Answer, FakeOpenAi

MINI = Path(__file__).parent / "fixtures" / "packs" / "mini"
PROBLEM = {
    "id": "mat_p_1",
    "topic": "problemler",
    "difficulty": 3,
    "stem": "Bir babanın yaşı oğlunun yaşının 4 katıdır. 5 yıl sonra babanın yaşı oğlunun "
    "yaşının 3 katı olacaktır. Babanın bugünkü yaşı kaçtır?",
    "options": ["40", "45", "50", "55", "60"],
    "answer": 0,
    "explanation": "Oğul x yaşında: 4x + 5 = 3(x + 5), x = 10. Baba 4 · 10 = 40 yaşındadır.",
    "solution": "1) Oğlun yaşı x, babanınki 4x olsun. 2) 5 yıl sonra: 4x + 5 = 3(x + 5) = "
    "3x + 15. 3) x = 10. 4) Baba 4 · 10 = 40 yaşındadır.",
}
LAST_STEP = "Baba 4 · 10 = 40 yaşındadır."


def tutor_pack(folder: Path) -> Path:
    """The mini pack with `mat_p_1` replaced by a word problem that has a worked solution."""
    target = folder / "mini"
    shutil.copytree(MINI, target)
    path = target / "questions" / "mat.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"] = [PROBLEM if q["id"] == "mat_p_1" else q for q in data["questions"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


class StallingOpenAi(FakeOpenAi):
    """Answers like FakeOpenAi, or, while `stalled`, holds every request until closed."""

    def __init__(self, answer: Answer, *, stalled: bool = False) -> None:
        super().__init__(answer)
        self.stalled = stalled
        self._release = asyncio.Event()

    async def _completions(self, request: web.Request) -> web.Response:
        if self.stalled:
            body: dict[str, Any] = await request.json()
            self.requests.append(body)
            await self._release.wait()  # never answers while the test runs
            return web.json_response({"error": {"message": "too late"}}, status=504)
        return await super()._completions(request)

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()
        await super().__aexit__(*exc)
