"""The hartmonitor: how each key step felt, per segment, with moments of truth and pains.

Rules (content-format.md, "What is computed"): each respondent counts once at a
step (the mean of their experiences there), a segment's value is the mean over
its respondents, with n, min and max kept; a `hartmonitor:` value in study.md
wins. Mystery-shopping scores form their own series, never mixed into a
segment's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from ..model.site import Study

ALL = "_all"  # the key of the line over all respondents together


@dataclass(frozen=True)
class Point:
    """One step of one line."""

    step: str
    value: float | None  # None: nobody in this segment reached the step and no workshop value
    n: int = 0  # respondents (or visits) behind the computed value
    min: float | None = None
    max: float | None = None
    computed: float | None = None  # the mean from the narratives, also when a workshop value wins
    workshop: bool = False  # the value was set in study.md's `hartmonitor:`


@dataclass(frozen=True)
class Line:
    key: str  # segment id, ALL, or "shopping"
    label: str
    points: tuple[Point, ...]

    def at(self, step: str) -> Point:
        return next(p for p in self.points if p.step == step)

    def lowest(self) -> Point | None:
        scored = [p for p in self.points if p.value is not None]
        return min(scored, key=lambda p: p.value) if scored else None


@dataclass(frozen=True)
class Pain:
    """A pain point (knelpunt) at a step, as named by respondents or found in visits."""

    step: str
    text: str
    respondents: int  # how many respondents name it
    visits: int  # how many mystery-shopping visits found it
    score: float  # mean score of the experiences naming it
    chain: bool  # sits between organisations


@dataclass
class Hartmonitor:
    steps: list[str]  # step ids in journey order
    segments: list[Line]  # one per segment, in the study's order
    overall: Line  # all respondents together (not drawn when there is one segment)
    shopping: Line | None  # mystery-shopping visits, or None without visits
    targets: dict[str, dict[str, float]]  # segment -> step -> desired value
    moments_of_truth: list[str]
    moments_source: str  # "declared" | "experiences" | "steepest_fall" | "none"
    pains: dict[str, list[Pain]] = field(default_factory=dict)  # step -> ranked pains

    def main_pains(self, limit: int = 5) -> list[Pain]:
        """The main pains over the journey: most named, lowest scored first."""
        every = [p for pains in self.pains.values() for p in pains]
        return sorted(every, key=_pain_rank)[:limit]


def compute(study: Study) -> Hartmonitor:
    steps = [s.id for s in study.meta.steps]
    per_respondent: dict[str, dict[str, float]] = {}  # respondent -> step -> mean
    segment_of: dict[str, str] = {}
    for narrative in study.narratives:
        by_step: dict[str, list[float]] = {}
        for exp in narrative.meta.experiences:
            by_step.setdefault(exp.step, []).append(exp.score)
        per_respondent[narrative.meta.respondent] = {step: mean(values) for step, values in by_step.items()}
        segment_of[narrative.meta.respondent] = narrative.meta.segment

    workshop = study.meta.hartmonitor
    lines = []
    for segment in study.meta.segments:
        members = [r for r, s in segment_of.items() if s == segment.id]
        lines.append(_line(segment.id, segment.label, steps, [per_respondent[r] for r in members], workshop.get(segment.id, {})))
    overall = _line(ALL, "", steps, list(per_respondent.values()), {})

    shopping = None
    if study.visits:
        visit_means = []
        for visit in study.visits:
            by_step: dict[str, list[float]] = {}
            for exp in visit.meta.experiences:
                by_step.setdefault(exp.step, []).append(exp.score)
            visit_means.append({step: mean(values) for step, values in by_step.items()})
        shopping = _line("shopping", "", steps, visit_means, {})

    moments, source = _moments_of_truth(study, overall, lines)
    return Hartmonitor(steps=steps, segments=lines, overall=overall, shopping=shopping,
                       targets={k: dict(v) for k, v in study.meta.target.items()},
                       moments_of_truth=moments, moments_source=source, pains=_pains(study))


def _line(key: str, label: str, steps: list[str], members: list[dict[str, float]], workshop: dict[str, float]) -> Line:
    points = []
    for step in steps:
        values = [m[step] for m in members if step in m]
        computed = mean(values) if values else None
        if step in workshop:
            value, is_workshop = float(workshop[step]), True
        else:
            value, is_workshop = computed, False
        points.append(Point(step, value, len(values), min(values) if values else None,
                            max(values) if values else None, computed, is_workshop))
    return Line(key, label, tuple(points))


def _moments_of_truth(study: Study, overall: Line, segments: list[Line]) -> tuple[list[str], str]:
    order = {s.id: i for i, s in enumerate(study.meta.steps)}
    if study.meta.moments_of_truth:
        return sorted(dict.fromkeys(study.meta.moments_of_truth), key=order.get), "declared"
    marked = {e.step for n in study.narratives for e in n.meta.experiences if e.moment_of_truth}
    marked |= {e.step for v in study.visits for e in v.meta.experiences if e.moment_of_truth}
    if marked:
        return sorted(marked, key=order.get), "experiences"
    # The steepest fall between consecutive scored steps of the overall line.
    falls: dict[str, float] = {}
    previous = None
    for point in overall.points:
        if point.value is None:
            continue
        if previous is not None and point.value < previous:
            falls[point.step] = point.value - previous
        previous = point.value
    if not falls:
        return [], "none"
    steepest = min(falls.values())
    return [step for step, fall in falls.items() if fall == steepest], "steepest_fall"


def _pains(study: Study) -> dict[str, list[Pain]]:
    found: dict[tuple[str, str], dict] = {}
    sources = [(n.meta.respondent, n.meta.experiences, False) for n in study.narratives]
    sources += [(v.source.rel, v.meta.experiences, True) for v in study.visits]
    for who, experiences, is_visit in sources:
        for exp in experiences:
            if not exp.pain:
                continue
            key = (exp.step, " ".join(exp.pain.casefold().split()))
            entry = found.setdefault(key, {"text": exp.pain.strip(), "respondents": set(), "visits": set(), "scores": [], "chain": False})
            entry["visits" if is_visit else "respondents"].add(who)
            entry["scores"].append(exp.score)
            entry["chain"] = entry["chain"] or exp.chain
    result: dict[str, list[Pain]] = {}
    for (step, _), entry in found.items():
        result.setdefault(step, []).append(Pain(step, entry["text"], len(entry["respondents"]), len(entry["visits"]),
                                                mean(entry["scores"]), entry["chain"]))
    order = {s.id: i for i, s in enumerate(study.meta.steps)}
    return {step: sorted(pains, key=_pain_rank) for step, pains in sorted(result.items(), key=lambda kv: order.get(kv[0], 0))}


def _pain_rank(pain: Pain) -> tuple:
    return (-pain.respondents, pain.score, -pain.visits, pain.text)


def all_segments_line(hm: Hartmonitor) -> Line:
    """The line over all segments together, as the board reads it: per step, the segments' values
    (a workshop value wins, as in each segment's line) weighted by their respondents.

    Without workshop values this is the mean over all respondents (`hm.overall`). A step
    whose only values are workshop values without respondents gets their plain mean; n is
    the respondents behind the step, min and max their own lowest and highest means.
    """
    points = []
    for step in hm.steps:
        parts = [(line.at(step).value, line.at(step).n) for line in hm.segments if line.at(step).value is not None]
        overall = hm.overall.at(step)
        if not parts:
            points.append(Point(step, None, overall.n, overall.min, overall.max, overall.computed))
            continue
        weight = sum(n for _, n in parts)
        value = sum(v * n for v, n in parts) / weight if weight else mean(v for v, _ in parts)
        workshop = any(line.at(step).workshop for line in hm.segments)
        points.append(Point(step, value, overall.n, overall.min, overall.max, overall.computed, workshop))
    return Line(ALL, "", tuple(points))
