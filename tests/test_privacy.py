"""Nothing personal reaches any file of the built site; a build that would leak publishes nothing."""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, build, run, write_config
from kekpublish.anonymise import nlp

STARTER = ROOT / "kekpublish" / "starter"

# Every kind of personal data the spec names, as researchers write it in running text.
SEEDS = {
    "sensitive name": "Jolanda Verbeek",
    "detected name": "meneer Kaptein",
    "possessive": "Gerritsens dochter",
    "mobile": "06-12345678",
    "international": "+31 6 2345 6789",
    "landline": "078-6391234",
    "email": "j.verbeek@voorbeeldmail.nl",
    "bsn": "111 222 333",
    "iban": "NL91 ABNA 0417 1643 00",
    "address": "Kerkstraat 12, 3311 AB",
    "plate": "12-ABC-3",
    "kvk": "KvK-nummer 68750110",
    "birth date": "geboren op 12 maart 1961",
    "age": "ze werd 74",
}
# What must not be found anywhere in the site afterwards (after html/json unescaping).
FORBIDDEN = ["Jolanda", "Verbeek", "Kaptein", "Gerritsen", "12345678", "2345 6789", "6391234", "voorbeeldmail",
             "111 222 333", "111222333", "NL91", "0417 1643", "Kerkstraat", "3311 AB", "12-ABC-3", "68750110",
             "12 maart 1961", "werd 74"]


def seeded(tmp_path: Path) -> Path:
    """The starter study with personal data in every prose field of every file, and in every body."""
    docs = tmp_path / "content"
    shutil.copytree(STARTER, docs / "studie")
    sentence = iter(f"Volgens {SEEDS['detected name']} belde {SEEDS['sensitive name']} met {v}" for v in list(SEEDS.values()) * 20)

    def fill(path: Path, keys: list[str]) -> None:
        text = path.read_text("utf-8")
        for key in keys:
            text, n = re.subn(rf"^(\s*(?:- )?){key}: (?!\[)(.*?)(\s+#.*)?$",
                              lambda m: f'{m.group(1)}{key}: "{next(sentence)}"{m.group(3) or ""}', text, count=1, flags=re.M)
            assert n, f"{key} not in {path.name}"
        body = "\n\n".join(f"{label}: {value}, aldus {SEEDS['possessive']}." for label, value in SEEDS.items())
        path.write_text(text + "\n" + body + "\n", encoding="utf-8")

    fill(docs / "studie/study.md", ["title", "goal", "scope"])
    fill(docs / "studie/narratives/r01.md", ["title", "touchpoint", "thought", "feeling", "need", "pain", "idea"])
    fill(docs / "studie/shopping/bezoek.md", ["title"])
    fill(docs / "studie/actions.md", ["title", "contact", "measure"])
    narrative = docs / "studie/narratives/r01.md"
    narrative.write_text(narrative.read_text("utf-8").replace("sensitive: []", "sensitive: [Jolanda, Verbeek]")
                         .replace('text: "Ik wist niet of het gelukt was."', f'text: "{next(sentence)}"')
                         .replace("household: samenwonend", f'household: "{next(sentence)}"'), encoding="utf-8")
    return docs


def site_texts(site: Path) -> dict[str, str]:
    """Every file of the site as text a reader or a crawler could get at, PDFs included."""
    from pypdf import PdfReader

    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/javascripts/", "assets/stylesheets/")):
            continue
        if path.suffix == ".pdf":
            texts[rel] = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
        elif path.suffix == ".gz":
            texts[rel] = gzip.decompress(path.read_bytes()).decode("utf-8", "ignore")
        elif path.suffix in (".html", ".json", ".xml", ".svg", ".csv", ".ics", ".js", ".txt", ".css"):
            raw = path.read_text("utf-8", "ignore")
            if path.suffix == ".json":
                raw += "\n" + json.dumps(json.loads(raw), ensure_ascii=False)
            texts[rel] = html.unescape(raw)
    return texts


