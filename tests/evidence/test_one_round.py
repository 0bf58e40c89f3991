"""The project's example study as one round: an interim measurement without a comparison page, kpis
without `better`, no themes. Built through the pipeline (the core, no MkDocs)."""

from __future__ import annotations

from pathlib import Path

from kekpublish.publish.options import Options
from kekpublish.publish.pipeline import run


def _build(example_study: Path):
    study = example_study / "study.md"
    study.write_text(study.read_text("utf-8").replace(", better: lower}", "}"), "utf-8")  # direction unknown
    (example_study / "metingen").mkdir()
    (example_study / "metingen" / "panel.md").write_text(
        "---\nkek: measurement\ndate: 2026-06-15\nsource: Nabestaandenpanel\nscores_csv: panel.csv\n---\n"
        "Twaalf vragen, online, aan nabestaanden die zich voor het panel aanmeldden.\n", "utf-8")
    (example_study / "metingen" / "panel.csv").write_text(
        "step;segment;n;mean\r\naangifte;partner;21;35\r\nmelden;kind;17;-20\r\n", "utf-8")
    docs = example_study.parent
    return run(docs, Options(exports=False, cache_dir=str(docs.parent / "cache")))


def test_one_round_with_a_measurement_and_kpis_without_direction(example_study):
    build = _build(example_study)
    assert build.ok, [str(p) for p in build.problems.errors]
    pages = {p.uri: p for p in build.publication.pages}
    page = pages["overlijden/tussenmetingen.md"]  # a first round has no comparison page: the time line is its own page
    steps = {s["step"]: s for s in page.context["steps"]}
    assert set(steps) == {"aangifte", "melden"}
    rows = steps["aangifte"]["rows"]
    assert [r["kind_key"] for r in rows] == ["round", "measurement"] and rows[-1]["n"] == 21
    assert "Twaalf vragen" in page.markdown
    kpis = pages["overlijden/hartmonitor.md"].context["kpis"]
    verdicts = {k["label"]: k["state"] for k in kpis}
    assert verdicts == {"Aangifte binnen één werkdag verwerkt": "missed", "Doorlooptijd eerste betaling": "differs"}
    assert not any(p.uri.startswith("themas/") for p in build.publication.pages)  # no study has themes
    nav = [item for item in build.publication.nav if getattr(item, "children", None)]
    assert any("overlijden/tussenmetingen.md" in section.children for section in nav)
