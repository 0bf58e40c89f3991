"""One test per anonymisation rule of the spec and issue 3."""
from __future__ import annotations

import csv
import datetime as dt
import logging

import pytest

from kekpublish.anonymise import (Anonymiser, Replacement, Rules, age_band, month_year,
                                  write_report_csv)
from kekpublish.anonymise import nlp
from kekpublish.anonymise.fold import fold
from kekpublish.anonymise.terms import TermMatcher

from .conftest import contains


def md(a: Anonymiser, text: str) -> str:
    return a.markdown(text, file="t.md", first_line=1)


def test_fold_handles_dotless_i_and_accents() -> None:
    assert fold("Yıldız") == fold("YILDIZ") == "yildiz"
    assert fold("Ëlise Ørsted") == "elise orsted"


def test_terms_case_diacritics_whitespace_possessive() -> None:
    m = TermMatcher(["Yildiz", "Jan Jansen", "Ria", "Annelies"])
    text = "YIŁDIZ, Yıldız, jan\n  jansen, Jansens, Ria's zus, Annelies' broer, Jan Jansens fiets"
    found = [text[h.start:h.end] for h in m.finditer(text)]
    assert "Yıldız" in found and "jan\n  jansen" in found
    assert "Ria's" in found and "Annelies'" in found and "Jan Jansens" in found
    assert not TermMatcher(["Sem"]).finditer("een semester lang")


def test_redact_terms_everywhere(anonymiser: Anonymiser) -> None:
    out = md(anonymiser, "In Wielwijk en WIELWIJK en in wielwijks buurthuis.")
    assert not contains(out, "wielwijk")


def test_term_inside_email_and_url_takes_whole_address() -> None:
    a = Anonymiser(Rules(redact=("Kuijpers",)))
    out = md(a, "Mail k.kuijpers@ziggo.nl of zie https://kuijpers-bouw.nl/over.")
    assert "ziggo" not in out and "bouw" not in out
    assert "[e-mailadres]" in out and "[webadres]" in out


def test_plain_url_without_personal_data_survives(anonymiser: Anonymiser) -> None:
    out = md(anonymiser, "Kijk op https://www.toeslagen.nl/2026/03/14/huur voor de regels.")
    assert "https://www.toeslagen.nl/2026/03/14/huur" in out


def test_keep_terms_and_public_bodies_survive() -> None:
    a = Anonymiser(Rules(keep=("Dordrecht", "Woonkracht10")))
    text = ("De gemeente Zwijndrecht, de Gemeente Dordrecht, Woonkracht10, het UWV, de SVB, "
            "DUO, het CAK, de GGD en Belastingdienst/Toeslagen werkten samen via DigiD.")
    out = md(a, text)
    for kept in ("gemeente Zwijndrecht", "Gemeente Dordrecht", "Woonkracht10", "UWV", "SVB",
                 "DUO", "CAK", "GGD", "Belastingdienst/Toeslagen", "DigiD"):
        assert kept in out, (kept, out)


def test_redact_wins_over_keep() -> None:
    a = Anonymiser(Rules(keep=("Wielwijk",), redact=("Wielwijk",)))
    assert "Wielwijk" not in md(a, "Ze woont in Wielwijk.")


def test_municipal_and_service_numbers_are_not_phones(anonymiser: Anonymiser) -> None:
    out = md(anonymiser, "Bel 14 078 of 0800-0543, niet 06-12345678.")
    assert "14 078" in out and "0800-0543" in out and "12345678" not in out


def test_one_label_per_person_whatever_the_form() -> None:
    a = Anonymiser(Rules())
    out = md(a, "Meneer Hendriksen belde. De heer Hendriksen was boos. Hendriksens dochter "
                "nam op. Later kwam Hendriksen zelf.")
    labels = set(__import__("re").findall(r"\[persoon [A-Z]+\]", out))
    assert labels == {"[persoon A]"}, out
    assert "Meneer [persoon A]" in out and "De heer [persoon A]" in out
    assert "[persoon A]'s dochter" in out
    # and across texts of the study
    out2 = a.text("Gesprek met meneer Hendriksen", file="x.md", line=3, field="title")
    assert out2 == "Gesprek met meneer [persoon A]"


