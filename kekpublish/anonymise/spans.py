"""The Span: one detected piece of personal data in a text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds that are replaced, highest priority first (wins an overlap).
PRIORITY = {
    "email": 100, "url": 95, "iban": 90, "vat": 88, "bsn": 85, "document": 84, "handle": 83, "phone": 80, "kvk": 75,
    "licence_plate": 70, "postcode": 65, "term": 60, "keep": 55, "address": 50,
    "date": 45, "person": 40, "place": 35, "age": 30,
}


@dataclass
class Span:
    """A detected span ``[start, end)`` in the text the detector was given."""

    start: int
    end: int
    kind: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def priority(self) -> int:
        return PRIORITY[self.kind]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end
