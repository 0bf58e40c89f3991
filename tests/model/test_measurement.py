"""kek: measurement (1.1): scores in front matter or in a CSV next to the file, checked against the study."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kekpublish.model import load_site

STARTER = Path(__file__).parents[2] / "kekpublish" / "starter"
HEAD = "---\nkek: measurement\ndate: 2026-11-15\nsource: Enquête na de aanvraag\n"


def study(tmp_path: Path, csv: str | None, front: str = "scores_csv: meting.csv\n", csv_bytes: bytes | None = None) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(STARTER, docs / "studie")
    folder = docs / "studie" / "metingen"
    (folder / "tussenmeting.md").unlink()
    (folder / "pulse.md").write_text(HEAD + front + "---\nWat is gevraagd.\n", encoding="utf-8")
    if csv_bytes is not None:
        (folder / "meting.csv").write_bytes(csv_bytes)
    elif csv is not None:
        (folder / "meting.csv").write_text(csv, encoding="utf-8")
    return docs


def points(docs: Path):
    site, problems = load_site(docs)
    [measurement] = site.studies[0].measurements
    return measurement, problems


@pytest.mark.parametrize("text", [
    "step;n;mean\naanvragen;48;15\nafronden;31;-35\n",
    "step,n,mean\naanvragen,48,15\nafronden,31,-35\n",
    "\ufeffStep;N;Mean\r\naanvragen;48;15\r\n\r\nafronden;31;-35,0\r\n",  # Excel: BOM, capitals, CRLF, a blank line, a decimal comma
    "step\tn\tmean\naanvragen\t48\t15\nafronden\t31\t-35\n",
])
def test_a_csv_is_read_like_scores(tmp_path, text):
    measurement, problems = points(study(tmp_path, text))
    assert not problems.errors and not problems.warnings, [str(p) for p in problems.items]
    assert measurement.csv_rel == "studie/metingen/meting.csv"
    assert [(p.step, p.n, p.mean, p.segment) for p in measurement.points] == [("aanvragen", 48, 15, None), ("afronden", 31, -35, None)]


def test_the_segment_column_and_the_files_segment(tmp_path):
    docs = study(tmp_path, "step;segment;n;mean\naanvragen;a;48;15\naanvragen;b;20;-5\nafronden;;31;-35\n",
                 front="segment: b\nscores_csv: meting.csv\n")
    measurement, problems = points(docs)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert [(p.step, p.segment, p.line) for p in measurement.points] == [("aanvragen", "a", 2), ("aanvragen", "b", 3), ("afronden", "b", 4)]


# (csv, file, line, field, words)
CSV_CASES = [
    ("step;n;mean\naanvrage;48;15\n", "studie/metingen/meting.csv", 2, "step", ["unknown step 'aanvrage'", "did you mean 'aanvragen'"]),
    ("step;n;mean\naanvragen;0;15\n", "studie/metingen/meting.csv", 2, "n", ["at least 1"]),
    ("step;n;mean\naanvragen;4,5;15\n", "studie/metingen/meting.csv", 2, "n", ["whole number"]),
    ("step;n;mean\naanvragen;48;150\n", "studie/metingen/meting.csv", 2, "mean", ["-100 to 100"]),
    ("step;n;mean\naanvragen;48;goed\n", "studie/metingen/meting.csv", 2, "mean", ["not a number"]),
    ("step;segment;n;mean\naanvragen;c;48;15\n", "studie/metingen/meting.csv", 2, "segment", ["unknown segment 'c'", "a, b"]),
    ("step;aantal;mean\naanvragen;48;15\n", "studie/metingen/meting.csv", 1, "", ["lacks the column n", "step;n;mean"]),
    ("step;n;mean\naanvragen;48;15\naanvragen;12;10\n", "studie/metingen/meting.csv", 3, "step", ["second figure for step 'aanvragen'", "line 2"]),
    ("step;n;mean\n", "studie/metingen/meting.csv", None, "", ["no scores"]),
    ("", "studie/metingen/meting.csv", None, "", ["empty"]),
    ("step;n;mean\n;48;15\n", "studie/metingen/meting.csv", 2, "step", ["empty"]),
]


@pytest.mark.parametrize("text,file,line,field,words", CSV_CASES, ids=[c[4][0] for c in CSV_CASES])
def test_csv_problems_name_the_csv_and_its_line(tmp_path, text, file, line, field, words):
    _, problems = points(study(tmp_path, text))
    found = [p for p in problems.errors if p.file == file and p.field == field]
    assert found, [str(p) for p in problems.items]
    assert found[0].line == line and all(w in found[0].message for w in words), str(found[0])


def test_every_csv_problem_at_once(tmp_path):
    _, problems = points(study(tmp_path, "step;n;mean\naanvrage;48;15\nafronden;0;15\norienteren;4;-300\n"))
    assert [(p.line, p.field) for p in problems.errors] == [(2, "step"), (3, "n"), (4, "mean")]


def test_a_csv_that_is_not_utf8(tmp_path):
    _, problems = points(study(tmp_path, None, csv_bytes="step;n;mean\nafronden;3;1\n# café\n".encode("latin-1")))
    [problem] = problems.errors
    assert problem.file == "studie/metingen/meting.csv" and "not UTF-8" in problem.message and problem.line == 3


@pytest.mark.parametrize("name,words", [("ontbreekt.csv", ["does not exist", "meting.csv"]), ("../../geheim.csv", ["not a file next to this one"]),
                                        ("/etc/passwd", ["not a file next to this one"])])
def test_scores_csv_names_a_file_next_to_the_measurement(tmp_path, name, words):
    _, problems = points(study(tmp_path, "step;n;mean\naanvragen;48;15\n", front=f"scores_csv: {name}\n"))
    [problem] = problems.errors
    assert (problem.file, problem.field) == ("studie/metingen/pulse.md", "scores_csv") and problem.line == 5
    assert all(w in problem.message for w in words), str(problem)


def test_scores_or_scores_csv_is_required(tmp_path):
    _, problems = points(study(tmp_path, None, front=""))
    [problem] = problems.errors
    assert problem.field == "scores" and "'scores' is required (or 'scores_csv')" in problem.message


def test_the_csv_is_a_study_file_published_through_its_measurement(tmp_path):
    docs = study(tmp_path, "step;n;mean\naanvragen;48;15\n")
    (docs / "studie/metingen/ruwe-antwoorden.csv").write_text("naam;antwoord\n", encoding="utf-8")
    site, problems = load_site(docs)
    assert {"studie/metingen/meting.csv", "studie/metingen/ruwe-antwoorden.csv"} <= site.study_files
    [info] = problems.infos
    assert "ruwe-antwoorden.csv" in info.message and "meting.csv" not in info.message