@pytest.fixture(scope="module")
def seeded_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeded")
    docs = seeded(folder)
    return docs, build(write_config(folder, docs, cache_dir=folder / "cache"))


def test_no_seed_reaches_any_file(seeded_site):
    _, site = seeded_site
    texts = site_texts(site)
    assert any(rel.endswith(".pdf") for rel in texts) and "sitemap.xml.gz" in texts and "acties/actions.csv" in texts
    leaks = [(term, rel) for rel, text in texts.items() for term in FORBIDDEN if term.lower() in text.lower()]
    assert not leaks, leaks


def test_replacements_are_readable_and_consistent(seeded_site):
    _, site = seeded_site
    narrative = (site / "studie/narratieven/r01/index.html").read_text("utf-8")
    assert "meneer [persoon" in narrative  # the form of address survives
    assert "[telefoonnummer]" in narrative and "[e-mailadres]" in narrative and "[IBAN]" in narrative
    assert "maart 1961" in narrative and "werd minstens 65" in narrative  # date to month and year, age to a band in prose
    labels = set(re.findall(r"meneer \[persoon ([A-Z])\]", narrative))
    assert len(labels) == 1, labels  # one person, one label, in every field and in the body
    for kept in ("Gemeente Voorbeeld", "Voorbeeld"):
        assert kept in narrative or kept in (site / "studie/index.html").read_text("utf-8")


def test_gate_catches_a_leaking_template(tmp_path):
    docs = seeded(tmp_path)
    overrides = tmp_path / "overrides" / "kekpublish"
    overrides.mkdir(parents=True)
    original = (ROOT / "themes" / "kekpublish" / "narrative.html").read_text("utf-8")
    (overrides / "narrative.html").write_text(original + "\n<p>Met dank aan Jolanda.</p>\n", encoding="utf-8")
    site_dir = tmp_path / "site"
    good = write_config(tmp_path, docs, cache_dir=tmp_path / "cache")
    build(good)
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    leaky = write_config(tmp_path, docs, cache_dir=tmp_path / "cache", theme={"custom_dir": str(tmp_path / "overrides")})
    result = run("-m", "mkdocs", "build", "-f", str(leaky))
    assert result.returncode != 0
    assert "personal data would be published" in result.stderr and "studie/narratieven/r01/index.html" in result.stderr
    assert "Jolanda" not in result.stderr  # the gate's own message is masked
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == before


def test_gate_covers_ordinary_pages(tmp_path):
    docs = seeded(tmp_path)
    (docs / "over.md").write_text("# Over\n\nMet dank aan Verbeek voor het interview.\n", encoding="utf-8")
    result = run("-m", "mkdocs", "build", "-f", str(write_config(tmp_path, docs, cache_dir=tmp_path / "cache")))
    assert result.returncode != 0 and "over/index.html" in result.stderr and "sitemap" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_report_lists_every_replacement_outside_the_site(tmp_path):
    docs = seeded(tmp_path)
    report = tmp_path / "review.csv"
    result = run("-m", "kekpublish.cli", "check", str(docs), "--report", "--csv", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Jolanda" not in result.stdout and "Verbeek" not in result.stdout  # originals are masked in the review too
    assert re.search(r"person: \w\*+\w -> \[persoon [A-Z]\]", result.stdout), result.stdout[-2000:]
    rows = list(csv.reader(report.read_text("utf-8-sig").splitlines(), delimiter=";"))
    kinds = {row[3] for row in rows[1:]}
    assert {"phone", "email", "iban", "bsn", "licence_plate", "date", "age"} <= kinds, kinds
    assert all("Jolanda" not in cell for row in rows for cell in row)
    assert any(row[0] == "studie/narratives/r01.md" and row[1].isdigit() for row in rows[1:])


def test_rebuild_after_an_edit_reanalyses_only_that_file(tmp_path):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "studies" / "gezinsuitbreiding-2025", docs / "studie")
    config = write_config(tmp_path, docs, cache_dir=tmp_path / "cache")
    build(config)
    before = nlp.ANALYSES
    build(config)
    assert nlp.ANALYSES == before  # nothing changed: deduce is not asked anything
    narrative = docs / "studie" / "narratives" / "r02.md"
    narrative.write_text(narrative.read_text("utf-8") + "\nEen nieuwe alinea van de onderzoeker.\n", encoding="utf-8")
    build(config)
    assert 1 <= nlp.ANALYSES - before <= 2  # the edited body (and at most its new paragraph), nothing else


