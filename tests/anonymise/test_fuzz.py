"""Hostile and odd text never makes the anonymiser raise, and seeded names never survive it.

Random Markdown built from every Unicode general category, control characters, emoji, right-to-left
text, mixed scripts and very long lines, with sensitive names put in at random places (in capitals,
split by a line break, with an invisible character or a look-alike letter inside). Runs in well under
a minute (hypothesis, derandomised so CI is reproducible).
"""
from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kekpublish.anonymise import Anonymiser, Rules

from .conftest import contains

NAMES = ["Wilhelmina Oosterbroek", "Łukasz Zięba", "Oksana Kovalenko", "Yıldız", "Dragoslav Petrović"]

# one character of every Unicode general category that exists in this Python's Unicode data
_CATEGORIES: dict[str, list[str]] = {}
for _cp in range(0, 0x30000, 7):
    _ch = chr(_cp)
    _CATEGORIES.setdefault(unicodedata.category(_ch), []).append(_ch)
EVERY_CATEGORY = sorted(ch for chars in _CATEGORIES.values() for ch in chars[:40])

SPICE = ["\u2060", "\u2063", "\u202e", "\u200b", "\ufeff", "\x00", "\x1b", "\x0b", "\x0c", "\x85", "\u2028",
         "\u05d0\u05d1\u05d2", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "😀", "👩‍👩‍👧", "🇳🇱", "\u0301", "Ꭻ"]
MARKDOWN = ["# ", "## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| ", "```\n", "`", "**", "_", "[x](", ")",
            "<b>", "</b>", "<!-- ", " -->", "![img](", "\\", "{: .x }", "!!! note\n    ", "[^1]", "\n\n", "  \n"]


def _name_form(name: str, how: int) -> str:
    if how == 0:
        return name
    if how == 1:
        return name.upper()
    if how == 2:
        return name.replace(" ", "\n", 1)
    if how == 3:
        return name[:2] + "\u2060" + name[2:]
    return "meneer " + name.split()[-1]


pieces = st.one_of(
    st.text(alphabet=st.sampled_from(EVERY_CATEGORY), max_size=30),
    st.sampled_from(SPICE), st.sampled_from(MARKDOWN),
    st.sampled_from(["Ze belde de gemeente.", "Op 12 maart 1961 werd ze 74.", "Bel 06-12345678 of mail x@y.nl.",
                     "NL91ABNA0417164300", "https://example.org/pad?x=1", "Wachttijd van negen jaar."]),
    st.builds(_name_form, st.sampled_from(NAMES), st.integers(0, 4)),
)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(pieces, min_size=1, max_size=40), st.sampled_from(NAMES))
def test_no_exception_and_seeded_names_gone(fuzz_anonymiser, parts, seeded) -> None:
    text = " ".join(parts) + f" {seeded} belde."
    a = fuzz_anonymiser
    a.failures.clear()
    out = a.markdown(text, file="fuzz.md", first_line=1)
    plain = a.text(text, file="fuzz.md", line=3, field="experiences[0].pain")
    assert not a.failures, a.failures
    for result in (out, plain):
        for word in seeded.split():
            assert not contains(result, word), (word, result)


def test_very_long_lines_and_many_blocks(fuzz_anonymiser) -> None:
    line = ("Mevrouw Oosterbroek belde over de huur en de toeslag; " * 400) + "\n"
    text = line * 3 + "\n\n".join(f"- punt {i} van Wilhelmina" for i in range(300))
    out = fuzz_anonymiser.markdown(text, file="long.md", first_line=1)
    assert not fuzz_anonymiser.failures
    assert not contains(out, "Oosterbroek") and not contains(out, "Wilhelmina")


def test_a_failure_is_reported_with_file_line_and_field_and_the_text_is_withheld(monkeypatch) -> None:
    a = Anonymiser(Rules())

    def broken(*args, **kwargs):
        raise TypeError("Object of type int64 is not JSON serializable")

    monkeypatch.setattr(a, "_block", broken)
    out = a.text("Ze woont met Jan op de Dorpsstraat 5 in Zaandam.", file="n/r01.md", line=7,
                 field="experiences[1].pain")
    assert out == "[tekst niet gepubliceerd]" and "Jan" not in out
    (failure,) = a.failures
    assert (failure.file, failure.line, failure.field) == ("n/r01.md", 7, "experiences[1].pain")
    assert "int64" in failure.message


def test_the_sentence_of_issue_9_caches_as_json(tmp_path) -> None:
    a = Anonymiser(Rules(), cache_dir=tmp_path)
    out = a.markdown("Ze woont met Jan op de Dorpsstraat 5 in Zaandam.", file="x.md", first_line=1)
    a.save()  # deduce gives numpy integers: they must be plain ints in the JSON cache
    assert "Jan" not in out and "Dorpsstraat" not in out
    b = Anonymiser(Rules(), cache_dir=tmp_path)
    assert b.markdown("Ze woont met Jan op de Dorpsstraat 5 in Zaandam.", file="x.md", first_line=1) == out


@pytest.fixture(scope="module")
def fuzz_anonymiser() -> Anonymiser:
    return Anonymiser(Rules(redact=tuple(NAMES), keep=("Gemeente Zaanstad",)))


def test_a_study_that_cannot_be_anonymised_is_a_problem_not_a_traceback(tmp_path, monkeypatch) -> None:
    from kekpublish.model import load_site
    from kekpublish.model.problems import Problems
    from kekpublish.publish import anonymised
    from kekpublish.publish.options import Options

    study = tmp_path / "s"
    study.mkdir()
    (study / "study.md").write_text(
        "---\nkek: study\ntitle: T\nlife_event: L\nround: r\njourney_type: ervaring\n"
        "segments: [{id: a, label: A}]\nsteps: [{id: x, label: X}]\n---\nTekst over Jan Jansen.\n", encoding="utf-8")
    site, problems = load_site(tmp_path)
    assert not problems.errors, problems.errors
    monkeypatch.setattr(anonymised, "_restore", lambda *a: (_ for _ in ()).throw(ValueError("broken")))
    found = Problems()
    anonymised.anonymise_site(site, Options(), found)
    (problem,) = found.errors
    assert problem.file == "s/study.md" and "could not be anonymised" in problem.message
