"""The board pack: the A4 board summary (PDF font sizes read back with pypdf), PNG slides readable on a
1920 px beamer, English file names on English sites."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest

from kekpublish.compute.hartmonitor import compute as compute_hm
from kekpublish.compute.journeymap import maps_for
from kekpublish.compute.kern import study_kern
from kekpublish.export import images
from kekpublish.model import load_site
from kekpublish.publish.options import Options
from kekpublish.render import charts
from kekpublish.render.svg.board import MIN_TEXT, board_summary_svg
from kekpublish.render.svg.hartmonitor import hartmonitor_svg
from kekpublish.render.svg.journeymap import journeymap_svg

from .studygen import action, write_study

SVG = "{http://www.w3.org/2000/svg}"
REFERENCE = dt.date(2026, 11, 15)
BEAMER = 1920


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    docs = tmp_path_factory.mktemp("board")
    write_study(docs / "a", round_="2025", offset=30, actions=[action("A1", "2026-10-01")])
    write_study(docs / "b", entries_per_cell=3, actions=[
        action("A1", "2026-10-25"), action("A2", "2026-08-01", "in_progress"), action("A3", "2026-01-01", "done"),
        action("A4", "2027-01-01"), action("A5", "2026-02-01", "dropped")])
    site, problems = load_site(docs)
    assert not problems.items
    return site


def _cairo():
    pytest.importorskip("cairosvg")
    if images.cairo_error():
        pytest.skip(images.cairo_error())


def font_sizes(svg: str) -> list[tuple[float, str]]:
    """(font size in user units, text) of every text element, inherited sizes included."""
    root = ET.fromstring(svg)
    found = []

    def walk(element, size):
        size = float(element.get("font-size", size))
        if element.tag == f"{SVG}text" and (element.text or "").strip():
            found.append((size, element.text))
        for child in element:
            walk(child, size)

    walk(root, 16)
    return found


def board(site, language="nl"):
    earlier, later = site.studies
    return later, board_summary_svg(later, compute_hm(later), study_kern(later, earlier, REFERENCE), language=language)


def test_board_summary_says_what_a_board_needs(site):
    study, svg = board(site)
    texts = " ".join(t for _, t in font_sizes(svg))
    assert min(size for size, _ in font_sizes(svg)) >= MIN_TEXT >= 8 * 96 / 72  # nothing under 8 pt on A4
    assert 'width="297mm" height="210mm"' in svg and 'viewBox="0 0 1123 794"' in svg
    assert "De kern" in texts and "Diepste dal:" in texts and "Beter dan" in texts
    assert "peildatum 15 november 2026" in texts and "8 respondenten" in texts
    assert re.search(r"genoemd door \d van 8 respondenten", texts)
    assert "Afgerond: 1" in texts and "Gereed" not in svg and "Vervallen: 1" in texts
    assert "Te laat (2)" in texts and "weken te laat" in texts and "maanden te laat" in texts  # how late, oldest first
    assert texts.index("A2 ") < texts.index("A1 ")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and "Diepste dal" in root.find(f"{SVG}desc").text
    _, english = board(site, "en")
    assert "The key points" in english and "Done: 1" in english and "reference date 15 November 2026" in english


def test_board_pdf_is_a4_with_no_text_under_8pt(site):
    _cairo()
    from pypdf import PdfReader

    _, svg = board(site)
    reader = PdfReader(io.BytesIO(images.svg_to_pdf(svg)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595  # A4 landscape, pt
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append((size * abs(a * d - b * c) ** 0.5, text))

    text = page.extract_text(visitor_text=visit)
    assert len(sizes) > 40
    assert min(s for s, _ in sizes) >= 8 - 0.01, sorted(sizes)[:3]
    assert "Afgerond" in text and "te laat" in text


def _min_px_at(svg: str, width: float = BEAMER) -> float:
    natural = float(ET.fromstring(svg).get("width"))
    return min(size for size, _ in font_sizes(svg)) * width / natural


def test_slides_readable_on_a_beamer(site):
    """PNG slides: projected 1920 px wide, no text under 14 px; the PNG itself at least that wide."""
    _cairo()
    study = site.studies[1]
    assert len(study.meta.steps) == 10
    hm = compute_hm(study)
    slides = [hartmonitor_svg(study, hm)] + [journeymap_svg(study, m, layout="slide", hm=hm) for m in maps_for(study)]
    for svg in slides:
        assert _min_px_at(svg) >= 14, _min_px_at(svg)
    png = images.svg_to_png(slides[1])
    width = int.from_bytes(png[16:20], "big")  # the IHDR chunk
    assert png.startswith(b"\x89PNG") and width >= BEAMER
    # the slide shows the top entries and counts the rest; the page shows everything
    assert "meer" in slides[1]
    page = journeymap_svg(study, maps_for(study)[0], hm=hm)
    assert "+1 meer" not in page and " meer<" not in page


def test_chart_files_named_in_the_site_language(site):
    study, previous = site.studies[1], site.studies[0]
    batch = images.ExportBatch()
    for language, words in (("nl", ("hartmonitor", "klantreiskaart", "bestuurssamenvatting")),
                            ("en", ("hartmonitor", "journey-map", "board-summary"))):
        pub = charts.chart_pages(study, Options(language=language, exports=True), batch, previous=previous)
        names = {f.uri.split("/")[-1] for f in pub.files}
        assert {f"{words[0]}.svg", f"{words[1]}.svg", f"{words[1]}.png", f"{words[2]}.pdf"} <= names
        assert {p.uri.split("/")[-1] for p in pub.pages} == {f"{words[0]}.md", f"{words[1]}.md"}
        jobs = {target.uri.split("/")[-1]: svg for target, svg, _ in batch.jobs}
        for slide in (jobs[f"{words[0]}.png"], jobs[f"{words[1]}.png"]):  # PNGs are slides: wider than tall
            root = ET.fromstring(slide)
            assert root.get("id").endswith("-slide") and float(root.get("height")) < float(root.get("width"))
            assert _min_px_at(slide) >= 14
        batch.jobs = []
        page = next(p for p in pub.pages if p.uri.endswith(f"{words[1]}.md"))
        assert page.context["main"]["fullscreen"] == f"../{words[1]}.svg"
        assert page.context["main"]["frame"]["sticky"] is not None
    batch.jobs = []
