"""The options of one build, independent of any front end."""

from __future__ import annotations

import datetime as dt
import os
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
