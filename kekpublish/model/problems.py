"""Problems found in the content: errors stop a build, warnings stop a strict one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as the YAML allows."""

    file: str  # posix path relative to the docs dir
    line: int | None
    field: str  # e.g. "experiences[2].score"; "" for the file as a whole
    message: str  # what is wrong and what would be valid
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


@dataclass
class Problems:
    """The problems of one load, collected so that all are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, field: str, message: str, severity: Severity = "error") -> None:
        self.items.append(Problem(file, line, field, message, severity))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    @property
    def infos(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "info")

    def __bool__(self) -> bool:
        return bool(self.items)


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to value, else ''."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """'one of: a, b, c' for a message, or 'none are defined' when there is nothing to choose."""
    choices = list(choices)
    return "one of: " + ", ".join(choices) if choices else "none are defined"
