"""How problems are told to a researcher: every one of them, by file, with line and field."""

from __future__ import annotations

from itertools import groupby
from typing import Iterable

from .model.problems import Problem


def format_problems(problems: Iterable[Problem], docs_dir: str | None = None) -> str:
    """A readable block: a count, then per file its problems in line order."""
    problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field))
    files = len({p.file for p in problems if p.severity != "info"})
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    counts = ", ".join(part for part in (_plural(errors, "error"), _plural(warnings, "warning")) if part)
    where = f" in {docs_dir}" if docs_dir else ""
    lines = [f"kekpublish: {counts} in {_plural(files, 'file')}{where}; nothing was published:"]
    for file, group in groupby(problems, key=lambda p: p.file):
        lines.append(f"  {file}")
        for p in group:
            line = f"line {p.line}" if p.line else "file"
            field = f" {p.field}:" if p.field else ""
            lines.append(f"    {line}:{field} {p.message}" + ("" if p.severity == "error" else f" [{p.severity}]"))
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}" if n else ""
