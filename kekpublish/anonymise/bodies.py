"""The default keep-list: Dutch public bodies and their usual forms.

The list lives in ``data/keep_nl.txt`` so that it can be maintained without
touching code. Plain lines are literal terms; ``re:`` lines are regular
expressions for forms such as "gemeente Alphen aan den Rijn".
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def default_keep() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """Return (literal terms, compiled patterns) of the default keep-list."""
    text = resources.files(__package__).joinpath("data/keep_nl.txt").read_text("utf-8")
    terms: list[str] = []
    patterns: list[re.Pattern[str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(re.compile(line[3:].strip()))
        else:
            terms.append(line)
    return tuple(terms), tuple(patterns)
