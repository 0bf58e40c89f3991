"""The content format reference is generated from the typed model and lists every field in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import pytest

from kekpublish.model import reference, types

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "studies" / "overlijden"


def rows_by_section(markdown: str) -> dict[str, list[str]]:
    """Heading id -> the field keys listed in its table."""
    found: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.match(r"^#{2,6} .*\{#([\w-]+)\}\s*$", line)
        if heading:
            current = heading.group(1)
            found[current] = []
        row = re.match(r"^\| (`[^`]+`|\*[^*]+\*) \|", line)
        if row and current:
            found[current].append(row.group(1).strip("`*"))
    return found


def test_every_field_has_a_description_in_both_languages():
    docs = reference.field_docs()
    assert len(docs) > 100
    missing_nl = sorted({d.canonical for d in docs if not reference.description(d, "nl")})
    missing_en = sorted({d.canonical for d in docs if not reference.description(d, "en")})
    assert not missing_nl, f"add these paths to reference.NL: {missing_nl}"
    assert not missing_en, f"add a Field(description=...) in types.py or these paths to reference.EN: {missing_en}"
    for kind in reference.kinds():
        assert reference.description(kind, "nl") and reference.description(kind, "en"), kind


def test_every_mapping_field_says_what_its_keys_are():
    """A field keyed by ids (hartmonitor: per segment, per step) names those ids in both languages."""
    for doc in reference.field_docs():
        depth = repr(doc.annotation).count("dict[")
        if depth:
            for language in ("nl", "en"):
                assert len(reference.keys_of(doc, language)) == depth, f"add {doc.canonical} to reference.KEYS ({language})"


def test_no_description_for_a_field_that_is_gone():
    known = {d.canonical for d in reference.field_docs()} | set(reference.kinds())
    for table in ("NL", "EN", "EXAMPLES", "KEYS"):
        stale = sorted(set(getattr(reference, table)) - known)
        assert not stale, f"reference.{table} describes fields the model no longer has: {stale}"


def test_every_field_has_an_example():
    examples = reference.example_values(EXAMPLE)
    missing = [d.path for d in reference.field_docs() if reference.example_of(d, examples) is None]
    assert not missing, f"add an example to reference.EXAMPLES (or use the field in examples/studies/overlijden): {missing}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_generated_page_lists_every_model_field(language):
    page = reference.markdown(language, example=EXAMPLE)
    tables = rows_by_section(page)
    for kind, model in types.META_BY_KIND.items():
        assert kind in tables, f"no section for kek: {kind}"
        assert set(tables[kind]) >= {f.alias or name for name, f in model.model_fields.items()}, kind
    for doc in reference.field_docs():
        section = reference.anchor_of(doc.section)
        assert section in tables, f"no section {section} for {doc.path}"
        key = reference.WORDS[language]["free"] if doc.key == reference.EXTRA else doc.key
        assert key in tables[section], f"{doc.path} is missing from the {language} reference"
    # the 1.1 fields are there by construction
    for key in ("themes", "kpis", "respondent_names"):
        assert f"| `{key}` |" in page
    assert "{#measurement}" in page


def test_a_new_model_field_without_words_is_reported(monkeypatch):
    """The walk reads the models: a field added to the model shows up, and so does its missing description."""

    class Extended(types.ShoppingMeta):
        queue_minutes: Optional[int] = None

    monkeypatch.setitem(types.META_BY_KIND, "shopping", Extended)
    docs = {d.path: d for d in reference.field_docs()}
    assert "shopping.queue_minutes" in docs
    assert not reference.description(docs["shopping.queue_minutes"], "nl")
    assert "| `queue_minutes` | geheel getal | nee |" in reference.markdown("nl")


def test_types_in_words():
    docs = {d.path: d for d in reference.field_docs()}
    words = {path: reference.type_words(docs[path].annotation, "nl") for path in docs}
    assert words["narrative.experiences.score"] == "getal van −100 tot 100"
    assert words["narrative.interviewed"] == "datum (JJJJ-MM-DD)"
    assert words["narrative.method"] == "een van: `persoonlijk`, `telefonisch`, `online`"
    assert words["narrative.title"] == "tekst, geanonimiseerd"  # prose: published only after anonymisation
    assert words["study.partners.name"] == "tekst"  # published as written
    assert words["narrative.sensitive"] == "lijst van tekst of `{term, as}`"
    assert words["study.hartmonitor"] == "per id: per id: getal van −100 tot 100"  # without KEYS
    assert reference.type_words(docs["study.hartmonitor"].annotation, "nl", keys=reference.keys_of(docs["study.hartmonitor"], "nl")) == (
        "per segment-id: per stap-id: getal van −100 tot 100")
    assert docs["study.segments"].required and not docs["study.partners"].required
    assert reference.type_words(docs["actionplan.actions.status"].annotation, "en") == (
        "one of: `open`, `in_progress`, `done`, `dropped`")
    assert docs["actionplan.actions.with"].key == "with"  # the key as written, not the Python name


def test_examples_come_from_the_example_study():
    docs = {d.path: d for d in reference.field_docs()}
    examples = reference.example_values(EXAMPLE)
    assert reference.example_of(docs["study.title"], examples) == "title: Overlijden van een naaste in Lindewaard"
    assert reference.example_of(docs["narrative.experiences.score"], examples) == "score: 20"
    assert reference.example_of(docs["study.kpis.unit"], examples) == "unit: '%'"
    assert reference.example_of(docs["shopping.experiences.step"], examples) == "step: aangifte"
