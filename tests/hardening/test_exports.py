"""Chart exports: a damaged cache entry is rebuilt, an unwritable cache is a warning, a failing worker is named (issue 11.9, 11.11)."""

from __future__ import annotations

import errno
import io
import logging
import multiprocessing
import os
import re

import pytest

from kekpublish.export import images
from kekpublish.export.images import ExportBatch, ExportError
from kekpublish.model.problems import Problems
from kekpublish.render.output import OutputFile

pytestmark = pytest.mark.skipif(images.cairo_error() is not None, reason="cairo is not installed")


def _svg(text: str, width: int = 200, height: int = 60) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="#fff"/><text x="10" y="30">{text}</text></svg>')


def _run(cache, jobs, problems=None):
    batch = ExportBatch(cache)
    targets = []
    for uri, svg, kind in jobs:
        targets.append(OutputFile(uri, b""))
        batch.add(targets[-1], svg, kind)
    batch.run(problems)
    return targets


def _entries(cache, suffix):
    return sorted((cache / "exports").glob(f"*.{suffix}"))


@pytest.mark.parametrize("kind, suffix, damage", [
    ("png2", "png", lambda b: b[: len(b) // 2]),                               # truncated
    ("pdf", "pdf", lambda b: b[:200] + bytes(x ^ 0x55 for x in b[200:400]) + b[400:]),  # garbled
    ("png2", "png", lambda b: b"\x89PNG\r\n\x1a\n"),                             # a bare signature
    ("pdf", "pdf", lambda b: b""),                                              # emptied
])
def test_a_damaged_cache_entry_is_rebuilt(tmp_path, kind, suffix, damage) -> None:
    cache = tmp_path / "cache"
    first = _run(cache, [(f"s/chart.{suffix}", _svg("Hartmonitor"), kind)])[0].content
    [entry] = _entries(cache, suffix)
    entry.write_bytes(damage(entry.read_bytes()))
    again = _run(cache, [(f"s/chart.{suffix}", _svg("Hartmonitor"), kind)])[0].content
    assert images.valid_export(again, kind)
    if kind == "pdf":
        assert again[:5] == b"%PDF-" and len(again) > 500
    else:
        assert again == first
    assert images._load(entry, kind) == again  # the entry was written again, sound


def test_an_entry_from_before_the_seal_is_converted_again(tmp_path) -> None:
    cache = tmp_path / "cache"
    _run(cache, [("s/a.png", _svg("x"), "png2")])
    [entry] = _entries(cache, "png")
    entry.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IEND\xaeB`\x82")  # a "PNG" written by anyone
    content = _run(cache, [("s/a.png", _svg("x"), "png2")])[0].content
    assert len(content) > 100


def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path, monkeypatch, caplog) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be", "utf-8")
    images._WARNED.clear()
    with caplog.at_level(logging.WARNING, logger="kekpublish"):
        [target] = _run(cache, [("s/a.png", _svg("x"), "png2")])
    assert images.valid_export(target.content, "png2")
    assert "cannot be cached" in caplog.text

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    images._WARNED.clear()
    caplog.clear()
    monkeypatch.setattr(os, "replace", full)  # where cache_entries writes
    with caplog.at_level(logging.WARNING, logger="kekpublish"):
        [target] = _run(tmp_path / "cache2", [("s/a.pdf", _svg("x"), "pdf")])
    assert images.valid_export(target.content, "pdf") and "the disk is full" in caplog.text
    assert not list((tmp_path / "cache2" / "exports").glob("*.tmp"))


def test_a_cairo_error_names_the_chart(tmp_path) -> None:
    problems = Problems()
    _run(None, [("studie/hartmonitor.png", "<svg this is not svg", "png2")], problems)
    [problem] = problems.errors
    assert problem.file == "studie/hartmonitor.png" and "could not be exported" in problem.message
    with pytest.raises(ExportError, match="studie/hartmonitor.png"):
        _run(None, [("studie/hartmonitor.png", "<svg this is not svg", "png2")])


def test_a_killed_worker_names_its_chart_and_the_others_are_made(tmp_path, monkeypatch) -> None:
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        pytest.skip("exports run in one process here")
    real = images._convert

    def convert(svg, kind):
        if "KILL" in svg:
            os._exit(9)  # as the kernel's OOM killer would
        return real(svg, kind)

    monkeypatch.setattr(images, "_convert", convert)
    problems = Problems()
    jobs = [(f"s{i}/hartmonitor.png", _svg(f"chart {i}"), "png2") for i in range(5)]
    jobs.insert(2, ("kapot/klantreiskaart.png", _svg("KILL"), "png2"))
    targets = _run(None, jobs, problems)
    assert [p.file for p in problems.errors] == ["kapot/klantreiskaart.png"]
    assert "converter process stopped" in problems.errors[0].message
    assert all(images.valid_export(t.content, "png2") for t in targets if t.uri != "kapot/klantreiskaart.png")


def test_a_very_tall_chart_gets_a_lower_scale_not_a_dead_worker(tmp_path) -> None:
    from PIL import Image

    [target] = _run(None, [("s/klantreiskaart.png", _svg("lang", width=1200, height=60000), "png2")])
    with Image.open(io.BytesIO(target.content)) as image:
        assert max(image.size) <= images.MAX_PNG_SIDE and image.size[0] * image.size[1] <= images.MAX_PNG_PIXELS
    problems = Problems()
    _run(None, [("s/te-groot.png", _svg("x", width=1200, height=10_000_000), "png2")], problems)
    assert "too large for a PNG" in problems.errors[0].message


def _study_exports(example_study):
    """(uri, svg, kind) of every PNG and PDF of the example study's charts and slides."""
    from kekpublish.model import load_site
    from kekpublish.publish.options import Options
    from kekpublish.render import charts

    site, problems = load_site(example_study.parent)
    assert not problems.errors
    [study] = site.studies
    batch = ExportBatch(None)
    charts.chart_pages(study, Options(cache_dir=None), batch)
    return [(target.uri, svg, kind) for target, svg, kind in batch.jobs]


def test_each_export_shows_what_cairosvg_draws_of_its_chart(example_study) -> None:
    """The PNG and the PDF are replays of one recording of cairosvg's drawing: the PNG is cairosvg's own
    PNG of the chart (same size; the same picture but for the letters, placed with the font's advance
    widths, not widths hinted to the pixel grid), the PDF has cairosvg's page size."""
    import cairosvg
    from PIL import Image, ImageChops, ImageStat

    def difference(a, b):  # mean difference per channel, 0-255, of both images reduced 16 times
        return sum(ImageStat.Stat(ImageChops.difference(a.reduce(16), b.reduce(16))).mean) / 3

    jobs = _study_exports(example_study)
    assert {kind for _, _, kind in jobs} == {"png2", "pdf"}
    for uri, svg, kind in jobs:
        [(data, error)] = images._convert_all(svg, [kind])
        assert error is None and images.valid_export(data, kind), uri
        if kind == "pdf":
            box = re.compile(rb"/MediaBox \[ ?([0-9. ]+)\]")
            theirs = cairosvg.svg2pdf(bytestring=svg.encode("utf-8"))
            assert box.search(data).group(1).split() == box.search(theirs).group(1).split(), uri
            continue
        ours = Image.open(io.BytesIO(data))
        assert ours.mode == "RGB", uri  # an opaque chart: no half-covered last row makes it RGBA
        ours = ours.convert("RGB")
        theirs = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2))).convert("RGB")
        assert all(size - 1 <= mine <= size for mine, size in zip(ours.size, theirs.size)), uri  # whole pixels; cairosvg rounds
        theirs = theirs.crop((0, 0, *ours.size))
        assert difference(ours, theirs) < 2.5, uri  # (a blank page of that size differs by 12 to 20)
        assert difference(Image.new("RGB", ours.size, "white"), theirs) > 10, uri  # the measure can fail


def test_the_png_and_the_pdf_of_a_chart_are_drawn_once(monkeypatch) -> None:
    """cairosvg draws a chart once for both its exports; each conversion still stands alone."""
    import cairosvg.parser

    drawn = []
    real = cairosvg.parser.Tree
    monkeypatch.setattr(cairosvg.parser, "Tree", lambda **kw: drawn.append(1) or real(**kw))
    svg = _svg("Hartmonitor")
    both = images._convert_all(svg, ["png2", "pdf"])
    assert len(drawn) == 1 and all(error is None for _, error in both)
    assert [data for data, _ in both] == [images._convert_all(svg, [kind])[0][0] for kind in ("png2", "pdf")]
    assert len(drawn) == 3


@pytest.mark.parametrize("background", ["#fff", "none"])  # opaque: an RGB PNG; transparent: RGBA
def test_a_png_holds_the_pixels_cairo_would_write(background) -> None:
    """kekpublish writes the PNG itself (unfiltered rows, faster than cairo's writer): decoded, it is
    the image cairo's own writer makes of the same surface, mode and pixels alike."""
    import cairocffi as cairo
    from PIL import Image, ImageChops

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="320" height="90" viewBox="0 0 320 90">'
           f'<rect width="320" height="90" fill="{background}"/><circle cx="40" cy="45" r="30" fill="#0072B2" '
           f'fill-opacity="0.5"/><text x="80" y="50">Eén aanspreekpunt</text></svg>')
    drawn, width, height = images._recording(svg)
    images._recording.cache_clear()
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, int(width * 2), int(height * 2))
    context = cairo.Context(surface)
    context.scale(2, 2)
    context.set_source_surface(drawn, 0, 0)
    context.paint()
    surface.flush()
    theirs = io.BytesIO()
    surface.write_to_png(theirs)
    ours, theirs = Image.open(io.BytesIO(images._png(surface))), Image.open(io.BytesIO(theirs.getvalue()))
    assert ours.mode == theirs.mode == ("RGB" if background == "#fff" else "RGBA")
    assert ours.size == theirs.size
    if background == "#fff":
        assert ours.tobytes() == theirs.tobytes()
    else:  # the same alpha; colours of half-transparent pixels unpremultiplied by Pillow (floor) or cairo (round)
        assert ours.getchannel("A").tobytes() == theirs.getchannel("A").tobytes()
        assert max(high for _, high in ImageChops.difference(ours, theirs).getextrema()) <= 1
    assert len(ours.getcolors(100_000)) > 10  # antialiased edges and text: not a flat image


def _both_drawings(svg: str, monkeypatch) -> tuple[list[bytes], list[bytes]]:
    """(PNG, PDF) of the svg with kekpublish's text drawer, then with cairosvg's own letter-by-letter one."""
    import cairosvg.surface
    import cairosvg.text

    from kekpublish.export import cairo_text

    cairo_text.install()
    assert cairosvg.surface.TAGS["text"] is cairo_text.text
    ours = [images._convert_all(svg, [kind])[0][0] for kind in ("png2", "pdf")]
    with monkeypatch.context() as patch:
        for tag, drawer in cairosvg.surface.TAGS.items():
            if drawer is cairo_text.text:
                patch.setitem(cairosvg.surface.TAGS, tag, cairosvg.text.text)
        patch.setattr(cairosvg.surface, "text", cairosvg.text.text)
        theirs = [images._convert_all(svg, [kind])[0][0] for kind in ("png2", "pdf")]
    return ours, theirs


def _differing_pixels(a: bytes, b: bytes) -> tuple[int, int]:
    """(pixels that differ, all pixels) of two PNGs of one size."""
    from PIL import Image, ImageChops

    first, second = Image.open(io.BytesIO(a)).convert("RGBA"), Image.open(io.BytesIO(b)).convert("RGBA")
    assert first.size == second.size
    difference = ImageChops.difference(first, second).convert("RGB").point(lambda v: 255 if v else 0).convert("L")
    return difference.histogram()[255], first.size[0] * first.size[1]


def _pdf_text(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


_LINES = [
    '<text x="10" y="30">Eén aanspreekpunt, één loket</text>',
    '<text x="150" y="30" text-anchor="middle" font-weight="bold">Gemeente – UWV</text>',
    '<text x="290" y="30" text-anchor="end" font-style="italic" font-size="11">−35 (huurwoning)</text>',
    '<text x="0" y="50" font-weight="700" fill="#0072B2">0 is een positie</text>',
    '<text x="10" y="50" dominant-baseline="central" font-family="DejaVu Sans Mono">midden  twee spaties</text>',
    '<text x="10" y="55" stroke="#D55E00" stroke-width="0.5" font-size="20">Met een rand</text>',
    '<g font-weight="bold" fill="#555" text-anchor="end"><text x="300" y="20">geërfd van de groep</text></g>',
    '<text x="10" y="30" transform="rotate(-30 10 30)">gedraaid geheel</text>',
]
_NOT_SIMPLE = [
    '<text x="10" y="30">voor <tspan font-weight="bold">vet</tspan> na</text>',
    '<text x="10" y="30" dx="2">verschoven</text>',
    '<text x="10 20 30" y="30">per letter</text>',
    '<text x="10" y="30" letter-spacing="2">gespatieerd</text>',
    '<text x="10" y="30" rotate="15">letters gedraaid</text>',
    '<g letter-spacing="1"><text x="10" y="30">geërfd</text></g>',
]


@pytest.mark.parametrize("line", _LINES + _NOT_SIMPLE)
def test_a_line_of_text_is_drawn_as_cairosvg_draws_it_letter_by_letter(line, monkeypatch) -> None:
    """kekpublish shows a simple line of text at once (export/cairo_text.py: cairosvg's own drawer
    makes cairo calls per letter, most of an export's time): the PNG is cairosvg's (but for a pixel at
    the edge of a letter where sums round otherwise), the PDF holds the text; any other text is cairosvg's."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80" viewBox="0 0 300 80" '
           f'font-family="DejaVu Sans" font-size="14"><rect width="300" height="80" fill="#fff"/>{line}</svg>')
    (our_png, our_pdf), (their_png, their_pdf) = _both_drawings(svg, monkeypatch)
    differing, pixels = _differing_pixels(our_png, their_png)
    if line in _NOT_SIMPLE:
        assert differing == 0 and _pdf_text(our_pdf) == _pdf_text(their_pdf)
        return
    assert differing <= pixels * 0.0001, (differing, pixels)  # none here; a few where rounding differs
    words = "".join(re.sub(r"<[^>]+>", "", line).split())
    assert "".join(_pdf_text(our_pdf).split()) == words  # (pypdf reads cairosvg's rotated single letters only in part)
    blank_png = images._convert_all(svg.replace(line, ""), ["png2"])[0][0]
    assert _differing_pixels(our_png, blank_png)[0] > 50  # the measure can fail: the text is drawn


def test_every_chart_is_drawn_as_cairosvg_draws_it(example_study, monkeypatch) -> None:
    """The same, over the example study's journey maps, hartmonitors and board summary."""
    jobs = {svg: uri for uri, svg, kind in _study_exports(example_study)}
    assert len(jobs) >= 3
    for svg, uri in jobs.items():
        (our_png, our_pdf), (their_png, their_pdf) = _both_drawings(svg, monkeypatch)
        differing, pixels = _differing_pixels(our_png, their_png)
        assert differing <= pixels * 0.0005, (uri, differing, pixels)
        assert _pdf_text(our_pdf) == _pdf_text(their_pdf), uri
