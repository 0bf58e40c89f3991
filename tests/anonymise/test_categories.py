"""Each category of issue 9 on text generated here (Faker names of many origins, made-up towns and
streets, other life events, varied frames), not on sentences the anonymiser was tuned on."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kekpublish.anonymise import Anonymiser, Rules, scan_site
from kekpublish.anonymise.fold import fold
from kekpublish.anonymise.report import leftovers, quasi_identifiers
from kekpublish.anonymise.words import is_language_or_country, plausible_identifier

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import anonymisation as corpus  # noqa: E402  (bench/anonymisation.py: the labelled generator)


@pytest.fixture(scope="module")
def measured() -> dict:
    return corpus.measure(seed=11, paragraphs=120)  # another seed than the bench reports


@pytest.mark.parametrize("category", corpus.CATEGORIES)
def test_recall_per_category(measured, category) -> None:
    # floors are the measured figures (bench/README.md), so a regression fails; names miss one English pair
    floor = {"names": 0.98, "numbers": 1.0, "dates": 1.0, "addresses": 0.9, "ages": 0.9}[category]
    assert measured["recall"][category] >= floor, (category, measured["examples"]["missed"])


def test_no_over_redaction_and_no_gate_false_alarm(measured) -> None:
    assert measured["over_redaction"]["lost"] == 0, measured["examples"]["lost"]
    assert measured["gate_false_alarms"] == 0, measured["examples"]["false_alarms"]


def test_invisible_and_look_alike_characters_fold_like_the_gate() -> None:
    assert fold("Jan\u2060sen") == fold("J\u202eansen") == fold("Jаnsen") == "jansen"
    a = Anonymiser(Rules(redact=("Jansen",)))
    for form in ("Jan\u2060sen", "Jаnsen", "Jan\u2063sen", "JANSEN"):
        out = a.text(f"Ze belde met {form} over de huur.", file="x.md", line=1, field="f")
        assert "sen" not in out, (form, out)


def test_languages_and_countries_come_from_cldr() -> None:
    for word in ("Engels", "Arabisch", "Pools", "Poolse", "Oekraïne", "Tigrinya"):
        assert is_language_or_country(word), word
    assert not is_language_or_country("Jansen") and not is_language_or_country("Jan")


@pytest.mark.parametrize("term,identifying", [("Nota", False), ("Stapel", False), ("Een", False),
                                               ("Koning", False), ("Anna Koning", True), ("Stolk", True),
                                               ("Kovalenko", True), ("Y.A.H.", True)])
def test_gate_terms_only_for_plausible_identifiers(term, identifying) -> None:
    assert plausible_identifier(term) is identifying


def test_one_label_per_person_and_never_shared() -> None:
    a = Anonymiser(Rules())
    texts = ["Consulent Sandra belde.", "Sandra de Boer kwam langs.", "Mevrouw De Boer was aardig.",
             "Piet de Boer, haar broer, niet."]
    for t in texts:
        a.text(t, file="x.md", line=1, field="f")
    a.begin_final_pass()
    outs = [a.text(t, file="x.md", line=1, field="f") for t in texts]
    import re
    labels = [re.findall(r"\[persoon [A-Z]+\]", o) for o in outs]
    assert labels[0] == labels[1] == labels[2], outs
    assert labels[3] and labels[3] != labels[0], outs


def test_leftovers_list_unreplaced_capitalised_words_with_line() -> None:
    left = leftovers("Ze belde met de\nbuurvrouw Wzrkowska over de Nota.", file="n/r1.md", line=10, field="body",
                     kept=set())
    assert [(x.word, x.line) for x in left] == [("Wzrkowska", 11)]


def test_quasi_identifier_note_names_the_unique_field() -> None:
    rows = [("R01", {"segment": "huur", "age band": "65+"}), ("R02", {"segment": "huur", "age band": "30-44"}),
            ("R03", {"segment": "huur", "age band": "30-44"})]
    assert quasi_identifiers(rows) == [("R01", ["age band"])]


def test_gate_stays_silent_on_ordinary_dutch(tmp_path) -> None:
    (tmp_path / "p.html").write_text("<p>" + " ".join(corpus.ORDINARY) + "</p>", encoding="utf-8")
    a = Anonymiser(Rules())
    for sentence in corpus.ORDINARY:
        a.text(sentence, file="x.md", line=1, field="f")
    assert not scan_site(tmp_path, a.leak_terms())


@pytest.mark.parametrize("text,gone", [
    ("Ook Liam O'Brien en Priya D'Souza kwamen langs.", ["Brien", "Souza", "Liam", "Priya"]),
    ("Mohamed el Idrissi en Abdelkader Ben Ali belden.", ["Idrissi", "Abdelkader", "Ben Ali"]),
    ("Mevrouw Van den Berg-Pietersen en meneer Jansen-de Vries.", ["Pietersen", "Berg", "Jansen", "Vries"]),
    ("| Naam | Rol |\n|---|---|\n| Gerrit Hofstede | buurman |", ["Gerrit", "Hofstede"]),
    ("## Gesprek met Yvonne Claessens", ["Yvonne", "Claessens"]),
    ('"Ik ben Fenna," zei ze, "en dit is mijn man Sjoerd."', ["Fenna", "Sjoerd"]),
    ("De medewerker, Ahmed, zei dat het UWV het zou regelen. Ahmed had gelijk.", ["Ahmed"]),
    ("Bel tel. 020-1234567 of +32 470 12 34 56.", ["1234567", "470 12 34 56"]),
])
def test_forms_of_names_and_numbers(text, gone) -> None:
    out = Anonymiser(Rules()).markdown(text, file="x.md", first_line=1)
    for g in gone:
        assert g.lower() not in out.lower(), (g, out)


@pytest.mark.parametrize("text,gone,stay", [
    ("Gesprek met Kowalczyk over de huur.", ["Kowalczyk"], ["Gesprek met", "over de huur"]),
    ("- Ahmet (41), vader\n- Karin, 34, moeder van twee", ["Ahmet", "41", "Karin", "34"], ["moeder van twee"]),
    ("Volg haar op Instagram: @karin_kuipers82.", ["karin_kuipers82"], ["Volg haar op Instagram"]),
    ("Zijn rijbewijsnummer 5123456789 en paspoort NXC12D345 lagen op tafel.", ["5123456789", "NXC12D345"],
     ["rijbewijsnummer", "paspoort"]),
    ("Ze is 1,2 miljoen euro kwijt; ze is 67.", ["67"], ["1,2 miljoen euro"]),
])
def test_more_forms(text, gone, stay) -> None:
    out = Anonymiser(Rules()).markdown(text, file="x.md", first_line=1)
    for g in gone:
        assert g.lower() not in out.lower(), (g, out)
    for k in stay:
        assert k in out, (k, out)
