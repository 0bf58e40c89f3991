"""The last published build is recalled only when nothing it was made from changed (publish/recall.py).

Builds run as a user runs them (`mkdocs build` in a process of its own, plugin on, the demo
copied into a temp dir): a warm build of an unchanged project is recalled and publishes the
same site byte for byte; any change to what the pipeline reads makes the next build compute
again, and shows; a damaged, foreign or stale record is never used and never a traceback.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from kekpublish.publish import recall
from kekpublish.publish.options import Options
from tests.sitebuild import copy_demo, run, write_config

RECALLED = "nothing changed since the last published build"
NARRATIVE = "gezinsuitbreiding-2026/narratives/r01.md"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(config: Path, *extra: str, ok: bool = True) -> str:
    # one reference date for every build (the module's fixture runs before the suite's autouse one sets it)
    done = run("-m", "mkdocs", "build", "-f", str(config), *extra,
               env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1789000000"})
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert (done.returncode == 0) == ok, done.stderr[-3000:]
    return done.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The demo built once (cold): its config, studies, site, cache and the site's files."""
    folder = tmp_path_factory.mktemp("recall")
    docs, studies = copy_demo(folder)
    cache = folder / ".cache"
    config = write_config(folder, docs, cache_dir=cache, studies_dir=str(studies))
    log = _build(config)
    assert RECALLED not in log
    assert (cache / recall.FILE_NAME).is_file()
    return {"config": config, "studies": studies, "docs": docs, "site": folder / "site", "cache": cache,
            "cold": _files(folder / "site")}


def test_an_unchanged_project_is_recalled_and_publishes_the_same_site(project):
    log = _build(project["config"])
    assert RECALLED in log
    warm = _files(project["site"])
    assert len(warm) > 100 and any(k.endswith(".pdf") for k in warm)
    assert sorted(warm) == sorted(project["cold"])
    assert [k for k in warm if warm[k] != project["cold"][k]] == []


def test_an_edit_is_built_and_then_recalled(project, tmp_path):
    source = project["studies"] / NARRATIVE
    before = source.read_text("utf-8")
    try:
        source.write_text(before.rstrip("\n") + "\n\nDe wachtkamer had geen stopcontact voor de kinderwagenlamp.\n", "utf-8")
        log = _build(project["config"])
        assert RECALLED not in log
        page = (project["site"] / "gezinsuitbreiding-2026" / "narratieven" / "r01" / "index.html").read_text("utf-8")
        assert "geen stopcontact voor de kinderwagenlamp" in page
        assert RECALLED in _build(project["config"])  # the edited project, remembered in its turn
    finally:
        source.write_text(before, "utf-8")
    log = _build(project["config"])  # back as it was: computed again (the record is of the edited project)
    assert RECALLED not in log
    assert _files(project["site"]) == project["cold"]


def test_a_raw_file_added_to_a_study_is_not_published_after_a_recall(project):
    raw = project["studies"] / "gezinsuitbreiding-2026" / "transcript-r01.txt"
    raw.write_text("Transcript: mevrouw Jolanda Verbeek, Kerkstraat 12\n", "utf-8")
    try:
        log = _build(project["config"])
        assert RECALLED not in log  # the list of files is part of the key
        assert not any("transcript" in k for k in _files(project["site"]))
    finally:
        raw.unlink()


def test_a_missing_export_means_a_full_build(project):
    _build(project["config"])
    exports = sorted((project["cache"] / "exports").glob("*.png"))
    assert exports
    exports[0].unlink()
    log = _build(project["config"])
    assert RECALLED not in log  # an export gone from the cache: computed, converted again
    assert _files(project["site"]) == project["cold"]
    assert RECALLED in _build(project["config"])


