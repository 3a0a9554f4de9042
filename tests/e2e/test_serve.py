"""`learnconnect serve` as a user runs it: starts, answers /health, stops cleanly on a signal."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

LEARNCONNECT = str(Path(sys.executable).with_name("learnconnect"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> httpx.Response:
    """Poll `url` until it answers; fail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early with {process.returncode}")
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {timeout}s")


def serve_env(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNCONNECT_")}
    env["LEARNCONNECT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/coach.db"
    env["LEARNCONNECT_WEB_PORT"] = str(port)
    env.update(extra)
    return env


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_serve_answers_health_and_stops_cleanly(tmp_path: Path, stop_signal: int) -> None:
    port = free_port()
    process = subprocess.Popen(
        [LEARNCONNECT, "serve"],
        env=serve_env(tmp_path, port),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        response = wait_for(f"http://127.0.0.1:{port}/health", process)
        assert response.json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/ready").status_code == 200
        process.send_signal(stop_signal)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output.decode()
    assert (tmp_path / "coach.db").exists()


def test_a_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    env = serve_env(tmp_path, 8000, LEARNCONNECT_WEB_PORT="not-a-port")
    result = subprocess.run(
        [LEARNCONNECT, "serve"], env=env, cwd=tmp_path, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "Invalid setting LEARNCONNECT_WEB_PORT: Input should be a valid integer, "
        "unable to parse string as an integer"
    )


def test_every_command_has_help() -> None:
    result = subprocess.run([LEARNCONNECT, "--help"], capture_output=True, timeout=60, check=True)
    commands = re.findall(r"^│ ([a-z][\w-]*) ", result.stdout.decode(), flags=re.MULTILINE)
    assert {"serve", "version", "db"} <= set(commands)
    for command in commands:
        sub = subprocess.run(
            [LEARNCONNECT, command, "--help"], capture_output=True, timeout=60, check=False
        )
        assert sub.returncode == 0, command
        assert b"Usage" in sub.stdout
