"""Loading the 1.1 additions: measurements belong to their study like visits."""

from __future__ import annotations

import shutil
from pathlib import Path

from kekpublish.model import Measurement, load_site

STARTER = Path(__file__).parents[2] / "kekpublish" / "starter"


def test_measurements_belong_to_their_study_in_date_order(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(STARTER, docs / "studie")
    (docs / "studie" / "metingen").mkdir(exist_ok=True)
    (docs / "studie/metingen/najaar.md").write_text(
        "---\nkek: measurement\ndate: 2026-11-15\nsource: Klantpanel\nsegment: a\nscores:\n  aanvragen: {n: 48, mean: 15}\n  afronden: {n: 31, mean: -35}\n---\nWat is gevraagd.\n",
        encoding="utf-8")
    (docs / "studie/metingen/zomer.md").write_text(
        "---\nkek: measurement\ndate: 2026-07-01\nsource: Enquête\nscores: {aanvragen: {n: 12, mean: -5}}\n---\n", encoding="utf-8")
    site, problems = load_site(docs)
    assert not problems.errors, [str(p) for p in problems.errors]
    [study] = site.studies
    assert [m.source.rel for m in study.measurements] == ["studie/metingen/zomer.md", "studie/metingen/najaar.md", "studie/metingen/tussenmeting.md"]
    late = study.measurements[1]
    assert isinstance(late, Measurement)
    assert [(p.step, p.n, p.mean, p.segment, p.line) for p in late.points] == [("aanvragen", 48, 15, "a", 7), ("afronden", 31, -35, "a", 8)]
    assert {"studie/metingen/najaar.md", "studie/metingen/zomer.md"} <= site.study_files
    assert late.source in study.sources()
