"""The loaded content: studies with their narratives, visits and action plan."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from .frontmatter import FrontMatter
from .types import ActionPlanMeta, MeasurementMeta, NarrativeMeta, ShoppingMeta, StudyMeta


@dataclass
class Source:
    """Where a document came from: its path and the lines of its keys."""

    rel: str  # posix path relative to the docs dir
    front: FrontMatter
    invalid: frozenset = frozenset()  # data paths whose values were invalid (the file has errors; see validate.check)

    @property
    def body(self) -> str:
        return self.front.body

    @property
    def body_line(self) -> int:
        return self.front.body_line

    def line(self, *path: object) -> int | None:
        return self.front.line_of(path)


def slug(value: str) -> str:
    """A URL-safe lower-case id: 'R03' -> 'r03', 'Balie stad' -> 'balie-stad'."""
    text = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return text or "x"


@dataclass
class Narrative:
    meta: NarrativeMeta
    source: Source

    @property
    def slug(self) -> str:
        return slug(self.meta.respondent)

    @property
    def display_name(self) -> str:
        """The respondent as published: pseudonym, else the code."""
        return self.meta.pseudonym or self.meta.respondent


@dataclass
class Visit:
    """A mystery-shopping visit."""

    meta: ShoppingMeta
    source: Source

    @property
    def slug(self) -> str:
        if self.meta.id:
            return slug(self.meta.id)
        return slug(PurePosixPath(self.source.rel).stem)


@dataclass
class ActionPlan:
    meta: ActionPlanMeta
    source: Source


@dataclass(frozen=True)
class MeasurementPoint:
    """One figure of a measurement: n respondents at a step, their mean on the hartmonitor scale."""

    step: str
    n: int
    mean: float
    segment: str | None = None  # None: all segments together
    line: int | None = None  # line in the measurement file, or in its CSV (see Measurement.csv_rel)


@dataclass
class Measurement:
    """(1.1) An interim measurement between rounds (kek: measurement), with its scores from front matter or CSV."""

    meta: MeasurementMeta
    source: Source
    points: list[MeasurementPoint] = field(default_factory=list)  # in the order written
    csv_rel: str | None = None  # the CSV the points were read from (posix, relative like source.rel)

    @property
    def slug(self) -> str:
        return slug(PurePosixPath(self.source.rel).stem)


@dataclass
class Study:
    """A study folder: a study.md and the kek files below it."""

    folder: str  # posix path relative to the docs dir; "" for the docs dir itself
    meta: StudyMeta
    source: Source
    narratives: list[Narrative] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    actionplan: ActionPlan | None = None
    measurements: list[Measurement] = field(default_factory=list)  # (1.1) ordered by date
    pages: list["Page"] = field(default_factory=list)  # (1.1) ordinary Markdown in the study folder: published anonymised with its rules

    @property
    def journey(self) -> str:
        return self.meta.journey or (self.folder.rsplit("/", 1)[-1] if self.folder else "kek")

    @property
    def slug(self) -> str:
        """The URL folder of the study's pages: the study folder itself."""
        return self.folder

    @property
    def sort_key(self) -> tuple:
        start = self.meta.fieldwork.start if self.meta.fieldwork and self.meta.fieldwork.start else None
        return (start or dt.date.max, self.meta.round)

    @cached_property
    def segments(self) -> dict:
        return {s.id: s for s in self.meta.segments}

    @cached_property
    def partners(self) -> dict:
        return {p.id: p for p in self.meta.partners}

    @cached_property
    def phases(self) -> dict:
        return {p.id: p for p in self.meta.phases}

    @cached_property
    def steps(self) -> dict:
        return {s.id: s for s in self.meta.steps}

    @cached_property
    def themes(self) -> dict:
        """(1.1) The study's themes by id."""
        return {t.id: t for t in self.meta.themes}

    def sources(self) -> list[Source]:
        """Every kek file of the study, study.md first."""
        found = [self.source] + [n.source for n in self.narratives] + [v.source for v in self.visits]
        if self.actionplan:
            found.append(self.actionplan.source)
        return found + [m.source for m in self.measurements]


@dataclass
class Page:
    """An ordinary Markdown page (no `kek:` key): published as written."""

    rel: str


@dataclass
class Site:
    """Everything under the docs dir that kekpublish knows about."""

    studies: list[Study] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    study_files: set[str] = field(default_factory=set)  # every file under a study folder (never copied raw)

    def journeys(self) -> dict[str, list[Study]]:
        """Studies grouped by journey, each list ordered as rounds (oldest first)."""
        grouped: dict[str, list[Study]] = {}
        for study in self.studies:
            grouped.setdefault(study.journey, []).append(study)
        return {key: sorted(rounds, key=lambda s: s.sort_key) for key, rounds in sorted(grouped.items())}

    def previous_round(self, study: Study) -> Study | None:
        rounds = self.journeys()[study.journey]
        index = rounds.index(study)
        return rounds[index - 1] if index > 0 else None
