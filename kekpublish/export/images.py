"""PNG (2x) and PDF exports of the chart SVGs via cairosvg (the board summary is drawn in render/svg/board.py).

cairosvg needs the cairo C library. Where it is missing (ImportError or
OSError when loading it, e.g. on a Windows laptop), `cairo_error()` says why;
the caller then skips every export and gives ONE notice (`skipped_notice`),
and the site still builds with its SVGs. cairosvg finds "DejaVu Sans" through
fontconfig (Debian: fonts-dejavu-core), the font the SVGs were measured with.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
from pathlib import Path
from typing import Any

from ..cache_entries import used, write_atomically
from ..render.i18n import label
from ..render.svg.markup import esc
from ..render.templates import format_number
from ..workers import fork_pool, fork_workers


@functools.lru_cache(maxsize=1)
def cairo_error() -> str | None:
    """None when cairosvg and cairo load; else a short reason."""
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError) as exc:  # cairocffi raises OSError when libcairo is missing
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return None


def skipped_notice(language: str = "nl", error: str | None = None) -> str:
    """The one notice when exports are skipped: why, and how to get them."""
    return label(language, "charts.notice.no_cairo", error=error or cairo_error() or "cairo")


def svg_to_png(svg: str, scale: float = 2, cache_dir: Path | None = None) -> bytes:
    return _cached(svg, f"png{scale}", cache_dir)


def svg_to_pdf(svg: str, cache_dir: Path | None = None) -> bytes:
    return _cached(svg, "pdf", cache_dir)


#: The largest PNG cairo is asked for: a side of 16384 px and 64 megapixels (a 2x PNG of a chart
#: with thousands of rows would need gigabytes and take the worker down). Larger charts get a lower scale.
MAX_PNG_SIDE = 16384
MAX_PNG_PIXELS = 64_000_000
MIN_PNG_SCALE = 0.25


class ExportError(Exception):
    """A chart that could not be converted; the message names the chart."""


#: Bump when the same SVG and cairosvg give other export bytes (it names every cache entry anew).
EXPORT_VERSION = "4"  # 2: drawn once into a recording, replayed into the PNG and the PDF; 3: PNG rows unfiltered; 4: a simple text line drawn whole (cairo_text.py), whole pixels, zlib-ng


def _convert(svg: str, kind: str) -> bytes:
    """One conversion: kind "pdf", or "png<scale>" (e.g. "png2").

    cairosvg draws the SVG once, into a cairo recording (``_recording``); the PNG and the PDF are
    that recording replayed by cairo (in C), so the second export of a chart costs no second draw.
    A recording has no pixel grid, so the text is placed with the font's own advance widths in
    both: the PNG's letters stand where the SVG's layout (render/svg/fonts.py) measured them, as
    in the PDF, instead of drifting with the widths hinted to a 2x pixel grid.
    """
    import io

    import cairocffi as cairo

    scale = 0.75 if kind == "pdf" else png_scale(svg, float(kind[3:]))  # PDF: CSS px to PostScript points
    drawn, width, height = _recording(svg)
    out = io.BytesIO()
    if kind == "pdf":
        surface = cairo.PDFSurface(out, width * scale, height * scale)
    else:
        # whole pixels inside the picture (cairosvg rounds): a last row or column only partly inside
        # would be half transparent and make the PNG of an opaque chart RGBA, a third larger to write
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(1, int(width * scale + 1e-6)), max(1, int(height * scale + 1e-6)))
    context = cairo.Context(surface)
    context.scale(scale, scale)
    context.set_source_surface(drawn, 0, 0)
    context.paint()
    if kind != "pdf":
        surface.flush()
        return _png(surface)
    surface.finish()
    return out.getvalue()


def _png(surface) -> bytes:
    """A cairo image surface as PNG: RGB where every pixel is opaque, else RGBA, as cairo's own
    writer does, but every row unfiltered and deflated by zlib-ng at level 2. On a chart (flat
    colours, long runs) that takes about 0.4x the time of cairo's writer (adaptive filters, zlib
    level 6) for a file a few per cent larger; the pixels are the same (tests/hardening/test_exports.py).
    zlib-ng deflates these rows 2.7 times as fast as zlib at the same size; where it cannot be
    loaded, zlib does it."""
    import struct

    from PIL import Image

    try:
        from zlib_ng import zlib_ng as zlib
    except ImportError:  # pragma: no cover  (a platform without its wheel)
        import zlib

    width, height, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    data = memoryview(surface.get_data())
    # cairo's pixels are premultiplied native-endian ARGB words: B G R A in memory on x86 and ARM (as Pillow's "BGRa"
    # below assumes): the alpha is the fourth byte, read in place
    opaque = Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", stride, 1).getchannel("A").getextrema()[0] == 255
    if opaque:  # every pixel opaque: premultiplied is plain, the alpha is dropped
        image = Image.frombuffer("RGB", (width, height), data, "raw", "BGRX", stride, 1)
    else:
        image = Image.frombuffer("RGBA", (width, height), data, "raw", "BGRa", stride, 1)
    pixels = memoryview(image.tobytes())
    row = width * (3 if opaque else 4)
    deflate = zlib.compressobj(2)
    idat = []
    for i in range(0, len(pixels), row):  # filter type 0 (None) before each row
        idat += (deflate.compress(b"\0"), deflate.compress(pixels[i:i + row]))
    idat.append(deflate.flush())

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(idat)) + chunk(b"IEND", b"")


@functools.lru_cache(maxsize=1)
def _recording(svg: str):
    """(cairo recording of the SVG as cairosvg draws it, width, height in CSS px). One at a time: the
    PNG and the PDF of a chart are converted one after the other (``_convert_all``)."""
    import cairocffi as cairo
    from cairosvg.parser import Tree
    from cairosvg.surface import Surface

    from .cairo_text import install

    install()

    class Recording(Surface):
        device_units_per_user_units = 1  # CSS px, as a PNG at scale 1

        def _create_surface(self, width, height):
            return cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (0, 0, width, height)), width, height

    drawn = Recording(Tree(bytestring=svg.encode("utf-8")), None, 96)
    return drawn.cairo, drawn.width, drawn.height


def _convert_all(svg: str, kinds: list[str]) -> list[tuple[bytes | None, str | None]]:
    """Every export of one chart, from one drawing: (export, None) or (None, why not) per kind."""
    try:
        return [_convert_safe(svg, kind) for kind in kinds]
    finally:
        _recording.cache_clear()


def png_scale(svg: str, scale: float) -> float:
    """The scale asked for, or a lower one that keeps the PNG within MAX_PNG_SIDE and MAX_PNG_PIXELS."""
    import re

    head = svg[:2000]
    size = re.search(r'<svg\b[^>]*?\bwidth="([0-9.]+)(?:px)?"[^>]*?\bheight="([0-9.]+)(?:px)?"', head)
    if not size:
        return scale
    w, h = float(size.group(1)), float(size.group(2))
    if w <= 0 or h <= 0:
        return scale
    fit = min(scale, MAX_PNG_SIDE / w, MAX_PNG_SIDE / h, (MAX_PNG_PIXELS / (w * h)) ** 0.5)
    if fit < MIN_PNG_SCALE:
        raise ExportError(f"the chart is {w:.0f} x {h:.0f} px, too large for a PNG (the SVG on the page is complete)")
    return fit


def _convert_safe(svg: str, kind: str) -> tuple[bytes | None, str | None]:
    """(export, None), or (None, why not): cairo's errors, memory, anything, as words."""
    try:
        return _convert(svg, kind), None
    except ExportError as exc:
        return None, str(exc)
    except MemoryError:
        return None, "out of memory"
    except Exception as exc:  # noqa: BLE001  (cairo raises its own kinds; each becomes a message naming the chart)
        return None, f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


