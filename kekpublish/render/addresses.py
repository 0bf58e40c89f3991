"""The address segments of every page and file kekpublish writes, per site language.

Addresses are built from folder names, respondent codes and ids (never from titles
or names) plus the fixed words below. Dutch sites keep the addresses they always had;
English sites get English words. Every module that builds an address takes its words
from here, so a site never mixes the two.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "narratives": {"nl": "narratieven", "en": "narratives"},
    "shopping": {"nl": "mystery-shopping", "en": "mystery-shopping"},
    "actionplan": {"nl": "actieplan", "en": "action-plan"},
    "tracker": {"nl": "acties", "en": "actions"},
    "rounds": {"nl": "rondes", "en": "rounds"},
    "themes": {"nl": "themas", "en": "themes"},
    "hartmonitor": {"nl": "hartmonitor", "en": "hartmonitor"},
    "journeymap": {"nl": "klantreiskaart", "en": "journey-map"},
    "board_summary": {"nl": "bestuurssamenvatting", "en": "board-summary"},
    "measurements": {"nl": "tussenmetingen", "en": "interim-measurements"},
}


def address(language: str, key: str) -> str:
    """The word for `key` in the addresses of a site in `language` ('nl' for anything but 'en')."""
    return WORDS[key]["en" if language == "en" else "nl"]
