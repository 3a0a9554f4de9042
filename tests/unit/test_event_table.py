"""The event table in docs/architecture.md says exactly what coach/subscriptions.py wires."""

from __future__ import annotations

import re
from pathlib import Path

from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


def _documented() -> dict[str, set[str]]:
    rows: dict[str, set[str]] = {}
    for line in DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.fullmatch(r"[A-Z]\w+( / [A-Z]\w+)?", cells[0]):
            continue
        names = set(re.findall(r"`([a-z]+\.[a-z_]+)`", cells[2]))
        for event in cells[0].split(" / "):
            rows[event] = names
    return rows


def test_the_documented_table_matches_the_subscriptions() -> None:
    bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    wired = {event: set(names) for event, names in bus.table()}
    documented = _documented()
    for event, names in wired.items():
        assert documented.get(event) == names, event
    for event, names in documented.items():
        assert wired.get(event, set()) == names, event
