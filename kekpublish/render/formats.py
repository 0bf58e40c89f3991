"""How dates, ages and codes are written on the site, in Dutch or English."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}


def long_date(day: dt.date | None, language: str = "nl") -> str:
    """14 mei 2026 / 14 May 2026."""
    if day is None:
        return "–"
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def month_year(day: dt.date | None, language: str = "nl") -> str:
    """maart 2026 / March 2026: how an interview date is published."""
    if day is None:
        return "–"
    months = MONTHS.get(language, MONTHS["en"])
    return f"{months[day.month - 1]} {day.year}"


def age_band(age: int | None) -> str | None:
    """The published form of an age: <30, 30-44, 45-64, 65+."""
    if age is None:
        return None
    if age < 30:
        return "<30"
    if age < 45:
        return "30-44"
    if age < 65:
        return "45-64"
    return "65+"


def signed(score: float | None, language: str = "nl") -> str:
    """+40 / −60 / 0, with a real minus sign; one decimal when not whole (comma in Dutch)."""
    if score is None:
        return "–"
    text = f"{abs(score):.0f}" if float(score).is_integer() else f"{abs(score):.1f}"
    if language == "nl":
        text = text.replace(".", ",")
    return ("+" if score > 0 else "−" if score < 0 else "") + text
