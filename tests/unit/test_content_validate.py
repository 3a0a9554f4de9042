"""content.validate: broken fixture packs give exactly the expected errors, file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.validate import load_and_validate, validate_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
PACKS = Path(__file__).resolve().parents[1] / "fixtures" / "packs"

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
    ("topics/mat.yaml", 10, "topic-unservable"),
    ("topics/mat.yaml", 16, "missing-translation"),
    ("topics/mat.yaml", 17, "duplicate-id"),
    ("topics/mat.yaml", 23, "duplicate-id"),
    ("topics/mat.yaml", 24, "prerequisite-cycle"),
    ("topics/mat.yaml", 24, "topic-unservable"),
    ("topics/mat.yaml", 32, "topic-unservable"),
    ("topics/mat.yaml", 40, "missing-lessons"),
    ("topics/mat.yaml", 40, "prerequisite-cycle"),
    ("topics/mat.yaml", 40, "topic-unservable"),
]
# One fixture pack per rule of issue 14, each broken in exactly the listed places.
EXPECTED_PER_RULE = {
    "bad_unservable": [("topics/mat.yaml", 10, "topic-unservable")],
    "bad_duplicate_question": [("questions/mat.yaml", 11, "duplicate-question")],
    "bad_explanation": [("questions/mat.yaml", 4, "explanation-too-long")],
    # A missing explanation fails the schema already, so the pack does not even load.
    "bad_explanation_missing": [("questions/mat.yaml", 4, "schema")],
    "bad_option_count": [("questions/mat.yaml", 11, "option-count")],
    "bad_resource": [
        ("topics/mat.yaml", 11, "resource-incomplete"),
        ("topics/mat.yaml", 12, "resource-incomplete"),
    ],
    # A resource without type or language is a schema error (and its topic is dropped).
    "bad_resource_schema": [
        ("topics/mat.yaml", 2, "schema"),
        ("topics/mat.yaml", 11, "schema"),
        ("topics/mat.yaml", 12, "schema"),
    ],
    "bad_figure": [
        ("questions/mat.yaml", 4, "missing-figure"),
        ("questions/mat.yaml", 12, "missing-figure"),
    ],
}


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


@pytest.mark.parametrize("name", sorted(EXPECTED_PER_RULE))
def test_each_rule_has_a_failing_pack(name: str) -> None:
    issues = validate_pack(PACKS / name)
    assert [(i.file, i.line, i.code) for i in issues] == EXPECTED_PER_RULE[name], issues


def test_rule_messages_name_the_culprits() -> None:
    messages = {str(issue) for name in EXPECTED_PER_RULE for issue in validate_pack(PACKS / name)}
    assert (
        "topics/mat.yaml:10: [topic-unservable] topic 'kesirler' has no bank question and no "
        "generator: no quiz can serve it" in messages
    )
    assert (
        "questions/mat.yaml:11: [duplicate-question] question 'q_copy' repeats question 'q_ok' "
        "(at questions/mat.yaml:4)" in messages
    )
    assert (
        "questions/mat.yaml:4: [explanation-too-long] question 'q_long': explanation has 201 "
        "characters (a quiz poll shows 200)" in messages
    )
    assert (
        "questions/mat.yaml:11: [option-count] question 'q_four' has 4 options; the pack's "
        "questions have 5" in messages
    )
    assert (
        "topics/mat.yaml:11: [resource-incomplete] video 'sayilar_video' has no source and no "
        "level" in messages
    )
    assert "topics/mat.yaml:12: [resource-incomplete] article 'sayilar_okuma' has no level" in (
        messages
    )
    assert (
        "questions/mat.yaml:12: [missing-figure] question 'q_outside': figure "
        "'../good/figures/egik_duzlem.png' is not a file of the pack folder" in messages
    )


def test_the_import_leaves_out_only_the_advisory_rules() -> None:
    # An unfinished topic or link does not stop an import; a wrong question does.
    for name in ("bad_unservable", "bad_resource"):
        pack, issues = load_and_validate(PACKS / name)
        assert pack is not None and issues == []
    _, issues = load_and_validate(PACKS / "bad_duplicate_question")
    assert [i.code for i in issues] == ["duplicate-question"]


def test_valid_fixtures_have_no_issues() -> None:
    assert validate_pack(PACKS / "good") == []
    assert validate_pack(PACKS / "mini") == []


def _copy_good(tmp_path: Path) -> Path:
    target = tmp_path / "good"
    shutil.copytree(PACKS / "good", target)
    return target


def test_count_within_tolerance_passes_and_outside_fails(tmp_path: Path) -> None:
    root = _copy_good(tmp_path)
    pack_file = root / "pack.yaml"
    # Topics of t_mat expect 4.0: 5 questions is within tolerance 1.0, 6 is not.
    pack_file.write_text(pack_file.read_text().replace("questions: 4}", "questions: 5}"))
    assert validate_pack(root) == []
    pack_file.write_text(pack_file.read_text().replace("questions: 5}", "questions: 6}"))
    assert [i.code for i in validate_pack(root)] == ["question-count-mismatch"]


def test_a_figure_moved_away_is_reported(tmp_path: Path) -> None:
    root = _copy_good(tmp_path)
    (root / "figures" / "egik_duzlem.png").rename(root / "egik_duzlem.png")
    assert [(i.file, i.line, i.code) for i in validate_pack(root)] == [
        ("questions/fen.yaml", 4, "missing-figure")
    ]


def test_subject_without_topics_file_and_stray_file(tmp_path: Path) -> None:
    tmp_path = _copy_good(tmp_path)
    (tmp_path / "topics" / "fen.yaml").rename(tmp_path / "topics" / "fenn.yaml")
    found = {(i.file, i.code) for i in validate_pack(tmp_path)}
    assert ("pack.yaml", "missing-file") in found
    assert ("topics/fenn.yaml", "unknown-subject") in found
