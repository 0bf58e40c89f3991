"""Names with an interfix ("van Oosterhout", "de Korte", "van der Leek"), whose parts deduce finds
apart or not at all: the first name before it must go with it, and so must a surname after a
first name no list holds; and a first name no list holds before a surname deduce found alone
("Dex Mansveld"). Names are drawn from Faker's providers (not written here): first names
of other countries that deduce does not list, and the Dutch provider's surnames with an interfix.
What must stay: places with an interfix, institutions, prepositions starting a sentence.
"""
from __future__ import annotations

import random
import re

import faker  # noqa: F401  (a test dependency, pyproject [test]: never skipped)
import pytest

from kekpublish.anonymise import Anonymiser, Rules, nlp
from kekpublish.anonymise.words import zipf

from .conftest import contains

FRAMES = [
    "Ik sprak met {name} over de aanvraag.",
    "{name} belde de gemeente terug.",
    "Mijn buurvrouw {name} hielp mee met de dozen.",
    "Daarna kwam {name} langs om te helpen.",
    "Het formulier was ingevuld door {name}, zei ze.",
    "Op dinsdag had {name} het al geregeld.",
]


def _anonymise(text: str) -> str:
    a = Anonymiser(Rules(language="nl"))  # one text, one study: the name is named nowhere else
    a.markdown(text, file="x.md", first_line=1)
    a.begin_final_pass()
    return a.markdown(text, file="x.md", first_line=1)


def _left(out: str, name: str) -> bool:
    """Is ``name`` still in ``out`` as a word ("Per" is not left in "[persoon A]")?"""
    return contains(out, name) and re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", out, re.IGNORECASE) is not None


def _unlisted_first_names() -> list[str]:
    """First names of other countries that are in none of deduce's lists and no frequent Dutch word
    (those are what this rule is about; "Per" starting a sentence stays a preposition)."""
    from faker import Faker

    out = set()
    for locale in ("de_DE", "en_GB", "pl_PL", "tr_TR", "fr_FR", "it_IT", "sv_SE", "da_DK"):
        fake = Faker(locale)
        fake.seed_instance(3)
        for _ in range(200):
            name = fake.first_name()
            if re.fullmatch(r"[^\W\d_][^\W\d_A-Z]+", name) and not nlp._lookup("first_name", name) \
                    and not nlp.is_common_word(name) and zipf(name) < nlp.FREQUENT_AT_START:
                out.add(name)
    return sorted(out)


def _interfix_surnames() -> list[str]:
    """The Dutch provider's surnames of one interfix and one word that deduce lists as a surname."""
    from faker.providers.person.nl_NL import Provider

    return sorted(n for n in set(Provider.last_names)
                  if (m := re.fullmatch(r"(van der|van den|van|de|ter|ten|den) ([A-Z][a-z]+)", n))
                  and nlp._listed_interfix_surname(m.group(1), m.group(2)))


@pytest.fixture(scope="module")
def names() -> tuple[list[str], list[str]]:
    first, last = _unlisted_first_names(), _interfix_surnames()
    assert len(first) > 100 and len(last) > 100  # the providers still give what this test is about
    return first, last


def test_whole_name_goes(names):
    """Neither the first name nor the surname is left, in any frame: "Wilhelmina [persoon A]" and
    "[persoon A] de Korte" were the misses."""
    first, last = names
    rng = random.Random(20261202)
    missed = []
    for _ in range(150):
        f, s = rng.choice(first), rng.choice(last)
        text = rng.choice(FRAMES).format(name=f"{f} {s}")
        out = _anonymise(text)
        if contains(out, f) or contains(out, s.split()[-1]):
            missed.append((text, out))
    assert missed == [], missed


def _listed_surnames() -> list[str]:
    """The Dutch provider's one-word surnames that deduce lists."""
    from faker.providers.person.nl_NL import Provider

    from kekpublish.anonymise.words import is_language_or_country

    # not "Engels", "Duits": a language is no surname to the anonymiser ("per Engels")
    return sorted(n for n in set(Provider.last_names) if re.fullmatch(r"[A-Z][a-z]+", n)
                  and nlp._lookup("surname", n) and not is_language_or_country(n))


MID_SENTENCE = [f for f in FRAMES if not f.startswith("{name}")]


def test_first_name_before_a_surname_found_alone(names):
    """A first name before a surname of deduce's lists: both go, also when the first name is an
    ordinary word of deduce's lists as well ("Anders", "Gilles", "Kent", "Dex"), which deduce
    leaves when it finds the surname ("met Dex [persoon A]"). Not a stop word ("Ben", "Per"):
    "Bij", "Toen" are stop words too."""
    first, _ = names
    from faker import Faker

    worded = set()
    for locale in ("de_DE", "en_GB", "sv_SE", "da_DK", "fr_FR", "nl_NL"):
        fake = Faker(locale)
        fake.seed_instance(3)
        worded.update(n for n in (fake.first_name() for _ in range(300))
                      if re.fullmatch(r"[A-Z][a-z]+", n) and not nlp._lookup("first_name", n) and nlp.is_common_word(n)
                      and not nlp._lookup("stop_word", n.lower()))  # "Ben", "Per" are left: "Toen", "Bij" too
    assert len(worded) >= 4
    last = _listed_surnames()
    assert len(last) > 100
    rng = random.Random(11)
    missed = []
    for i in range(150):
        f = sorted(worded)[i % len(worded)] if i % 2 else rng.choice(first)
        s = rng.choice(last)
        text = rng.choice(MID_SENTENCE).format(name=f"{f} {s}")
        out = _anonymise(text)
        if _left(out, f) or _left(out, s):
            missed.append((text, out))
    assert missed == [], missed


