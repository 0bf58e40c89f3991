"""Honest rounds: pains with one theme are one pain across rounds; a pain that is not named again is
"no longer mentioned", never "resolved". Two small rounds written here, checked by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kekpublish.compute import rounds as rnd

STUDY = """\
---
kek: study
title: Verhuizen {round}
life_event: Verhuizen
round: "{round}"
journey: verhuizen
journey_type: feitelijk
fieldwork: {{start: {start}}}
segments:
  - {{id: huur, label: Huurwoning}}
partners:
  - {{id: gemeente, name: Gemeente Testdorp}}
steps:
  - {{id: zoeken, label: Woning zoeken}}
  - {{id: inschrijven, label: Inschrijven}}
  - {{id: post, label: Post doorsturen}}
themes:
  - {{id: wachten, label: Lang wachten zonder bericht}}
  - {{id: formulier, label: Onduidelijk formulier}}
---
"""

NARRATIVE = """\
---
kek: narrative
respondent: {code}
segment: huur
experiences:
{experiences}
---
Tekst.
"""


def experience(step: str, score: int, pain: str | None = None, theme: str | None = None) -> str:
    lines = [f"  - step: {step}", f"    score: {score}", "    touchpoint: Loket"]
    if pain:
        lines.append(f'    pain: "{pain}"')
    if theme:
        lines.append(f"    theme: {theme}")
    return "\n".join(lines)


def write_round(root: Path, folder: str, round_name: str, start: str, narratives: dict[str, list[str]]) -> None:
    (root / folder / "narratives").mkdir(parents=True)
    (root / folder / "study.md").write_text(STUDY.format(round=round_name, start=start), encoding="utf-8")
    for code, experiences in narratives.items():
        (root / folder / "narratives" / f"{code.lower()}.md").write_text(
            NARRATIVE.format(code=code, experiences="\n".join(experiences)), encoding="utf-8")


@pytest.fixture
def comparison(tmp_path):
    from kekpublish.model import load_site

    write_round(tmp_path, "r2025", "2025-najaar", "2025-09-01", {
        "R01": [experience("inschrijven", -40, "Zes weken niets gehoord na de aanvraag", "wachten"),
                experience("zoeken", -20, "Formulier met vakjes die niemand snapt", "formulier")],
        "R02": [experience("inschrijven", -60, "Geen bevestiging gekregen", "wachten"),
                experience("post", -10, "Post kwam op het oude adres")],
    })
    write_round(tmp_path, "r2026", "2026-najaar", "2026-09-01", {
        "R01": [experience("inschrijven", -30, "Weer weken gewacht op antwoord", "wachten")],
        "R02": [experience("zoeken", -5, "De website laadt traag")],
        "R03": [experience("post", 10, "post kwam  op het oude adres.")],  # the same words, typed differently
    })
    site, problems = load_site(tmp_path)
    assert not problems.errors, [str(p) for p in problems.errors]
    journeys = rnd.compare_journeys(site)
    assert len(journeys) == 1 and len(journeys[0].comparisons) == 1
    return journeys[0].comparisons[0]


def test_a_theme_is_one_pain_in_other_words(comparison):
    persisting = comparison.pains_in("persisting")
    wachten = next(p for p in persisting if p.theme == "wachten")
    assert wachten.text == "Lang wachten zonder bericht"  # the theme's label, not one respondent's words
    assert wachten.before.respondents == 2 and wachten.after.respondents == 1
    assert set(wachten.before.texts) == {"Zes weken niets gehoord na de aanvraag", "Geen bevestiging gekregen"}
    assert wachten.after.texts == ("Weer weken gewacht op antwoord",)


def test_a_pain_without_theme_matches_on_its_words_at_its_step(comparison):
    texts = {rnd.normalise_pain(p.text): p.state for p in comparison.pains}
    assert texts["post kwam op het oude adres"] == "persisting"
    assert texts["de website laadt traag"] == "new"


def test_a_pain_that_does_not_return_is_no_longer_mentioned_never_resolved(comparison):
    assert rnd.PAIN_STATES == ("persisting", "new", "no_longer_mentioned")
    gone = comparison.pains_in("no_longer_mentioned")
    assert [p.text for p in gone] == ["Onduidelijk formulier"]
    assert gone[0].after is None and gone[0].before.respondents == 1
    assert {p.state for p in comparison.pains} <= set(rnd.PAIN_STATES)
    assert len(comparison.pains) == 4  # wachten, post (persisting), website (new), formulier (gone): nothing twice


def test_states_in_reading_order(comparison):
    states = [p.state for p in comparison.pains]
    assert states == sorted(states, key=rnd.PAIN_STATES.index)
