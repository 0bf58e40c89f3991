"""De kern in words: a few short lines a board member reads first (Dutch or English).

    Diepste dal: Kinderopvangtoeslag aanvragen (−50)
    Beter dan 2025: Geboorteaangifte doen (+70), Kinderbijslag aanvragen (+25)
    Slechter dan 2025: Kraamzorg regelen (−15)
    2 acties te laat, de oudste 3 weken
    8 respondenten en 2 mystery-shoppingbezoeken; peildatum 15 november 2026

Scores are whole numbers with a real minus sign; counts take their plural;
dates are in words. `kern_lines` gives (key, text) pairs for callers that style
lines apart; `kern_sentences` only the texts.
"""

from __future__ import annotations

import math

from ..compute.kern import Change, Kern
from . import formats
from .i18n import label
from .svg.thumbnail import hartmonitor_thumbnail

MAX_STEPS = 3  # steps named per better/worse line


def whole(value: float) -> str:
    """A score as the board reads it: a whole number (halves away from zero), +, real minus."""
    rounded = math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)
    return formats.signed(rounded)


def plural(language: str, key: str, count: int) -> str:
    """kern.<key>.one or .other, with {count} filled."""
    return label(language, f"kern.{key}.{'one' if count == 1 else 'other'}", count=count)


def duration(days: int, language: str = "nl") -> str:
    """How late, in words: days under two weeks, weeks under two months, else months (rounded down)."""
    if days < 14:
        return plural(language, "days", days)
    if days < 61:
        return plural(language, "weeks", days // 7)
    return plural(language, "months", days // 30)


def round_name(name: str, language: str = "nl") -> str:
    """The round as the site writes it (PAGES' formats.round_name where present, else as written)."""
    fmt = getattr(formats, "round_name", None)
    return fmt(name, language) if fmt else name


def _changes(changes: tuple[Change, ...], language: str) -> str:
    parts = []
    for c in changes[:MAX_STEPS]:
        caveat = f", {label(language, 'kern.small_sample')}" if c.small_sample else ""
        parts.append(f"{c.label} ({whole(c.change)}{caveat})")
    return ", ".join(parts)


def kern_lines(kern: Kern, language: str = "nl") -> list[tuple[str, str]]:
    """(key, text) per line: dip, better, worse (or unchanged), late, basis."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    lines: list[tuple[str, str]] = []
    if kern.dip is not None:
        lines.append(("dip", L("kern.dip", step=kern.dip.label, value=whole(kern.dip.value))))
    elif any(p.value is not None for p in kern.curve):
        lines.append(("dip", L("kern.no_dip")))
    else:
        lines.append(("dip", L("kern.no_scores")))
    if kern.previous_round is not None:
        previous = round_name(kern.previous_round, language)
        if kern.better:
            lines.append(("better", L("kern.better", round=previous, steps=_changes(kern.better, language))))
        if kern.worse:
            lines.append(("worse", L("kern.worse", round=previous, steps=_changes(kern.worse, language))))
        if not kern.better and not kern.worse:
            key = "kern.unchanged" if kern.biggest_change is not None else "kern.not_comparable"
            lines.append(("unchanged", L(key, round=previous)))
    if kern.has_action_plan:
        if kern.late:
            oldest = duration(kern.late[0].days_late, language)
            key = "kern.late.one" if kern.late_count == 1 else "kern.late.other"
            lines.append(("late", L(key, count=kern.late_count, duration=oldest)))
        else:
            lines.append(("late", L("kern.late.none")))
    respondents = plural(language, "respondents", kern.n_respondents)
    date = formats.long_date(kern.reference, language)
    if kern.n_visits:
        lines.append(("basis", L("kern.basis_visits", respondents=respondents,
                                 visits=plural(language, "visits", kern.n_visits), date=date)))
    else:
        lines.append(("basis", L("kern.basis", respondents=respondents, date=date)))
    return lines


def kern_sentences(kern: Kern, language: str = "nl") -> list[str]:
    """The kern as short lines of text, in the order a board reads them."""
    return [text for _, text in kern_lines(kern, language)]


__all__ = ["duration", "hartmonitor_thumbnail", "kern_lines", "kern_sentences", "plural", "round_name", "whole"]
