"""The leak gate reads PDF page text with PDFium (pypdfium2) instead of pypdf's ``extract_text``:
it must find every string pypdf found, in kekpublish's own chart PDFs and in PDFs made by hand to be
awkward (text split into runs, kerned arrays, hex strings, a font with its own glyph names, a CID
font read through its ToUnicode map, text that is invisible, off the page, rotated or inside a form
XObject), and the gate must still refuse what it cannot read."""

from __future__ import annotations

import io
import re
import zlib

import pypdf
import pytest

from kekpublish.anonymise import gate, scan_site
from kekpublish.anonymise.fold import fold
from kekpublish.anonymise.terms import TermIndex, loose

pypdfium2 = pytest.importorskip("pypdfium2")


# ---------------------------------------------------------------------------------------------
# PDFs by hand: each object written out, the cross-reference table computed
# ---------------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], *, info: bytes | None = None) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    extra = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    data = zlib.compress(content) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(data), flate, extra) + data + b"\nendstream"


_TOUNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
6 beginbfchar
<0001> <0059>
<0002> <0131>
<0003> <006C>
<0004> <0064>
<0005> <007A>
<0006> <00DF>
endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def crafted(content: bytes, *, form: bytes = b"BT /F1 10 Tf 50 50 Td (Bos) Tj ET", compress: bool = True) -> bytes:
    """One page with four fonts (WinAnsi Helvetica; Times with /Differences to its own glyph names and no
    ToUnicode; an Identity-H CID font read through ToUnicode only) and a form XObject /X1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << "
        b"/Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> /XObject << /X1 10 0 R >> >> >>",
        _stream(content, compress=compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /FirstChar 1 /LastChar 5 "
        b"/Widths [389 444 500 389 444] /Encoding << /Type /Encoding /Differences [1 /J /a /n /s /e] >> >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
        b"/Supplement 0 >> /DW 500 >>",
        _stream(_TOUNICODE),
        _stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"),
    ]
    return _pdf(objects)


CASES = {
    "one run": b"BT /F1 12 Tf 72 760 Td (Jenny Jansen woont hier) Tj ET",
    "split runs": b"BT /F1 12 Tf 72 740 Td (Pie) Tj (ter) Tj (sen) Tj ET",
    "kerned array": b"BT /F1 12 Tf 72 720 Td [(Vis) -30 (ser) 25 ( belde)] TJ ET",
    "hex string": b"BT /F1 12 Tf 72 700 Td <4D756C646572> Tj ET",
    "WinAnsi diacritics": b"BT /F1 12 Tf 72 680 Td (M\\374ller en Ga\\353lle) Tj ET",
    "escaped parentheses": b"BT /F1 12 Tf 72 660 Td (de \\(Vries\\) kwam) Tj ET",
    "quote operators": b"BT /F1 12 Tf 14 TL 72 640 Td (Bakker) Tj (Verbeek) ' 2 1 (Kuipers) \" ET",
    "invisible": b"BT /F1 12 Tf 3 Tr 72 600 Td (Smit) Tj ET",
    "white": b"1 1 1 rg BT /F1 12 Tf 72 580 Td (Hendriks) Tj ET",
    "off the page": b"BT /F1 12 Tf -3000 -3000 Td (Mulder) Tj ET",
    "clipped away": b"q 0 0 1 1 re W n BT /F1 12 Tf 200 200 Td (Brouwer) Tj ET Q",
    "rotated": b"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Dekker) Tj ET",
    "tiny": b"BT /F1 0.5 Tf 72 560 Td (Schouten) Tj ET",
    "own glyph names": b"BT /F2 12 Tf 72 540 Td <010203040503> Tj ET",
    "CID font via ToUnicode": b"BT /F3 12 Tf 72 520 Td <000100020003000400020005> Tj ET",
    "form XObject": b"q /X1 Do Q",
    "letters one by one": b"BT /F1 12 Tf 72 500 Td (J) Tj 9 0 Td (a) Tj 9 0 Td (n) Tj 9 0 Td (s) Tj 9 0 Td (e) Tj 9 0 Td (n) Tj ET",
    "across two lines": b"BT /F1 12 Tf 72 480 Td (Anna) Tj 0 -14 Td (de Graaf) Tj ET",
    "character spacing": b"BT /F1 12 Tf 8 Tc 72 440 Td (Jacobs) Tj ET",
    "word spacing": b"BT /F1 12 Tf 30 Tw 72 420 Td (Kok van Dam) Tj ET",
    "horizontal scaling": b"BT /F1 12 Tf 20 Tz 72 400 Td (Willems) Tj ET",
}


def _old(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _new(data: bytes) -> str:
    return "\n".join(gate._page_texts(data, pypdf.PdfReader(io.BytesIO(data))))


def _strings(text: str) -> set[str]:
    """Every word and every pair of neighbouring words, as the gate compares them (folded, loose)."""
    folded = loose(fold(text))
    pieces = folded.split(" ")
    pairs = {f"{a} {b}" for a, b in zip(pieces, pieces[1:]) if a.isalnum() and b.isalnum()}
    return {w for w in re.findall(r"[^\W_]+", folded) if len(w) >= 2} | pairs


def assert_finds_what_pypdf_finds(data: bytes, *, fragments: bool = False) -> None:
    """Every word and word pair of pypdf's text is found in PDFium's, as the gate searches it.

    With ``fragments``: letters placed one by one, which pypdf groups at random ("J ans en") and PDFium
    gives one by one ("J a n s e n", which the gate joins into "jansen"): pypdf's fragments must then be
    inside PDFium's joined text. PDFium finds the name there, pypdf did not.
    """
    old, new = _old(data), _new(data)
    searched = loose(fold(new))
    wanted = _strings(old)
    found = {term for _, _, term in TermIndex(sorted(wanted)).search(searched)}
    # search() reports non-overlapping hits; each string is also looked up on its own
    missing = {s for s in wanted - found if not TermIndex([s]).search(searched)}
    if fragments:
        joined = gate._join_spaced(searched).replace(" ", "")
        missing = {s for s in missing if s.replace(" ", "") not in joined}
    assert not missing, (missing, old, new)


@pytest.mark.parametrize("case", sorted(CASES))
def test_pdfium_finds_every_string_pypdf_finds_in_crafted_pdfs(case):
    assert_finds_what_pypdf_finds(crafted(CASES[case]), fragments=case == "letters one by one")


def test_pdfium_reads_every_crafted_case_at_once_uncompressed_too():
    content = b"\n".join(CASES.values())
    for data in (crafted(content), crafted(content, compress=False)):
        assert_finds_what_pypdf_finds(data, fragments=True)
        text = loose(fold(_new(data)))
        for name in ("jenny jansen", "pietersen", "visser", "mulder", "muller", "gaelle", "vries", "bakker", "verbeek",
                     "kuipers", "smit", "hendriks", "brouwer", "dekker", "schouten", "yıldız", "bos", "de graaf",
                     "willems", "jacobs", "kok van dam"):
            assert TermIndex([name]).search(text), name


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_gate_flags_a_name_in_each_crafted_pdf(tmp_path, case):
    expected = {"one run": "Jenny Jansen", "split runs": "Pietersen", "kerned array": "Visser", "hex string": "Mulder",
                "WinAnsi diacritics": "Müller", "escaped parentheses": "Vries", "quote operators": "Kuipers",
                "invisible": "Smit", "white": "Hendriks", "off the page": "Mulder", "clipped away": "Brouwer",
                "rotated": "Dekker", "tiny": "Schouten", "own glyph names": "Jansen", "CID font via ToUnicode": "Yildiz",
                "form XObject": "Bos", "letters one by one": "Jansen", "across two lines": "Anna de Graaf",
                "character spacing": "Jacobs", "word spacing": "Kok van Dam", "horizontal scaling": "Willems"}[case]
    (tmp_path / "chart.pdf").write_bytes(crafted(CASES[case]))
    leaks = scan_site(tmp_path, [expected])
    assert [(leak.file, leak.kind) for leak in leaks] == [("chart.pdf", "term")], (case, leaks)


def _charts():
    """kekpublish's own PDFs: the hartmonitor, every journey map and the board summary of generated studies."""
    pytest.importorskip("cairosvg")
    from kekpublish.compute.hartmonitor import compute as compute_hm
    from kekpublish.compute.journeymap import maps_for
    from kekpublish.compute.kern import study_kern
    from kekpublish.export import images
    from kekpublish.model import load_site
    from kekpublish.render.svg.board import board_summary_svg
    from kekpublish.render.svg.hartmonitor import hartmonitor_svg
    from kekpublish.render.svg.journeymap import journeymap_svg

    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("studygen", Path(__file__).parents[1] / "charts" / "studygen.py")
    studygen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(studygen)
    action, write_study = studygen.action, studygen.write_study
    return (compute_hm, maps_for, study_kern, images, load_site, board_summary_svg, hartmonitor_svg, journeymap_svg,
            action, write_study)


