"""De kern: what a board must read about one study in two minutes, computed from its data.

- n: the study's narratives (respondents) and mystery-shopping visits.
- The curve: the hartmonitor line over all segments (`hartmonitor.all_segments_line`:
  each segment's value, a workshop value winning, weighted by its respondents).
- The deepest dip: the step with the lowest value of that line, if below zero
  (ties: the earlier step).
- Change since the previous round: that line in both rounds, per step id; a step
  is better (change >= EFFECT_THRESHOLD) or worse (<= -threshold); the biggest
  change is the largest in size (ties: the earlier step). Each change keeps the
  n of both rounds so a caller can mark small samples (`SMALL_N`).
- Late actions: overdue on the reference date (compute.actions), most days late first.

Nothing here renders: render/kern.py says it in words, render/svg/thumbnail.py draws the curve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.site import Study
from . import hartmonitor as hm_compute
from .actions import action_views, status_counts
from .rounds import EFFECT_THRESHOLD

SMALL_N = 5  # fewer respondents than this behind a mean: a small sample, shown with a caveat


@dataclass(frozen=True)
class CurvePoint:
    step: str
    label: str
    value: float | None
    n: int = 0


@dataclass(frozen=True)
class Dip:
    step: str
    label: str
    value: float


@dataclass(frozen=True)
class Change:
    """One step of the all-segments line in the previous round and this one."""

    step: str
    label: str
    before: float
    after: float
    n_before: int = 0
    n_after: int = 0

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def small_sample(self) -> bool:
        return min(self.n_before, self.n_after) < SMALL_N


@dataclass(frozen=True)
class LateAction:
    id: str
    title: str
    due: dt.date
    days_late: int


@dataclass(frozen=True)
class Kern:
    title: str
    round: str
    n_respondents: int
    n_visits: int
    reference: dt.date
    curve: tuple[CurvePoint, ...]  # the all-segments line, in journey order
    moments_of_truth: tuple[str, ...]
    dip: Dip | None  # None: no step below zero
    previous_round: str | None = None  # the previous round's `round`, None without one
    biggest_change: Change | None = None
    better: tuple[Change, ...] = ()  # biggest rise first
    worse: tuple[Change, ...] = ()  # biggest fall first
    late: tuple[LateAction, ...] = ()  # most days late first
    actions: dict[str, int] | None = None  # status counts (overdue first), None without an action plan

    @property
    def late_count(self) -> int:
        return len(self.late)

    @property
    def has_action_plan(self) -> bool:
        return self.actions is not None


def curve(study: Study, hm: hm_compute.Hartmonitor | None = None) -> tuple[CurvePoint, ...]:
    hm = hm or hm_compute.compute(study)
    line = hm_compute.all_segments_line(hm)
    return tuple(CurvePoint(p.step, study.steps[p.step].label, p.value, p.n) for p in line.points)


def study_kern(study: Study, previous: Study | None, reference: dt.date, *,
               threshold: float = EFFECT_THRESHOLD) -> Kern:
    """The kern of `study`, compared with `previous` (the round before, or None), on `reference`."""
    hm = hm_compute.compute(study)
    points = curve(study, hm)
    order = {p.step: i for i, p in enumerate(points)}
    scored = [p for p in points if p.value is not None]
    low = min(scored, key=lambda p: (p.value, order[p.step])) if scored else None
    dip = Dip(low.step, low.label, low.value) if low is not None and low.value < 0 else None

    changes: list[Change] = []
    if previous is not None:
        before = {p.step: p for p in curve(previous)}
        for p in points:
            b = before.get(p.step)
            if p.value is not None and b is not None and b.value is not None:
                changes.append(Change(p.step, p.label, b.value, p.value, b.n, p.n))
    biggest = min(changes, key=lambda c: (-abs(c.change), order[c.step])) if changes else None
    better = tuple(sorted((c for c in changes if c.change >= threshold), key=lambda c: (-c.change, order[c.step])))
    worse = tuple(sorted((c for c in changes if c.change <= -threshold), key=lambda c: (c.change, order[c.step])))

    views = action_views(study, reference)
    late = tuple(sorted((LateAction(v.id, v.action.title, v.action.due, (reference - v.action.due).days)
                         for v in views if v.overdue), key=lambda a: (-a.days_late, a.id)))
    return Kern(
        title=study.meta.title, round=study.meta.round, n_respondents=len(study.narratives), n_visits=len(study.visits),
        reference=reference, curve=points, moments_of_truth=tuple(hm.moments_of_truth), dip=dip,
        previous_round=previous.meta.round if previous is not None else None,
        biggest_change=biggest, better=better, worse=worse, late=late,
        actions=status_counts(views) if study.actionplan else None)


__all__ = ["Change", "CurvePoint", "Dip", "Kern", "LateAction", "SMALL_N", "curve", "study_kern"]
