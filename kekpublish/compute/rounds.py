"""Rounds of a journey compared: hartmonitor change, pains, and the effect of actions.

Rules (content-format.md, "Rounds" and "What is computed"): studies sharing a
`journey` are rounds of one journey, ordered by fieldwork.start, else round
(`Site.journeys()`); each round is compared with the one before.

- Score change, per segment (matched by segment id) and step (matched by step
  id): the hartmonitor value of each round (a workshop value wins, as in the
  hartmonitor itself) and later − earlier; None where either has no value.
- Pain points per step, matched by normalised text (case, diacritics, white
  space and trailing punctuation ignored): new (only in the later round),
  persisting (both) and resolved (only in the earlier round).
- Effect, for every action of the earlier round: its successor is the action
  of the later round whose `follows` names it, else the one with the same id
  that does not follow another action. The steps the earlier action addressed
  are compared per segment; the mean change over every (segment, step) with a
  value in both rounds decides: improved (≥ +threshold), worse (≤ −threshold),
  unchanged (in between), unknown (no pair to compare).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from statistics import mean

from ..model.site import Site, Study
from ..model.types import Action
from . import hartmonitor as hm

EFFECT_THRESHOLD = 5.0  # points on the -100..+100 scale; smaller changes count as unchanged
EFFECTS = ("improved", "unchanged", "worse", "unknown")
PAIN_STATES = ("new", "persisting", "resolved")


def _change(before: float | None, after: float | None) -> float | None:
    """after - before, or None when either round has no value."""
    return None if before is None or after is None else after - before


@dataclass(frozen=True)
class StepChange:
    """One step of one segment in two consecutive rounds."""

    step: str
    label: str
    before: float | None
    after: float | None
    n_before: int = 0
    n_after: int = 0

    @property
    def change(self) -> float | None:
        return _change(self.before, self.after)


@dataclass(frozen=True)
class SegmentChange:
    key: str  # segment id
    label: str  # the later round's label, else the earlier's
    steps: tuple[StepChange, ...]

    def at(self, step: str) -> StepChange | None:
        return next((s for s in self.steps if s.step == step), None)


@dataclass(frozen=True)
class PainChange:
    step: str
    label: str  # step label
    text: str  # as written in the later round (new, persisting) or the earlier one (resolved)
    state: str  # new | persisting | resolved
    before: hm.Pain | None
    after: hm.Pain | None


@dataclass(frozen=True)
class EffectEvidence:
    """The numbers behind an effect: one (segment, step) pair."""

    segment: str
    segment_label: str
    step: str
    step_label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return _change(self.before, self.after)


@dataclass(frozen=True)
class ActionEffect:
    action: Action  # of the earlier round
    successors: tuple[Action, ...]  # of the later round
    evidence: tuple[EffectEvidence, ...]
    change: float | None  # mean change over the evidence with both values
    effect: str  # improved | unchanged | worse | unknown


@dataclass
class RoundComparison:
    """One round compared with the one before."""

    earlier: Study
    later: Study
    steps: list[tuple[str, str]]  # (id, label): the later round's steps, then steps only the earlier had
    segments: list[SegmentChange]
    pains: list[PainChange]
    effects: list[ActionEffect]

    def pains_in(self, state: str) -> list[PainChange]:
        return [p for p in self.pains if p.state == state]


@dataclass
class JourneyComparison:
    journey: str
    rounds: list[Study]  # oldest first
    hartmonitors: list[hm.Hartmonitor]  # one per round
    comparisons: list[RoundComparison] = field(default_factory=list)  # consecutive pairs, oldest first


def normalise_pain(text: str) -> str:
    """How pains are matched between rounds: case, accents, spacing and end punctuation ignored."""
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(folded.split()).strip(" .,;:!?")


def successors(action: Action, later: Study) -> tuple[Action, ...]:
    """The actions of the later round that continue `action` (explicit `follows`, else the same id)."""
    if not later.actionplan:
        return ()
    return tuple(a for a in later.actionplan.meta.actions if (a.follows or a.id) == action.id)


def compare_rounds(earlier: Study, later: Study, *, threshold: float = EFFECT_THRESHOLD,
                   monitors: tuple[hm.Hartmonitor, hm.Hartmonitor] | None = None) -> RoundComparison:
    before_hm, after_hm = monitors or (hm.compute(earlier), hm.compute(later))
    labels = {s.id: s.label for s in earlier.meta.steps} | {s.id: s.label for s in later.meta.steps}
    step_ids = [s.id for s in later.meta.steps] + [s.id for s in earlier.meta.steps if s.id not in later.steps]
    steps = [(s, labels[s]) for s in step_ids]

    before_lines = {line.key: line for line in before_hm.segments}
    after_lines = {line.key: line for line in after_hm.segments}
    segment_ids = [s.id for s in later.meta.segments] + [s.id for s in earlier.meta.segments if s.id not in later.segments]
    segment_labels = {s.id: s.label for s in earlier.meta.segments} | {s.id: s.label for s in later.meta.segments}
    segments = []
    for key in segment_ids:
        changes = []
        for step, label in steps:
            b = _point(before_lines.get(key), step)
            a = _point(after_lines.get(key), step)
            changes.append(StepChange(step, label, b.value if b else None, a.value if a else None,
                                      b.n if b else 0, a.n if a else 0))
        segments.append(SegmentChange(key, segment_labels[key], tuple(changes)))

    pains = []
    for step, label in steps:
        before = {normalise_pain(p.text): p for p in before_hm.pains.get(step, [])}
        after = {normalise_pain(p.text): p for p in after_hm.pains.get(step, [])}
        for key, pain in after.items():
            pains.append(PainChange(step, label, pain.text, "persisting" if key in before else "new", before.get(key), pain))
        for key, pain in before.items():
            if key not in after:
                pains.append(PainChange(step, label, pain.text, "resolved", pain, None))

    effects = []
    if earlier.actionplan:
        for action in earlier.actionplan.meta.actions:
            evidence = tuple(EffectEvidence(seg.key, seg.label, step, labels.get(step, step), c.before, c.after)
                             for step in action.steps for seg in segments if (c := seg.at(step)) is not None)
            effects.append(_effect(action, successors(action, later), evidence, threshold))
    return RoundComparison(earlier, later, steps, segments, pains, effects)


def compare_journeys(site: Site, *, threshold: float = EFFECT_THRESHOLD) -> list[JourneyComparison]:
    """Every journey with two rounds or more, each round compared with the one before."""
    result = []
    for journey, rounds in site.journeys().items():
        if len(rounds) < 2:
            continue
        monitors = [hm.compute(study) for study in rounds]
        comparison = JourneyComparison(journey, rounds, monitors)
        for i in range(1, len(rounds)):
            comparison.comparisons.append(compare_rounds(rounds[i - 1], rounds[i], threshold=threshold,
                                                         monitors=(monitors[i - 1], monitors[i])))
        result.append(comparison)
    return result


def classify(change: float | None, threshold: float = EFFECT_THRESHOLD) -> str:
    if change is None:
        return "unknown"
    if change >= threshold:
        return "improved"
    if change <= -threshold:
        return "worse"
    return "unchanged"


def _effect(action: Action, follow: tuple[Action, ...], evidence: tuple[EffectEvidence, ...], threshold: float) -> ActionEffect:
    changes = [e.change for e in evidence if e.change is not None]
    change = mean(changes) if changes else None
    return ActionEffect(action, follow, evidence, change, classify(change, threshold))


def _point(line: hm.Line | None, step: str) -> hm.Point | None:
    if line is None:
        return None
    return next((p for p in line.points if p.step == step), None)


__all__ = ["ActionEffect", "EFFECTS", "EFFECT_THRESHOLD", "EffectEvidence", "JourneyComparison", "PAIN_STATES",
           "PainChange", "RoundComparison", "SegmentChange", "StepChange", "classify", "compare_journeys",
           "compare_rounds", "normalise_pain", "successors"]
