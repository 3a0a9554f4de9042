"""`learnconnect content` without a database: validate, export, sample, list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
PACKS = Path(__file__).resolve().parents[1] / "fixtures" / "packs"
runner = CliRunner()


def _contains(data: dict[str, object], expected: dict[str, object]) -> bool:
    return {key: data.get(key) for key in expected} == expected


@pytest.fixture(autouse=True)
def no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", f"sqlite:///{tmp_path}/absent.db")


def test_validate_broken_pack_exits_1_with_every_error() -> None:
    result = runner.invoke(app, ["content", "validate", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines()]
    assert lines[0].endswith("broken: 23 problem(s)")
    assert any(
        line.endswith(
            "broken/questions/mat.yaml:3: [answer-out-of-range] question 'mat_001': "
            "answer 5 is not an index of its 5 options"
        )
        for line in lines
    )
    assert sum("[duplicate-id]" in line for line in lines) == 3


def test_validate_good_pack_exits_0() -> None:
    result = runner.invoke(app, ["content", "validate", str(PACKS / "good")])
    assert result.exit_code == 0, result.output
    assert "ok (5 topics, 5 lessons, 4 questions, 3 generators)" in result.output


def test_validate_fails_on_an_unservable_topic() -> None:
    result = runner.invoke(app, ["content", "validate", str(PACKS / "bad_unservable")])
    assert result.exit_code == 1
    assert "bad_unservable/topics/mat.yaml:10: [topic-unservable]" in result.output


def test_validate_unknown_pack_exits_2() -> None:
    assert runner.invoke(app, ["content", "validate", "no_such_pack"]).exit_code == 2


def test_export_json_has_the_documented_keys() -> None:
    result = runner.invoke(app, ["content", "export", str(FIXTURES / "mini"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert _contains(
        data["pack"],
        {
            "id": "mini",
            "name": "Mini pack",
            "version": "1",
            "language": "tr",
        },
    )
    assert data["exam"]["net_rule"] == {"wrong_penalty": 0.25}
    session = data["exam"]["sessions"][0]
    assert session["minutes"] == 60
    assert {k: session["tests"][0][k] for k in ("id", "name", "questions")} == {
        "id": "t_mat",
        "name": "Matematik",
        "questions": 4,
    }
    assert _contains(data["exam"]["score_types"][1], {"id": "MAT", "weights": {"t_mat": 1.0}})
    assert {"id", "name", "test_id"} <= set(data["subjects"][0])
    topic = data["topics"][1]
    assert {
        k: topic[k]
        for k in (
            "id",
            "subject_id",
            "name",
            "name_en",
            "expected_questions",
            "difficulty",
            "prerequisites",
        )
    } == {
        "id": "uslu",
        "subject_id": "mat",
        "name": "Üslü Sayılar",
        "name_en": "Exponents",
        "expected_questions": 2.5,
        "difficulty": 2,
        "prerequisites": ["sayilar"],
    }
    assert _contains(
        data["lessons"][2],
        {
            "id": "uslu_2",
            "topic_id": "uslu",
            "minutes": 40,
            "order": 2,
        },
    )
    assert _contains(
        data["questions"][0],
        {
            "id": "mat_001",
            "topic_id": "uslu",
            "answer": 1,
            "difficulty": 1,
            "language": "tr",
        },
    )
    assert data["generators"] == [
        {"id": "gen_uslu", "topic_id": "uslu", "function": "content.generators.yks_math:exponents"}
    ]
    video = next(r for r in data["resources"] if r["id"] == "uslu_video")
    assert _contains(
        video,
        {
            "topic_id": "uslu",
            "type": "video",
            "url": "https://example.org/uslu",
            "language": "tr",
            "minutes": 12,
        },
    )
    practice = next(r for r in data["resources"] if r["id"] == "uslu_practice")
    assert practice["type"] == "practice" and practice["url"] is None


def test_export_rejects_other_formats() -> None:
    result = runner.invoke(app, ["content", "export", str(FIXTURES / "mini"), "--format", "xml"])
    assert result.exit_code == 2


def test_sample_is_deterministic_and_shows_the_answer() -> None:
    args = ["content", "sample", "uslu", "--seed", "7", "--pack", str(FIXTURES / "mini")]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    lines = first.output.splitlines()
    assert lines[0] == "[mini · gen_uslu · seed 7]"
    assert "2^x olduğuna göre x kaçtır?" in lines[1]
    assert [line[:5] for line in lines[2:7]] == ["  A) ", "  B) ", "  C) ", "  D) ", "  E) "]
    assert lines[7].startswith("answer: ")


def test_sample_without_generator_explains() -> None:
    result = runner.invoke(app, ["content", "sample", "kuvvet", "--pack", str(FIXTURES / "mini")])
    assert result.exit_code == 1
    assert "topics with generators: uslu" in result.output


def test_list_works_without_database() -> None:
    result = runner.invoke(app, ["content", "list"])
    assert result.exit_code == 0, result.output
    assert "yks" in result.output
    assert "no database yet" in result.output


def test_stats_table_counts_the_good_pack() -> None:
    result = runner.invoke(app, ["content", "stats", str(PACKS / "good")])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[2:5]}
    # topics, bank, difficulties 1-5, levels, generators, summaries (tr), resources
    # (video/article/practice/summary), figures (bank + figure-drawing generators), below bar
    assert rows == {
        "mat": ["3", "3", "1/0/1/0/1", "1/1/1", "2", "2", "(2)", "1/1/3/2", "1+1g", "3"],
        "fen": ["2", "1", "0/0/1/0/0", "0/1/0", "1", "0", "(0)", "0/0/2/0", "1+0g", "2"],
        "total": ["5", "4", "1/0/2/0/1", "1/2/1", "3", "2", "(2)", "1/1/5/2", "2+1g", "5"],
    }
    assert "  below the bar: mat/sayilar: 3 askable questions (needs 6)" in result.output


def test_stats_json_has_per_subject_and_total_figures() -> None:
    result = runner.invoke(app, ["content", "stats", str(PACKS / "good"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["good"]
    assert [s["subject_id"] for s in data["subjects"]] == ["mat", "fen"]
    mat, total = data["subjects"][0], data["total"]
    assert mat["by_difficulty"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1}
    assert mat["by_level"] == {"easy": 1, "medium": 1, "hard": 1}
    assert (mat["bank_figures"], mat["figure_generators"]) == (1, 1)
    assert mat["summaries_by_language"] == {"tr": 2}
    assert total["resources"] == {"video": 1, "article": 1, "practice": 5, "summary": 2}
    assert (total["topics"], total["bank"], total["generators"]) == (5, 4, 3)
    assert sorted(total["below_bar"]) == ["hareket", "kuvvet", "parabol", "sayilar", "uslu"]
    assert total["below_bar"]["kuvvet"][0] == "1 askable questions (needs 6)"


def test_stats_of_every_shipped_pack() -> None:
    result = runner.invoke(app, ["content", "stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"yks", "sat"} <= set(data)
    # Figure-drawing generators of issue 14: three geometry and two graphs (YKS), two (SAT).
    assert data["yks"]["total"]["figure_generators"] >= 5
    assert data["sat"]["total"]["figure_generators"] >= 2


def test_sample_of_a_graph_question_describes_its_figure() -> None:
    args = ["content", "sample", "parabol", "--seed", "3", "--pack", str(PACKS / "good")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("Şekil: y = f(x) grafiği, bir parabol")
    assert lines[2].startswith("Şekilde grafiği verilen f ")
