"""The options of one build, independent of any front end."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

# Okabe-Ito (its sky blue swapped for purple): distinguishable with every common colour-vision
# deficiency, and each at least 3:1 against white as a graphical object (WCAG 1.4.11).
DEFAULT_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F6A00", "#6A3D9A", "#000000")


@dataclass(frozen=True)
class Options:
    language: str = "nl"  # "nl" | "en": every string kekpublish writes
    colours: tuple[str, ...] = DEFAULT_COLOURS  # one per segment, in order
    exports: bool = True  # PNG/PDF exports (skipped with a notice where cairo is missing)
    cache_dir: Path | None = None  # anonymisation cache (outside the site)
    override_dirs: tuple[str, ...] = ()  # template dirs searched before themes/ (the theme's custom_dir)
    max_file_size: int = 1_000_000
    today: dt.date | None = None  # for tests; else SOURCE_DATE_EPOCH, else the real date

    def reference_date(self, as_of: dt.date | None = None) -> dt.date:
        """The date for "overdue": as_of, else SOURCE_DATE_EPOCH, else today."""
        if as_of:
            return as_of
        if self.today:
            return self.today
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        return dt.date.today()


_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def colours_problem(values: object) -> str | None:
    """Why `colours` is not a list of hex colours (what would be valid), or None.

    Charts write these values into SVG attributes and stylesheets: anything else is
    refused, never replaced, so a typo is seen rather than silently drawn in another colour.
    """
    if not isinstance(values, (list, tuple)) or not values:
        return "give a list of one or more colours, e.g. ['#0072B2', '#D55E00'], or leave the option out for the default palette"
    for index, value in enumerate(values):
        if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
            return (f"colours[{index}]: {value!r} is not a colour; write it as #RRGGBB (e.g. #0072B2) or #RGB, one per segment, "
                    "each at least 3:1 against white")
    return None