def test_a_sensitive_term_is_never_published_in_another_study_either(tmp_path):
    docs = tmp_path / "content"
    for name in ("a", "b"):
        shutil.copytree(STARTER, docs / name)
        study = docs / name / "study.md"
        study.write_text(study.read_text("utf-8").replace("journey: nieuw-onderzoek", f"journey: {name}"), encoding="utf-8")
    narrative = docs / "a/narratives/r01.md"
    narrative.write_text(narrative.read_text("utf-8").replace("sensitive: []", "sensitive: [Wilhelmina]"), encoding="utf-8")
    other = docs / "b/narratives/r01.md"
    other.write_text(other.read_text("utf-8") + "\nZe woonde vroeger aan het Wilhelminapark, bij Wilhelmina om de hoek.\n", encoding="utf-8")
    site = build(write_config(tmp_path, docs, cache_dir=tmp_path / "cache"))
    page = (site / "b/narratieven/r01/index.html").read_text("utf-8")
    assert "Wilhelmina " not in page and "Wilhelmina om" not in page
    assert "Wilhelminapark" in page  # a longer word is another word


@pytest.mark.parametrize("include", ['--8<-- "transcript.txt"', "{!transcript.txt!}", '{% include "transcript.txt" %}'])
def test_an_included_file_is_refused(tmp_path, include):
    """A snippet or an include in a narrative would make Markdown paste a file the anonymiser never
    saw (pymdownx.snippets, markdown-include, mkdocs-macros): the build stops at that line and
    publishes nothing, with the extension on."""
    import yaml

    docs = tmp_path / "content"
    shutil.copytree(STARTER, docs / "studie")
    (tmp_path / "transcript.txt").write_text("Ik ben Hendrik Wolterink, bel me op 06-12345678.\n", encoding="utf-8")
    narrative = docs / "studie" / "narratives" / "r01.md"
    text = narrative.read_text("utf-8")
    narrative.write_text(text + f"\nZij vertelde het zelf:\n\n{include}\n", encoding="utf-8")
    line = text.count("\n") + 4
    config = write_config(tmp_path, docs, cache_dir=tmp_path / "cache")
    data = yaml.safe_load(config.read_text("utf-8"))
    data["markdown_extensions"].append({"pymdownx.snippets": {"base_path": [str(tmp_path)]}})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("-m", "mkdocs", "build", "-f", str(config))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"line {line}: body:" in result.stderr and "includes another file" in result.stderr, result.stderr[-1500:]
    assert "transcript" not in result.stderr  # the file's name is not repeated either
    assert not (tmp_path / "site").exists()
    # without the line it builds, and the snippets extension stays on for ordinary pages
    narrative.write_text(text, encoding="utf-8")
    (docs / "over.md").write_text("# Over\n\n--8<-- \"bron.txt\"\n", encoding="utf-8")
    (tmp_path / "bron.txt").write_text("Een gewone zin over de studie.\n", encoding="utf-8")
    result = run("-m", "mkdocs", "build", "-f", str(config))
    assert result.returncode == 0, result.stderr[-1500:]
    assert "Een gewone zin over de studie." in (tmp_path / "site" / "over" / "index.html").read_text("utf-8")
