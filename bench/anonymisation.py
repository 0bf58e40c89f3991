"""Recall and precision of the anonymiser per category, on a labelled synthetic corpus it was not tuned on.

    python bench/anonymisation.py [--seed 7] [--paragraphs 300] [--json out.json]

The corpus is generated here, seeded: paragraphs about other life events (a death, starting a
business, a divorce, retiring, losing a job, caring for a parent ...), in towns and streets that
Faker's nl_NL provider makes up, with people whose names come from Faker's Dutch, Polish,
Turkish, English, French, German and Czech providers (diacritics included), in sentence frames
that put each identifier in a different form: full name, form of address, surname alone later,
in capitals inside a dossier number, initials, split by a hard line break, possessive. Each
identifier is labelled with its category; ordinary phrases that must survive (languages,
durations, public bodies, sentence-initial common nouns) are labelled too.

Reported per category (names, addresses, numbers, dates, ages):
- recall: seeded identifiers no longer findable in the output (folded, like the gate);
- precision: replacements made whose original is (part of) a seeded identifier.
Over-redaction: labelled ordinary phrases that did not survive. Gate false alarms: the gate's
hits on a corpus of ordinary Dutch text without personal data, against every leak term the
anonymiser produced for the personal corpus (goal: 0).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LOCALES = ["nl_NL", "nl_NL", "nl_NL", "pl_PL", "tr_TR", "en_GB", "fr_FR", "de_DE", "cs_CZ"]
EVENTS = ["het overlijden van haar vader", "de start van zijn eigen bedrijf", "de scheiding", "het pensioen",
          "het verlies van zijn baan", "de zorg voor haar moeder", "de verhuizing naar een zorgwoning",
          "de geboorte van hun dochter", "de schuldhulp", "de inburgering"]
BODIES = ["de SVB", "het UWV", "de Belastingdienst", "het CAK", "de gemeente", "het Juridisch Loket", "DUO"]
LANGUAGES = ["Engels", "Arabisch", "Turks", "Pools", "Tigrinya", "Oekraïens", "Spaans", "Somalisch"]
NUMBER_WORDS = ["twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twaalf"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
DAY_WORDS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
             "dertien", "veertien", "vijftien", "twintig", "achtentwintig"]

# Ordinary Dutch without any personal data: what the gate must never flag.
ORDINARY = [
    "Nota eigen bijdrage kwam pas na drie maanden.", "Stapel ongeopende enveloppen op de keukentafel.",
    "Een week later kwam er een brief.", "Wachttijd van negen jaar voor een sociale huurwoning.",
    "Koning der Nederlanden staat op de brief van de Raad van State.", "Bakker op de hoek wist het ook niet.",
    "Tolken Arabisch, Turks en Pools waren niet beschikbaar.", "Zorg thuis was lastig te regelen.",
    "Post van de gemeente kwam steeds te laat.", "Roos op de tafel, koffie erbij: het gesprek begon.",
    "Pas toen belde de consulent terug.", "Visser van beroep, zei hij, en nu met pensioen.",
    "Visie van het loket: eerst bellen.", "Huur en toeslag liepen door elkaar.",
    "Geen mens wist wie verantwoordelijk was.", "Brief na brief, formulier na formulier.",
    "In het Engels was de uitleg beter.", "Contact met het UWV ging via de website.",
    "Kerst viel midden in de aanvraag.", "Moeder en dochter kwamen samen naar de balie.",
]


@dataclass
class Case:
    text: str
    gone: list[tuple[str, str]] = field(default_factory=list)  # (category, value)
    stay: list[str] = field(default_factory=list)
    shape: str = "mixed"  # the form the names take, to report recall per form


#: Providers whose name lists hold names made of ordinary words ("Hugh Savage", "Rose Baker").
PLAIN_WORD_LOCALES = ["en_GB", "en_US", "en_IE", "en_NZ", "fr_FR", "de_DE"]
VERBS = ["belde", "regelde", "schreef", "kreeg", "zei", "stuurde", "wilde", "had", "was", "vond", "hielp",
         "vertelde", "wachtte", "vroeg", "liet"]
TAILS = ["de aangifte", "alles zelf", "twee keer terug", "geen antwoord", "dat het goed kwam", "een brief",
         "later pas", "om uitstel", "het formulier"]


def _provider_names(locale: str, attr: str) -> list[str]:
    import importlib  # noqa: PLC0415

    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names = getattr(provider, attr, ())
    return [n for n in (list(names.keys()) if isinstance(names, dict) else list(names))
            if re.fullmatch(r"[^\W\d_][^\W\d_]+", n)]


def _plain_word_names() -> tuple[list[str], list[str]]:
    """First names and surnames from Faker's providers whose word is also an ordinary word by
    frequency (wordfreq Zipf >= 3 in Dutch) and in none of deduce's name lists: the names no list
    can tell from words. Selected by the libraries, not written here."""
    from wordfreq import zipf_frequency  # noqa: PLC0415

    from kekpublish.anonymise import nlp  # noqa: PLC0415

    out: list[list[str]] = [[], []]
    for i, attr in enumerate(("first_names", "last_names")):
        for locale in PLAIN_WORD_LOCALES:
            for name in _provider_names(locale, attr):
                if zipf_frequency(name.lower(), "nl") >= 3.0 and not nlp.is_name_word(name):
                    out[i].append(name)
    return sorted(set(out[0])), sorted(set(out[1]))


def _surname(rng: random.Random, seed: int) -> str:
    f = _faker(rng.choice(LOCALES), seed)
    last = [w for w in f.last_name().replace("-", " ").split() if w[:1].isupper() and len(w) >= 3]
    return last[-1] if last else f.first_name()


def _faker(locale: str, seed: int):
    from faker import Faker  # noqa: PLC0415

    f = Faker(locale)
    f.seed_instance(seed)
    return f


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1)))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits + [last]))


def generate(seed: int = 7, paragraphs: int = 300) -> list[list[Case]]:
    """Studies of paragraphs (each study a list of cases; names recur within a study), then in each
    study three paragraphs with the forms no list knows: a name of ordinary words, a surname alone
    at the start of a sentence, a surname alone inside a case code (each named nowhere else)."""
    rng = random.Random(seed)
    nl = _faker("nl_NL", seed)
    plain_first, plain_last = _plain_word_names()
    studies: list[list[Case]] = []
    per_study = 10
    for s in range(max(1, paragraphs // per_study)):
        people = []
        for i in range(4):
            f = _faker(rng.choice(LOCALES), seed * 1000 + s * 10 + i)
            last = [w for w in f.last_name().replace("-", " ").split() if w[:1].isupper()] or ["Smit"]
            people.append((f.first_name(), last[-1]))
        town, street = nl.city(), nl.street_name()
        cases: list[Case] = []
        for p in range(per_study):
            first, last = people[p % len(people)]
            other_first, other_last = people[(p + 1) % len(people)]
            event, body, lang = rng.choice(EVENTS), rng.choice(BODIES), rng.choice(LANGUAGES)
            years = rng.choice(NUMBER_WORDS)
            age = rng.randint(19, 96)
            frame = p % 10
            if frame == 0:
                c = Case(f"Na {event} belde {first} {last} met {body}. Ze sprak liever {lang}.",
                         [("names", first), ("names", last)], [body.split()[-1], lang])
            elif frame == 1:
                c = Case(f"{last} regelde daarna alles zelf; mevrouw {other_last} hielp met de formulieren.",
                         [("names", last), ("names", other_last)], ["formulieren"])
            elif frame == 2:
                c = Case(f"Het kenmerk van de brief was 2026-{rng.randint(100, 999)}-{last.upper()}, "
                         f"de wachttijd van {years} jaar bleef.",
                         [("names", last.upper())], [f"wachttijd van {years} jaar"])
            elif frame == 3:
                postcode = f"{rng.randint(1000, 9999)} {rng.choice('BCEGHJKLMNPRTVWXZ')}{rng.choice('BCEGHJKLMNPRTVWXZ')}"
                c = Case(f"{first} woont sinds {event.split()[-1]} aan de {street} {rng.randint(1, 300)} in {town}, "
                         f"postcode {postcode}.",
                         [("names", first), ("addresses", street), ("addresses", town), ("addresses", postcode)],
                         ["woont sinds"])
            elif frame == 4:
                c = Case(f"Zijn vriend {other_first}\n{other_last} is {age} jaar oud en werd vorig jaar {age - 1}.",
                         [("names", other_first), ("names", other_last), ("ages", str(age)), ("ages", str(age - 1))],
                         ["vorig jaar"])
            elif frame == 5:
                mobile = f"06-{rng.randint(10000000, 99999999)}"
                bsn = _bsn(rng)
                c = Case(f"Bel {mobile} of mail {first.lower()}.{last.lower()}@example.nl; haar BSN is {bsn}.",
                         [("numbers", mobile[3:]), ("numbers", bsn), ("names", last.lower())], ["haar BSN is"])
            elif frame == 6:
                day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(1935, 2025)
                word_day = rng.choice(DAY_WORDS)
                c = Case(f"Ze is geboren op {day} {month} {year}; op {word_day} {rng.choice(MONTHS)} kwam de beschikking.",
                         [("dates", f"{day} {month} {year}"), ("dates", f"{word_day} ")], ["beschikking"])
            elif frame == 7:
                c = Case(f"{first} {last}, {age}, woont alleen. Het formulier tekende {first[0]}.{other_first[0]}. zelf.",
                         [("names", first), ("names", last), ("ages", str(age)), ("names", f"{first[0]}.{other_first[0]}.")],
                         ["woont alleen"])
            elif frame == 8:
                c = Case(f"{first}s dochter vertaalde alles in het {lang}; tolken {rng.choice(LANGUAGES)} waren er niet.",
                         [("names", first)], [lang, "tolken"])
            else:
                iban = rng.choice(["NL91ABNA0417164300", "NL20INGB0001234567", "NL39RABO0300065264"])
                c = Case(f"Het geld ging naar {iban}; {first} {last} is maar {age} geworden.",
                         [("numbers", iban), ("names", first), ("names", last), ("ages", str(age))], ["geworden"])
            c.stay = [x for x in c.stay if x]
            cases.append(c)
        # names of ordinary words: at the start of a sentence before a verb, inside one, in apposition
        first, last = rng.choice(plain_first), rng.choice(plain_last)
        verb, tail, body = rng.choice(VERBS), rng.choice(TAILS), rng.choice(BODIES)
        form = rng.randrange(3)
        if form == 0:
            text = f"{first} {last} {verb} {tail}. Daarna ging het mis bij {body}."
        elif form == 1:
            text = f"Na {rng.choice(EVENTS)} sprak ik {first} {last} over de aanvraag bij {body}."
        else:
            text = f"Haar buurman, {first} {last}, {verb} {tail}."
        cases.append(Case(text, [("unlisted names", first), ("unlisted names", last)], [body.split()[-1]] if form < 2 else [tail],
                          "plain-word name"))
        # a surname alone at the start of a sentence, before a verb, named nowhere else
        alone = _surname(rng, seed * 1000 + s * 10 + 7)
        cases.append(Case(f"{alone} {rng.choice(VERBS)} {rng.choice(TAILS)}. Het duurde {rng.choice(NUMBER_WORDS)} weken.",
                          [("unlisted names", alone)], ["weken"], "surname alone, sentence start"))
        # a surname alone inside a case code, named nowhere else
        coded = _surname(rng, seed * 1000 + s * 10 + 8).upper()
        code = rng.choice([f"{rng.randint(2019, 2026)}-{rng.randint(10, 999)}-{coded}",
                           f"{coded}-{rng.randint(2019, 2026)}-{rng.randint(100, 99999)}",
                           f"Z/{rng.randint(2019, 2026)}/{rng.randint(1000, 9999)}/{coded}"])
        cases.append(Case(f"De beschikking had kenmerk {code} en kwam na {rng.choice(NUMBER_WORDS)} weken.",
                          [("unlisted names", coded)], ["beschikking", "weken"], "surname in a case code"))
        studies.append(cases)
    return studies


_KIND_CATEGORY = {"person": "names", "term": "names", "address": "addresses", "postcode": "addresses",
                  "place": "addresses", "phone": "numbers", "bsn": "numbers", "iban": "numbers", "vat": "numbers",
                  "kvk": "numbers", "licence_plate": "numbers", "email": "numbers", "url": "numbers",
                  "date": "dates", "age": "ages"}
CATEGORIES = ("names", "addresses", "numbers", "dates", "ages")
#: Names in forms no name list knows (a name of ordinary words, a surname alone at the start of a
#: sentence or inside a case code, each named nowhere else in its study): reported on their own.
UNLISTED = "unlisted names"
REPORTED = CATEGORIES + (UNLISTED,)


def _contains(text: str, needle: str) -> bool:
    from kekpublish.anonymise.fold import fold  # noqa: PLC0415

    words = fold(needle).split()
    if not words:
        return False
    pattern = r"(?<![^\W_])" + r"\s+".join(re.escape(w) for w in words) + (r"(?![^\W_])" if needle[-1].isalnum() else "")
    return re.search(pattern, fold(text)) is not None


def measure(seed: int = 7, paragraphs: int = 300) -> dict:
    from kekpublish.anonymise import Anonymiser, Rules, scan_site  # noqa: PLC0415
    from kekpublish.anonymise.ages import BAND_PROSE  # noqa: PLC0415
    from kekpublish.anonymise.fold import fold  # noqa: PLC0415

    studies = generate(seed, paragraphs)
    seeded = {c: 0 for c in REPORTED}
    missed = {c: 0 for c in REPORTED}
    made = {c: 0 for c in CATEGORIES}
    right = {c: 0 for c in CATEGORIES}
    stay_total = stay_lost = 0
    leak_terms: set[str] = set()
    misses: list[tuple[str, str, str]] = []
    shapes: dict[str, list[int]] = {}  # names per form: [seeded, missed]
    lost: list[tuple[str, str]] = []
    started = time.perf_counter()
    for cases in studies:
        a = Anonymiser(Rules(keep=("Juridisch Loket", "SVB", "UWV", "CAK", "DUO", "Belastingdienst")))
        for i, c in enumerate(cases):  # first pass: learn the study's people, as the pipeline does
            a.markdown(c.text, file=f"{i}.md", first_line=1)
        a.begin_final_pass()
        outs = [a.markdown(c.text, file=f"{i}.md", first_line=1) for i, c in enumerate(cases)]
        for i, (c, out) in enumerate(zip(cases, outs)):
            # an age band's own bounds ("tussen 30 en 44") are not the age: look at the text without them
            bare = re.sub("|".join(re.escape(p) for lang in BAND_PROSE.values() for p in lang.values())
                          + r"|\d\d?- tot \d\d-jarig|hooguit 29-jarig", " ", out)
            for cat, value in c.gone:
                seeded[cat] += 1
                tally = shapes.setdefault(c.shape, [0, 0]) if cat in ("names", UNLISTED) else [0, 0]
                tally[0] += 1
                if _contains(bare if cat == "ages" else out, value):
                    missed[cat] += 1
                    tally[1] += 1
                    misses.append((cat, value, out))
            for phrase in c.stay:
                stay_total += 1
                if not _contains(out, phrase):
                    stay_lost += 1
                    lost.append((phrase, out))
            values = [fold(v) for _, v in c.gone]
            for r in a.replacements:
                if r.file != f"{i}.md" or r.kind not in _KIND_CATEGORY:
                    continue
                cat = _KIND_CATEGORY[r.kind]
                made[cat] += 1
                o = fold(r.original)
                if any(o in v or v in o for v in values):
                    right[cat] += 1
        leak_terms |= a.leak_terms()
    seconds = time.perf_counter() - started
    # the gate on ordinary Dutch without personal data, against every leak term found above
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        for i, sentence in enumerate(ORDINARY):
            (site / f"page{i}.html").write_text(f"<html><body><p>{sentence}</p></body></html>", encoding="utf-8")
        false_alarms = scan_site(site, leak_terms)
    plain = Anonymiser(Rules())
    ordinary_replaced = []
    for sentence in ORDINARY:
        out = plain.markdown(sentence, file="ordinary.md", first_line=1)
        if out != sentence:
            ordinary_replaced.append((sentence, out))
    prose = ordinary_prose(seed)
    return {
        "seed": seed, "paragraphs": sum(len(c) for c in studies), "seconds": round(seconds, 1),
        "recall": {c: round(1 - missed[c] / seeded[c], 3) if seeded[c] else None for c in REPORTED},
        "precision": {c: round(right[c] / made[c], 3) if made[c] else None for c in CATEGORIES},
        "seeded": seeded, "missed": missed,
        "over_redaction": {"phrases": stay_total, "lost": stay_lost},
        "gate_false_alarms": len(false_alarms),
        "ordinary_sentences_changed": len(ordinary_replaced),
        "names_by_form": {k: {"seeded": v[0], "recall": round(1 - v[1] / v[0], 3) if v[0] else None}
                          for k, v in sorted(shapes.items())},
        "ordinary_prose": {k: {"texts": v["texts"], "changed": len(v["changed"])} for k, v in prose.items()},
        "examples": {"missed": misses[:15], "lost": lost[:10], "false_alarms": [f.term for f in false_alarms][:10],
                     "ordinary_changed": ordinary_replaced[:10],
                     "prose_replaced": [x for v in prose.values() for x in v["changed"]][:40]},
    }


def frequent_word_sentences(seed: int, count: int = 400) -> list[str]:
    """Sentences of frequent Dutch words (wordfreq's top list), the first one capitalised: ordinary
    Dutch that holds no personal data. Words in deduce's name lists are left out (written with a
    capital at the start of a sentence they may be a name), so every change is an over-redaction."""
    from wordfreq import top_n_list  # noqa: PLC0415

    from kekpublish.anonymise import nlp  # noqa: PLC0415

    words = [w for w in top_n_list("nl", 6000) if w.isalpha() and len(w) > 1 and not nlp.is_name_word(w)]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        first = rng.choice(words[:4000])
        rest = [rng.choice(words[:1500]) for _ in range(rng.randint(3, 8))]
        out.append(" ".join([first.capitalize(), *rest]) + ".")
    return out


def _prose_paragraphs(path: Path) -> list[str]:
    """The prose paragraphs of a Markdown page: no front matter, code, tables, headings or link syntax."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    paras = []
    for para in re.split(r"\n\s*\n", text):
        lines = [ln for ln in para.splitlines() if ln.strip() and not ln.lstrip().startswith(("#", "|", "<", "!", ":", "    "))]
        para = " ".join(lines)
        para = re.sub(r"\[([^\]]*)\]\([^)]*\)|`[^`]*`", lambda m: m.group(1) or "", para)
        if len(para.split()) >= 5:
            paras.append(para)
    return paras


