"""A web address that names a person is a personal identifier, like an e-mail address: a first name and
a surname written together as a host name ("www.pieterdejong.nl"), or a name of the study inside one
("www.bakkerijvanderlinden.nl"). The sites of public bodies and companies stay as written.

The personal domains are made from Faker's Dutch and Belgian names, not written here.
"""
from __future__ import annotations

import random

import pytest

from kekpublish.anonymise import Anonymiser, Rules, nlp

faker = pytest.importorskip("faker")

#: Sites a narrative about a life event names: public bodies, services, shops (written by hand, as
#: researchers would; none of them is made of a name in deduce's lists).
PUBLIC = ["www.rijksoverheid.nl/onderwerpen/verhuizen", "https://www.belastingdienst.nl", "mijn.overheid.nl",
          "www.toeslagen.nl", "https://www.kvk.nl/inschrijven", "www.uwv.nl", "www.svb.nl", "www.duo.nl",
          "www.digid.nl", "www.werk.nl", "www.thuisarts.nl", "www.zorgkaartnederland.nl", "www.marktplaats.nl",
          "www.funda.nl", "www.postnl.nl", "www.ns.nl", "www.9292.nl", "www.juridischloket.nl", "www.huurcommissie.nl",
          "www.nationaleombudsman.nl", "www.rechtspraak.nl", "www.ondernemersplein.nl", "www.kindertelefoon.nl",
          "www.rodekruis.nl", "www.hartstichting.nl", "www.woningnet.nl", "www.gemeente-zwolle.nl/afval",
          "www.enschede.nl/ondernemen", "www.zwolle.nl", "www.mantelzorg.nl", "www.zorgverzekeringslijn.nl",
          "www.cak.nl", "www.ggd.nl", "www.voedingscentrum.nl", "www.consuwijzer.nl", "www.energieleveranciers.nl",
          "www.wonenindeachterhoek.nl", "www.overlijdensloket.nl", "www.uitvaart.nl", "www.notaris.nl"]


def _anonymise(text: str, **rules) -> str:
    return Anonymiser(Rules(**rules)).text(text, file="r01.md", line=1, field="body")


def _people(count: int) -> list[tuple[str, str]]:
    names = faker.Faker(["nl_NL", "nl_BE"])
    names.seed_instance(21)
    out = []
    while len(out) < count:
        first, last = names.first_name(), names.last_name()
        if first.isalpha() and first.isascii() and all(part.isalpha() and part.isascii() for part in last.split()):
            out.append((first, last))
    return out


def _site_of(first: str, last: str, rng: random.Random) -> str:
    host = (first + last.replace(" ", "")).lower()
    return rng.choice(["www.{}.nl", "https://{}.nl", "{}.nl", "www.{}.com/contact"]).format(host)


def _listed(first: str, last: str) -> bool:
    """Both parts in deduce's lists (its surnames are Dutch ones: many Belgian and old ones are not)."""
    *interfix, surname = last.split()
    return (nlp._lookup("first_name", first) or first in nlp._source_list("items")) and (
        nlp._lookup("interfix_surname", surname) if interfix else nlp._lookup("surname", surname))


def test_a_first_name_and_surname_written_as_a_host_name_is_redacted():
    rng = random.Random(22)
    sites = [_site_of(first, last, rng) for first, last in _people(200) if _listed(first, last)]
    assert len(sites) > 60
    left = [site for site in sites if site in _anonymise(f"Kijk maar op {site} voor mijn werk.")]
    assert len(left) <= len(sites) // 20, left


def test_the_site_of_a_person_named_in_the_study_is_redacted_whatever_the_lists_hold():
    """The respondent's own name is in `sensitive` (a redact term): their site goes, listed name or not."""
    rng = random.Random(23)
    for first, last in _people(60):
        site = _site_of(first, last, rng)
        assert site not in _anonymise(f"Mijn site {site} is nog in aanbouw.", redact=(f"{first} {last}",)), site


@pytest.mark.parametrize("site", PUBLIC)
def test_the_site_of_a_public_body_stays(site):
    assert site in _anonymise(f"Uiteindelijk vond ik het op {site} en dat hielp.")


def test_a_name_of_the_study_inside_a_host_name_is_redacted():
    text = "Haar site www.bakkerijvanderlinden.nl was offline, dus belde ik."
    assert "bakkerij" in _anonymise(text)  # no name the anonymiser knows: a shop's site
    assert "bakkerij" not in _anonymise(text, redact=("Marloes van der Linden",))


def test_a_kept_name_keeps_its_site():
    text = "Ik bestelde de dozen via albertheijn.nl en belde daarna."
    assert "albertheijn.nl" not in _anonymise(text)  # a first name and a surname: taken for a person's site
    assert "albertheijn.nl" in _anonymise(text, keep=("Albert Heijn",))
