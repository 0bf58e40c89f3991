"""(1.1) Rounds and interim measurements of a journey on one time line per step.

A round is a point at its fieldwork date (the middle of start and end, else the
start, else the end); rounds without a fieldwork date are left off the time
line (their place in time is unknown) and said so. Its value at a step is the
hartmonitor's: for all segments together the line over all segments as the
board reads it (workshop values included), for a segment that segment's line.
An interim measurement (kek: measurement, in any round's folder of the journey)
is a point at its date with its n and mean, for its segment or for all.

A series is one segment, or all segments together: the series drawn are those
that interim measurements report on, so every line links a measured figure to
the rounds around it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.site import Site, Study
from . import hartmonitor as hm

ALL = None  # the series of all segments together


@dataclass(frozen=True)
class TimePoint:
    date: dt.date
    kind: str  # round | measurement
    value: float
    n: int | None  # respondents (rounds: behind the computed value; 0 for a workshop value alone)
    label: str  # the round's name, or the measurement's source
    study: Study  # the round, or the round whose folder holds the measurement
    workshop: bool = False


@dataclass(frozen=True)
class Series:
    segment: str | None  # None: all segments together
    label: str  # "" for all segments
    points: tuple[TimePoint, ...]  # by date


@dataclass(frozen=True)
class StepLine:
    step: str
    label: str
    series: tuple[Series, ...]

    @property
    def has_measurement(self) -> bool:
        return any(p.kind == "measurement" for s in self.series for p in s.points)


@dataclass
class JourneyTimeline:
    journey: str
    rounds: list[Study]  # oldest first
    steps: list[StepLine] = field(default_factory=list)
    undated: list[Study] = field(default_factory=list)  # rounds without a fieldwork date

    @property
    def latest(self) -> Study:
        return self.rounds[-1]

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        dates = [p.date for line in self.steps for s in line.series for p in s.points]
        return min(dates), max(dates)


def round_date(study: Study) -> dt.date | None:
    work = study.meta.fieldwork
    if not work or not (work.start or work.end):
        return None
    if work.start and work.end:
        return work.start + (work.end - work.start) / 2
    return work.start or work.end


def journey_timeline(rounds: list[Study]) -> JourneyTimeline | None:
    """The time line of one journey, or None when no round has an interim measurement."""
    measurements = [(study, m) for study in rounds for m in study.measurements]
    if not measurements:
        return None
    timeline = JourneyTimeline(rounds[0].journey, rounds)
    timeline.undated = [s for s in rounds if round_date(s) is None]
    monitors = {id(s): hm.compute(s) for s in rounds if round_date(s) is not None}
    wanted: list[str | None] = list(dict.fromkeys(p.segment for _, m in measurements for p in m.points))
    labels: dict[str, str] = {}
    steps: dict[str, str] = {}
    for study in reversed(rounds):
        labels |= {s.id: s.label for s in study.meta.segments if s.id not in labels}
        steps |= {s.id: s.label for s in study.meta.steps if s.id not in steps}
    order = list(steps)
    for step in order:
        series = []
        for segment in wanted:
            points = []
            for study in rounds:
                monitor = monitors.get(id(study))
                if monitor is None or step not in monitor.steps:
                    continue
                line = hm.all_segments_line(monitor) if segment is ALL else next(
                    (line for line in monitor.segments if line.key == segment), None)
                point = line.at(step) if line else None
                if point is not None and point.value is not None:
                    points.append(TimePoint(round_date(study), "round", point.value, point.n, study.meta.round, study,
                                            point.workshop))
            for study, m in measurements:
                for p in m.points:
                    if p.step == step and p.segment == segment:
                        points.append(TimePoint(m.meta.date, "measurement", p.mean, p.n, m.meta.source, study))
            if any(p.kind == "measurement" for p in points):
                series.append(Series(segment, labels.get(segment, segment) if segment else "",
                                     tuple(sorted(points, key=lambda p: (p.date, p.kind != "round")))))
        if series:
            timeline.steps.append(StepLine(step, steps[step], tuple(series)))
    return timeline if timeline.steps else None


def timelines(site: Site) -> list[JourneyTimeline]:
    """A time line for every journey with at least one interim measurement."""
    return [t for rounds in site.journeys().values() if (t := journey_timeline(rounds)) is not None]


__all__ = ["ALL", "JourneyTimeline", "Series", "StepLine", "TimePoint", "journey_timeline", "round_date", "timelines"]
