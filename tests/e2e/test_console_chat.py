"""`learnconnect chat`: the same conversation in a terminal, buttons pressed by number."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli_chat import run_console_chat
from tests.e2e.chat_scenario import MINI, whole_scenario
from tests.e2e.console_student import console_student
from tests.e2e.web_student import web_settings

LEARNCONNECT = str(Path(sys.executable).with_name("learnconnect"))


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_the_whole_conversation_in_the_terminal(
    database_url: str, tmp_path: Path, locale: str
) -> None:
    async with console_student(database_url, tmp_path) as student:
        await whole_scenario(student, locale)
        output = student.channel.output
    assert "  1) Türkçe   2) English" in output
    assert ("Seçenekler" in output or "Options" in output) or "A) " in output
    assert "Traceback" not in output


def file_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def test_export_is_saved_next_to_the_student(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    async with console_student(database_url, folder, user="ece") as student:
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.say("/export")
        await student.say("/export")  # a second export does not overwrite the first
        output = student.channel.output
    assert file_names(folder) == ["learnconnect-1-1.json", "learnconnect-1.json"]
    assert f"Saved learnconnect-1.json to {folder / 'learnconnect-1.json'}" in output
    exported = json.loads((folder / "learnconnect-1.json").read_bytes())
    identities = exported["data"]["channel_identities"]
    assert [(i["channel"], i["external_id"]) for i in identities] == [("console", "ece")]


async def test_numbers_beyond_the_buttons_and_quoted_numbers_are_text(
    database_url: str, tmp_path: Path
) -> None:
    async with console_student(database_url, tmp_path) as student:
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.press("ob:consent:yes")
        await student.chat.handle_line("17")  # three buttons: 17 is an age, not a button
        assert "onboarding/minor_note" in student.templates()
        await student.chat.handle_line("2")  # the second button: "← Back" (to the age)
        assert student.templates() == ["onboarding/age"]
        await student.chat.handle_line("'2")  # quoted: the text "2", not the button "adult"
        assert student.templates() == ["onboarding/problem/number_range", "onboarding/age"]
        await student.chat.handle_line("2")  # unquoted: the button "18 or older"
        assert student.templates() == ["onboarding/track"]
        await student.chat.handle_line("   ")  # nothing is sent
        assert student.templates() == ["onboarding/track"]


async def test_the_terminal_entry_point_reads_lines_until_the_end(
    database_url: str, tmp_path: Path
) -> None:
    stdout = io.StringIO()
    await run_console_chat(
        web_settings(database_url),
        "deniz",
        stdin=io.StringIO("2\n1\n/help\n"),
        stdout=stdout,
        folder=tmp_path,
        locale_hint="tr_TR",
    )
    output = stdout.getvalue()
    assert output.startswith("LearnConnect Koç terminalinde.")
    assert "> 2\n" in output and "> /help\n" in output
    assert "/today" in output
    assert output.rstrip().endswith("run learnconnect chat to continue.")  # English by now


def chat_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNCONNECT_")}
    env["LEARNCONNECT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/coach.db"
    env["LEARNCONNECT_CONTENT_PACKS"] = str(MINI)
    env["LANG"] = "en_US.UTF-8"
    return env


def chat(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LEARNCONNECT, "chat", *args],
        input=script,
        env=chat_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_student_leaves_and_continues_later_in_a_new_process(tmp_path: Path) -> None:
    first = chat(tmp_path, "2\n1\n", "--user", "mert")
    assert first.returncode == 0, first.stderr
    assert "  1) Türkçe   2) English" in first.stdout
    assert "How old are you?" in first.stdout
    assert first.stdout.rstrip().endswith("run learnconnect chat to continue.")

    second = chat(tmp_path, "16\n1\n/export\n", "--user", "mert")
    assert second.returncode == 0, second.stderr
    assert "Welcome back! Let's continue setting up where we left off." in second.stdout
    assert second.stdout.index("Welcome back") < second.stdout.index("How old are you?")
    assert "For students under 18, leaderboards" in second.stdout
    assert "The exam is expected around" in second.stdout
    assert f"to {tmp_path / 'learnconnect-1.json'}" in second.stdout
    assert "Traceback" not in second.stderr

    someone_else = chat(tmp_path, "", "--user", "zeynep")
    assert "Welcome back" not in someone_else.stdout
    assert "Which language shall we use?" in someone_else.stdout


def test_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [LEARNCONNECT, "chat", "--user", "can"],
        env=chat_env(tmp_path),
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        seen = ""
        while "2) English" not in seen:  # wait until it asks (and so waits for input)
            line = process.stdout.readline()
            assert line, f"chat ended early: {process.stderr.read() if process.stderr else ''}"
            seen += line
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, errors
    assert "Bye!" in rest
    assert "Traceback" not in errors
