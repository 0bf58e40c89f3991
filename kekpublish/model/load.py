"""Read a docs dir into a Site: find the kek files, validate them, group them into studies.

The walk sees the files MkDocs sees: it follows symbolic links as MkDocs does,
and refuses a link that leaves the folder, loops, or leads into a study folder
from outside it (its files would otherwise reach the site raw). Every file
under a study is either published (kek files, ordinary pages) or reported as
not published, with why.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import crossref
from .frontmatter import FrontMatter, FrontMatterError, parse
from .problems import Problems, did_you_mean, one_of
from .site import ActionPlan, Measurement, MeasurementPoint, Narrative, Page, Site, Source, Study, Visit
from .types import KINDS, META_BY_KIND
from .validate import Checked, check, field_name

DEFAULT_MAX_BYTES = 1_000_000
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs reads as Markdown

# Keys that make an ordinary page look like a kek file whose `kek:` is missing.
_KEK_LIKE = {"respondent": "narrative", "experiences": "narrative or shopping", "segments": "study", "steps": "study",
             "actions": "actionplan", "cka": "actionplan", "scores": "measurement", "scores_csv": "measurement"}
_KEK_LINE = re.compile(r"^kek[ \t]*:", re.M)


@dataclass
class _Document:
    rel: str
    kind: str
    front: FrontMatter
    checked: Checked | None = None


@dataclass
class _File:
    rel: str
    path: Path
    real: str  # the resolved path, where links lead
    outside: bool = False  # reached through a link that leaves the folder (reported; never read)
    via_link: bool = False  # a link on the way from the root


def load_site(docs_dir: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, exclude=lambda rel: False,
              cross_checks: bool = True) -> tuple[Site, Problems]:
    """Load every Markdown file under docs_dir; all problems are collected, none raised.

    `exclude(rel)` skips files the front end ignores anyway (e.g. MkDocs' exclude_docs).
    `cross_checks=False` leaves out the rules that span files (crossref.check_site), for a
    caller that merges two folders into one site and checks the merged site itself.
    """
    root = Path(docs_dir)
    problems = Problems()
    files = [f for f in walk(root, problems) if not exclude(f.rel)]
    documents: list[_Document] = []
    ordinary: dict[str, FrontMatter] = {}  # Markdown without kek: rel -> front matter
    unclosed: list[str] = []
    unreadable: set[str] = set()
    for file in files:
        if not file.rel.lower().endswith(MARKDOWN) or file.outside:
            if file.outside:
                unreadable.add(file.rel)
            continue
        front = _read(file.path, file.rel, max_bytes, problems)
        if front is None:
            unreadable.add(file.rel)
            continue
        for line, path, message in front.problems:
            problems.add(file.rel, line, field_name(path), message)
        if front.unclosed:
            unclosed.append(file.rel)
            continue
        data = front.data
        name = PurePosixPath(file.rel).name
        if not isinstance(data, dict):
            if data is None and name != "study.md":
                ordinary[file.rel] = front  # an empty front matter block
                continue
            problems.add(file.rel, front.line_of(()), "", f"front matter must be a mapping of keys to values, not {_kind_of(data)}")
            unreadable.add(file.rel)
            continue
        kind = data.get("kek")
        if kind is None:
            if name == "study.md":
                problems.add(file.rel, front.line_of(()), "kek", "a study.md must say 'kek: study' (or rename the file if it is an ordinary page)")
                unreadable.add(file.rel)
            else:
                ordinary[file.rel] = front
            continue
        if name == "study.md" and kind != "study":
            problems.add(file.rel, front.line_of(("kek",)), "kek", f"a study.md must say 'kek: study', not 'kek: {kind}'")
            unreadable.add(file.rel)
            continue
        if kind not in KINDS:
            problems.add(file.rel, front.line_of(("kek",)), "kek", f"'{kind}' is not a kind of file; use {one_of(KINDS)}{did_you_mean(kind, KINDS)}")
            unreadable.add(file.rel)
            continue
        documents.append(_Document(file.rel, kind, front))

    # Studies first, so that every other file is validated knowing its study's ids.
    site = Site()
    study_folders: dict[str, Study | None] = {}
    for doc in documents:
        if doc.kind != "study":
            continue
        folder = _folder_of(doc.rel)
        if folder in study_folders:
            problems.add(doc.rel, doc.front.line_of(("kek",)), "kek", f"the folder '{folder or '.'}' already has a study; a folder holds at most one 'kek: study' file")
            continue
        doc.checked = check(META_BY_KIND["study"], doc.front, doc.rel, problems)
        meta = doc.checked.meta
        study = Study(folder=folder, meta=meta, source=Source(doc.rel, doc.front, frozenset(doc.checked.invalid))) if meta else None
        study_folders[folder] = study
        if study:
            site.studies.append(study)

    actionplans: dict[str, str] = {}
    for doc in documents:
        if doc.kind == "study":
            continue
        rel, kind, front = doc.rel, doc.kind, doc.front
        folder = _nearest_study(rel, study_folders)
        study = study_folders.get(folder) if folder is not None else None
        doc.checked = check(META_BY_KIND[kind], front, rel, problems, _choices(study))
        if folder is None:
            problems.add(rel, front.line_of(("kek",)), "kek", f"'kek: {kind}' file outside any study; put it in (or below) a folder with a study.md that says 'kek: study'")
            continue
        if kind == "actionplan":
            if folder in actionplans:
                problems.add(rel, front.line_of(("kek",)), "kek", f"the study already has an action plan ({actionplans[folder]}); a study has at most one")
                continue
            actionplans[folder] = rel
        meta = doc.checked.meta
        if study is None or meta is None:
            continue
        source = Source(rel, front, frozenset(doc.checked.invalid))
        if kind == "narrative":
            study.narratives.append(Narrative(meta, source))
        elif kind == "shopping":
            study.visits.append(Visit(meta, source))
        elif kind == "actionplan":
            study.actionplan = ActionPlan(meta, source)
        elif kind == "measurement":
            study.measurements.append(_measurement(meta, source, root, max_bytes, problems))

    linked = _check_links(root, files, study_folders, problems)
    read_csvs = {m.csv_rel for s in site.studies for m in s.measurements if m.csv_rel}  # published through their measurement
    raw: dict[str, list[str]] = {}
    by_rel = {f.rel: f for f in files}
    for file in files:
        rel = file.rel
        folder = _nearest_study(rel, study_folders)
        if rel in linked:
            site.study_files.add(rel)  # a study's file reached from elsewhere: never published as it is
            continue
        if folder is None:
            if rel.lower().endswith(MARKDOWN) and rel not in unreadable:
                site.pages.append(Page(rel))
                if rel in unclosed and _looks_like_kek(by_rel[rel].path):
                    problems.add(rel, 1, "", "the front matter is not closed: add a line with only --- after it "
                                 "(without it the YAML is shown as text)", "warning")
            continue
        site.study_files.add(rel)
        if not rel.lower().endswith(MARKDOWN):
            if rel not in read_csvs:
                raw.setdefault(folder, []).append(rel)
        elif rel in unclosed:
            problems.add(rel, 1, "", "the front matter is not closed: add a line with only --- after it; "
                         "until then the file is not published")
        elif rel in ordinary and study_folders.get(folder) is not None:
            study_folders[folder].pages.append(Page(rel))
            _check_ordinary(rel, ordinary[rel], problems)
    for folder, rels in raw.items():
        names = [r[len(folder) + 1:] if folder else r for r in rels]
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        problems.add(folder or ".", None, "", f"not published: {_plural(len(rels), 'file')} that {'is' if len(rels) == 1 else 'are'} not Markdown "
                     f"({shown}); files such as transcripts, recordings and scans under a study are never copied into the site", "info")
    for study in site.studies:
        study.narratives.sort(key=lambda n: (n.meta.respondent, n.source.rel))
        study.visits.sort(key=lambda v: (v.meta.visited or v.source.rel, v.source.rel))
        study.measurements.sort(key=lambda m: (m.meta.date, m.source.rel))
    site.studies.sort(key=lambda s: (s.journey, s.sort_key, s.folder))
    if cross_checks:
        crossref.check_site(site, problems)
    return site, problems


# --- the walk -------------------------------------------------------------------------


def walk(root: Path, problems: Problems, limit: int = 100_000) -> list[_File]:
    """Every file under root as MkDocs finds it (links followed, dot names skipped), sorted by path.

    A link that leaves root is reported; its files are still listed (never read), so that a
    front end knows to leave them out. A link that loops back to a folder above it is reported
    and not followed.
    """
    top = os.path.realpath(root)
    found: list[_File] = []
    stack = [(Path(root), "", (top,), False, False)]  # folder, rel prefix, real paths above, outside, via a link
    while stack:
        folder, prefix, ancestors, outside, via_link = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.add(prefix.rstrip("/") or ".", None, "", f"the folder cannot be read ({exc.strerror or exc}); nothing in it is published")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{prefix}{entry.name}"
            path = Path(entry.path)
            leaves, linked = outside, via_link
            if entry.is_symlink():
                linked = True
                real = os.path.realpath(path)
                if not os.path.exists(real):
                    problems.add(rel, None, "", f"a link to '{os.readlink(path)}', which does not exist; remove the link or restore its target")
                    continue
                if not outside and not _inside(real, top):
                    problems.add(rel, None, "", f"a link to '{real}', outside {_describe(root)}; MkDocs would publish what it points to "
                                 "as it is. Copy the files in, or move them into the folder, instead of linking")
                    leaves = True
            else:
                real = os.path.join(ancestors[-1], entry.name)  # no link on the way: the real path without asking the disk
            try:
                is_dir = entry.is_dir()  # follows links, as MkDocs does
            except OSError:
                is_dir = False
            if is_dir:
                if real in ancestors:
                    problems.add(rel, None, "", f"a link that loops back to '{os.path.relpath(real, top)}'; remove it")
                    continue
                subfolders.append((path, rel + "/", ancestors + (real,), leaves, linked))
            else:
                found.append(_File(rel, path, real, leaves, linked))
            if len(found) > limit:
                problems.add(prefix.rstrip("/") or ".", None, "", f"more than {limit} files; is a link pointing at a large folder?")
                return sorted(found, key=lambda f: f.rel)
        stack.extend(reversed(subfolders))
    return sorted(found, key=lambda f: f.rel)


def _describe(root: Path) -> str:
    return f"the folder {root.name or root}"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _check_links(root: Path, files: list[_File], study_folders: dict, problems: Problems) -> set[str]:
    """A file reached through a link belongs to the study where it really lies, and only there.

    Returns the files that really lie in a study other than the one their path names (reported).
    """
    real_studies = {os.path.realpath(root / folder) if folder else os.path.realpath(root): folder for folder in study_folders}
    reported: set[str] = set()
    linked: set[str] = set()
    for file in files:
        if not file.via_link:
            continue  # no link on the way: it lies where its path says
        logical = _nearest_study(file.rel, study_folders)
        real = _study_of_real(file.real, real_studies)
        if real == logical or real is None:
            continue  # a file from outside any study, linked into one, is that study's file
        linked.add(file.rel)
        link = _link_in(root, file.rel)
        if link in reported:
            continue
        reported.add(link)
        problems.add(link, None, "", f"a link into the study '{real or '.'}'; a study's files may only be reached from inside "
                     "its own folder, or they would be published raw. Remove the link")
    return linked


def _study_of_real(real: str, real_studies: dict[str, str]) -> str | None:
    best = None
    for folder_real, folder in real_studies.items():
        if _inside(real, folder_real) and (best is None or len(folder_real) > len(best[0])):
            best = (folder_real, folder)
    return best[1] if best else None


def _link_in(root: Path, rel: str) -> str:
    """The first link on the way from root to rel (the thing to remove), or rel itself."""
    parts = rel.split("/")
    for i in range(1, len(parts) + 1):
        if (root / "/".join(parts[:i])).is_symlink():
            return "/".join(parts[:i])
    return rel


# --- reading ----------------------------------------------------------------------------


def _read(path: Path, rel: str, max_bytes: int, problems: Problems) -> FrontMatter | None:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.add(rel, None, "", f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB (raise it with the plugin option max_file_size)")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(rel, None, "", f"the file cannot be read ({exc.strerror or exc}); fix its permissions or remove it")
        return None
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


def _looks_like_kek(path: Path) -> bool:
    try:
        head = path.read_text("utf-8", "replace")[:4000]
    except OSError:
        return False
    return bool(_KEK_LINE.search(head))


def _check_ordinary(rel: str, front: FrontMatter, problems: Problems) -> None:
    """An ordinary page in a study whose front matter looks like a kek file's has probably lost its `kek:`."""
    data = front.data if isinstance(front.data, dict) else {}
    hints = sorted(key for key in data if key in _KEK_LIKE)
    if hints:
        kinds = sorted({_KEK_LIKE[k] for k in hints})
        problems.add(rel, front.line_of((hints[0],)), "kek",
                     f"this page has the keys of a kek file ({', '.join(hints)}) but no 'kek:'; add 'kek: {kinds[0]}' "
                     "or it is published as an ordinary page and its front matter is not used", "warning")


def _measurement(meta, source: Source, root: Path, max_bytes: int, problems: Problems) -> Measurement:
    """A measurement with its points, from `scores` or from the CSV named in `scores_csv`."""
    rel = source.rel
    if meta.scores is not None and meta.scores_csv is not None:
        problems.add(rel, source.line("scores_csv"), "scores_csv", "give the scores once: either 'scores' or 'scores_csv', not both")
    elif meta.scores is None and meta.scores_csv is None and ("scores",) not in source.invalid and ("scores_csv",) not in source.invalid:
        problems.add(rel, source.line(), "scores", "'scores' is required (or 'scores_csv'): per step id, e.g. inschrijven: {n: 48, mean: 15}")
    if meta.scores is not None:
        points = [MeasurementPoint(step, score.n, score.mean, meta.segment, source.line("scores", step))
                  for step, score in meta.scores.items() if ("scores", step) not in source.invalid]
        return Measurement(meta, source, points)
    if meta.scores_csv is None:
        return Measurement(meta, source, [])
    csv_rel, text = _read_csv(root, source, meta.scores_csv, max_bytes, problems)
    if text is None:
        return Measurement(meta, source, [], csv_rel)
    return Measurement(meta, source, read_scores_csv(text, csv_rel, meta.segment, problems), csv_rel)


def _read_csv(root: Path, source: Source, name: str, max_bytes: int, problems: Problems) -> tuple[str | None, str | None]:
    rel, line = source.rel, source.line("scores_csv")
    folder = _folder_of(rel)
    csv_rel = posixpath.normpath(posixpath.join(folder, name.replace("\\", "/"))) if name.strip() else ""
    if not name.strip() or posixpath.isabs(name) or (folder and not csv_rel.startswith(folder + "/")) or csv_rel.startswith(".."):
        problems.add(rel, line, "scores_csv", f"'{name}' is not a file next to this one; name a CSV in this file's folder, e.g. scores_csv: meting.csv")
        return None, None
    path = root / csv_rel
    if path.exists() and not _inside(os.path.realpath(path), os.path.realpath(root)):
        problems.add(rel, line, "scores_csv", f"'{name}' is a link to a file outside {_describe(root)}; copy the CSV in instead")
        return None, None
    if not path.is_file():
        here = sorted(p.name for p in (root / folder).glob("*.csv")) if (root / folder).is_dir() else []
        problems.add(rel, line, "scores_csv", f"'{name}' does not exist next to this file{did_you_mean(name, here)}"
                     + (f"; CSV files here: {', '.join(here)}" if here else ""))
        return csv_rel, None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(csv_rel, None, "", f"the CSV cannot be read ({exc.strerror or exc})")
        return csv_rel, None
    if len(raw) > max_bytes:
        problems.add(csv_rel, None, "", f"the CSV is {len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB (raise it with the plugin option max_file_size)")
        return csv_rel, None
    try:
        return csv_rel, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = raw.count(b"\n", 0, exc.start) + 1
        problems.add(csv_rel, at, "", f"the CSV is not UTF-8 (byte {raw[exc.start]:#04x} at line {at}); save it as UTF-8 (in Excel: CSV UTF-8)")
        return csv_rel, None


def read_scores_csv(text: str, csv_rel: str, segment: str | None, problems: Problems) -> list[MeasurementPoint]:
    """Points from a CSV with the columns step;n;mean and optionally segment (';', ',' or tab between them).

    With ';' or tab between columns a decimal comma is read as a decimal point (15,5), as Dutch spreadsheets write it.
    An empty segment cell means the file's `segment` (else all segments together).
    """
    lines = text.splitlines()
    header_line = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_line is None:
        problems.add(csv_rel, None, "", "the CSV is empty; write a header line step;n;mean and a line per step")
        return []
    header = lines[header_line]
    delimiter = max((";", "\t", ","), key=header.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    points: list[MeasurementPoint] = []
    columns: dict[str, int] | None = None
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            names = [cell.strip().lower() for cell in row]
            missing = [c for c in ("step", "n", "mean") if c not in names]
            unknown = [c for c in names if c not in ("step", "n", "mean", "segment")]
            if missing:
                problems.add(csv_rel, number, "", f"the header line lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                             f"the columns are step{delimiter}n{delimiter}mean and optionally segment")
                return []
            for name in unknown:
                problems.add(csv_rel, number, name, f"unknown column '{name}'{did_you_mean(name, ['step', 'n', 'mean', 'segment'])}; "
                             "the columns are step, n, mean and optionally segment", "warning")
            columns = {name: names.index(name) for name in ("step", "n", "mean", "segment") if name in names}
            continue
        cell = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        step = cell["step"]
        if not step:
            problems.add(csv_rel, number, "step", "the step is empty; write a step id of the study")
            continue
        n = _csv_int(cell["n"])
        if n is None or n < 1:
            problems.add(csv_rel, number, "n", f"'{cell['n']}' is not a whole number of respondents, at least 1 (e.g. 48)")
        mean = _csv_number(cell["mean"], decimal_comma=delimiter != ",")
        if mean is None:
            problems.add(csv_rel, number, "mean", f"'{cell['mean']}' is not a number; use a number from -100 to 100")
        elif not -100 <= mean <= 100:
            problems.add(csv_rel, number, "mean", f"{cell['mean']} is out of range; use a number from -100 to 100")
            mean = None
        if n is None or n < 1 or mean is None:
            continue
        points.append(MeasurementPoint(step, n, mean, cell.get("segment") or segment, number))
    if columns is not None and not points and not any(p.file == csv_rel and p.severity == "error" for p in problems.items):
        problems.add(csv_rel, None, "", "the CSV has a header but no scores; add a line per step, e.g. inschrijven;48;15")
    return points


def _csv_int(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[+]?\d+", text) else None


def _csv_number(text: str, decimal_comma: bool) -> float | None:
    text = text.replace("\u2212", "-")
    if decimal_comma and re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    return float(text)


# --- helpers ----------------------------------------------------------------------------


def _choices(study: Study | None) -> dict[str, list[str]]:
    if study is None:
        return {}
    return {"segments": list(study.segments), "steps": list(study.steps), "partners": list(study.partners),
            "phases": list(study.phases), "themes": list(study.themes)}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
