"""Chart pages come from the chart cache when nothing that feeds them changed (render/chart_cache.py).

Counted, not timed: a drawing is a call of charts._draw. Edits to a narrative's score, a
label and the language each draw again; a damaged entry is drawn again; a warm build of
the demo with the plugin on draws nothing and publishes byte for byte what a build without
the chart cache publishes.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from kekpublish.export import images
from kekpublish.model import load_site
from kekpublish.publish import recall
from kekpublish.publish.options import Options
from kekpublish.render import chart_cache, charts

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitebuild import build, copy_demo, text_of_site, write_config  # noqa: E402

EXAMPLE = Path(__file__).parents[2] / "examples" / "studies" / "overlijden"


@pytest.fixture
def draws(monkeypatch):
    calls = []
    real = charts._draw

    def counting(study, *args, **kwargs):
        calls.append(study.folder)
        return real(study, *args, **kwargs)

    monkeypatch.setattr(charts, "_draw", counting)
    return calls


@pytest.fixture
def docs(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "docs" / EXAMPLE.name)
    return tmp_path / "docs"


def _study(docs: Path):
    site, problems = load_site(docs)
    assert site.studies, [str(p) for p in problems]
    return site.studies[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _snapshot(pub) -> tuple:
    return ([(p.uri, p.title, p.template, repr(p.context), p.search) for p in pub.pages],
            [(f.uri, f.content) for f in pub.files])


def test_a_second_run_reuses_the_cache_and_edits_draw_again(docs, tmp_path, draws):
    cache = tmp_path / "cache"
    options = Options(exports=False, cache_dir=cache)
    first = charts.chart_pages(_study(docs), options)
    assert draws == ["overlijden"] and list((cache / "charts").glob("*.json"))
    second = charts.chart_pages(_study(docs), options)
    assert draws == ["overlijden"], "the unchanged study was drawn again"
    assert _snapshot(second) == _snapshot(first)
    assert any("<svg" in str(f.content) for f in second.files)
    assert type(second.pages[0].context["main"]["svg"]).__name__ == "Markup"  # inline, not escaped

    _edit(docs / "overlijden" / "narratives" / "r01.md", "score: 20", "score: -30")  # a narrative's score
    changed = charts.chart_pages(_study(docs), options)
    assert len(draws) == 2 and _snapshot(changed) != _snapshot(first)

    _edit(docs / "overlijden" / "study.md", "label: Aangifte van overlijden", "label: Aangifte bij de gemeente")
    relabelled = charts.chart_pages(_study(docs), options)
    assert len(draws) == 3 and any("Aangifte bij de gemeente" in str(f.content) for f in relabelled.files)

    english = charts.chart_pages(_study(docs), Options(exports=False, cache_dir=cache, language="en"))
    assert len(draws) == 4 and any(p.uri.endswith("journey-map.md") for p in english.pages)
    charts.chart_pages(_study(docs), Options(exports=False, cache_dir=cache, colours=("#000000", "#D55E00")))
    assert len(draws) == 5, "other colours must draw again"
    charts.chart_pages(_study(docs), options)  # back to the edited Dutch study: its entry is still there
    assert len(draws) == 5


def test_the_prose_of_narratives_and_visits_draws_nothing(docs, tmp_path, draws):
    """No chart reads a narrative's or a visit's prose, so the key leaves it out: a prose edit draws
    nothing again. Drawn without the cache, a study with other prose gives the same chart pages."""
    options = Options(exports=False, cache_dir=tmp_path / "cache")
    before = charts.chart_pages(_study(docs), options)
    for path in [*(docs / "overlijden" / "narratives").glob("*.md"), *(docs / "overlijden" / "shopping").glob("*.md")]:
        head, body = path.read_text("utf-8").split("\n---\n", 1)
        path.write_text(head + "\n---\n\nAndere woorden, een ander verhaal: Mevrouw Bakker belde de gemeente.\n", "utf-8")
    study = _study(docs)
    assert all("Andere woorden" in n.source.body for n in study.narratives)
    after = charts.chart_pages(study, options)
    assert draws == ["overlijden"] and _snapshot(after) == _snapshot(before)
    fresh = charts.chart_pages(study, Options(exports=False))  # drawn from the edited study
    assert len(draws) == 2 and _snapshot(fresh) == _snapshot(before)


def test_cached_and_uncached_charts_are_the_same(docs, tmp_path, draws):
    cached = Options(exports=False, cache_dir=tmp_path / "cache")
    charts.chart_pages(_study(docs), cached)
    warm = charts.chart_pages(_study(docs), cached)
    fresh = charts.chart_pages(_study(docs), Options(exports=False))
    assert len(draws) == 2
    assert _snapshot(warm) == _snapshot(fresh)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "wrong shape"])
def test_a_damaged_entry_is_drawn_again(docs, tmp_path, draws, damage):
    options = Options(exports=False, cache_dir=tmp_path / "cache")
    first = charts.chart_pages(_study(docs), options)
    (entry,) = (tmp_path / "cache" / "charts").glob("*.json")
    blob = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        i = len(blob) - 500
        entry.write_bytes(blob[:i] + bytes([blob[i] ^ 1]) + blob[i + 1:])
    elif damage == "garbage":
        entry.write_bytes(b"\x00not json")
    else:  # sealed correctly, but not what store() writes
        import hashlib
        payload = b'{"pages":[],"files":[],"jobs":[],"exported":false}'
        entry.write_bytes(chart_cache._SEAL + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    again = charts.chart_pages(_study(docs), options)
    assert len(draws) == 2, "a damaged entry was used"
    assert _snapshot(again) == _snapshot(first)
    assert chart_cache.load(tmp_path / "cache", entry.stem) is not None  # rewritten whole


def test_cairo_is_not_asked_when_every_export_is_cached(docs, tmp_path, monkeypatch, draws):
    if images.cairo_error():
        pytest.skip("cairo is not available here")
    options = Options(cache_dir=tmp_path / "cache")
    first = charts.chart_pages(_study(docs), options)  # converts, fills both caches
    assert any(f.uri.endswith(".png") and f.content.startswith(b"\x89PNG") for f in first.files)
    asked = []
    monkeypatch.setattr(images, "cairo_error", lambda: asked.append(1))
    second = charts.chart_pages(_study(docs), options)
    assert len(draws) == 1 and not asked, "cairo was asked although every export was cached"
    assert [(f.uri, f.content) for f in second.files] == [(f.uri, f.content) for f in first.files]
    for entry in (tmp_path / "cache" / "charts").iterdir():  # the charts drawn again (a prose edit), the same SVGs
        entry.unlink()
    third = charts.chart_pages(_study(docs), options)
    assert len(draws) == 2 and not asked, "cairo was asked for charts drawn again whose exports were all cached"
    assert [(f.uri, f.content) for f in third.files] == [(f.uri, f.content) for f in first.files]
    for png in (tmp_path / "cache" / "exports").glob("*.png"):
        png.unlink()
    charts.chart_pages(_study(docs), options)
    assert asked, "an export to convert must ask whether cairo is there"
    assert len(draws) == 2  # the pages themselves were still cached


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    docs, studies = copy_demo(folder)
    return write_config(folder, docs, cache_dir=folder / ".cache", studies_dir=str(studies))


def test_a_warm_demo_build_draws_nothing_and_matches_a_build_without_the_cache(demo, monkeypatch, tmp_path):
    build(demo)  # cold: fills the caches
    (demo.parent / ".cache" / recall.FILE_NAME).unlink()  # a computed warm build, not a recalled one
    calls = []
    real = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *a, **k: calls.append(1) or real(*a, **k))
    warm = text_of_site(build(demo))
    assert not calls, f"{len(calls)} studies were drawn again in a warm build"
    assert list((demo.parent / ".cache" / "charts").glob("*.json"))
    monkeypatch.setattr(chart_cache, "load", lambda *a: None)
    monkeypatch.setattr(chart_cache, "store", lambda *a: None)
    (demo.parent / ".cache" / recall.FILE_NAME).unlink()
    uncached = text_of_site(build(demo))
    assert calls, "the build without the chart cache drew nothing"
    charts_files = [k for k in warm if k.endswith(".svg") or "/hartmonitor/" in k or "/klantreiskaart/" in k]
    assert len(charts_files) >= 4
    assert {k: warm[k] for k in charts_files} == {k: uncached[k] for k in charts_files}
    assert warm == uncached