def test_labels_are_deterministic() -> None:
    texts = ["Meneer Hendriksen en mevrouw Verbeek.", "Mevrouw Verbeek belde."]
    runs = []
    for _ in range(2):
        a = Anonymiser(Rules())
        runs.append([md(a, t) for t in texts])
    assert runs[0] == runs[1]
    assert runs[0][1] == "Mevrouw [persoon B] belde."


def test_english_tags() -> None:
    a = Anonymiser(Rules(language="en", redact=("Wielwijk",)))
    out = md(a, "Meneer Hendriksen woont in Wielwijk, bel 06-12345678.")
    assert "[person A]" in out and "[phone number]" in out and "[place]" in out  # "in Wielwijk": a place


def test_pseudonym_initials_survive(anonymiser: Anonymiser) -> None:
    assert md(anonymiser, "Meneer D. en mevrouw K. verhuisden.") == "Meneer D. en mevrouw K. verhuisden."


@pytest.mark.parametrize("text,gone,band", [
    ("Ze werd 74 vorig jaar.", "74", "65+"),
    ("Hij is 93 geworden.", "93", "65+"),
    ("Mevrouw Verbeek (82) belde.", "82", "65+"),
    ("Ik ben 38 jaar.", "38", "30-44"),
    ("Een man van 52 jaar oud.", "52", "45-64"),
    ("De 19-jarige zoon.", "19", "<30"),
])
def test_ages_become_bands(anonymiser: Anonymiser, text: str, gone: str, band: str) -> None:
    from kekpublish.anonymise.ages import BAND_PROSE
    out = md(anonymiser, text)
    low, high = (band.strip("<+").split("-") + [""])[:2]
    assert not contains(out, gone) and band not in out, out  # prose, never a bare band
    assert BAND_PROSE["nl"][band] in out or (band == "<30" and "hooguit 29-jarige" in out), out


@pytest.mark.parametrize("text", ["Ze zijn 61 jaar getrouwd.", "Na zes jaar wachten.",
                                  "Ze woonden 38 jaar in dat huis.", "Het kostte 74 euro."])
def test_durations_stay(anonymiser: Anonymiser, text: str) -> None:
    assert md(anonymiser, text) == text


def test_age_band_and_month_year() -> None:
    assert [age_band(a) for a in (0, 29, 30, 44, 45, 64, 65, 101)] == \
        ["<30", "<30", "30-44", "30-44", "45-64", "45-64", "65+", "65+"]
    assert month_year(dt.date(2026, 3, 12)) == "maart 2026"
    assert month_year(dt.date(2026, 3, 12), "en") == "March 2026"


