"""How dates, ages and codes are written on the site, in Dutch or English."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..anonymise.ages import age_band as anonymised_age_band
from ..anonymise.dates import MONTHS
from ..anonymise.dates import month_year as anonymised_month_year

if TYPE_CHECKING:
    from ..model.site import Site


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


SEASONS = {
    "voorjaar": ("voorjaar", "spring"), "lente": ("voorjaar", "spring"), "zomer": ("zomer", "summer"),
    "najaar": ("najaar", "autumn"), "herfst": ("najaar", "autumn"), "winter": ("winter", "winter"),
    "spring": ("voorjaar", "spring"), "summer": ("zomer", "summer"), "autumn": ("najaar", "autumn"),
    "fall": ("najaar", "autumn"),
}
_ROUND = re.compile(r"^\s*(?:(\d{4})[\s_-]+([A-Za-z]+)|([A-Za-z]+)[\s_-]+(\d{4}))\s*$")


def round_name(name: str, language: str = "nl") -> str:
    """A round as a reader says it: '2026-najaar' -> 'najaar 2026' ('autumn 2026' in English).

    Only a year with a season word is rewritten; any other round name stays as written.
    """
    match = _ROUND.match(name or "")
    if not match:
        return name
    year = match.group(1) or match.group(4)
    season = (match.group(2) or match.group(3)).lower()
    if season not in SEASONS:
        return name
    return f"{SEASONS[season][1 if language == 'en' else 0]} {year}"


def count(n: int, one: str, many: str) -> str:
    """'1 respondent' / '2 respondenten': the number with the word in its right form."""
    return f"{n} {one if n == 1 else many}"


def journey_names(site: Site) -> dict[str, str]:
    """What each journey is called in the nav and on the home page: its life event, made distinct.

    A municipality's journeys usually differ by life event. Where two share one (moving
    house in Dordrecht and in Zwolle), the organisation of the latest round is added,
    then its title, and as a last resort the journey's id.
    """
    latest = {key: rounds[-1] for key, rounds in site.journeys().items()}
    names = {key: study.meta.life_event for key, study in latest.items()}
    for better in (lambda s: f"{s.meta.life_event} – {s.meta.organisation}" if s.meta.organisation else None,
                   lambda s: s.meta.title if s.meta.title != s.meta.life_event else None):
        taken = Counter(names.values())
        names = {key: (better(latest[key]) or name) if taken[name] > 1 else name for key, name in names.items()}
    taken = Counter(names.values())
    return {key: f"{name} ({key})" if taken[name] > 1 else name for key, name in names.items()}
