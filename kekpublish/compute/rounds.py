"""Rounds of a journey compared: hartmonitor change, pains, and the effect of actions.

Rules (content-format.md, "Rounds" and "What is computed"): studies sharing a
`journey` are rounds of one journey, ordered by fieldwork.start, else round
(`Site.journeys()`); each round is compared with the one before.

- Score change, per segment (matched by segment id) and step (matched by step
  id): the hartmonitor value of each round (a workshop value wins, as in the
  hartmonitor itself) and later − earlier; None where either has no value.
- Pain points (1.1 `theme`): pains with one theme are one pain, at whichever
  steps they are named, and a theme id of the later round matches the same id
  in the earlier one. A pain without a theme is matched by step and normalised
  text (case, diacritics, white space and trailing punctuation ignored), and a
  pain whose text or theme is shared by a themed pain joins it. States: new
  (only in the later round), persisting (both) and no longer mentioned (only in
  the earlier round). Never "resolved": not being named again by ~10 other
  respondents is no evidence that a pain is gone.
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
PAIN_STATES = ("persisting", "new", "no_longer_mentioned")  # the order a board reads them


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
class RoundPain:
    """One pain in one round: a theme, or a pain text at a step, with who named it."""

    key: str  # "theme:<id>" or "text:<step>:<normalised text>"
    text: str  # the theme's label, else the pain as first written
    theme: str | None
    steps: tuple[str, ...]  # where it was named, in journey order
    respondents: int  # narratives naming it
    visits: int  # mystery-shopping visits finding it
    chain: bool  # marked as a chain pain (ketenknelpunt) anywhere
    texts: tuple[str, ...]  # the words used, as written, first occurrence first
    score: float | None  # mean score of the experiences naming it


@dataclass(frozen=True)
class PainChange:
    step: str  # the first step it is named at (the later round's, else the earlier's)
    label: str  # that step's label
    text: str  # the theme label, else as written in the later round (new, persisting) or the earlier one
    state: str  # persisting | new | no_longer_mentioned
    before: RoundPain | None
    after: RoundPain | None

    @property
    def theme(self) -> str | None:
        return (self.after or self.before).theme

    @property
    def steps(self) -> tuple[str, ...]:
        seen = (self.after.steps if self.after else ()) + (self.before.steps if self.before else ())
        return tuple(dict.fromkeys(seen))


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

    pains = compare_pains(earlier, later, labels)

    effects = []
    if earlier.actionplan:
        for action in earlier.actionplan.meta.actions:
            evidence = tuple(EffectEvidence(seg.key, seg.label, step, labels.get(step, step), c.before, c.after)
                             for step in action.steps for seg in segments if (c := seg.at(step)) is not None)
            effects.append(_effect(action, successors(action, later), evidence, threshold))
    return RoundComparison(earlier, later, steps, segments, pains, effects)


def round_pains(study: Study) -> tuple[list[RoundPain], dict[str, str]]:
    """The pains of one round, most named first, and an index: each "text:<step>:<text>" key -> its pain's key.

    Experiences with a `theme` gather under it; the rest by step and normalised text.
    A text that is also written under a theme (same step) joins that theme.
    """
    order = {s.id: i for i, s in enumerate(study.meta.steps)}
    themes = {t.id: t.label for t in study.meta.themes}
    found: dict[str, dict] = {}
    index: dict[str, str] = {}
    experiences = [(f"n:{n.source.rel}", n.meta.experiences, True) for n in study.narratives]
    experiences += [(f"v:{v.source.rel}", v.meta.experiences, False) for v in study.visits]
    themed_texts = {_text_key(e.step, e.pain): f"theme:{e.theme}" for _, exps, _ in experiences for e in exps
                    if e.pain and e.theme}
    for who, exps, is_narrative in experiences:
        for exp in exps:
            if not exp.pain:
                continue
            text_key = _text_key(exp.step, exp.pain)
            key = f"theme:{exp.theme}" if exp.theme else themed_texts.get(text_key, text_key)
            index.setdefault(text_key, key)
            entry = found.setdefault(key, {"theme": exp.theme if exp.theme else (key[6:] if key.startswith("theme:") else None),
                                           "steps": [], "respondents": set(), "visits": set(), "texts": [],
                                           "scores": [], "chain": False})
            entry["steps"].append(exp.step)
            (entry["respondents"] if is_narrative else entry["visits"]).add(who)
            entry["texts"].append(exp.pain.strip())
            entry["scores"].append(exp.score)
            entry["chain"] = entry["chain"] or exp.chain
    pains = []
    for key, e in found.items():
        steps = tuple(sorted(dict.fromkeys(e["steps"]), key=lambda s: order.get(s, len(order))))
        texts = tuple(dict.fromkeys(e["texts"]))
        text = themes.get(e["theme"], texts[0]) if e["theme"] else texts[0]
        pains.append(RoundPain(key, text, e["theme"], steps, len(e["respondents"]), len(e["visits"]), e["chain"],
                               texts, mean(e["scores"]) if e["scores"] else None))
    pains.sort(key=lambda p: (-p.respondents, -p.visits, p.score if p.score is not None else 0, p.text))
    return pains, index


def compare_pains(earlier: Study, later: Study, labels: dict[str, str] | None = None) -> list[PainChange]:
    """Every pain of either round with its state: persisting, new or no longer mentioned (in that order)."""
    labels = labels or ({s.id: s.label for s in earlier.meta.steps} | {s.id: s.label for s in later.meta.steps})
    before, before_index = round_pains(earlier)
    after, _ = round_pains(later)
    before_by_key = {p.key: p for p in before}
    matched: set[str] = set()
    changes = []
    for pain in after:
        candidates = [pain.key] if pain.theme else []
        candidates += [before_index.get(_text_key(step, text), "") for step in pain.steps for text in pain.texts]
        match = next((before_by_key[k] for k in candidates if k in before_by_key and k not in matched), None)
        if match is not None:
            matched.add(match.key)
        step = pain.steps[0]
        changes.append(PainChange(step, labels.get(step, step), pain.text, "persisting" if match else "new", match, pain))
    for pain in before:
        if pain.key not in matched:
            step = pain.steps[0]
            changes.append(PainChange(step, labels.get(step, step), pain.text, "no_longer_mentioned", pain, None))
    rank = {state: i for i, state in enumerate(PAIN_STATES)}
    return sorted(changes, key=lambda c: rank[c.state])  # stable: most named first within a state


def _text_key(step: str, text: str) -> str:
    return f"text:{step}:{normalise_pain(text)}"


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
           "PainChange", "RoundComparison", "RoundPain", "SegmentChange", "StepChange", "classify", "compare_journeys",
           "compare_pains", "compare_rounds", "normalise_pain", "round_pains", "successors"]
