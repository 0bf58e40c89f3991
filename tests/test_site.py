"""Build the demo and the shared example as real sites and check what a reader gets."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from sitebuild import DEMO_STUDIES, ROOT, broken_links, build, copy_demo, run, search_index, text_of_site, write_config

DEMO = DEMO_STUDIES


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One anonymisation cache for the session: later builds of the same texts skip deduce."""
    return tmp_path_factory.mktemp("kek-cache")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, cache_dir) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    docs, studies = copy_demo(folder)
    return build(write_config(folder, docs, cache_dir=cache_dir, studies_dir=str(studies)))


def page(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_demo_has_every_page(demo_site):
    for path in [
        "index.html",
        "over-kek/index.html",
        "gezinsuitbreiding-2026/index.html",
        "gezinsuitbreiding-2026/narratieven/r01/index.html",
        "gezinsuitbreiding-2026/narratieven/zw08/index.html",
        "gezinsuitbreiding-2026/mystery-shopping/online-aangifte/index.html",
        "gezinsuitbreiding-2026/klantreiskaart/index.html",
        "gezinsuitbreiding-2026/hartmonitor/index.html",
        "gezinsuitbreiding-2026/actieplan/index.html",
        "gezinsuitbreiding-2025/index.html",
        "acties/index.html",
        "rondes/gezinsuitbreiding/index.html",
    ]:
        assert (demo_site / path).is_file(), path


def test_home_lists_the_studies(demo_site):
    home = page(demo_site, "index.html")
    assert "najaar 2026" in home and "najaar 2025" in home  # the newest round, compared with the one before
    assert 'href="gezinsuitbreiding-2026/"' in home
    assert "8 respondenten" in home  # 8 narratives in the 2026 round


def test_navigation_groups_each_study(demo_site):
    narrative = page(demo_site, "gezinsuitbreiding-2026/narratieven/r01/index.html")
    nav = narrative[narrative.index('<nav class="md-nav md-nav--primary"'):]
    for label in ("Narratieven", "Mystery shopping", "Klantreiskaart", "Hartmonitor", "Actieplan"):
        assert label in nav, label


def test_narrative_page(demo_site):
    source = (DEMO / "gezinsuitbreiding-2026/narratives/r01.md").read_text("utf-8")
    narrative = page(demo_site, "gezinsuitbreiding-2026/narratieven/r01/index.html")
    assert "Contactmomenten" in narrative and "Citaten" in narrative and "Het verhaal" in narrative
    touchpoint = re.search(r"touchpoint: (.+)", source).group(1).strip()
    assert html.escape(touchpoint, quote=False) in narrative
    assert re.search(r"<dd>(&lt;30|30-44|45-64|65\+)</dd>", narrative)  # an age band, never the age
    interviewed = re.search(r"interviewed: (\d{4})-(\d{2})-(\d{2})", source)
    assert f"{interviewed.group(1)}-{interviewed.group(2)}-{interviewed.group(3)}" not in narrative
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    assert f"{months[int(interviewed.group(2)) - 1]} {interviewed.group(1)}" in narrative


def test_no_raw_files_and_no_sources(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(DEMO / "gezinsuitbreiding-2025", docs / "studie")
    (docs / "studie" / "transcript-r01.txt").write_text("ruwe tekst", encoding="utf-8")
    (docs / "studie" / "narratives" / "opname.m4a").write_bytes(b"\0" * 10)
    site = build(write_config(tmp_path, docs, cache_dir=cache_dir))
    names = {p.name for p in site.rglob("*")}
    assert "transcript-r01.txt" not in names and "opname.m4a" not in names
    assert not (site / "studie" / "narratives").exists()  # sources are replaced by narratieven/<code>/
    assert not (site / "studie" / "study").exists()


def test_english(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(DEMO / "gezinsuitbreiding-2025", docs / "studie")
    site = build(write_config(tmp_path, docs, language="en", cache_dir=cache_dir))
    narrative = page(site, "studie/narratives/r01/index.html")  # English sites get English addresses
    assert not (site / "studie" / "narratieven").exists()
    assert '<html lang="en"' in narrative
    assert "Contact moments" in narrative and "Contactmomenten" not in narrative
    assert "KEK studies" in page(site, "index.html")


MARKUP = "<script>alert(1)</script> \"quoted\" & 'single'"


def test_markup_in_every_text_is_shown_as_text(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    path = docs / "studie" / "narratives" / "r01.md"
    text = path.read_text(encoding="utf-8")
    quoted = '"' + MARKUP.replace('"', '\\"') + '"'
    for key in ("title", "pseudonym", "touchpoint", "thought", "need", "pain", "idea"):
        text = re.sub(rf"^(\s*){key}: .*$", lambda m: f"{m.group(1)}{key}: {quoted}", text, count=1, flags=re.M)
    text = text.replace('text: "Ik wist niet of het gelukt was."', f"text: {quoted}")
    text += "\n<script>alert(2)</script>\n\n<img src=x onerror=\"alert(3)\">\n\n<!-- R01 heet eigenlijk iets anders -->\n"
    path.write_text(text, encoding="utf-8")
    site = build(write_config(tmp_path, docs, cache_dir=cache_dir))
    narrative = page(site, "studie/narratieven/r01/index.html")
    assert "alert(1)" in narrative  # shown ...
    assert "<script>alert" not in narrative  # ... as text
    assert "onerror" not in narrative and "alert(2)" not in narrative and "alert(3)" not in narrative
    assert "heet eigenlijk" not in narrative
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in narrative
    title = re.search(r"<title>(.*?)</title>", narrative).group(1)
    assert "<script" not in title and "&lt;script&gt;" in title
    for doc in search_index(site):
        assert "<script>alert" not in doc["title"] and "<script>alert" not in doc["text"]


def test_failed_build_keeps_the_last_good_site(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    config = write_config(tmp_path, docs, cache_dir=cache_dir)
    site = build(config)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    narrative = docs / "studie" / "narratives" / "r01.md"
    narrative.write_text(narrative.read_text("utf-8").replace("segment: a ", "segment: c "), encoding="utf-8")
    result = run("-m", "mkdocs", "build", "-f", str(config))
    assert result.returncode != 0
    assert "studie/narratives/r01.md" in result.stderr and "line 8: segment:" in result.stderr
    assert "unknown segment 'c'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not Path(str(site) + ".kekpublish-staging").exists()


def test_strict_warning_keeps_the_last_good_site(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    config = write_config(tmp_path, docs, cache_dir=cache_dir)
    site = build(config)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    study = docs / "studie" / "study.md"
    study.write_text(study.read_text("utf-8").replace("goal: ", "gaol: "), encoding="utf-8")
    result = run("-m", "mkdocs", "build", "--strict", "-f", str(config))
    assert result.returncode != 0 and "did you mean 'goal'" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    result = run("-m", "mkdocs", "build", "-f", str(config))  # not strict: a warning does not stop it
    assert result.returncode == 0, result.stderr


def test_own_index_replaces_the_generated_home(tmp_path, cache_dir):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    (docs / "index.md").write_text("# Onze eigen start\n", encoding="utf-8")
    site = build(write_config(tmp_path, docs, cache_dir=cache_dir))
    assert "Onze eigen start" in page(site, "index.html")


def test_kekpublish_check_command(tmp_path):
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    result = run("-m", "kekpublish.cli", "check", str(docs))
    assert result.returncode == 0 and "no problems" in result.stdout
    study = docs / "studie" / "study.md"
    study.write_text(study.read_text("utf-8").replace("journey_type: transactioneel", "journey_type: transactie"), encoding="utf-8")
    narrative = docs / "studie" / "narratives" / "r01.md"
    narrative.write_text(narrative.read_text("utf-8").replace("score: -30 ", "score: 300 "), encoding="utf-8")
    result = run("-m", "kekpublish.cli", "check", str(docs))
    assert result.returncode == 1
    assert "studie/study.md" in result.stdout and "journey_type" in result.stdout
    assert "studie/narratives/r01.md" in result.stdout and "experiences[0].score" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_kekpublish_new_builds_as_is(tmp_path, cache_dir):
    docs = tmp_path / "content"
    result = run("-m", "kekpublish.cli", "new", "--study", str(docs / "mijn-onderzoek"))
    assert result.returncode == 0, result.stderr
    study = (docs / "mijn-onderzoek" / "study.md").read_text("utf-8")
    assert "# yaml-language-server: $schema=.schema/study.schema.json" in study
    assert (docs / "mijn-onderzoek" / ".schema" / "narrative.schema.json").is_file()
    site = build(write_config(tmp_path, docs, cache_dir=cache_dir))
    assert (site / "mijn-onderzoek" / "narratieven" / "r01" / "index.html").is_file()
    assert not any(".schema" in p.as_posix() for p in site.rglob("*"))


def test_schema_flags_what_the_model_rejects(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from kekpublish.model.frontmatter import parse
    from kekpublish.model.schema import json_schema

    text = (ROOT / "kekpublish" / "starter" / "narratives" / "r01.md").read_text("utf-8")
    data = parse(text).data
    jsonschema.validate(data, json_schema("narrative"))
    data["experiences"][0]["score"] = 300
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema("narrative"))


def test_properdocs_builds_the_same_site(tmp_path, cache_dir):
    if shutil.which("properdocs") is None:
        pytest.skip("properdocs is not installed")
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "kekpublish" / "starter", docs / "studie")
    config = write_config(tmp_path, docs, cache_dir=cache_dir)
    result = run("-m", "properdocs", "build", "--strict", "-f", str(config))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "studie" / "narratieven" / "r01" / "index.html").is_file()


def test_example_study_builds(example_study, tmp_path, cache_dir):
    site = build(write_config(tmp_path, example_study.parent, cache_dir=cache_dir))
    for path in ["overlijden/index.html", "overlijden/narratieven/r01/index.html",
                 "overlijden/mystery-shopping/balie-gemeente/index.html", "overlijden/mystery-shopping/telefoon-svb/index.html",
                 "overlijden/hartmonitor/index.html", "overlijden/klantreiskaart/index.html", "overlijden/actieplan/index.html"]:
        assert (site / path).is_file(), path
    narrative = page(site, "overlijden/narratieven/r01/index.html")
    assert "Achtenveertig jaar samen en dan een geblokkeerde rekening" in narrative
    assert "Bij het bankkantoor de rekening op eigen naam laten zetten" in narrative


def test_example_study_leaks_nothing(example_study, tmp_path, cache_dir):
    site = build(write_config(tmp_path, example_study.parent, cache_dir=cache_dir))
    terms = set()
    for path in example_study.rglob("*.md"):
        for match in re.finditer(r"^(?:sensitive|respondent_names):\s*\[(.*?)\]", path.read_text("utf-8"), re.M):
            terms |= {t.strip() for t in match.group(1).split(",") if t.strip()}
    terms.add("Hoefkamp")  # anonymise.redact of the study
    assert len(terms) > 20
    texts = text_of_site(site)
    for rel, text in texts.items():
        if rel.startswith(("assets/javascripts/", "assets/stylesheets/")):
            continue
        text = html.unescape(text)
        for term in terms:
            assert not re.search(r"(?<![\w])" + re.escape(term) + r"(?![a-z])", text, re.I), f"{term} in {rel}"
    every = "\n".join(texts.values())
    for kept in ("Gemeente Lindewaard", "Uitvaartverzorger", "Sociale Verzekeringsbank", "DigiD", "MijnOverheid"):
        assert kept in every, kept


def test_every_internal_link_and_anchor_resolves(demo_site):
    """Links written by kekpublish's templates (relative, directory URLs) land on a file and an id."""
    assert not broken_links(demo_site)


def test_a_warm_build_publishes_the_same_site(tmp_path, cache_dir):
    """Studies, spans, exports and gate results come from the cache: the pages must not change."""
    docs = tmp_path / "content"
    shutil.copytree(DEMO / "gezinsuitbreiding-2025", docs / "studie")
    cold = build(write_config(tmp_path, docs, cache_dir=tmp_path / "fresh-cache", site_dir=tmp_path / "cold"))
    warm = build(write_config(tmp_path, docs, cache_dir=tmp_path / "fresh-cache", site_dir=tmp_path / "warm"))
    texts = lambda site: {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.suffix in (".html", ".json", ".svg", ".csv", ".xml")}  # noqa: E731
    assert texts(cold) == texts(warm)
    assert (tmp_path / "fresh-cache" / "studies").is_dir()
