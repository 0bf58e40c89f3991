"""Themes across journeys (themas/), kpi verdicts and interim measurements on a time line: on the built demo."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from kekpublish.compute import kpis, measurements, themes
from kekpublish.export import tables
from kekpublish.model.types import Kpi
from kekpublish.publish.options import Options
from kekpublish.publish.pipeline import check
from sitebuild import DEMO_PAGES, DEMO_STUDIES, broken_links


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


def loaded(studies: Path = DEMO_STUDIES):
    build = check(DEMO_PAGES, Options(), studies_dir=studies)
    assert build.ok, build.problems.items
    return build.site


# --- kpis ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, target, better, expected", [
    (5, 2, "lower", "missed"), (1, 2, "lower", "met"), (62, 85, "higher", "missed"), (90, 85, "higher", "met"),
    (5, 2, None, "differs"), (2, 2, None, "met"), (2, 2, "lower", "met"), (5, None, "lower", "none"),
])
def test_a_kpi_misses_its_target_only_when_the_direction_is_known(value, target, better, expected):
    assert kpis.verdict(Kpi(label="x", value=value, target=target, better=better)) == expected


# --- themes -------------------------------------------------------------------------------------


def test_themes_are_sorted_by_reach_with_actions_and_movement():
    found = themes.site_themes(loaded())
    reach = [t.reach for t in found]
    assert reach == sorted(reach, reverse=True)
    by_id = {t.id: t for t in found}
    hours = by_id["kraamzorg-uren"]
    assert [m.state for m in hours.movements] == ["persisting"]
    assert [r.respondents for r in hours.movements[0].rounds] == [1, 3]
    assert hours.chain and "Kraamzorgorganisatie" in hours.partners
    assert {a.id for _, a in hours.actions} == {"A5", "B1"}  # actions whose steps hold the theme's pains
    assert by_id["kraamzorg-bereik"].movements[0].state == "new"  # only in the later round


def test_themes_page_lists_every_theme_with_links_that_land(demo):
    page = read(demo, "themas/index.html")
    ids = re.findall(r'data-theme="([^"]+)"', page)
    exported = json.loads(read(demo, "themas/themes.json"))["themes"]
    assert ids == [t["id"] for t in exported] and len(ids) == 9
    assert ids[0] == "kraamzorg-uren"
    assert "genoemd door 3 van 8 respondenten" in page
    assert "rust op één respondent" in page  # a claim on one respondent is flagged in words
    assert 'href="../gezinsuitbreiding-2026/narratieven/r01/"' in page  # a click to the citizen's story
    assert 'href="../gezinsuitbreiding-2026/actieplan/#actie-b1"' in page
    assert not [b for b in broken_links(demo) if b.startswith("themas/")]
    # the nav has the page
    assert 'href="../themas/"' in read(demo, "acties/index.html")


def test_themes_exports_are_like_the_trackers(demo):
    raw = (demo / "themas" / "themes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["thema-id", "thema"] and len(rows) == 10
    record = json.loads(read(demo, "themas/themes.json"))["themes"][0]
    assert record["occurrences"][-1]["respondents"] == ["R01", "R04", "ZW08"]


def test_themes_csv_is_formula_safe(tmp_path):
    studies = tmp_path / "studies"
    shutil.copytree(DEMO_STUDIES, studies)
    study = studies / "gezinsuitbreiding-2026" / "study.md"
    study.write_text(study.read_text("utf-8").replace("label: Onzeker hoeveel kraamzorg er komt",
                                                      "label: '=HYPERLINK(\"http://x\")'"), "utf-8")
    text = tables.themes_csv(themes.site_themes(loaded(studies))).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text


def test_english_site_has_themes_page(demo_en):
    page = read(demo_en, "themes/index.html")
    assert "named by 3 of 8 respondents" in page
    assert 'href="../gezinsuitbreiding-2026/narratives/r01/"' in page
    assert (demo_en / "themes" / "themes.csv").read_bytes().decode("utf-8-sig").startswith("theme id;theme")


# --- interim measurements -----------------------------------------------------------------------------


def test_time_line_puts_rounds_and_measurements_on_one_axis():
    timeline = measurements.timelines(loaded())[0]
    birth = next(line for line in timeline.steps if line.step == "aangifte")
    first = next(s for s in birth.series if s.segment == "eerste")
    assert [p.kind for p in first.points] == ["round", "round", "measurement"]  # the CSV (per segment) after round 2
    assert (first.points[-1].n, first.points[-1].value) == (52, 61)
    together = next(s for s in birth.series if s.segment is None)
    assert [p.kind for p in together.points] == ["round", "measurement", "round"]  # the panel between the rounds


def test_measurements_page_has_accessible_time_lines(demo):
    page = read(demo, "gezinsuitbreiding-2026/tussenmetingen/index.html")
    svgs = re.findall(r"<svg [^>]*kek-timeline-chart[^>]*>.*?</svg>", page, re.S)
    assert len(svgs) >= 4
    for svg in svgs:
        chart_id = re.search(r'id="([^"]+)"', svg).group(1)
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg and 'role="img"' in svg
        assert re.search(r"<desc [^>]*>[^<]*\(n = \d+\)", svg)  # the description says every point in words
        assert 'data-kind="round"' in svg and 'data-kind="measurement"' in svg  # circle and diamond: two shapes
    # the data table has the figures of the CSV import and the panel
    assert re.search(r">Pulsmeting na de geboorteaangifte en de kinderopvangtoeslag</th>\s*<td[^>]*>Eerste kind</td>\s*"
                     r"<td[^>]*>52</td>\s*<td[^>]*>\+61</td>", page)
    assert "Ouderpanel Zwolle, voorjaarspeiling" in page
    assert "Zes weken na de start van de online geboorteaangifte" in page  # the measurement's body is published
    assert not [b for b in broken_links(demo) if "tussenmetingen" in b]
    # in the latest round's navigation
    assert 'href="../tussenmetingen/"' in read(demo, "gezinsuitbreiding-2026/hartmonitor/index.html")
    assert not (demo / "gezinsuitbreiding-2025" / "tussenmetingen").exists()  # one page per journey


def test_measurements_page_in_english(demo_en):
    page = read(demo_en, "gezinsuitbreiding-2026/interim-measurements/index.html")
    assert "Interim measurements" in page and "interim measurement" in page
