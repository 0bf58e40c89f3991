"""Build real sites in temp dirs, in-process (deduce stays loaded) or as a user would (subprocess)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEMO_STUDIES = ROOT / "content" / "studies"  # the demo's studies (studies_dir), outside its docs_dir
DEMO_PAGES = ROOT / "content" / "pages"  # the demo's docs_dir: ordinary pages only
CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium; never a browser downloaded by a test tool
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def write_config(folder: Path, docs: Path, *, language: str = "nl", cache_dir: Path | None = None,
                 plugins: list | None = None, theme: dict | None = None, extra: dict | None = None,
                 site_dir: Path | None = None, **options) -> Path:
    """An mkdocs.yml like the demo's: Material, no fonts from Google, search, kekpublish."""
    plugin_options = {"language": language, **options}
    if cache_dir:
        plugin_options["cache_dir"] = str(cache_dir)
    config = {
        "site_name": "Test",
        "docs_dir": str(docs),
        "site_dir": str(site_dir or folder / "site"),
        "theme": {"name": "material", "language": language, "font": False, "features": ["navigation.prune"], **(theme or {})},
        "plugins": plugins if plugins is not None else ["search", {"kekpublish": plugin_options}],
        "extra": {"generator": False, **(extra or {})},
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_demo(folder: Path) -> tuple[Path, Path]:
    """The demo's docs_dir and studies_dir copied into folder (as content/pages, content/studies)."""
    import shutil

    docs, studies = folder / "content" / "pages", folder / "content" / "studies"
    shutil.copytree(DEMO_PAGES, docs)
    shutil.copytree(DEMO_STUDIES, studies)
    return docs, studies


def build(config_file: Path, *, strict: bool = True) -> Path:
    """Build in this process; raises mkdocs' Abort (or another error) when the build fails."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=strict)
    site_dir = Path(config.site_dir)
    mkdocs_build(config)
    return site_dir


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a command line as a user would, e.g. run("-m", "mkdocs", "build", ...)."""
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def text_of_site(site: Path, suffixes=(".html", ".json", ".xml", ".svg", ".csv", ".js", ".ics", ".txt")) -> dict[str, str]:
    """Every text file of a built site, by relative path."""
    return {p.relative_to(site).as_posix(): p.read_text("utf-8", "ignore")
            for p in site.rglob("*") if p.is_file() and p.suffix in suffixes}


def search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def broken_links(site: Path) -> list[str]:
    """Every relative <a href> of the site's pages that lands on no file, or on no such id."""
    from urllib.parse import unquote, urldefrag, urljoin, urlsplit

    ids: dict[Path, set[str]] = {}
    broken = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        for href in re.findall(r'<a [^>]*href="([^"]+)"', path.read_text("utf-8")):
            href = html.unescape(href)
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            url, fragment = urldefrag(urljoin("http://x/" + rel, href))
            target = site / unquote(urlsplit(url).path.lstrip("/"))
            if target.is_dir() or url.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel}: {href}")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text("utf-8")))
                if fragment not in ids[target]:
                    broken.append(f"{rel}: {href} (no id '{fragment}')")
    return broken
