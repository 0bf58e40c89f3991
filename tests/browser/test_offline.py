"""Offline: a build needs no network, the site loads nothing from another host, and
`kekpublish build --offline` gives a folder (and zip) that works from file://, search included."""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import broken_links, build, run, write_config

from .conftest import LANGUAGES, foreign, open_search, record, search_results

STARTER_WORD = "telefoonnummers"  # in the body of the starter's narrative


def _loopback(host) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch):
    """Any connection or name lookup beyond this machine raises, as on a machine without a network."""
    tried: list[str] = []

    def refuse(what):
        tried.append(str(what))
        raise OSError(f"network blocked by the test: {what}")

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            refuse(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            refuse(address)
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        if not _loopback(address[0]):
            refuse(address)
        return real_create(address, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if not _loopback(name):
            refuse(name)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return tried


def _new_starter(docs: Path) -> Path:
    from kekpublish.cli import main

    assert main(["new", "--study", str(docs / "mijn-onderzoek")]) == 0
    return docs


# What a browser loads by itself: src and srcset, stylesheets, icons, preloads, manifests, SVG images and
# uses, url() and @import in CSS, fetch/import/Worker in our scripts. Plain <a href> links and XML
# namespaces are not loaded and are ignored.
LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut", "apple-touch-icon",
                     "manifest", "mask-icon", "dns-prefetch", "preconnect"}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name in ("src", "data", "poster", "background"):
            if name in a and (name != "data" or tag == "object"):
                self.urls.append(a[name])
        for name in ("srcset", "imagesrcset"):
            self.urls += [part.split()[0] for part in a.get(name, "").split(",") if part.strip()]
        if tag == "link" and LOADING_LINK_RELS & set(a.get("rel", "").lower().split()):
            self.urls.append(a.get("href", ""))
        if tag in ("image", "use", "feimage", "script"):
            self.urls += [a[k] for k in ("href", "xlink:href") if k in a]
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.urls += re.findall(r"url=(\S+)", a.get("content", ""), re.I)
        if "style" in a:
            self.urls += css_urls(a["style"])
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    return found + re.findall(r"@import\s+['\"]([^'\"]+)", css)


def js_urls(js: str) -> list[str]:
    """Absolute URLs that a script of ours fetches, imports or runs as a worker."""
    calls = r"(?:fetch|import|importScripts|Worker|SharedWorker|open|sendBeacon|EventSource|WebSocket)\s*\(\s*['\"`]([^'\"`]+)"
    return re.findall(calls, js) + re.findall(r"\bimport\s+[^'\"]*?\bfrom\s+['\"]([^'\"]+)", js) + \
        re.findall(r"\bimport\s+['\"]([^'\"]+)", js)


def _is_other_host(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob", "about", "file") or not parts.netloc:
        return False
    return not _loopback(parts.hostname)


def foreign_loads(site: Path) -> list[str]:
    """Every URL of another host that a browser would load from the built site, as 'file: url'."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg", ".htm"):
            parser = _Loads()
            parser.feed(path.read_text("utf-8", "ignore"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = css_urls(path.read_text("utf-8", "ignore"))
        elif path.suffix == ".js" and rel.startswith("assets/kekpublish/"):
            urls = js_urls(path.read_text("utf-8", "ignore"))
        else:
            continue
        found += [f"{rel}: {url}" for url in urls if _is_other_host(url)]
    return found


def test_the_scan_sees_what_a_browser_loads():
    """The scan itself: it flags loads from other hosts and ignores links and namespaces."""
    parser = _Loads()
    parser.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//unpkg.com/x"></script>'
                '<img srcset="a.png 1x, https://cdn.example/b.png 2x"><a href="https://www.kek.nl/">KEK</a>'
                '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.org/i.png"/></svg>'
                '<div style="background: url(https://example.org/bg.png)"></div><link rel="icon" href="http://127.0.0.1/f.png">')
    flagged = [u for u in parser.urls if _is_other_host(u)]
    assert flagged == ["https://fonts.googleapis.com/css", "//unpkg.com/x", "https://cdn.example/b.png",
                       "http://example.org/i.png", "https://example.org/bg.png"]
    assert js_urls("fetch('https://api.example/x'); import('https://esm.sh/y'); a.href = 'https://kek.nl'") == [
        "https://api.example/x", "https://esm.sh/y"]


def test_build_with_the_network_blocked(tmp_path, no_network, browser_cache_dir):
    """The starter study builds on a machine without a network: nothing is fetched at build time."""
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443), timeout=1)  # the block works
    no_network.clear()
    docs = _new_starter(tmp_path / "content")
    site = build(write_config(tmp_path, docs, cache_dir=browser_cache_dir))  # the offline build below reuses it
    assert (site / "mijn-onderzoek" / "narratieven" / "r01" / "index.html").is_file()
    assert no_network == [], f"the build tried to reach {no_network}"
    assert foreign_loads(site) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_loads_nothing_from_other_hosts(_servers, language):
    site = _servers(language).site
    assert (site / "index.html").is_file()
    assert foreign_loads(site) == []


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory, browser_cache_dir):
    """`python -m kekpublish.cli build --offline -f <tmp mkdocs.yml>` of the starter study, as a user runs it."""
    folder = tmp_path_factory.mktemp("offline")
    docs = _new_starter(folder / "content")
    config = write_config(folder, docs, cache_dir=browser_cache_dir, theme={"features": ["navigation.prune", "search.highlight"]})
    result = run("-m", "kekpublish.cli", "build", "--offline", "-f", str(config), cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site-offline"


def test_offline_build_gives_a_folder_and_a_zip(offline_site):
    assert (offline_site / "index.html").is_file()
    assert (offline_site / "mijn-onderzoek" / "narratieven" / "r01.html").is_file()  # no directory URLs on file://
    archive = offline_site.parent / "site-offline.zip"
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    assert "site-offline/index.html" in names
    assert "site-offline/assets/kekpublish/vendor/iframe-worker-shim.js" in names
    index = (offline_site / "index.html").read_text("utf-8")
    assert "unpkg.com" not in index
    assert 'src="assets/kekpublish/vendor/iframe-worker-shim.js"' in index
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', index, re.S).group(1))
    assert config.get("version") is None  # one round: no version selector (mike) on file://
    assert foreign_loads(offline_site) == []
    assert broken_links(offline_site) == []  # kekpublish's links follow the .html pages


def test_offline_site_works_from_file_urls(browser, offline_site):
    """Opened from a USB stick: no request leaves file://, and Material's search answers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = record(context)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((offline_site / "index.html").as_uri(), wait_until="networkidle")
        open_search(page, STARTER_WORD)
        results = search_results(page)
        assert results, page.inner_text(".md-search-result")
        assert any("narratieven/r01.html" in href for href in results), results
        page.locator(".md-search-result__item > a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.startswith("file://") and "r01.html" in page.url
    finally:
        context.close()
    assert requests and foreign(requests, ("file://",)) == []
    assert errors == []

