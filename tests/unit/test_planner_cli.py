"""`learnconnect plan`: the JSON shape, the table, the iCalendar file and bad profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from bot.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.yaml"
NOW = "2026-11-30T09:00:00+03:00"
SESSION_KEYS = {
    "id",
    "date",
    "start",
    "minutes",
    "kind",
    "subject_id",
    "topic_id",
    "lesson_id",
    "reason",
}
SUMMARY_KEYS = {
    "available_minutes",
    "planned_minutes",
    "lesson_minutes",
    "review_minutes",
    "mock_exams",
    "expected_gain",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


def write_profile(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example_json() -> dict:
    code, out, err = run("--pack", "yks", "--profile", str(EXAMPLE), "--now", NOW)
    assert code == 0, err
    return json.loads(out)


def test_json_has_exactly_the_documented_shape(example_json: dict) -> None:
    assert set(example_json) == {"plan"}
    plan = example_json["plan"]
    assert set(plan) == {
        "pack",
        "track",
        "start_date",
        "exam_date",
        "sessions",
        "unscheduled",
        "summary",
    }
    assert (plan["pack"], plan["track"]) == ("yks", "SAY")
    assert (plan["start_date"], plan["exam_date"]) == ("2026-12-01", "2027-06-19")
    assert plan["sessions"]
    kinds = set()
    for session in plan["sessions"]:
        assert set(session) == SESSION_KEYS
        kinds.add(session["kind"])
        assert session["reason"]
        if session["kind"] == "break":
            assert session["minutes"] == 0 and session["start"] is None
            assert session["topic_id"] is None and session["lesson_id"] is None
        else:
            assert len(session["start"]) == 5 and session["minutes"] > 0
        if session["kind"] in ("mock_exam", "break"):
            assert session["subject_id"] is None
        if session["kind"] != "lesson":
            assert session["lesson_id"] is None
    assert kinds == {"lesson", "review", "quiz", "mock_exam", "break"}
    assert all(set(item) == {"lesson_id", "reason"} for item in plan["unscheduled"])
    assert set(plan["summary"]) == SUMMARY_KEYS
    assert plan["summary"]["planned_minutes"] <= plan["summary"]["available_minutes"]
    assert "2026-12-31" not in {s["date"] for s in plan["sessions"]}  # a blackout date


def test_json_is_turkish_by_default_and_english_on_request(example_json: dict) -> None:
    code, out, _ = run("--pack", "yks", "--profile", str(EXAMPLE), "--now", NOW, "--locale", "en")
    assert code == 0
    english = json.loads(out)["plan"]
    turkish = example_json["plan"]
    breaks = [s["reason"] for s in english["sessions"] if s["kind"] == "break"]
    assert breaks[0] == "Rest day: no study planned"
    first_break = next(s["reason"] for s in turkish["sessions"] if s["kind"] == "break")
    assert first_break == "Dinlenme günü: çalışma yok"
    assert [s["id"] for s in english["sessions"]] == [s["id"] for s in turkish["sessions"]]


def test_table_lists_days_sessions_and_totals() -> None:
    code, out, _ = run(
        "--profile", str(EXAMPLE), "--now", NOW, "--format", "table", "--locale", "en"
    )
    assert code == 0
    assert out.splitlines()[0] == "2026-12-01 Tuesday"
    assert "Lesson:" in out and "Rest day" in out and "Totals:" in out


def test_ics_parses_with_icalendar(example_json: dict) -> None:
    code, out, _ = run("--profile", str(EXAMPLE), "--now", NOW, "--format", "ics")
    assert code == 0
    calendar = Calendar.from_ical(out)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(example_json["plan"]["sessions"])
    first = events[0]
    assert str(first["UID"]).startswith(example_json["plan"]["sessions"][0]["id"])
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Istanbul"
    assert list(calendar.walk("VTIMEZONE"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"availability": {"mon": 2000}}, "availability.mon"),
        ({"availability": {"monday": 60}}, "availability.monday"),
        ({"track": "XYZ"}, "track"),
        ({"windows": {"mon": ["21:00-18:00"]}}, "windows"),
        ({"session_minutes": {"min": 90, "max": 30}}, "session_minutes"),
        ({"exam_date": "2026-11-01"}, "exam_date"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"mastery": {"no_such_topic": 0.5}}, "mastery.no_such_topic"),
        ({"mastery": {"uslu": 1.5}}, "mastery.uslu"),
        ({"break_days_per_week": 9}, "break_days_per_week"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_profile_names_the_field_and_exits_2(
    tmp_path: Path, changes: dict, field: str
) -> None:
    code, out, err = run("--profile", str(write_profile(tmp_path, **changes)), "--locale", "en")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert field in err


def test_a_missing_or_broken_profile_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("--profile", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("track: [SAY\n", encoding="utf-8")
    code, _, err = run("--profile", str(broken), "--locale", "en")
    assert code == 2 and "not valid YAML" in err
    not_mapping = tmp_path / "list.yaml"
    not_mapping.write_text("- 1\n- 2\n", encoding="utf-8")
    assert run("--profile", str(not_mapping))[0] == 2


def test_an_unknown_pack_exits_2() -> None:
    code, _, err = run("--pack", "nope", "--profile", str(EXAMPLE))
    assert code == 2 and "nope" in err


def test_the_sat_pack_plans_too(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, track="MATH", mastery={}, exam_date="2027-03-13")
    code, out, err = run("--pack", "sat", "--profile", str(profile), "--now", NOW, "--locale", "en")
    assert code == 0, err
    plan = json.loads(out)["plan"]
    assert plan["track"] == "MATH"
    assert {s["kind"] for s in plan["sessions"]} >= {"lesson", "review", "mock_exam"}
