"""Replacement texts: readable tags, and one label per person in a study.

Label scheme: people become "[persoon A]", "[persoon B]" ... (English:
"[person A]"), after Z: "AA", "AB" ... A label is given on first mention in
processing order, so it is deterministic for a given order. Forms of address
stay outside the label: "meneer [persoon A]". A possessive becomes "'s":
"Jansens dochter" -> "[persoon A]'s dochter".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fold import fold

TAGS = {
    "nl": {
        "person": "persoon", "address": "[adres]", "postcode": "[postcode]",
        "phone": "[telefoonnummer]", "email": "[e-mailadres]", "bsn": "[BSN]",
        "iban": "[IBAN]", "licence_plate": "[kenteken]", "kvk": "[KvK-nummer]",
        "place": "[plaats]", "url": "[webadres]", "term": "[naam]", "date": "[datum]",
        "age": "leeftijd", "vat": "[btw-nummer]", "handle": "[account]", "document": "[documentnummer]",
    },
    "en": {
        "person": "person", "address": "[address]", "postcode": "[postcode]",
        "phone": "[phone number]", "email": "[email address]", "bsn": "[BSN]",
        "iban": "[IBAN]", "licence_plate": "[licence plate]", "kvk": "[CoC number]",
        "place": "[place]", "url": "[web address]", "term": "[name]", "date": "[date]",
        "age": "age", "vat": "[VAT number]", "handle": "[account]", "document": "[document number]",
    },
}


def tag(kind: str, language: str) -> str:
    """The readable tag for a kind in the given language."""
    return TAGS.get(language, TAGS["nl"])[kind]


def possessive(name: str, language: str = "nl") -> str:
    """The possessive of a name or label as the language writes it.

    Dutch: "Karins", "Anna's", "Kees'", "[persoon A]'s", "meneer J.'s"; English: "Karin's", "James'".
    """
    if not name:
        return name
    last = name[-1]
    if language == "en":
        return name + ("'" if last in "sS" else "'s")
    if last.lower() in "sxz" or name.lower().endswith(("sh", "ce")):
        return name + "'"
    if not last.isalpha() or last.lower() in "aeiouy" or last.isupper():
        return name + "'s"
    return name + "s"


def letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


INTERFIXES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "von",
              "da", "di", "du", "la", "le", "el", "al", "bin", "ben", "ibn", "d'", "l'", "aan", "uit", "bij", "vd", "v/d"}
_INITIAL = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$|^[A-Z]$")


def name_parts(name: str) -> tuple[list[str], list[str], list[str]]:
    """Split a name into (initials, given-or-bare names, surname words incl. interfix)."""
    words = name.replace("\u2019", "'").split()
    initials = [fold(w.replace(".", "")) for w in words if _INITIAL.match(w)]
    rest = [w for w in words if not _INITIAL.match(w)]
    # surname starts at the first interfix after a name, or is the last word
    surname: list[str] = []
    given: list[str] = []
    for i, w in enumerate(rest):
        if fold(w) in INTERFIXES and (i > 0 or initials or len(rest) > 1):
            surname = [fold(x) for x in rest[i:]]
            given = [fold(x) for x in rest[:i]]
            break
    else:
        if len(rest) >= 2:
            given = [fold(x) for x in rest[:-1]]
            surname = [fold(rest[-1])]
        elif rest and initials:
            surname = [fold(rest[0])]
        else:
            given = [fold(x) for x in rest]
    return initials, given, surname


@dataclass
class Person:
    label: str
    surnames: set[str] = field(default_factory=set)   # "de vries", "vries"
    given: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    bare: set[str] = field(default_factory=set)       # single words of unknown role
    gender: str | None = None
    names: set[str] = field(default_factory=set)      # originals, for known-name matching


class PersonRegistry:
    """One label per person within a study, whatever the form of address."""

    def __init__(self, language: str = "nl") -> None:
        self.language = language
        self.people: list[Person] = []
        self._recent: list[Person] = []

    def label_text(self, person: Person) -> str:
        return f"[{tag('person', self.language)} {person.label}]"

    def resolve(self, name: str, gender: str | None = None) -> Person:
        """The person ``name`` refers to, creating a new label if needed."""
        initials, given, surname = name_parts(name)
        key_surname = " ".join(surname)
        core_surname = " ".join(w for w in surname if w not in INTERFIXES)
        candidates: list[Person] = []
        for person in reversed(self._recent):
            if gender and person.gender and gender != person.gender:
                continue
            if surname:
                if key_surname in person.surnames or core_surname in person.surnames or \
                        core_surname in person.bare:
                    if given and person.given and not set(given) & person.given:
                        continue
                    if initials and person.initials and not set(initials) & person.initials:
                        continue
                    candidates.append(person)
            elif given:
                g = " ".join(given)
                if len(given) == 1 and (g in person.given or g in person.bare or g in person.surnames):
                    candidates.append(person)
                elif g in person.given:
                    candidates.append(person)
        if not candidates and surname and given:
            # "Sandra" first, "Sandra de Boer" later: the same person, unless that Sandra has
            # another surname already
            for person in reversed(self._recent):
                if gender and person.gender and gender != person.gender:
                    continue
                if not person.surnames and set(given) & (person.bare | person.given):
                    candidates.append(person)
                    break
        person = candidates[0] if candidates else None
        if person is None:
            person = Person(letters(len(self.people)))
            self.people.append(person)
        if surname:
            person.surnames.update({key_surname, core_surname})
            person.given.update(given)
        elif len(given) == 1:
            person.bare.add(given[0])
        else:
            person.given.update(given)
        person.initials.update(i[:1] for i in initials)
        person.initials.update(g[:1] for g in given)
        if gender and not person.gender:
            person.gender = gender
        person.names.add(name)
        if person in self._recent:
            self._recent.remove(person)
        self._recent.append(person)
        return person

    def known_names(self) -> set[str]:
        """Every name form seen so far (for finding further mentions)."""
        out: set[str] = set()
        for person in self.people:
            out.update(person.names)
        return out
