"""The last published build, recalled when nothing it was made from has changed.

A warm build of an unchanged project used to load, validate, anonymise (from the
caches), compute and render every study again only to arrive at the same
Publication. The front end now remembers the outcome of a build that passed the leak
gate and was published (`remember`), under a key of everything the pipeline reads
(`inputs_key`), and the next run with the same key takes it back (`recall`) instead.

The key covers:

- every file the pipeline may read: each study source and ordinary page (the bytes of
  Markdown and CSV files, the size and time of any other file, and the list of files),
  in docs_dir as the front end lists them and in studies_dir;
- the options (language, colours, exports, limits, template dirs and the files in
  them), the date actions are judged against, and how the run was called;
- kekpublish's own code, templates and data (every file's size and time), the Python
  version and the versions of the libraries that shape what is published.

What a record holds: the Publication (pages with their contexts, files, nav, notices),
the problems (warnings are told again), the study files a front end leaves out and what
the leak gate needs (the terms it must never find, the words kept as written). The
finished page contents are kept apart, for computed builds too (publish/page_contents.py);
the pages in the record carry the digests that find them.
PNG/PDF files are not copied into it: each names its entry in the export cache, and a
record whose exports are gone is not used. The record holds what anonymisation found,
originals included (the leak gate's terms), so it lives in cache_dir, with the sources,
never in the site. It is sealed with its sha256 and read back by an unpickler that
builds nothing but kekpublish's own records and plain values: a damaged or foreign
record is removed and the build runs in full. Leak gate and staging still run on every
build, recalled or not.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..cache_entries import used, write_atomically
from ..render.chart_cache import installed_version

VERSION = "1"
FILE_NAME = "last-build.pickle"
_SEAL = b"kekpublish-last-build-sha256:"
_HEAD = b"kekpublish-last-build-key:"  # the first line: the record's key, read before anything else
_READ = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".csv")  # read whole by the pipeline: keyed by their bytes
# the libraries whose version changes what a build publishes (anonymiser, charts, exports, templates, models)
_LIBRARIES = ("deduce", "docdeid", "python-stdnum", "phonenumbers", "wordfreq", "confusable-homoglyphs", "babel",
              "pyphen", "fonttools", "cairosvg", "jinja2", "markupsafe", "pyyaml", "pydantic", "nh3", "markdown")
log = logging.getLogger("kekpublish")


@dataclass
class GateTerms:
    """What the leak gate needs of an anonymised site (publish/anonymised.py's Anonymised has the same two)."""

    leak_terms: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)


@dataclass
class Record:
    """A published build, as a front end needs it again."""

    key: str
    publication: object  # render.output.Publication
    problems: object  # model.Problems
    study_files: set[str]
    gate: GateTerms
    root: str | None
    located: dict[str, str]
    exports: dict[int, tuple[str, str]]  # index in publication.files -> (export cache file name, kind)


@functools.cache
def code_fingerprint() -> str:
    """kekpublish's code, templates and data as installed, the Python version and the libraries' versions."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{VERSION}\0{sys.version}\0".encode())
    # themes/ ships inside the package in the wheel and beside it in a checkout (render/templates.py themes_dir)
    for root in (package, *([] if (package / "themes").is_dir() else [package.parent / "themes"])):
        digest.update(_tree_stat(root).encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={installed_version(name)}\0".encode())
    return digest.hexdigest()


def _tree_stat(root: Path) -> str:
    """Every file under root by name, size and modification time (no contents: code changes change times)."""
    lines = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            lines.append(f"{os.path.relpath(path, root)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


def _files_digest(digest, root: Path, keep: Callable[[str], bool]) -> None:
    """Add what lies under root: every folder and link (a link by where it leads, followed once, as the
    pipeline follows it), and every file keep(rel) accepts, by its bytes if the pipeline reads it
    whole, else by size and time. Names starting with a dot are skipped, as the pipeline skips them."""
    visited: set[str] = set()

    def visit(folder: str, prefix: str) -> None:
        real = os.path.realpath(folder)
        if real in visited:
            digest.update(f"\0loop {prefix}".encode())
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            digest.update(f"\0unreadable {prefix} {exc.errno}".encode())  # the pipeline will say what is wrong
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    digest.update(f"\0link {rel} -> {os.path.realpath(entry.path)}".encode())
                if entry.is_dir():
                    digest.update(f"\0folder {rel}".encode())
                    visit(entry.path, rel + "/")
                    continue
                if not keep(rel):
                    continue
                digest.update(f"\0file {rel}\0".encode())
                if entry.name.lower().endswith(_READ):
                    with open(entry.path, "rb") as handle:
                        digest.update(hashlib.sha256(handle.read()).digest())
                else:
                    stat = entry.stat()
                    digest.update(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
            except OSError as exc:
                digest.update(f"\0unreadable {rel} {exc.errno}".encode())

    visit(str(root), "")


def options_digest(options) -> str:
    """Every option but the date (the caller keys the reference date as it needs), and the files
    of the template folders that override kekpublish's (custom_dir) by name, size and time."""
    digest = hashlib.sha256()
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name != "today"}
    digest.update(repr(sorted((k, repr(v)) for k, v in fields.items())).encode())
    for folder in options.override_dirs:
        digest.update(f"\0override {folder}\0".encode())
        if os.path.isdir(folder):
            digest.update(_tree_stat(Path(folder)).encode())
    return digest.hexdigest()


