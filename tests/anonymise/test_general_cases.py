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
