"""The web chat served by `learnconnect serve` over real HTTP on loopback, across a restart."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx

from bot.web.webchat_guard import COOKIE_NAME
from tests.e2e.chat_scenario import MINI
from tests.e2e.test_serve import LEARNCONNECT, free_port, serve_env, wait_for


def serve(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    env = serve_env(tmp_path, port, LEARNCONNECT_CONTENT_PACKS=str(MINI))
    return subprocess.Popen(
        [LEARNCONNECT, "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output.decode()
    return output.decode()


def test_a_browser_chats_with_serve_and_is_remembered_after_a_restart(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    headers = {"Origin": base}
    process = serve(tmp_path, port)
    try:
        page = wait_for(f"{base}/", process)
        assert page.status_code == 200 and "/chat/static/chat.js" in page.text
        cookies = httpx.Cookies({COOKIE_NAME: page.cookies[COOKIE_NAME]})
        with httpx.Client(base_url=base, headers=headers, cookies=cookies, timeout=30) as client:
            started = client.post("/chat/api/send", json={"text": "/start"}).json()
            assert started["replies"][-1]["template"] == "onboarding/language"
            chosen = client.post("/chat/api/send", json={"payload": "ob:lang:en"}).json()
            assert chosen["replies"][-1]["template"] == "onboarding/consent"
        log = stop(process)
    finally:
        if process.poll() is None:
            process.kill()
    assert COOKIE_NAME not in log and page.cookies[COOKIE_NAME] not in log

    process = serve(tmp_path, port)  # same database file, secret kept in it
    try:
        wait_for(f"{base}/health", process)
        with httpx.Client(base_url=base, headers=headers, cookies=cookies, timeout=30) as client:
            page = client.get("/")
            answered = client.post("/chat/api/send", json={"payload": "ob:consent:yes"}).json()
        stop(process)
    finally:
        if process.poll() is None:
            process.kill()
    assert COOKIE_NAME not in page.cookies
    assert 'value="ob:consent:yes"' in page.text
    assert answered["replies"][-1]["template"] == "onboarding/age"
