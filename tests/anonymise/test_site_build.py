"""A real site build (MkDocs, plugin on) of a fresh study with personal data of every category:
nothing personal in any output file; partner names, keep terms, the title and ordinary phrases survive;
the respondent reads as the pseudonym on their own page."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.sitebuild import build, write_config

from .conftest import contains

STUDY = """\
---
kek: study
title: Schulden en geldzorgen in de Zaanstreek
life_event: Schulden
round: 2026-najaar
journey_type: ervaring
organisation: Gemeente Zaanstad
segments:
  - {id: huur, label: Huurders}
partners:
  - {id: gemeente, name: Gemeente Zaanstad}
  - {id: cak, name: CAK}
  - {id: wijkteam, name: Wijkteam Poelenburg}
steps:
  - {id: melden, label: Hulp vragen, partners: [gemeente]}
  - {id: regeling, label: Schuldregeling, partners: [cak]}
anonymise:
  keep: [Schuldhulpmaatje]
  redact: [{term: De Vlinder, as: het buurthuis}]
---
Wachttijd van negen jaar voor een huurwoning, en tolken Arabisch, Turks, Pools waren er niet.
Zie [de regeling](https://www.rijksoverheid.nl/onderwerpen/schulden) voor de regels.
"""

R01 = """\
---
kek: narrative
respondent: R01
pseudonym: Mevrouw K.
segment: huur
profile: {age: 46, household: alleenstaand}
interviewed: 2026-09-14
experiences:
  - {step: melden, partner: gemeente, score: -40, touchpoint: Nota eigen bijdrage, pain: Stapel ongeopende enveloppen}
  - {step: regeling, partner: cak, score: -60, touchpoint: "Brief CAK 2026-77812-MULDER", pain: Niemand belde terug}
sensitive: [Ria Mulder, {term: Joris, as: haar vriend}]
respondent_names: [Karin, Kuipers]
---
Karin Kuipers is maar 46 geworden toen de schulden begonnen. Mevrouw Kuipers woont aan de
Benjaminboulevard 117 in Zaandam. Joris hielp haar. Consulent Sandra de Boer van het Wijkteam
Poelenburg belde; Sandra
de Boer kwam later langs. Haar buurvrouw Ria Mulder, 52, woont ernaast. Mulder regelde de post.
Kenmerk 2026-118-MULDER. Het formulier tekende M.J. zelf. Bel 06-98765432 of mail
karin.kuipers@example.nl. Btw-nummer NL004495445B01. BSN 111222333. Op twaalf maart
tweeduizendzesentwintig kwam de beschikking. Łukasz Nowak, haar zwager, sprak in het Engels.
Een week later kwam Oksana Kovalenko met Nowak langs.
"""

R02 = """\
---
kek: narrative
respondent: R02
segment: huur
profile: {age: 71}
experiences:
  - {step: melden, partner: gemeente, score: 10, touchpoint: Gesprek met Schuldhulpmaatje}
sensitive: [Hendrik Stolk]
---
Meneer Stolk is 71. Stolk woonde veertig jaar in De Vlinder-buurt; Hendrik Stolk zegt: "Koning
regelde alles." Anna Koning, zijn dochter, woont in Krommenie.
"""

METHODE = """\
---
title: Werkwijze in de Zaanstreek
---
# Werkwijze

De gesprekken voerde Wilhelmina Oosterbroek; mevrouw Oosterbroek sprak ook met Ria Mulder.
Wachttijd van negen jaar kwam vaak terug.
"""

GONE = ["Wilhelmina", "Oosterbroek", "Karin", "Kuipers", "Benjaminboulevard", "Joris", "Sandra", "de Boer", "Ria Mulder", "MULDER",
        "Mulder", "M.J.", "98765432", "karin.kuipers", "NL004495445B01", "111222333", "twaalf maart",
        "Łukasz", "Nowak", "Oksana", "Kovalenko", "Stolk", "Hendrik", "Anna Koning", "Koning regelde",
        "De Vlinder", "46 geworden", "Mulder, 52"]
STAY = ["Gemeente Zaanstad", "CAK", "Wijkteam Poelenburg", "Schuldhulpmaatje", "Schulden en geldzorgen in de Zaanstreek",
        "Wachttijd van negen jaar", "tolken Arabisch, Turks, Pools", "in het Engels", "Nota eigen bijdrage",
        "Stapel ongeopende enveloppen", "Mevrouw K.", "haar vriend", "het buurthuis",
        "https://www.rijksoverheid.nl/onderwerpen/schulden"]


_DOCS: list[Path] = []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("fresh")
    docs = root / "docs"
    study = docs / "schulden"
    (study / "narratives").mkdir(parents=True)
    (docs / "index.md").write_text("# Onderzoek\n\nOverzicht.\n", encoding="utf-8")
    (study / "study.md").write_text(STUDY, encoding="utf-8")
    (study / "narratives" / "r01.md").write_text(R01, encoding="utf-8")
    (study / "narratives" / "r02.md").write_text(R02, encoding="utf-8")
    (study / "methode.md").write_text(METHODE, encoding="utf-8")
    out = build(write_config(root, docs, cache_dir=root / "cache"), strict=False)
    _DOCS.append(docs)
    files = {}
    for p in out.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".svg", ".csv", ".js", ".ics", ".txt"):
            files[p.relative_to(out).as_posix()] = p.read_text("utf-8", "ignore")
        if p.is_file():
            files.setdefault("[paths]", "")
            files["[paths]"] += p.relative_to(out).as_posix() + "\n"
    return files


@pytest.mark.parametrize("term", GONE)
def test_nothing_personal_in_any_file(site, term) -> None:
    hits = [rel for rel, text in site.items() if contains(text, term)]
    assert not hits, (term, hits)


@pytest.mark.parametrize("phrase", STAY)
def test_partners_keep_terms_title_and_ordinary_phrases_survive(site, phrase) -> None:
    pages = "\n".join(text for rel, text in site.items() if rel.endswith(".html"))
    assert contains(pages, phrase), phrase


def test_an_ordinary_page_in_the_study_folder_is_published_anonymised(site) -> None:
    page = next((text for rel, text in site.items() if rel.endswith("schulden/methode/index.html")), None)
    assert page is not None, site["[paths]"]
    assert "Werkwijze in de Zaanstreek" in page and "Wachttijd van negen jaar" in page
    assert "[persoon" in page


def test_the_respondent_is_the_pseudonym_on_their_own_page(site) -> None:
    page = next(text for rel, text in site.items() if rel.endswith("r01/index.html"))
    import re
    story = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # the respondent's own name forms read as the pseudonym, never as a person label, never twice
    assert "Mevrouw K. is maar tussen 45 en 64 geworden" in story, story[:3000]
    assert "mevrouw mevrouw" not in story.lower()
    assert "Mevrouw K. woont aan de [adres]" in story, story[:3000]


def test_the_review_lists_the_page_what_was_left_and_unique_respondents(site) -> None:
    from kekpublish.publish import pipeline
    from kekpublish.publish.options import Options

    review = pipeline.run(_DOCS[0], Options()).anonymised.review
    assert "published: schulden/methode.md (an ordinary page in the study folder, anonymised with the study's rules)" in review
    assert any(n.startswith("unique: schulden: respondent R01") and "age band" in n for n in review), review
    assert not any("Kuipers" in n or "Oosterbroek" in n for n in review)  # nothing personal in the review itself