@pytest.mark.parametrize("damage", ["truncated", "garbled", "foreign", "foreign under the key", "other key", "no key line"])
def test_a_damaged_or_foreign_record_is_never_used(project, damage, tmp_path):
    path = project["cache"] / recall.FILE_NAME
    _build(project["config"])
    good = path.read_bytes()
    marker = tmp_path / "ran"
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "garbled":
        path.write_bytes(good[:1000] + bytes(b ^ 0x55 for b in good[1000:2000]) + good[2000:])
    elif damage.startswith("foreign"):  # a pickle that would run code, sealed as a record is
        class Evil:
            def __reduce__(self):
                return (Path.touch, (marker,))
        data = pickle.dumps(Evil())
        if damage == "foreign under the key":  # behind this build's own key line: read, and refused by the unpickler
            data = good.split(b"\n", 1)[0] + b"\n" + data
        path.write_bytes(data + b"kekpublish-last-build-sha256:" + hashlib.sha256(data).hexdigest().encode())
    elif damage == "no key line":  # a record as written before the key line: sealed, read from its first byte
        data = good.split(b"\n", 1)[1][: -len(recall._SEAL) - 64]
        path.write_bytes(data + recall._SEAL + hashlib.sha256(data).hexdigest().encode())
    else:
        head, body = good.split(b"\n", 1)
        assert head.startswith(recall._HEAD)
        record = recall._Unpickler(__import__("io").BytesIO(body[: -len(recall._SEAL) - 64])).load()
        record.key = "0" * 64
        recall.remember(record, project["cache"])
    log = _build(project["config"])
    assert RECALLED not in log
    assert not marker.exists()
    assert _files(project["site"]) == project["cold"]
    assert RECALLED in _build(project["config"])  # a new record was written


def test_a_record_of_other_inputs_is_not_read_past_its_key(project, monkeypatch):
    """A build after an edit learns from the first line that the record is not its own: nothing is unpickled, nothing removed."""
    _build(project["config"])
    path = project["cache"] / recall.FILE_NAME
    good = path.read_bytes()
    key = good.split(b"\n", 1)[0][len(recall._HEAD):].decode()

    def refuse(*args):
        raise AssertionError("the record was read")
    monkeypatch.setattr(recall, "_read_sealed", refuse)
    assert recall.recall("f" * 64, project["cache"]) is None
    assert path.read_bytes() == good
    monkeypatch.undo()
    assert recall.recall(key, project["cache"]).key == key


def test_warnings_are_told_again_and_strict_still_fails(project):
    source = project["studies"] / NARRATIVE
    before = source.read_text("utf-8")
    try:
        source.write_text(before.replace("method: persoonlijk", "method: persoonlijk\nmethode: persoonlijk", 1), "utf-8")
        _build(project["config"], "--strict", ok=False)  # the unknown key is an error under --strict: nothing published
        log = _build(project["config"])  # published, with the warning
        assert "methode" in log and RECALLED not in log
        log = _build(project["config"])  # recalled: the warning is told again
        assert RECALLED in log and "methode" in log
        _build(project["config"], "--strict", ok=False)
    finally:
        source.write_text(before, "utf-8")


def test_the_key_covers_what_the_pipeline_reads(tmp_path):
    docs, studies = copy_demo(tmp_path)
    base = Options(cache_dir=tmp_path / "cache")
    key = lambda options=base, **kw: recall.inputs_key(docs, options, exclude=lambda rel: False,  # noqa: E731
                                                       studies_dir=studies, **kw)
    first = key()
    assert key() == first  # deterministic
    assert key(Options(cache_dir=tmp_path / "cache", language="en")) != first
    assert key(Options(cache_dir=tmp_path / "cache", colours=("#000000", "#ffffff"))) != first
    import datetime as dt
    assert key(Options(cache_dir=tmp_path / "cache", today=dt.date(2031, 1, 1))) != first  # overdue is judged by date
    assert key(has_home=True) != first
    csv = next(studies.rglob("*.csv"))
    text = csv.read_text("utf-8")
    csv.write_text(text.replace("1", "2", 1), "utf-8")
    assert key() != first
    csv.write_text(text, "utf-8")
    assert key() == first
    (studies / "gezinsuitbreiding-2025" / "scan.pdf").write_bytes(b"%PDF-1.4")
    assert key() != first
    (studies / "gezinsuitbreiding-2025" / "scan.pdf").unlink()
    theme = tmp_path / "overrides"
    theme.mkdir()
    with_dir = Options(cache_dir=tmp_path / "cache", override_dirs=(str(theme),))
    empty = key(with_dir)
    (theme / "kekpublish").mkdir()
    (theme / "kekpublish" / "narrative.html").write_text("{{ body }}", "utf-8")
    assert key(with_dir) != empty
    ignored = recall.inputs_key(docs, base, exclude=lambda rel: True, studies_dir=studies)
    (docs / "notes.md").write_text("# Notes\n", "utf-8")
    assert recall.inputs_key(docs, base, exclude=lambda rel: True, studies_dir=studies) == ignored  # not a file MkDocs reads
    assert key() != first


