"""How dates, ages and codes are written on the site, in Dutch or English."""

from __future__ import annotations

import datetime as dt

from ..anonymise.ages import age_band as anonymised_age_band
from ..anonymise.dates import MONTHS
from ..anonymise.dates import month_year as anonymised_month_year


def long_date(day: dt.date | None, language: str = "nl") -> str:
    """14 mei 2026 / 14 May 2026."""
    if day is None:
        return "–"
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def month_year(day: dt.date | None, language: str = "nl") -> str:
    """maart 2026 / March 2026: how an interview date is published (the anonymiser's rule)."""
    return "–" if day is None else anonymised_month_year(day, language if language in MONTHS else "en")


def age_band(age: int | None) -> str | None:
    """The published form of an age (<30, 30-44, 45-64, 65+): the anonymiser's bands."""
    return None if age is None else anonymised_age_band(age)


def signed(score: float | None, language: str = "nl") -> str:
    """+40 / −60 / 0, with a real minus sign; one decimal when not whole (comma in Dutch)."""
    if score is None:
        return "–"
    text = f"{abs(score):.0f}" if float(score).is_integer() else f"{abs(score):.1f}"
    if language == "nl":
        text = text.replace(".", ",")
    return ("+" if score > 0 else "−" if score < 0 else "") + text
