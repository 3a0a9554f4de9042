"""content.validate: a broken fixture pack gives exactly the expected errors, file and line."""

from __future__ import annotations

from pathlib import Path

from content.validate import validate_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"

EXPECTED_BROKEN = [
    ("pack.yaml", 17, "question-count-mismatch"),
    ("pack.yaml", 18, "missing-translation"),
    ("pack.yaml", 20, "unknown-test"),
    ("pack.yaml", 25, "generator-not-importable"),
    ("pack.yaml", 26, "generator-not-importable"),
    ("pack.yaml", 27, "unknown-topic"),
    ("questions/mat.yaml", 3, "answer-out-of-range"),
    ("questions/mat.yaml", 10, "duplicate-option"),
    ("questions/mat.yaml", 17, "duplicate-id"),
    ("questions/mat.yaml", 17, "topic-subject-mismatch"),
    ("topics/fen.yaml", 11, "missing-url"),
    ("topics/mat.yaml", 10, "dangling-prerequisite"),
    ("topics/mat.yaml", 10, "missing-translation"),
    ("topics/mat.yaml", 16, "missing-translation"),
    ("topics/mat.yaml", 17, "duplicate-id"),
    ("topics/mat.yaml", 23, "duplicate-id"),
    ("topics/mat.yaml", 24, "prerequisite-cycle"),
    ("topics/mat.yaml", 40, "missing-lessons"),
    ("topics/mat.yaml", 40, "prerequisite-cycle"),
]


def test_broken_pack_reports_every_error_with_file_and_line() -> None:
    issues = validate_pack(FIXTURES / "broken")
    assert [(i.file, i.line, i.code) for i in issues] == EXPECTED_BROKEN


def test_broken_pack_messages_name_the_culprits() -> None:
    messages = {str(issue) for issue in validate_pack(FIXTURES / "broken")}
    assert (
        "topics/mat.yaml:24: [prerequisite-cycle] prerequisite cycle: cyc_a -> cyc_b -> cyc_a"
        in messages
    )
    assert (
        "topics/mat.yaml:10: [dangling-prerequisite] topic 'uslu' needs unknown topic "
        "'logaritma'" in messages
    )
    assert (
        "pack.yaml:17: [question-count-mismatch] test 't_mat' has 12 questions but the topics "
        "of mat expect 6 (tolerance 1)" in messages
    )
    assert (
        "questions/mat.yaml:3: [answer-out-of-range] question 'mat_001': answer 5 is not an "
        "index of its 5 options" in messages
    )
    assert (
        "topics/mat.yaml:17: [duplicate-id] duplicate topic id 'sayilar' (first at "
        "topics/mat.yaml:3)" in messages
    )


def test_valid_fixture_has_no_issues() -> None:
    assert validate_pack(FIXTURES / "mini") == []


def test_count_within_tolerance_passes_and_outside_fails(tmp_path: Path) -> None:
    source = FIXTURES / "mini"
    for path in source.rglob("*.yaml"):
        target = tmp_path / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    pack_file = tmp_path / "pack.yaml"
    # Topics of t_mat expect 4.0: 5 questions is within tolerance 1.0, 6 is not.
    pack_file.write_text(pack_file.read_text().replace("questions: 4}", "questions: 5}"))
    assert validate_pack(tmp_path) == []
    pack_file.write_text(pack_file.read_text().replace("questions: 5}", "questions: 6}"))
    assert [i.code for i in validate_pack(tmp_path)] == ["question-count-mismatch"]


def test_subject_without_topics_file_and_stray_file(tmp_path: Path) -> None:
    source = FIXTURES / "mini"
    for path in source.rglob("*.yaml"):
        target = tmp_path / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    (tmp_path / "topics" / "fen.yaml").rename(tmp_path / "topics" / "fenn.yaml")
    found = {(i.file, i.code) for i in validate_pack(tmp_path)}
    assert ("pack.yaml", "missing-file") in found
    assert ("topics/fenn.yaml", "unknown-subject") in found
