"""The leak gate finds planted leaks in every kind of site file, masked."""
from __future__ import annotations

import gzip
import json

from kekpublish.anonymise import Leak, scan_site


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<p>Gemeente Dordrecht en DigiD</p>", "utf-8")
    return site


def test_clean_site_passes(tmp_path) -> None:
    site = _site(tmp_path)
    assert scan_site(site, ["Yıldız", "Kuijpers"], keep=["Dordrecht"]) == []


def test_gzipped_sitemap(tmp_path) -> None:
    site = _site(tmp_path)
    xml = "<urlset><url><loc>https://x.nl/r03-gesprek-met-kuijpers/</loc></url></urlset>"
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode()))
    leaks = scan_site(site, ["Kuijpers"])
    assert [leak.file for leak in leaks] == ["sitemap.xml.gz"]
    assert "kuijpers" not in leaks[0].term.lower() and "kuijpers" not in leaks[0].context


def test_search_index_with_json_escaped_unicode(tmp_path) -> None:
    site = _site(tmp_path)
    data = {"docs": [{"location": "r01/", "text": "Mevrouw Y\u0131ld\u0131z belde"}]}
    (site / "search" / "search_index.json").write_text(json.dumps(data), "utf-8")
    assert "\\u0131" in (site / "search" / "search_index.json").read_text("utf-8")
    leaks = scan_site(site, ["Yildiz"])
    assert len(leaks) == 1 and isinstance(leaks[0], Leak)
    assert leaks[0].file == "search/search_index.json"


def test_svg_possessive_and_split_tags(tmp_path) -> None:
    site = _site(tmp_path)
    (site / "chart.svg").write_text(
        "<svg><text>Jansens score</text><text>Jan</text> <text>Pietersen</text></svg>", "utf-8")
    leaks = scan_site(site, ["Jansen", "Jan Pietersen"])
    assert sorted(leak.term for leak in leaks) == ["J****n", "J*n P*******n"]


def test_generic_patterns_and_keep(tmp_path) -> None:
    site = _site(tmp_path)
    (site / "page.html").write_text(
        "<p>BSN 123.456.782, IBAN NL20 INGB 0001 2345 67, mail a.b@c.nl, info@dordrecht.nl,"
        " &#89;ildiz</p>", "utf-8")
    leaks = scan_site(site, ["Yildiz"], keep=["info@dordrecht.nl"])
    assert len(leaks) == 4
    assert all("123" not in leak.context.replace("1*", "") or "*" in leak.context for leak in leaks)


def test_skip_theme_assets(tmp_path) -> None:
    site = _site(tmp_path)
    (site / "assets" / "lunr.stemmer.js").write_text("var stop = 'jansen';", "utf-8")
    assert scan_site(site, ["Jansen"], skip=lambda rel: rel.startswith("assets/")) == []
    assert len(scan_site(site, ["Jansen"])) == 1


def test_a_file_of_any_suffix_is_read(tmp_path) -> None:
    site = _site(tmp_path)
    (site / "photo.png").write_bytes(b"Jansen")  # not a PNG at all: read as text
    assert [leak.file for leak in scan_site(site, ["Jansen"])] == ["photo.png"]