def inputs_key(docs_dir, options, *, exclude: Callable[[str], bool], studies_dir=None, has_home: bool = False,
               docs_label: str | None = None) -> str:
    """The key of everything one pipeline run reads (see the module's doc)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(options_digest(options).encode())
    digest.update(f"\0today={options.reference_date().isoformat()}\0home={has_home}\0label={docs_label}\0".encode())
    docs_dir = Path(docs_dir)
    digest.update(f"\0docs {docs_dir.resolve()}\0".encode())
    _files_digest(digest, docs_dir, lambda rel: not exclude(rel))
    if studies_dir is not None:
        digest.update(f"\0studies {Path(studies_dir).resolve()}\0".encode())
        if os.path.isdir(studies_dir):
            _files_digest(digest, Path(studies_dir), lambda rel: True)
    return digest.hexdigest()


def remember(record: Record, cache_dir: Path | None) -> bool:
    """Keep the record of a published build (one per cache_dir); a record that cannot be written only costs a full build.

    Pickled straight into the file while it is hashed: a build at its peak of memory holds no
    second copy of what it published. The key comes first, on a line of its own, so that a
    build whose inputs changed learns it without reading the rest.
    """
    if cache_dir is None:
        return False

    def write(handle) -> None:
        writer = _Hashing(handle)
        writer.write(_HEAD + record.key.encode("ascii") + b"\n")
        pickle.dump(record, writer, protocol=pickle.HIGHEST_PROTOCOL)
        handle.write(_SEAL + writer.digest.hexdigest().encode())

    try:
        write_atomically(Path(cache_dir) / FILE_NAME, write)
    except Exception as exc:  # a disk that is full or read-only, or a context pickle cannot hold: the next build runs in full
        log.debug("kekpublish: this build is not remembered (%s)", exc)
        return False
    return True


class _Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.handle.write(data)


def recall(key: str, cache_dir: Path | None) -> Record | None:
    """The record of the last published build if it was made from exactly these inputs, with its exports filled; else None."""
    if cache_dir is None:
        return None
    path = Path(cache_dir) / FILE_NAME
    record = None
    try:
        with open(path, "rb") as handle:
            head = handle.readline(len(_HEAD) + 200)
            if not head.startswith(_HEAD):
                raise ValueError("not a record")
            if head[len(_HEAD):].rstrip(b"\n") != key.encode("ascii"):
                return None  # made from other inputs: not read further (the seal is checked when the key is the same)
            record = _read_sealed(handle, len(head))
    except FileNotFoundError:
        return None
    except Exception:  # damaged, foreign, unreadable: removed below, the build runs in full
        record = None
    if not isinstance(record, Record):
        _remove(path)
        return None
    if record.key != key:
        return None
    from ..export.images import _load

    files = record.publication.files
    for index, (name, kind) in record.exports.items():
        content = _load(Path(cache_dir) / "exports" / name, kind) if 0 <= index < len(files) else None
        if content is None:
            return None  # an export gone from the cache: the build runs in full and converts it again
        files[index].content = content
    used(path)
    return record


def _read_sealed(handle, start: int):
    """Check the seal (the sha256 of everything before it), then unpickle what follows the key line (`start` bytes)."""
    size = os.fstat(handle.fileno()).st_size
    tail = len(_SEAL) + 64
    if size <= tail:
        return None
    handle.seek(size - tail)
    seal = handle.read()
    if not seal.startswith(_SEAL):
        return None
    digest, left = hashlib.sha256(), size - tail
    handle.seek(0)
    while left:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            return None
        digest.update(chunk)
        left -= len(chunk)
    if digest.hexdigest().encode() != seal[len(_SEAL):]:
        return None
    handle.seek(start)
    return _Unpickler(handle).load()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


_ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytearray"),
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"), ("datetime", "timezone"),
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("markupsafe", "Markup"), ("collections", "OrderedDict"),
}


class _Unpickler(pickle.Unpickler):
    """Builds kekpublish's own records and plain values only: a foreign pickle in the cache runs nothing."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED or (module.startswith("kekpublish.") and not name.startswith("_")):
            value = super().find_class(module, name)
            if module.startswith("kekpublish.") and not isinstance(value, type):
                raise pickle.UnpicklingError(f"{module}.{name} is not a class")
            return value
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a kekpublish record")