def ordinary_prose(seed: int) -> dict[str, dict]:
    """Ordinary Dutch without personal data, run through the anonymiser with no rules: generated
    sentences of frequent words, and the Dutch pages of the project's manual and site text. Every
    person, place or address it replaces there is listed: for the manual that may be a real example
    name, for the generated sentences it is always an over-redaction."""
    from kekpublish.anonymise import Anonymiser, Rules  # noqa: PLC0415

    root = Path(__file__).resolve().parents[1]
    sources = {"wordfreq sentences": frequent_word_sentences(seed)}
    pages = sorted((root / "docs" / "pages").glob("*.md")) + sorted((root / "docs" / "pages" / "handleidingen").glob("*.md")) \
        + sorted((root / "content" / "pages").glob("*.md"))
    sources["manual and site pages (nl)"] = [p for page in pages for p in _prose_paragraphs(page)]
    out = {}
    for name, texts in sources.items():
        a = Anonymiser(Rules())
        for t in texts:
            a.markdown(t, file="p.md", first_line=1)
        a.begin_final_pass()
        for t in texts:
            a.markdown(t, file="p.md", first_line=1)
        changed = [(r.kind, r.original) for r in a.replacements if r.kind in ("person", "place", "address", "term")]
        out[name] = {"texts": len(texts), "changed": changed}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.seed, args.paragraphs)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{result['paragraphs']} paragraphs, seed {result['seed']}, {result['seconds']} s")
    print(f"{'category':10} {'recall':>7} {'precision':>9} {'seeded':>7} {'missed':>6}")
    for c in REPORTED:
        rec, prec = result["recall"][c], result["precision"].get(c, "(names)")
        print(f"{c:10} {rec if rec is not None else '-':>7} {prec if prec is not None else '-':>9} "
              f"{result['seeded'][c]:>7} {result['missed'][c]:>6}")
    o = result["over_redaction"]
    print(f"over-redaction: {o['lost']} of {o['phrases']} ordinary phrases lost")
    print(f"gate false alarms on ordinary Dutch: {result['gate_false_alarms']}; "
          f"ordinary sentences changed: {result['ordinary_sentences_changed']} of {len(ORDINARY)}")
    for form, v in result["names_by_form"].items():
        print(f"names, {form}: recall {v['recall']} of {v['seeded']}")
    for name, v in result["ordinary_prose"].items():
        print(f"ordinary prose, {name}: {v['changed']} replacements in {v['texts']} texts")
    for key, items in result["examples"].items():
        for item in items[:8]:
            print(f"  {key}: {item}")


if __name__ == "__main__":
    main()
