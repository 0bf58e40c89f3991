"""Replacement records, masking for review output, and the CSV report."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


def mask(text: str) -> str:
    """Mask a value for review output: "Jansen" -> "J****n", "Jan Jansen" -> "J*n J****n"."""
    out = []
    for word in text.split():
        if len(word) <= 2:
            out.append("*" * len(word))
        else:
            out.append(word[0] + "*" * (len(word) - 2) + word[-1])
    return " ".join(out)


@dataclass(frozen=True)
class Replacement:
    """One replacement made in one text."""

    file: str
    line: int | None
    field: str
    kind: str
    original: str
    replacement: str

    def masked(self) -> str:
        """The original, masked for review output."""
        return mask(self.original)


REPORT_HEADER = ("file", "line", "field", "kind", "masked original", "replacement")


def write_report_csv(replacements: Iterable[Replacement], path: str | Path) -> None:
    """Write the review report: UTF-8 with BOM, ';'-separated (Dutch Excel)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(REPORT_HEADER)
        for r in replacements:
            writer.writerow([r.file, "" if r.line is None else r.line, r.field, r.kind,
                             r.masked(), r.replacement])
