"""The anonymiser's speed-ups change no output character.

Each speed-up in the engine (a text's layout and rule-only spans made once per study, known-name
matchers kept per name set and built from the names that can occur in a block, folding without a
per-character loop) is switched back to the plain computation here, and the anonymised output of
the demo, the overlijden example and a labelled corpus (bench/anonymisation.py, seed 11) must be
identical, meta by meta and body by body, with the same replacements and leak terms. The same
detection logic runs on both sides, so this holds whatever the detectors do. The big comparison
(a bench corpus of 100 narratives, four seeds, against a recording made before the change) is
``python tests/speed/anonymise_snapshot.py record|compare``.
"""
from __future__ import annotations

import random

import pytest

from kekpublish.anonymise import fold as fold_module
from kekpublish.anonymise.fold import fold_with_map


from . import anonymise_snapshot as snapshot


def _plain(monkeypatch) -> None:
    """Every shortcut off: what the engine did before them."""
    snapshot.shortcuts_off(monkeypatch.setattr)


@pytest.fixture(scope="module")
def fast_record():
    return snapshot.record(small=True)


def test_fold_with_map_is_the_per_character_fold():
    alphabet = "abcXYZ 09éëÉİıßæœĳ’‘“„\u2060\u00ad\u200b\u202eаοΑJ\n\tﬁ①Å"
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert fold_with_map(text) == snapshot._fold_with_map_plain(text), text
    assert fold_module.fold_with_map("Straße")[0] == "strasse"  # one character to two: the index follows
    assert fold_module.fold_with_map("Straße")[1] == [0, 1, 2, 3, 4, 4, 5]


def test_anonymised_output_is_the_same_without_the_shortcuts(fast_record, monkeypatch):
    _plain(monkeypatch)
    plain_record = snapshot.record(small=True)
    assert plain_record["demo"]["replacements"], "the demo must have replacements, or this compares nothing"
    assert plain_record["labelled-11"]["studies"][0]["replacements"]
    diffs = snapshot.differences(plain_record, fast_record)
    assert diffs == []


def test_the_comparison_sees_one_changed_character(fast_record):
    import copy

    changed = copy.deepcopy(fast_record)
    body = changed["demo"]["studies"][0]["narratives"][0]["body"]
    changed["demo"]["studies"][0]["narratives"][0]["body"] = body[:-1] + ("x" if body[-1:] != "x" else "y")
    assert snapshot.differences(fast_record, changed)