@pytest.fixture(scope="module")
def chart_pdfs(tmp_path_factory):
    import datetime as dt

    (compute_hm, maps_for, study_kern, images, load_site, board_summary_svg, hartmonitor_svg, journeymap_svg,
     action, write_study) = _charts()
    docs = tmp_path_factory.mktemp("pdfs")
    write_study(docs / "a", round_="2025", offset=30, actions=[action("A1", "2026-10-01")])
    write_study(docs / "b", entries_per_cell=3, actions=[action("A1", "2026-10-25"), action("A2", "2026-08-01", "in_progress")])
    site, problems = load_site(docs)
    assert not problems.items
    earlier, later = sorted(site.studies, key=lambda s: s.meta.round)[:2]
    svgs = []
    for study in (earlier, later):
        hm = compute_hm(study)
        svgs.append(hartmonitor_svg(study, hm))
        svgs += [journeymap_svg(study, m, layout=layout, hm=hm) for m in maps_for(study) for layout in ("page", "slide")]
    svgs.append(board_summary_svg(later, compute_hm(later), study_kern(later, earlier, dt.date(2026, 11, 15))))
    return [images.svg_to_pdf(svg) for svg in svgs]


def test_pdfium_finds_every_string_pypdf_finds_in_kekpublishs_own_pdfs(chart_pdfs):
    assert len(chart_pdfs) >= 5
    for data in chart_pdfs:
        assert _strings(_old(data)), "a chart PDF without text proves nothing"
        assert_finds_what_pypdf_finds(data)


def test_unreadable_pdfs_are_still_refused(tmp_path):
    good = crafted(CASES["one run"])
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    leaks = scan_site(tmp_path, ["Jansen"])
    assert {leak.file for leak in leaks if leak.kind == "unreadable"} == {"cut.pdf", "garbage.pdf"}


def test_pypdf_reads_what_pdfium_cannot(monkeypatch):
    """A file PDFium refuses is read by pypdf as before, never passed unread."""
    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("refused")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    data = crafted(CASES["split runs"])
    assert "Pietersen" in _new(data)
