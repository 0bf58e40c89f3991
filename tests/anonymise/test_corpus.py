"""Recall on a seeded corpus must be 100%, without over-redaction of kept text."""
from __future__ import annotations

from kekpublish.anonymise import Anonymiser, Rules

from .conftest import contains
from .corpus import CASES, KEEP, REDACT


def _run() -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]], int]:
    anonymiser = Anonymiser(Rules(keep=KEEP, redact=REDACT))
    outputs = []
    missed: list[tuple[str, str]] = []
    lost: list[tuple[str, str]] = []
    total = 0
    for i, (text, gone, stay) in enumerate(CASES):
        out = anonymiser.markdown(text, file=f"corpus/{i}.md", first_line=1)
        outputs.append(out)
        for identifier in gone:
            total += 1
            if contains(out, identifier):
                missed.append((identifier, out))
        for kept in stay:
            if not contains(out, kept):
                lost.append((kept, out))
    return outputs, missed, lost, total


def test_corpus_recall_is_complete() -> None:
    outputs, missed, lost, total = _run()
    recall = 1 - len(missed) / total
    assert total >= 60
    assert not missed, f"recall {recall:.1%}; missed: {missed}"
    assert not lost, f"over-redacted: {lost}"


def test_corpus_is_consistent_across_cases() -> None:
    outputs, *_ = _run()
    # Kuijpers in three forms of address -> one label
    line = outputs[15]
    labels = set(__import__("re").findall(r"\[persoon [A-Z]+\]", line))
    assert len(labels) == 1, line
    assert line.startswith("Meneer [persoon")
    assert "de heer [persoon" in line
