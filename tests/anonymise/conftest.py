"""Shared fixtures: deduce loads once per test session (about 6 s)."""
from __future__ import annotations

import re

import pytest

from kekpublish.anonymise import Anonymiser, Rules
from kekpublish.anonymise.fold import fold

from .corpus import KEEP, REDACT


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser(Rules(keep=KEEP, redact=REDACT))


def contains(text: str, needle: str) -> bool:
    """Folded, white-space-insensitive, left-boundary search (like the gate)."""
    words = fold(needle).split()
    pattern = r"(?<![^\W_])" + r"\s+".join(re.escape(w) for w in words)
    return re.search(pattern, fold(text)) is not None
