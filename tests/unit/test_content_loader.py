"""The pack loader: helpers of the Pack model and errors that carry file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content import PackLoadError, UnknownPackError, load_pack, read_pack, shipped_pack_ids
from content.loader import pack_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
MINI = FIXTURES / "mini"


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def test_mini_pack_helpers() -> None:
    pack = load_pack(MINI)
    assert pack.id == "mini"
    assert [t.id for t in pack.topics] == ["sayilar", "uslu", "kuvvet"]
    assert pack.subject_of("kuvvet").id == "fen"
    assert pack.test_of("mat").questions == 4
    assert pack.session_of_test("t_fen").minutes == 60
    assert pack.weight("t_fen", "MAT") == 0.0
    assert pack.weight("t_fen", "say") == 0.5
    assert [t.id for t in pack.topics_for_track("MAT")] == ["sayilar", "uslu"]
    assert [t.id for t in pack.topics_for_track("SAY")] == ["sayilar", "uslu", "kuvvet"]
    assert [lesson.order for lesson in pack.lessons_of("uslu")] == [1, 2]
    assert pack.topic_of_lesson("uslu_2").id == "uslu"
    assert [q.id for q in pack.questions_of("uslu")] == ["mat_001"]
    assert pack.questions_of("kuvvet") == ()
    assert [g.id for g in pack.generators_of("uslu")] == ["gen_uslu"]
    assert pack.exam.net_rule.net(correct=10, wrong=4) == 9.0
    with pytest.raises(KeyError):
        pack.questions_of("nope")


def test_loader_adds_practice_and_summary_resources() -> None:
    pack = load_pack(MINI)
    kinds = {topic.id: [r.type for r in pack.resources_of(topic.id)] for topic in pack.topics}
    assert kinds == {
        "sayilar": ["practice", "summary"],
        "uslu": ["video", "practice"],
        "kuvvet": ["practice"],
    }
    summary = pack.resources_of("sayilar")[1]
    assert summary.body is not None
    assert summary.body.splitlines()[0] == "• Bir"


def test_items_remember_file_and_line() -> None:
    pack = load_pack(MINI)
    assert str(pack.topics_by_id["uslu"].origin) == "topics/mat.yaml:12"
    assert str(pack.lessons_by_id["uslu_2"].origin) == "topics/mat.yaml:20"
    assert str(pack.questions_by_id["mat_002"].origin) == "questions/mat.yaml:11"
    assert str(pack.subjects_by_id["fen"].origin) == "pack.yaml:23"


def test_schema_error_names_file_and_line(mini_copy: Path) -> None:
    path = mini_copy / "topics" / "mat.yaml"
    path.write_text(path.read_text().replace("difficulty: 2", "difficulty: 9"))
    with pytest.raises(PackLoadError) as caught:
        load_pack(mini_copy)
    [issue] = caught.value.issues
    assert (issue.file, issue.line, issue.code) == ("topics/mat.yaml", 16, "schema")
    assert "difficulty" in issue.message


def test_yaml_syntax_error_and_duplicate_key(mini_copy: Path) -> None:
    (mini_copy / "questions" / "mat.yaml").write_text("subject: mat\nquestions: [\n")
    path = mini_copy / "topics" / "fen.yaml"
    path.write_text(path.read_text().replace("difficulty: 3", "difficulty: 3\n    difficulty: 2"))
    result = read_pack(mini_copy)
    assert result.pack is None
    found = {(i.file, i.line, i.code) for i in result.issues}
    assert ("topics/fen.yaml", 8, "duplicate-key") in found
    assert any(f == "questions/mat.yaml" and c == "yaml" for f, _, c in found)


def test_unknown_pack() -> None:
    with pytest.raises(UnknownPackError):
        pack_path("no_such_pack")


def test_shipped_ids_include_yks() -> None:
    assert "yks" in shipped_pack_ids()


def test_score_type_lookup_ignores_case_and_turkish_letters() -> None:
    pack = load_pack("yks")
    assert pack.score_type("söz").id == "SOZ"
    assert pack.score_type("DİL").id == "DIL"
    assert pack.score_type("say").id == "SAY"
    assert {t.subject_id for t in pack.topics_for_track("DIL")} == {
        "tyt_turkce",
        "tyt_tarih",
        "tyt_cografya",
        "tyt_felsefe",
        "tyt_din",
        "tyt_matematik",
        "tyt_geometri",
        "tyt_fizik",
        "tyt_kimya",
        "tyt_biyoloji",
    }
    say = {t.subject_id for t in pack.topics_for_track("SAY")}
    assert "ayt_fizik" in say and "ayt_edebiyat" not in say
    ea = {t.subject_id for t in pack.topics_for_track("EA")}
    assert {"ayt_matematik", "ayt_edebiyat", "ayt_tarih1"} <= ea and "ayt_fizik" not in ea
    with pytest.raises(KeyError):
        pack.score_type("XYZ")