@pytest.mark.parametrize("text,expected", [
    ("Geboren 12 maart 1961.", "Geboren maart 1961."),
    ("Geboren op 12-03-1961.", "Geboren in maart 1961."),
    ("Op 3 februari kreeg ze de sleutel.", "In februari kreeg ze de sleutel."),
    ("Het was 2026-01-20.", "Het was januari 2026."),
    ("In maart 2026 en in 2025.", "In maart 2026 en in 2025."),
])
def test_dates_become_month_and_year(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert md(anonymiser, text) == expected


def test_identifiers(anonymiser: Anonymiser) -> None:
    out = md(anonymiser, "BSN 1234.56.782, IBAN NL20 INGB 0001 2345 67, kenteken 1-ABC-23, "
                         "KvK-nummer: 87654321, postcode 3311 RN, mail x.y@z.nl.")
    for tagged in ("[BSN]", "[IBAN]", "[kenteken]", "[KvK-nummer]", "[postcode]", "[e-mailadres]"):
        assert tagged in out, out


def test_markdown_syntax_is_preserved(anonymiser: Anonymiser) -> None:
    text = ("## Gesprek met Kuijpers\n\n"
            "**Meneer Kuijpers** zei:\n"
            "> Bel mij op 06-12345678.\n\n"
            "- [Mail](mailto:ingrid@kuijpers.nl)\n"
            "- <img src=\"foto.png\" alt=\"Yıldız\">\n\n"
            "```\nprint('x')\n```\n")
    out = md(anonymiser, text)
    assert out.startswith("## Gesprek met [persoon")
    assert "**Meneer [persoon" in out and out.count("**") == 2
    assert "> Bel mij op [telefoonnummer]." in out
    assert "- [Mail](#)" in out
    assert '<img src="foto.png" alt="[naam]">' in out or '<img src="foto.png" alt="[persoon' in out
    assert "```\nprint('x')\n```\n" in out
    assert "kuijpers" not in out.lower()


def test_hard_line_breaks_and_line_numbers() -> None:
    a = Anonymiser(Rules())
    text = "Eerste regel.\nHaar zus Marieke  \nHendriksen belde op 12 maart\n1961 terug.\n"
    out = a.markdown(text, file="n/r01.md", first_line=10)
    assert "Hendriksen" not in out and "1961" in out and "12" not in out
    person = [r for r in a.replacements if r.kind == "person"]
    assert person and person[0].line == 11 and person[0].file == "n/r01.md"
    assert person[0].field == "body"


def test_front_matter_text_fields() -> None:
    a = Anonymiser(Rules(redact=("Kuijpers",)))
    out = a.text("Meneer Kuijpers\nbelde terug", file="x.md", line=7, field="experiences[2].thought")
    assert "Kuijpers" not in out
    r = a.replacements[0]
    assert (r.line, r.field, r.kind) == (7, "experiences[2].thought", "term")
    assert r.masked() == "K******s"


def test_leak_terms() -> None:
    a = Anonymiser(Rules(keep=("Dordrecht",), redact=("Wielwijk",)))
    md(a, "Meneer Hendriksen, Kerkstraat 12, 3311 AB Dordrecht, 06-12345678, geboren "
          "12 maart 1961, 67 jaar oud, hendriksen@example.nl.")
    terms = a.leak_terms()
    for t in ("Wielwijk", "Hendriksen", "Kerkstraat 12", "3311 AB", "06-12345678",
              "12 maart 1961", "hendriksen@example.nl"):
        assert t in terms, (t, terms)
    assert "67" not in terms and "Dordrecht" not in terms


def test_report_csv(tmp_path) -> None:
    path = tmp_path / "report.csv"
    write_report_csv([Replacement("a.md", 3, "body", "person", "Jansen", "[persoon A]"),
                      Replacement("b.md", None, "title", "term", "Yıldız; x", "[naam]")], path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0] == ["file", "line", "field", "kind", "masked original", "replacement"]
    assert rows[1] == ["a.md", "3", "body", "person", "J****n", "[persoon A]"]
    assert rows[2][1] == "" and "Yıldız" not in raw.decode("utf-8-sig")


def test_importing_deduce_leaves_logging_alone(anonymiser: Anonymiser) -> None:
    md(anonymiser, "Meneer Hendriksen.")
    assert nlp.is_loaded()
    assert logging.getLogger().level != logging.DEBUG or not logging.getLogger().handlers


def test_warm_cache_needs_no_deduce(tmp_path, monkeypatch) -> None:
    texts = ["Meneer Oosterhout woont in Zwijndrecht.", "Ingrids man belde op 3 maart."]
    first = Anonymiser(Rules(redact=("Bram",)), cache_dir=tmp_path)
    out1 = [md(first, t) for t in texts]
    first.save()
    assert (tmp_path / "anonymise-cache.json").is_file()

    def no_deduce():
        raise AssertionError("deduce needed on a warm run")

    monkeypatch.setattr(nlp, "engine", no_deduce)
    before = nlp.ANALYSES
    second = Anonymiser(Rules(redact=("Bram",)), cache_dir=tmp_path)
    out2 = [md(second, t) for t in texts]
    assert out2 == out1 and nlp.ANALYSES == before
    assert len(second.replacements) == len(first.replacements)
