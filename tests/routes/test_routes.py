"""Every publishing route, end to end with the plugin on, as a user runs it (subprocesses, temp dirs).

mkdocs build / serve, kekpublish build / --offline / --engine zensical / export / gate,
ProperDocs, `zensical build` straight on the repo, a minimal mkdocs.yml, `kekpublish new`.
(`kekpublish deploy` with mike: tests/actions/test_actions_mike.py.)
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild import run, search_index

NARRATIVE = "narratieven/r01/index.html"


def _study(project: Path) -> str:
    (study,) = [p.name for p in (project / "studies").iterdir() if p.is_dir()]
    return study


def _all_text(site: Path) -> str:
    return "\n".join(html.unescape(p.read_text("utf-8", "ignore")) for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".xml", ".svg", ".csv", ".ics", ".txt", ".js"))


def _raw_lines(studies: Path) -> list[str]:
    """Long sentences of the narratives' bodies as written: none may reach a site built without kekpublish."""
    lines = []
    for path in studies.rglob("narratives/*.md"):
        body = path.read_text("utf-8").split("---", 2)[-1]
        lines += [line.strip()[:60] for line in body.splitlines() if len(line.strip()) > 60 and not line.startswith(("#", "-", ">"))]
    return lines


# -- kekpublish new, mkdocs build --strict -------------------------------------------------------------

