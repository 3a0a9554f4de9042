"""The button contract: declared once, answered once, produced only from declarations."""

from __future__ import annotations

import ast
import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coach
from coach.actions import CATALOG
from coach.buttons import Button, ButtonCatalog, UnansweredButton, parse
from coach.dialogue.build import build_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.services import build_services
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
COACH = Path(coach.__file__).parent


def _engine(declared: ButtonCatalog) -> object:
    services = build_services(Catalog.load([str(MINI)]))
    clock = FixedClock(datetime(2027, 1, 4, tzinfo=UTC))
    return build_engine(object(), clock, services, EngineConfig(), declared=declared)  # type: ignore[arg-type]


def test_the_engine_builds_with_every_declared_button_answered() -> None:
    assert _engine(CATALOG) is not None


def test_a_declared_button_without_a_handler_fails_the_build() -> None:
    declared = copy.deepcopy(CATALOG)
    declared.groups["s"].action("teleport", "session")
    with pytest.raises(UnansweredButton, match="s:teleport"):
        _engine(declared)


def test_a_prefix_or_an_action_is_declared_once() -> None:
    declared = ButtonCatalog()
    group = declared.group("zz", "tests")
    group.action("go")
    with pytest.raises(ValueError, match="declared twice"):
        declared.group("zz", "someone else")
    with pytest.raises(ValueError, match="declared twice"):
        group.action("go")


def test_payloads_fit_a_telegram_button_and_round_trip() -> None:
    button = CATALOG.groups["s"].actions["mv"]
    payload = button.payload(123456789, "20270619")
    assert parse(payload) is not None and CATALOG.find(parse(payload)) is button  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        button.payload(1)  # the wrong number of arguments
    with pytest.raises(ValueError):
        Button("s", "mv", ("a", "b")).payload("x" * 40, "y")  # too long for a button


def _literal_payloads() -> list[tuple[str, str]]:
    """String payloads written by hand in the coach's code (Choice / ChoiceSpec arguments)."""
    found = []
    for path in COACH.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ("Choice", "ChoiceSpec"):
                continue
            arguments = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "payload")]
            for argument in arguments:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.append((f"{path.relative_to(COACH)}:{node.lineno}", argument.value))
    return found


def test_no_producer_writes_an_undeclared_payload() -> None:
    for where, payload in _literal_payloads():
        parsed = parse(payload)
        assert parsed is not None and CATALOG.find(parsed) is not None, (where, payload)
