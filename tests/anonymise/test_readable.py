"""Issue 9.5 and 9.6: no over-redaction of findings, links and case numbers; prose that reads as prose."""
from __future__ import annotations

import re

import pytest

from kekpublish.anonymise import Anonymiser, Rules
from kekpublish.anonymise.labels import possessive


def run(text: str, **rules) -> str:
    return Anonymiser(Rules(**rules)).markdown(text, file="x.md", first_line=1)


@pytest.mark.parametrize("text", [
    "Zie ECLI:NL:RBAMS:2026:1234 en zaaknummer C/13/712345 / HA ZA 26-123.",
    "Het beroep (AWB 26/1234) en parketnummer 13/123456-26 liepen nog.",
    "De rechtbank deed uitspraak in zaak 09/876543-21.",
    "Kenmerk BZ/2026/00123 en dossier 2026-0456-AB.",
])
def test_case_numbers_are_not_mangled(text) -> None:
    assert run(text) == text


@pytest.mark.parametrize("text", [
    "Lees [de regels](https://www.rijksoverheid.nl/onderwerpen/semester/vraag-en-antwoord).",
    "Zie <https://www.svb.nl/nl/aow/2026/03/14> voor de AOW.",
    "[regels]: https://www.belastingdienst.nl/prive/toeslagen\n\nZie [regels].",
])
def test_links_of_public_bodies_keep_their_href(text) -> None:
    assert run(text, redact=("Sem",)) == text


def test_a_link_with_a_name_or_number_in_it_goes() -> None:
    out = run("Zie [blog](https://blog.example.nl/sem-jansen) en [x](https://uwv.nl/a?id=0612345678).",
              redact=("Sem Jansen",))
    assert "jansen" not in out.lower() and "0612345678" not in out


@pytest.mark.parametrize("text", ["In het Engels, Frans en Nederlands.", "Tolken Arabisch, Turks, Pools waren er niet.",
                                  "Hij kwam uit Polen; een Marokkaanse Nederlander.", "Wachttijd van negen jaar.",
                                  "Na zes jaar wachten.", "Ze waren 40 jaar getrouwd."])
def test_languages_countries_and_durations_stay(text) -> None:
    assert run(text) == text


@pytest.mark.parametrize("language,text,expected", [
    ("nl", "Ze werd 74.", "Ze werd minstens 65."),
    ("nl", "De 67-jarige weduwnaar.", "De minstens 65-jarige weduwnaar."),
    ("nl", "De 19-jarige zoon.", "De hooguit 29-jarige zoon."),
    ("nl", "Hij is inmiddels 38 jaar oud.", "Hij is inmiddels tussen 30 en 44 jaar oud."),
    ("en", "She turned 74 last year.", "She turned 65 or over last year."),
    ("en", "The 67-year-old widower.", "The over-65 widower."),
    ("en", "Her daughter is 33 years old.", "Her daughter is between 30 and 44 years old."),
])
def test_ages_read_as_prose(language, text, expected) -> None:
    out = Anonymiser(Rules(language=language)).text(text, file="x.md", line=1, field="f")
    assert out == expected
    assert not re.search(r"(?<![\w-])(?:<30|30-44|45-64|65\+)(?![\w-])", out)


@pytest.mark.parametrize("name,language,expected", [
    ("Karin", "nl", "Karins"), ("Anna", "nl", "Anna's"), ("Kees", "nl", "Kees'"),
    ("[persoon A]", "nl", "[persoon A]'s"), ("Meneer J.", "nl", "Meneer J.'s"), ("R03", "nl", "R03's"),
    ("[person A]", "en", "[person A]'s"), ("James", "en", "James'"),
])
def test_possessives(name, language, expected) -> None:
    assert possessive(name, language) == expected


def test_respondent_names_read_as_the_pseudonym_and_as_items_as_their_text() -> None:
    a = Anonymiser(Rules(replace=(("Karin", "Mevrouw K."), ("Kuipers", "Mevrouw K."), ("Joris", "haar vriend"))))
    out = a.markdown("Karin Kuipers belde. Later sprak mevrouw Kuipers met Joris. Joris hielp. Karins zus kwam.",
                     file="x.md", first_line=1)
    assert out == "Mevrouw K. belde. Later sprak mevrouw K. met haar vriend. Haar vriend hielp. Mevrouw K.'s zus kwam."


def test_every_form_of_a_sensitive_full_name_is_one_person() -> None:
    a = Anonymiser(Rules(redact=("Hendrik Stolk",)))
    out = a.markdown("Stolk belde. Dossier 2026-118-STOLK. Hendrik kwam later; Stolks dochter ook.", file="x.md",
                     first_line=1)
    assert out == ("[persoon A] belde. Dossier 2026-118-[persoon A]. [persoon A] kwam later; "
                   "[persoon A]'s dochter ook."), out


def test_a_redacted_neighbourhood_reads_as_a_place() -> None:
    out = Anonymiser(Rules(redact=("Stadshagen",))).markdown("Ze wonen in Stadshagen, vlak bij het park.",
                                                              file="x.md", first_line=1)
    assert out == "Ze wonen in [plaats], vlak bij het park."