def test_new_project_builds_strict_as_is(new_project):
    files = {p.relative_to(new_project).as_posix() for p in new_project.rglob("*") if p.is_file()}
    assert {"mkdocs.yml", ".gitignore", "docs/over.md"} <= files
    study = _study(new_project)
    assert f"studies/{study}/study.md" in files and f"studies/{study}/.schema/study.schema.json" in files
    config = (new_project / "mkdocs.yml").read_text("utf-8")
    assert "font: false" in config and "generator: false" in config and "language: nl" in config
    assert "studies_dir: studies" in config and "docs_dir: docs" in config
    ignore = (new_project / ".gitignore").read_text("utf-8")
    assert "/site/" in ignore and "/.cache/" in ignore
    result = run("-m", "mkdocs", "build", "--strict", cwd=new_project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING -" not in result.stderr, result.stderr  # safe defaults: nothing to warn about
    site = new_project / "site"
    assert (site / study / NARRATIVE).is_file() and (site / "index.html").is_file() and (site / "over/index.html").is_file()
    assert not list(site.rglob("*.md")) and not (site / "studies").exists()
    assert "studies laden" in result.stderr  # the core's progress, in MkDocs' log


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mijn aantekeningen", encoding="utf-8")
    result = run("-m", "kekpublish.cli", "new", str(tmp_path / "x"))
    assert result.returncode == 2 and "not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "x" / "notes.txt").read_text("utf-8") == "mijn aantekeningen"


def test_new_prints_the_next_command_that_works(tmp_path):
    result = run("-m", "kekpublish.cli", "new", "mijn-onderzoek", cwd=tmp_path)
    assert result.returncode == 0
    assert "cd mijn-onderzoek" in result.stdout and "mkdocs serve" in result.stdout


# -- mkdocs serve ------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_mkdocs_serve_rebuilds_an_edited_narrative_anonymised(new_project, tmp_path):
    study = _study(new_project)
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=new_project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/{study}/{NARRATIVE}"
    try:
        deadline = time.monotonic() + 300
        page = None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(1)
            page = _get(url)
        assert page is not None, (tmp_path / "serve.log").read_text("utf-8")[-3000:]
        assert "Contactmomenten" in page
        narrative = new_project / "studies" / study / "narratives" / "r01.md"
        narrative.write_text(narrative.read_text("utf-8")
                             + "\nBij de balie hielp Jolanda Verbeek haar verder, tel. 06-12345678; zie ook routeproef.\n",
                             encoding="utf-8")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and server.poll() is None:
            time.sleep(1)
            page = _get(url) or ""
            if "routeproef" in page:
                break
        assert "routeproef" in page, (tmp_path / "serve.log").read_text("utf-8")[-3000:]
        assert "Jolanda" not in page and "Verbeek" not in page and "12345678" not in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        log.close()


# -- kekpublish build, --offline, ProperDocs ------------------------------------------------------------

def test_kekpublish_build_and_offline(new_project):
    study = _study(new_project)
    result = run("-m", "kekpublish.cli", "build", "--strict", cwd=new_project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (new_project / "site" / study / NARRATIVE).is_file()
    result = run("-m", "kekpublish.cli", "build", "--offline", cwd=new_project)
    assert result.returncode == 0, result.stderr[-3000:]
    offline = new_project / "site-offline"
    assert (offline / study / "narratieven" / "r01.html").is_file()  # no directory URLs on file://
    assert (new_project / "site-offline.zip").is_file()
    assert "search_index" in (offline / "index.html").read_text("utf-8") or (offline / "search").is_dir()


def test_properdocs_build(new_project):
    if shutil.which("properdocs") is None:
        pytest.skip("properdocs is not installed")
    study = _study(new_project)
    result = subprocess.run(["properdocs", "build", "--strict"], cwd=new_project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    site = new_project / "site"
    assert (site / study / NARRATIVE).is_file()
    assert any(d["location"].startswith(f"{study}/narratieven/r01/") for d in search_index(site))


# -- a minimal mkdocs.yml, studies in docs_dir (format v1) ----------------------------------------------

def test_minimal_config_with_studies_in_docs(tmp_path, route_cache):
    from kekpublish.cli import main

    assert main(["new", "--study", str(tmp_path / "docs" / "verhuizen")]) == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: Minimaal\ntheme:\n  name: material\nplugins:\n  - search\n  - kekpublish\n",
                                         encoding="utf-8")
    result = run("-m", "mkdocs", "build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "verhuizen" / NARRATIVE).is_file()
    assert not list((tmp_path / "site").rglob("*.md"))
    # one notice: another builder would publish the raw files; how to move them
    assert result.stderr.count("inside docs_dir") == 1, result.stderr
    assert "studies_dir" in result.stderr and "git mv" in result.stderr
    # Material's default fonts come from Google: said, with what to write instead
    assert "fonts.googleapis.com" in result.stderr and "font: false" in result.stderr


# -- Zensical --------------------------------------------------------------------------------------------

def _zensical() -> list[str]:
    try:
        import zensical  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("zensical is not installed (pip install -e '.[test]')")
        pytest.skip("zensical is not installed")
    return [sys.executable, "-m", "zensical"]


def test_zensical_straight_on_the_repo_publishes_nothing_personal(clone):
    """Material's notice says: try Zensical with your mkdocs.yml. On this repo it publishes no study file."""
    result = subprocess.run([*_zensical(), "build"], cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    site = clone / "site"
    assert (site / "over-kek" / "index.html").is_file()  # it did build the ordinary pages
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not any(p.startswith(("gezinsuitbreiding", "studies")) or "narrative" in p for p in published), published
    text = _all_text(site)
    raw = _raw_lines(clone / "content" / "studies")
    assert raw
    for line in raw:
        assert line not in text, line
    for path in (clone / "content" / "studies").rglob("*.md"):
        for match in re.finditer(r"^\s*(?:pseudonym|respondent):\s*(.+?)\s*$", path.read_text("utf-8"), re.M):
            assert match.group(1).strip("'\"") not in text


def test_kekpublish_build_engine_zensical_on_the_demo(clone):
    _zensical()
    result = run("-m", "kekpublish.cli", "build", "--engine", "zensical", cwd=clone)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    site = clone / "site"
    for path in ["index.html", "over-kek/index.html", "gezinsuitbreiding-2026/index.html",
                 f"gezinsuitbreiding-2026/{NARRATIVE}", "gezinsuitbreiding-2026/hartmonitor/index.html",
                 "gezinsuitbreiding-2026/klantreiskaart/index.html", "gezinsuitbreiding-2026/hartmonitor.svg",
                 "gezinsuitbreiding-2026/hartmonitor.png", "acties/index.html"]:
        assert (site / path).is_file(), path
    narrative = (site / "gezinsuitbreiding-2026" / NARRATIVE).read_text("utf-8")
    assert "Contactmomenten" in narrative and "<svg" in (site / "gezinsuitbreiding-2026/hartmonitor/index.html").read_text("utf-8")
    assert "<script>" not in narrative.split('class="kek-export"', 1)[-1].split("</article>", 1)[0]
    search = json.loads((site / "search.json").read_text("utf-8"))
    assert "Contactmomenten" in json.dumps(search, ensure_ascii=False)
    assert not list(site.rglob("*.md")) and not (clone / "site.kekpublish-export").exists()
    gate = run("-m", "kekpublish.cli", "gate", str(site), cwd=clone)
    assert gate.returncode == 0, gate.stderr

    # a planted sensitive term: the gate stops the route and the last good site stays whole
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    narrative_src = clone / "content/studies/gezinsuitbreiding-2026/narratives/r01.md"
    text = narrative_src.read_text("utf-8")
    text, n = re.subn(r"^sensitive: \[(.*?)\]", lambda m: f"sensitive: [{m.group(1)}{', ' if m.group(1) else ''}Wilhelmina Plantinga]",
                      text, count=1, flags=re.M)
    if not n:
        text = text.replace("kek: narrative\n", "kek: narrative\nsensitive: [Wilhelmina Plantinga]\n", 1)
    narrative_src.write_text(text, encoding="utf-8")
    page = clone / "content/pages/over-kek.md"
    page.write_text(page.read_text("utf-8") + "\nMet dank aan Wilhelmina Plantinga.\n", encoding="utf-8")
    result = run("-m", "kekpublish.cli", "build", "--engine", "zensical", cwd=clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "personal data would be published" in result.stderr and "Wilhelmina" not in result.stderr  # masked
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    gate = run("-m", "kekpublish.cli", "gate", str(site), cwd=clone)
    assert gate.returncode == 0  # the kept site is the clean one


def test_export_builds_with_plain_mkdocs_and_passes_the_gate(new_project, tmp_path):
    """The export is plain files: MkDocs without kekpublish publishes the same pages from it."""
    study = _study(new_project)
    out = tmp_path / "export"
    result = run("-m", "kekpublish.cli", "export", str(out), cwd=new_project)
    assert result.returncode == 0, result.stderr[-3000:]
    import yaml

    exported = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert exported["plugins"] == ["search"] and exported["docs_dir"] == "docs"
    assert not (out / "docs" / study / "study.md").exists() and not (out / "docs" / study / "narratives").exists()
    page = (out / "docs" / study / "narratieven" / "r01.md").read_text("utf-8")
    assert page.startswith("---\ntitle: ") and "Contactmomenten" in page
    result = run("-m", "mkdocs", "build", "-f", str(out / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr[-3000:]
    built = out / "site"
    assert (built / study / NARRATIVE).is_file() and (built / "acties" / "index.html").is_file()
    gate = run("-m", "kekpublish.cli", "gate", str(built), cwd=new_project)
    assert gate.returncode == 0, gate.stderr
    # the gate reads what is there: a planted leak in the built site is found, told masked, exit 1
    narrative = new_project / "studies" / study / "narratives" / "r01.md"
    text = narrative.read_text("utf-8")
    assert "sensitive: []" in text
    narrative.write_text(text.replace("sensitive: []", "sensitive: [Wilhelmina Plantinga]"), encoding="utf-8")
    (built / "extra.html").write_text("<p>Wilhelmina Plantinga</p>", encoding="utf-8")
    gate = run("-m", "kekpublish.cli", "gate", str(built), cwd=new_project)
    assert gate.returncode == 1 and "extra.html" in gate.stderr and "Wilhelmina" not in gate.stderr


# -- configuration errors and warnings -------------------------------------------------------------------

def test_invalid_colours_are_a_config_error(new_project):
    config = new_project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      studies_dir: studies", "      studies_dir: studies\n      colours: ['#0072B2', blauw]"),
                      encoding="utf-8")
    result = run("-m", "mkdocs", "build", cwd=new_project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "colours" in result.stderr and "'blauw' is not a colour" in result.stderr
    assert not (new_project / "site").exists()


def test_quiet_build_shows_no_progress(new_project):
    result = run("-m", "mkdocs", "build", "-q", cwd=new_project)
    assert result.returncode == 0, result.stderr
    assert "studies laden" not in result.stderr and "INFO" not in result.stderr


def _article_text(page: Path) -> str:
    """The words of a page's article (what the reader reads), tags and spacing aside."""
    text = page.read_text("utf-8")
    article = text.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    article = re.sub(r"<[^>]+>", " ", article)
    return " ".join(html.unescape(article).replace("¶", " ").split())


def test_plugin_and_export_publish_the_same_pages(new_project, tmp_path):
    """The plugin and `kekpublish export` render every generated page with the same core: the same words."""
    result = run("-m", "mkdocs", "build", cwd=new_project)
    assert result.returncode == 0, result.stderr[-3000:]
    out = tmp_path / "export"
    assert run("-m", "kekpublish.cli", "export", str(out), cwd=new_project).returncode == 0
    assert run("-m", "mkdocs", "build", "-f", str(out / "mkdocs.yml")).returncode == 0
    plugin_site, export_site = new_project / "site", out / "site"
    pages = sorted(p.relative_to(plugin_site) for p in plugin_site.rglob("index.html") if p.parent.name not in ("search",))
    assert len(pages) >= 8
    for rel in pages:
        assert (export_site / rel).is_file(), rel
        words = _article_text(plugin_site / rel)
        assert words and _article_text(export_site / rel) == words, rel
    assert "Contactmomenten" in _article_text(plugin_site / _study(new_project) / NARRATIVE)