@pytest.mark.parametrize("text,gone", [
    ("Ik sprak met Wilhelmina van Oosterhout over de verhuizing.", ["Wilhelmina", "Oosterhout"]),
    ("Wilhelmina van Oosterhout belde de gemeente.", ["Wilhelmina", "Oosterhout"]),
    ("Anna Wilhelmina de Wit tekende het formulier.", ["Anna", "Wilhelmina", "Wit"]),
    ("Ik sprak met Erna de Haas.", ["Erna", "Haas"]),  # "erna" is also a word: mid-sentence a name
    ("Consulent van der Meer belde terug.", ["Meer"]),  # a role before the interfix: the role stays
    ("Gisteren belde collega ter Stege.", ["Stege"]),
    ("Volgens Lot van Ginneke was het formulier kwijt.", ["Lot", "Ginneke"]),
    ("Volgens Ben Willemsen was het formulier kwijt.", ["Ben", "Willemsen"]),  # a stop word before a surname
    ("Ik sprak met Wilhelmina v. Oosterhout.", ["Wilhelmina", "Oosterhout"]),  # the interfix abbreviated
    ("Ik sprak met Wilhelmina v.d. Berg.", ["Wilhelmina", "Berg"]),
])
def test_cases(text, gone):
    out = _anonymise(text)
    assert "[persoon " in out
    for word in gone:
        assert not contains(out, word), out
    if text.startswith("Consulent"):
        assert out.startswith("Consulent [persoon ")


@pytest.mark.parametrize("text,kept", [
    ('Ze zei: "Bij Sanne hadden we dat niet."', "Bij"),  # a word opening a quote is no first name
    ('"Toen Anna eindelijk sliep, zat ik nog te werken."', "Toen"),
    ("(Bij Sanne ging het anders.)", "Bij"),
    ("Het was druk.\nToen Anna belde, was het laat.", "Toen"),
])
def test_a_word_opening_a_quote_stays(text, kept):
    out = _anonymise(text)
    assert kept in out and "Anna" not in out and "Sanne" not in out, out


@pytest.mark.parametrize("text", [
    "Een medewerker van Vluchtelingenwerk belde terug.",
    "Volgens de Belastingdienst was alles in orde.",
    "Tijdens de Week van de Mantelzorg kregen we een bon.",
    "De Kamer van Koophandel stuurde een brief.",
    "De Raad van State gaf ons gelijk.",
    "Namens de Gemeente kwam een brief.",
    "Een collega van de Sociale Dienst hielp.",
    "Ze werkt bij Zorg van de Zaak.",
])
def test_left_alone(text):
    assert _anonymise(text) == text


@pytest.mark.parametrize("place", ["Bergen op Zoom", "Capelle aan den IJssel", "Hoek van Holland",
                                   "Alphen aan den Rijn", "Egmond aan Zee"])
def test_places_stay_places(place):
    """A town with an interfix is no person, before and after the rules above."""
    out = _anonymise(f"We woonden in {place} tot vorig jaar.")
    assert "[persoon" not in out and not contains(out, place.split()[-1])


def test_no_article_noun_taken_for_first_name():
    """Deduce takes "van de Wijk" for a person; the noun after "Het" is not added to it."""
    assert _anonymise("Het Huis van de Wijk was dicht.").startswith("Het Huis ")


@pytest.mark.parametrize("text,gone", [
    ("Wilhelmina en Gerrit van Oosterhout kwamen samen.", ["Wilhelmina", "Gerrit", "Oosterhout"]),
    ("Ik sprak Luchino en Anna de Vries.", ["Luchino", "Anna", "Vries"]),
])
def test_a_couple_named_at_once(text, gone):
    """A first name no list holds, joined by "en" to a full name, is the second person's partner."""
    out = _anonymise(text)
    assert "[persoon A] en [persoon B]" in out
    for word in gone:
        assert not contains(out, word), out


@pytest.mark.parametrize("text,kept", [
    ("Vluchtelingenwerk en Gerrit van Oosterhout hielpen.", "Vluchtelingenwerk"),  # a compound
    ("Hulp en Gerrit Jansen kwamen.", "Hulp"),  # a Dutch word
    ("Toen en Gerrit Jansen kwamen.", "Toen"),
])
def test_no_couple_of_a_word(text, kept):
    assert kept in _anonymise(text)
