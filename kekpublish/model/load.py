"""Read a docs dir into a Site: find the kek files, validate them, group them into studies."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from . import crossref
from .frontmatter import FrontMatter, FrontMatterError, parse
from .problems import Problems, did_you_mean, one_of
from .site import ActionPlan, Measurement, MeasurementPoint, Narrative, Page, Site, Source, Study, Visit
from .types import KINDS, META_BY_KIND
from .validate import validate

DEFAULT_MAX_BYTES = 1_000_000


def load_site(docs_dir: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, exclude=lambda rel: False) -> tuple[Site, Problems]:
    """Load every Markdown file under docs_dir; all problems are collected, none raised.

    `exclude(rel)` skips files the front end ignores anyway (e.g. MkDocs' exclude_docs).
    """
    root = Path(docs_dir)
    problems = Problems()
    documents: list[tuple[str, str, object, FrontMatter]] = []  # (rel, kind, meta, front)
    all_files: list[str] = []
    for path in sorted(_walk(root)):
        rel = path.relative_to(root).as_posix()
        if exclude(rel):
            continue
        all_files.append(rel)
        if path.suffix.lower() not in (".md", ".markdown"):
            continue
        front = _read(path, rel, max_bytes, problems)
        if front is None:
            continue
        data = front.data
        if not isinstance(data, dict):
            if data is None and PurePosixPath(rel).name != "study.md":
                continue  # an empty front matter block
            problems.add(rel, front.line_of(()), "", f"front matter must be a mapping of keys to values, not {_kind_of(data)}")
            continue
        kind = data.get("kek")
        if kind is None:
            if PurePosixPath(rel).name == "study.md":
                problems.add(rel, front.line_of(()), "kek", "a study.md must say 'kek: study' (or rename the file if it is an ordinary page)")
            continue
        if PurePosixPath(rel).name == "study.md" and kind != "study":
            problems.add(rel, front.line_of(("kek",)), "kek", f"a study.md must say 'kek: study', not 'kek: {kind}'")
            continue
        if kind not in KINDS:
            problems.add(rel, front.line_of(("kek",)), "kek", f"'{kind}' is not a kind of file; use {one_of(KINDS)}{did_you_mean(kind, KINDS)}")
            continue
        meta = validate(META_BY_KIND[kind], front, rel, problems)
        documents.append((rel, kind, meta, front))

    site = Site()
    study_folders: dict[str, Study | None] = {}
    for rel, kind, meta, front in documents:
        if kind != "study":
            continue
        folder = _folder_of(rel)
        if folder in study_folders:
            problems.add(rel, front.line_of(("kek",)), "kek", f"the folder '{folder or '.'}' already has a study; a folder holds at most one 'kek: study' file")
            continue
        study = Study(folder=folder, meta=meta, source=Source(rel, front)) if meta else None
        study_folders[folder] = study
        if study:
            site.studies.append(study)

    actionplans: dict[str, str] = {}
    for rel, kind, meta, front in documents:
        if kind == "study":
            continue
        folder = _nearest_study(rel, study_folders)
        if folder is None:
            problems.add(rel, front.line_of(("kek",)), "kek", f"'kek: {kind}' file outside any study; put it in (or below) a folder with a study.md that says 'kek: study'")
            continue
        study = study_folders[folder]
        if kind == "actionplan":
            if folder in actionplans:
                problems.add(rel, front.line_of(("kek",)), "kek", f"the study already has an action plan ({actionplans[folder]}); a study has at most one")
                continue
            actionplans[folder] = rel
        if study is None or meta is None:
            continue
        source = Source(rel, front)
        if kind == "narrative":
            study.narratives.append(Narrative(meta, source))
        elif kind == "shopping":
            study.visits.append(Visit(meta, source))
        elif kind == "actionplan":
            study.actionplan = ActionPlan(meta, source)
        elif kind == "measurement":
            study.measurements.append(Measurement(meta, source, [
                MeasurementPoint(step, score.n, score.mean, meta.segment, source.line("scores", step))
                for step, score in (meta.scores or {}).items()]))

    for rel in all_files:
        if _nearest_study(rel, study_folders) is not None:
            site.study_files.add(rel)
        elif rel.lower().endswith((".md", ".markdown")):
            site.pages.append(Page(rel))
    for study in site.studies:
        study.narratives.sort(key=lambda n: (n.meta.respondent, n.source.rel))
        study.visits.sort(key=lambda v: (v.meta.visited or v.source.rel, v.source.rel))
        study.measurements.sort(key=lambda m: (m.meta.date, m.source.rel))
    site.studies.sort(key=lambda s: (s.journey, s.sort_key, s.folder))
    crossref.check_site(site, problems)
    return site, problems


def _walk(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name


def _read(path: Path, rel: str, max_bytes: int, problems: Problems) -> FrontMatter | None:
    size = path.stat().st_size
    if size > max_bytes:
        problems.add(rel, None, "", f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB (raise it with the plugin option max_file_size)")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.add(rel, line, "", f"the file is not UTF-8 (byte {raw[exc.start]:#04x} at line {line}); save it as UTF-8")
        return None
    try:
        return parse(text)
    except FrontMatterError as exc:
        problems.add(rel, exc.line, "", exc.message)
        return None


def _kind_of(data: object) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false", type(None): "nothing"}.get(type(data), type(data).__name__)


def _folder_of(rel: str) -> str:
    parent = PurePosixPath(rel).parent.as_posix()
    return "" if parent == "." else parent


def _nearest_study(rel: str, folders: dict) -> str | None:
    folder = _folder_of(rel)
    while True:
        if folder in folders:
            return folder
        if folder == "":
            return None
        folder = _folder_of(folder)