@functools.lru_cache(maxsize=1)
def cairosvg_version() -> str:
    """cairosvg's version from its metadata: naming a cached export does not import cairo."""
    import importlib.metadata

    try:
        return importlib.metadata.version("cairosvg")
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _cache_path(svg: str, kind: str, cache_dir: Path) -> Path:
    key = hashlib.sha256(f"{kind}\0{cairosvg_version()}\0{EXPORT_VERSION}\0{svg}".encode("utf-8")).hexdigest()
    return Path(cache_dir) / "exports" / f"{key}.{kind[:3]}"


_SEAL = b"\nkekpublish-sha256:"  # a cache entry is the export, this mark and the sha256 of the export


def _store(path: Path, data: bytes) -> None:
    """Write a cache entry atomically, sealed with the hash of its content; a cache that cannot be
    written (read-only, full) only costs the conversion next time."""
    try:
        write_atomically(path, data + _SEAL + hashlib.sha256(data).hexdigest().encode())
    except OSError as exc:
        _cache_unwritable(path.parent, exc)


def _load(path: Path, kind: str) -> bytes | None:
    """A cached export, or None when there is none or it is damaged (truncated, garbled, not what it
    claims to be): then it is removed and converted again."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    size = len(_SEAL) + 64
    data, seal, digest = blob[:-size], blob[-size:-64], blob[-64:]
    if len(blob) > size and seal == _SEAL and hashlib.sha256(data).hexdigest().encode() == digest and valid_export(data, kind):
        used(path)
        return data
    try:
        path.unlink()
    except OSError:
        pass
    return None


def _mark(target: Any, path: Path, kind: str) -> None:
    """Say which cache entry holds the target's content (an OutputFile's `export`), for a record of the build."""
    if hasattr(target, "export"):
        target.export = (path.name, kind)


def valid_export(data: bytes, kind: str) -> bool:
    """Is this a whole PNG (signature ... IEND) or PDF (%PDF- ... %%EOF)?"""
    if kind.startswith("png"):
        return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
    if kind == "pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    return bool(data)


_WARNED: set[str] = set()


def _cache_unwritable(folder: Path, exc: OSError) -> None:
    import logging

    if str(folder) in _WARNED:
        return
    _WARNED.add(str(folder))
    reason = {28: "the disk is full", 30: "the disk is read-only", 13: "no permission"}.get(exc.errno or 0, exc.strerror or str(exc))
    logging.getLogger("kekpublish").warning(
        "kekpublish: chart exports cannot be cached in %s (%s); the site is built, the next build converts them again", folder, reason)


def _cached(svg: str, kind: str, cache_dir: Path | None) -> bytes:
    """Convert with cairosvg, or take the result of an earlier build of the same SVG.

    SVGs are deterministic, so their hash names the export; a rebuild converts
    only the charts whose study changed (cairo is most of a cold build's time).
    """
    if cache_dir is None:
        return _convert(svg, kind)
    path = _cache_path(svg, kind, cache_dir)
    data = _load(path, kind)
    if data is not None:
        return data
    data = _convert(svg, kind)
    _store(path, data)
    return data


class ExportBatch:
    """The conversions of a whole build, collected, started together and waited for where needed.

    Cached results are read; the rest run in worker processes where the
    platform forks (Linux), one per core: cairo renders on one core, and a
    cold build of many studies is mostly PNG rendering.

    ``start()`` returns at once: the front end renders its pages while the workers
    convert, and calls ``wait()`` only where it writes the PNG/PDF files (the MkDocs
    plugin: just before the leak gate scans them). Until then a started target is
    listed in ``pending`` and its content is empty. ``run()`` is both at once.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.jobs: list[tuple[Any, str, str]] = []  # (OutputFile to fill, svg, kind)
        self._started: list[tuple[list[Any], str, str, Path | None]] | None = None  # (targets, svg, kind, cache path)
        self._failed: list[str] = []
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._groups: list[tuple[str, list[str]]] = []  # (svg, kinds) of the started conversions, one job each
        self._futures: list[concurrent.futures.Future] = []
        self._order: dict[int, int] = {}  # id(target) -> its place among the jobs: errors are told in that order

    def add(self, target: Any, svg: str, kind: str) -> None:
        self.jobs.append((target, svg, kind))

    def all_cached(self, jobs) -> bool:
        """Is there a cache entry for every (_, svg, kind) of jobs? (run() still checks each one it reads.)"""
        return self.cache_dir is not None and all(_cache_path(svg, kind, self.cache_dir).is_file() for _, svg, kind in jobs)

    @property
    def pending(self) -> list[Any]:
        """The targets not yet filled, started or not: their content is filled by wait()."""
        return [target for targets, *_ in self._started or () for target in targets] + [target for target, _, _ in self.jobs]

    def start(self) -> "ExportBatch":
        """Fill what the cache holds and start converting the rest in worker processes; return at once.

        With fewer than four conversions, one core or no fork, nothing starts here:
        wait() converts them in this process (so a build that never waits pays nothing).
        Jobs added after start() belong to the next start().
        """
        if self._started is not None:
            self._finish_pool(cancel=True)
        todo: dict[tuple[str, str], list[Any]] = {}
        self._order = {id(target): i for i, (target, _, _) in enumerate(self.jobs)}
        for target, svg, kind in self.jobs:
            path = _cache_path(svg, kind, self.cache_dir) if self.cache_dir else None
            data = _load(path, kind) if path is not None else None
            if data is not None:
                target.content = data
                _mark(target, path, kind)
            else:
                todo.setdefault((svg, kind), []).append(target)  # the same chart twice is converted once
        self.jobs = []
        self._failed = []
        missing = cairo_error() if todo else None  # asked only when something needs converting
        if missing:
            self._failed = [f"{_name(target, kind)}: this chart could not be exported ({missing})"
                            for (_, kind), targets in todo.items() for target in targets]
            todo = {}
        # one job per chart, all its kinds from one drawing (_convert_all); the longest first (a journey
        # map's PNG and PDF before a board summary's PDF): the workers end together
        charts: dict[str, list[str]] = {}
        for svg, kind in todo:
            charts.setdefault(svg, []).append(kind)
        self._groups = sorted(charts.items(), key=lambda job: -len(job[0]) * (1 + sum(k.startswith("png") for k in job[1])))
        self._started = [(todo[(svg, kind)], svg, kind, _cache_path(svg, kind, self.cache_dir) if self.cache_dir else None)
                         for svg, kinds in self._groups for kind in kinds]
        self._futures = []
        workers = fork_workers(len(self._groups)) if len(self._started) >= 4 else 0
        if workers:
            try:
                self._pool = fork_pool(workers)
                self._futures = [self._pool.submit(_convert_all, svg, kinds) for svg, kinds in self._groups]
            except (OSError, concurrent.futures.process.BrokenProcessPool):
                self._finish_pool(cancel=True)  # no workers: wait() converts in this process
        return self

    def wait(self, problems: Any = None) -> None:
        """Fill every started target (starting the batch first if it was not): converted, or from the cache.

        A chart that cannot be converted (a cairo error, a worker that ran out of memory or
        crashed) is reported by its address: added to ``problems`` (a model Problems) as an
        error when given, else raised as one ExportError naming every such chart.
        """
        if self._started is None or self.jobs:
            self.start()
        started, self._started = self._started or [], None
        groups, self._groups = self._groups, []
        futures, self._futures = self._futures, []
        results: list[tuple[bytes | None, str | None] | None] = []
        if futures:
            for future, (_, kinds) in zip(futures, groups):
                try:
                    results += future.result()
                except (concurrent.futures.process.BrokenProcessPool, concurrent.futures.CancelledError):
                    results += [None] * len(kinds)  # a worker died (out of memory, a crash in cairo): retried one by one
            self._finish_pool(cancel=False)
            results = [result if result is not None else _isolated(svg, kind)
                       for result, (_, svg, kind, _) in zip(results, started)]
        else:
            results = [result for svg, kinds in groups for result in _convert_all(svg, kinds)]
        failed, self._failed = self._failed, []
        broken = []
        for (targets, _, kind, path), (data, error) in zip(started, results):
            if data is None:
                broken += [(target, f"{_name(target, kind)}: this chart could not be exported ({error})") for target in targets]
                continue
            for target in targets:
                target.content = data
            if path is not None:
                _store(path, data)
                for target in targets:
                    _mark(target, path, kind)
        failed += [message for _, message in sorted(broken, key=lambda item: self._order.get(id(item[0]), 0))]
        if not failed:
            return
        if problems is None:
            raise ExportError("\n".join(failed))
        for message in failed:
            uri, _, text = message.partition(": ")
            problems.add(uri, None, "", text + "; set `exports: false` to build without PNG/PDF", "error")

    def run(self, problems: Any = None) -> None:
        """start() and wait(): every target filled before it returns."""
        self.start().wait(problems)

    def cancel(self) -> None:
        """Stop converting (the build failed, or nobody needs these files): queued conversions are
        dropped, running ones end on their own; the targets stay empty."""
        self._finish_pool(cancel=True)
        self._started, self._groups, self._failed = None, [], []

    def _finish_pool(self, *, cancel: bool) -> None:
        pool, self._pool = self._pool, None
        if cancel:
            self._futures = []
        if pool is not None:
            pool.shutdown(wait=not cancel, cancel_futures=cancel)


def _name(target: Any, kind: str) -> str:
    return getattr(target, "uri", kind)


def _isolated(svg: str, kind: str) -> tuple[bytes | None, str | None]:
    """One conversion in a worker of its own, so that a chart that kills its worker is named, not the build lost."""
    try:
        with fork_pool(1) as pool:
            return pool.submit(_convert_safe, svg, kind).result()
    except concurrent.futures.process.BrokenProcessPool:
        return None, "the converter process stopped: out of memory, or a crash in cairo"
    except OSError as exc:
        return None, f"no worker process could be started ({exc.strerror or exc})"


__all__ = ["ExportBatch", "ExportError", "cairo_error", "skipped_notice", "svg_to_pdf", "svg_to_png", "format_number", "esc"]
