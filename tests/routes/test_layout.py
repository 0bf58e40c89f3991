"""studies_dir: studies beside docs_dir, loaded by the core with the addresses they would have in docs_dir."""

from __future__ import annotations

import shutil
from pathlib import Path

from kekpublish.publish import pipeline
from kekpublish.publish.options import Options

STARTER = Path(pipeline.__file__).resolve().parents[1] / "starter"


def _layout(tmp_path: Path, *studies: str) -> tuple[Path, Path]:
    docs, folder = tmp_path / "docs", tmp_path / "studies"
    docs.mkdir()
    (docs / "over.md").write_text("# Over\n", encoding="utf-8")
    for name in studies:
        shutil.copytree(STARTER, folder / name)
    folder.mkdir(exist_ok=True)
    return docs, folder


def test_studies_from_studies_dir_keep_their_addresses(tmp_path):
    docs, studies = _layout(tmp_path, "verhuizen")
    build = pipeline.check(docs, Options(), studies_dir=studies)
    assert not build.problems.errors, [str(p) for p in build.problems.errors]
    (study,) = build.site.studies
    assert study.folder == "verhuizen"  # as if it were docs/verhuizen: the same addresses
    assert build.site.study_files == set()  # nothing of docs_dir to leave out: MkDocs never sees the studies
    assert build.studies_in_docs == [] and pipeline.moving_notice(build, "docs") is None


def test_studies_in_docs_dir_still_work_with_one_notice(tmp_path):
    docs, studies = _layout(tmp_path)
    shutil.copytree(STARTER, docs / "verhuizen")
    (docs / "verhuizen" / "transcript.txt").write_text("ruw", encoding="utf-8")
    build = pipeline.check(docs, Options())
    assert [s.folder for s in build.site.studies] == ["verhuizen"]
    assert "verhuizen/transcript.txt" in build.site.study_files and "verhuizen/study.md" in build.site.study_files
    notice = pipeline.moving_notice(build, "docs")
    assert "verhuizen" in notice and "git mv docs/verhuizen studies/" in notice and "studies_dir: studies" in notice


def test_a_study_in_both_folders_is_an_error(tmp_path):
    docs, studies = _layout(tmp_path, "verhuizen")
    shutil.copytree(STARTER, docs / "verhuizen")
    build = pipeline.check(docs, Options(), studies_dir=studies)
    messages = [str(p) for p in build.problems.errors]
    assert any("studies/verhuizen/study.md" in m and "docs/verhuizen/study.md" in m and "same address" in m for m in messages), messages


def test_problems_name_the_file_in_its_own_folder(tmp_path):
    docs, studies = _layout(tmp_path, "verhuizen")
    narrative = studies / "verhuizen" / "narratives" / "r01.md"
    narrative.write_text(narrative.read_text("utf-8").replace("segment: a ", "segment: zz "), encoding="utf-8")
    build = pipeline.check(docs, Options(), studies_dir=studies)
    (error,) = [p for p in build.problems.errors if "zz" in p.message]
    assert error.file == "studies/verhuizen/narratives/r01.md" and error.line
    assert Path(build.root) == tmp_path.resolve()


def test_studies_dir_must_lie_beside_docs_dir(tmp_path):
    docs, _ = _layout(tmp_path)
    inside = docs / "studies"
    shutil.copytree(STARTER, inside / "verhuizen")
    build = pipeline.check(docs, Options(), studies_dir=inside)
    assert any("inside docs_dir" in p.message for p in build.problems.errors)
    build = pipeline.check(docs, Options(), studies_dir=tmp_path / "nergens")
    assert any("does not exist" in p.message for p in build.problems.errors)
    build = pipeline.check(docs, Options(), studies_dir=tmp_path)
    assert any("docs_dir lies inside studies_dir" in p.message for p in build.problems.errors)


def test_an_ordinary_page_in_studies_dir_is_reported_not_lost(tmp_path):
    docs, studies = _layout(tmp_path, "verhuizen")
    (studies / "lees-mij.md").write_text("# Aantekeningen\n", encoding="utf-8")
    build = pipeline.check(docs, Options(), studies_dir=studies)
    (warning,) = build.problems.warnings
    assert warning.file == "studies/lees-mij.md" and "not published" in warning.message


def test_a_journey_split_across_both_folders_is_one_journey(tmp_path):
    """A project that moves its rounds out of docs_dir one at a time: round 1 still in docs_dir,
    round 2 in studies_dir. `follows` in round 2 names actions of round 1 (it used to read as
    "the first round" and fail the build), errors across the folders name the right folder,
    and the round comparison is built."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from sitebuild import DEMO_STUDIES, build, write_config

    docs, studies = tmp_path / "docs", tmp_path / "studies"
    docs.mkdir()
    (docs / "over.md").write_text("# Over\n", encoding="utf-8")
    first, second = sorted(p.name for p in DEMO_STUDIES.iterdir() if (p / "study.md").is_file())[:2]
    shutil.copytree(DEMO_STUDIES / first, docs / first)
    shutil.copytree(DEMO_STUDIES / second, studies / second)
    assert "follows:" in (studies / second / "actions.md").read_text("utf-8")
    checked = pipeline.check(docs, Options(), studies_dir=studies)
    assert not checked.problems.errors, [str(p) for p in checked.problems.errors]
    assert [s.folder for s in checked.site.journeys()[checked.site.studies[0].journey]] == [first, second]

    site = build(write_config(tmp_path, docs, cache_dir=tmp_path / ".cache", studies_dir=str(studies)))
    comparisons = list((site / "rondes").glob("*/index.html"))
    assert len(comparisons) == 1
    page = comparisons[0].read_text("utf-8")
    assert f'href="../../{first}/' in page and f'href="../../{second}/' in page

    # a follows that names nothing of round 1 is still an error, reported in its own folder
    plan = studies / second / "actions.md"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("follows: ", "follows: ZZ9", 1), encoding="utf-8")
    errors = [p for p in pipeline.check(docs, Options(), studies_dir=studies).problems.errors if "ZZ9" in p.message]
    assert errors and errors[0].file == f"studies/{second}/actions.md" and f"{first}" in errors[0].message