def test_a_build_that_skipped_exports_is_not_remembered(tmp_path, monkeypatch):
    """Without cairo the PNG/PDF files are skipped with a notice; once cairo is there, the same sources must get them."""
    from kekpublish.export import images
    from kekpublish.publish import pipeline

    docs, studies = copy_demo(tmp_path)
    options = Options(cache_dir=tmp_path / "cache")
    with monkeypatch.context() as patched:
        patched.setattr(images, "cairo_error", lambda: "libcairo is missing")
        skipped = pipeline.run(docs, options, studies_dir=studies, reuse=True)
        assert skipped.ok and skipped.publication.notices and not skipped.complete
        assert not pipeline.remember(skipped, options)
    if images.cairo_error():
        pytest.skip("cairo is not available here")
    built = pipeline.run(docs, options, studies_dir=studies, reuse=True)
    assert built.ok and built.complete and not built.recalled
    assert any(f.uri.endswith(".png") and f.content for f in built.publication.files)
    assert pipeline.remember(built, options)
    again = pipeline.run(docs, options, studies_dir=studies, reuse=True)
    assert again.recalled and again.site is None
    assert [(f.uri, f.content) for f in again.publication.files] == [(f.uri, f.content) for f in built.publication.files]
    assert [p.uri for p in again.publication.pages] == [p.uri for p in built.publication.pages]
    assert again.study_files == built.study_files and again.anonymised.leak_terms == built.anonymised.leak_terms


def test_a_build_that_runs_once_lets_go_of_deduce_before_converting(tmp_path):
    """`mkdocs build` releases deduce once its studies are anonymised, when PNG/PDF conversions are
    about to fork their workers; with every export cached (or none to make) it keeps it: giving it
    back costs a full collection. serve always keeps it. An analysis after a release loads it again."""
    from kekpublish.anonymise import nlp
    from kekpublish.publish import pipeline

    docs, studies = copy_demo(tmp_path)
    options = Options(cache_dir=tmp_path / "cache")
    kept = pipeline.run(docs, options, studies_dir=studies, exports="defer")
    assert kept.ok and nlp.is_loaded()
    (studies / NARRATIVE).write_text((studies / NARRATIVE).read_text("utf-8") + "\nMeneer Pieterse belde nog.\n", "utf-8")
    deferred = pipeline.run(docs, options, studies_dir=studies, exports="defer", release_deduce=True)
    assert deferred.ok and nlp.is_loaded()  # nothing converted: nothing forks
    (studies / NARRATIVE).write_text((studies / NARRATIVE).read_text("utf-8") + "\nMevrouw Hoogendam belde ook.\n", "utf-8")
    loads = nlp.LOADS
    released = pipeline.run(docs, options, studies_dir=studies, exports="background", release_deduce=True)
    try:
        assert released.ok and released.pending_exports and not nlp.is_loaded()
    finally:
        released.cancel_exports()
    assert nlp.LOADS == loads  # it was still loaded: nothing started again before it was let go
    assert {"Pieterse", "Hoogendam"} <= set(released.anonymised.leak_terms)
    assert nlp.analyse("Mevrouw Jansen belde.")["spans"]  # loads it again
    assert nlp.is_loaded()
