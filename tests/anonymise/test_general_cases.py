"""Cases found by trying sentences that are not in any corpus: general forms, not names we know."""

from __future__ import annotations

import pytest

from kekpublish.anonymise import Anonymiser, Rules


@pytest.fixture
def anonymiser():  # a fresh study per case: labels start at A
    return Anonymiser(Rules())


@pytest.mark.parametrize("text,expected", [
    ("Jan Smit, 34 jaar, woont hier.", "[persoon A], tussen 30 en 44 jaar, woont hier."),
    ("Ze is inmiddels 52.", "Ze is inmiddels tussen 45 en 64."),
    ("twee kinderen van 3 en 5 jaar", "twee kinderen van onder de 30 en jonger dan 30 jaar"),
    ("Contact via https://www.facebook.com/anna.devries.7 vandaag.", "Contact via [webadres] vandaag."),
])
def test_replaced(anonymiser, text, expected):
    assert anonymiser.text(text, file="x.md", line=1, field="f") == expected


@pytest.mark.parametrize("text", [
    "Het duurde, 12 jaar, voordat er iets gebeurde.",  # a duration in commas
    "Er zijn 3 en 4 kamers.",  # counts
    "Lees dit boek eerst.",  # a verb, not "Lee's"
    "Zie https://www.svb.nl/nl/kinderbijslag voor de regels.",  # a public body's page
    "Ze waren 40 jaar getrouwd.",  # a duration
])
def test_left_alone(anonymiser, text):
    assert anonymiser.text(text, file="x.md", line=1, field="f") == text


@pytest.mark.parametrize("text", [
    "Leg in gewone taal uit wat er gaat gebeuren.",  # Leg, Draai, Plak are hamlets in deduce's lists
    "Draai de knop om en wacht.",
    "Plak de tekst zelf in het bestand.",
])
def test_an_imperative_is_no_place(anonymiser, text):
    """A verb starting an action ("Leg ... uit") is no place, though a hamlet bears its name."""
    assert anonymiser.markdown(text, file="x.md", first_line=1) == text


@pytest.mark.parametrize("text,place", [
    ("Zwolle in de winter is mooi.", "Zwolle"),  # a municipality stays a place, whatever follows
    ("Goor en Markelo liggen dicht bij elkaar.", "Goor"),  # a conjunction follows, not an object
    ("Goor vond ik niks.", "Goor"),  # its verb follows
    ("Ik woon in Plak.", "Plak"),  # not at a sentence's start
    ("Abcoude in de zomer is stil.", "Abcoude"),  # no verb is spelt like it
])
def test_a_place_stays_a_place(anonymiser, text, place):
    assert place not in anonymiser.markdown(text, file="x.md", first_line=1)
