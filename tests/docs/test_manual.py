"""The manual (docs/) builds with --strict, every internal link and anchor lands, and it requests nothing elsewhere."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from kekpublish.model import reference
from sitebuild import ROOT, broken_links, run

CONFIG = ROOT / "docs" / "mkdocs.yml"
PAGES = ROOT / "docs" / "pages"


@pytest.fixture(scope="module")
def manual(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("manual") / "site"
    result = run("-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "--site-dir", str(site),
                 env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def pages_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_every_internal_link_and_anchor_resolves(manual):
    assert not broken_links(manual)


def test_every_image_and_stylesheet_is_local_and_present(manual):
    missing, external = [], []
    for rel, text in pages_of(manual).items():
        for attr, url in re.findall(r'<(?:img|script|link|source|iframe)\b[^>]*?\b(src|href)="([^"]+)"', text):
            url = html.unescape(url)
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                external.append(f"{rel}: {url}")
                continue
            if url.startswith(("data:", "#")):
                continue
            target = manual / unquote(urlsplit(urljoin("http://x/" + rel, url)).path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{rel}: {url}")
    assert not external, f"the manual would request other hosts: {external[:5]}"
    assert not missing, missing[:10]


def test_both_languages_and_the_switch(manual):
    pages = pages_of(manual)
    for rel in ("index.html", "aan-de-slag/index.html", "referentie/index.html", "voorbeeld/index.html",
                "en/index.html", "en/getting-started/index.html", "en/reference/index.html", "en/example/index.html"):
        assert rel in pages, rel
    for name in ("anonimiseren", "rondes", "intranet-usb", "toegankelijkheid", "andere-builders"):
        assert f"handleidingen/{name}/index.html" in pages, name
    for name in ("anonymisation", "rounds", "intranet-usb", "accessibility", "other-builders"):
        assert f"en/guides/{name}/index.html" in pages, name
    # the language switch, relative so the manual works under any path and from a deep page
    page = pages["handleidingen/rondes/index.html"]
    assert re.search(r'href="\.\./\.\./en/"\s+hreflang="en"', page)
    assert re.search(r'href="\.\./\.\./"\s+hreflang="nl"', page)
    page = pages["en/guides/rounds/index.html"]
    assert re.search(r'href="\.\./\.\./\.\./"\s+hreflang="nl"', page)  # back to the Dutch manual's root
    assert re.search(r'href="\.\./\.\./"\s+hreflang="en"', page)
    assert "Uw eerste KEK-onderzoek publiceren" in pages["aan-de-slag/index.html"]
    assert "Publish your first KEK study" in pages["en/getting-started/index.html"]


@pytest.mark.parametrize("rel, language", [("referentie/index.html", "nl"), ("en/reference/index.html", "en")])
def test_the_reference_lists_every_field_of_the_model(manual, rel, language):
    page = (manual / rel).read_text("utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    docs = reference.field_docs()
    for kind in reference.kinds():
        assert kind in ids, f"no section for kek: {kind} in {rel}"
    for doc in docs:
        section = reference.anchor_of(doc.section)
        assert section in ids, f"{doc.path}: no section {section} in {rel}"
        start = page.index(f'id="{section}"')
        table = page[start:page.index("</table>", start)]
        key = reference.WORDS[language]["free"] if doc.key == reference.EXTRA else doc.key
        assert re.search(r"<td>(?:<code>|<em>)" + re.escape(key) + r"(?:</code>|</em>)</td>", table), (
            f"{doc.path} is missing from {rel}")
    assert "<!-- kek:reference -->" not in page


def test_the_example_files_are_shown_as_they_are(manual):
    page = html.unescape(re.sub(r"<[^>]+>", "", (manual / "voorbeeld" / "index.html").read_text("utf-8")))
    study = (ROOT / "examples" / "studies" / "overlijden" / "study.md").read_text("utf-8")
    assert "title: Overlijden van een naaste in Lindewaard" in page
    assert "kek:example" not in page
    assert study.splitlines()[3] in page


def test_no_page_left_out_of_the_nav():
    nav = CONFIG.read_text("utf-8")
    for path in PAGES.rglob("*.md"):
        assert path.relative_to(PAGES).as_posix() in nav, path
