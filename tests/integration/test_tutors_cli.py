"""`learnconnect tutors ...`: invite prints a code that works once through the chat, list shows
load and status, availability, pause and remove change what routing sees; bad input exits 2."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.bootstrap import wired_engine
from bot.cli import app
from bot.jobs.tutors import TutorTimeouts
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.tutors.model import TutorStatus
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import tutor_chat, user_id

runner = CliRunner()


async def cli(*args: str) -> Result:
    """The command line in a thread: it runs its own event loop."""
    return await asyncio.to_thread(lambda: runner.invoke(app, list(args)))


MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def test_invite_list_availability_pause_remove(
    database_url: str,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)

    async def code_of(*args: str) -> int:
        return (await cli(*args)).exit_code

    invite = ["tutors", "invite", "--name", "Ada Hoca", "--subjects", "mat,tr"]
    assert await code_of(*invite[:5], "mat", "--languages", "de") == 2
    made = await cli(*invite, "--languages", "tr,en", "--minors")
    assert made.exit_code == 0, made.output
    code = made.stdout.strip().splitlines()[0]
    assert code.startswith("TUT-")

    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, user_key="2001", locale_hint="en")
    await chat.command("tutor", code.lower())  # typed in lower case still works
    assert "tutors/welcome" in chat.templates()

    listed = await cli("tutors", "list")
    assert "Ada Hoca\tactive\tmat,tr\ttr,en\t0/2\tminors=yes" in listed.stdout
    user = str(int(listed.stdout.split("\t")[0]))
    assert await code_of("tutors", "availability", user, "mon=18:00-21:00") == 0
    assert await code_of("tutors", "availability", user, "someday") == 2
    assert await code_of("tutors", "pause", user) == 0
    async with uow_factory() as uow:
        tutor = await uow.tutors.tutor(int(user))
    assert tutor is not None and tutor.status is TutorStatus.PAUSED
    assert tutor.availability == {"mon": ("18:00-21:00",)}
    assert await code_of("tutors", "remove", user) == 0
    async with uow_factory() as uow:
        found = await uow.users.get(int(user))
    assert found is not None and found.role == "student"
    assert await code_of("tutors", "pause", "999999") == 1
    # the time-out job runs with nothing to do
    assert await TutorTimeouts(uow_factory, clock).run() == 0


async def test_the_operator_reads_transcripts_and_reports(
    database_url: str,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    student = Conversation(engine, clock, user_key="1001")
    await onboard(student)
    await student.press("pv:activate:")
    await student.command("tutor")
    async with uow_factory() as uow:
        [escalation] = await uow.tutors.student_escalations(await user_id(uow_factory, "1001"))
    await ada.tap(f"ht:take:{escalation.id}")
    await ada.tap(f"ht:start:{escalation.id}")
    await student.say("is it 15?")
    await ada.say("Yes, well done.")
    await student.command("tutor", "report", "rude")
    shown = await cli("tutors", "transcript", str(escalation.id))
    assert shown.exit_code == 0
    assert "student\tis it 15?" in shown.stdout and "tutor\tYes, well done." in shown.stdout
    assert (await cli("tutors", "transcript", "999999")).exit_code == 1
    listed = await cli("tutors", "reports")
    assert f"escalation={escalation.id}\trude" in listed.stdout
