"""The klantreiskaart (journey map): steps grouped by phase × layers.

For every step the layers are gathered from the narratives (and, in the map
for all segments, the mystery-shopping visits): touchpoints (with channel and
partner), thoughts and feelings, information needs, pain points (chain pains
marked) and improvement ideas. Equal texts at a step (ignoring case and white
space) are merged and counted. Entries keep the order in which they first
appear (narratives in study order, then visits).

Shopping visits have no segment: they appear in the map for all segments only
(marked as visits), never in a segment's map. `maps_for` gives one map for all
and, where two or more segments have narratives, one per such segment.
Nothing identifying a respondent (code, pseudonym, file name) is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.site import Study

LAYERS = ("touchpoints", "thoughts", "needs", "pains", "ideas")


@dataclass(frozen=True)
class Entry:
    """One text in a cell of the map."""

    text: str
    respondents: int = 0  # how many respondents mention it
    visits: int = 0  # how many mystery-shopping visits found it
    channel: str | None = None  # touchpoints: balie | telefoon | website | ...
    partner: str | None = None  # touchpoints: the partner's name (published as written)
    feeling: str | None = None  # thoughts: the feeling that goes with the thought (or the feeling alone)
    chain: bool = False  # pains: the pain sits between organisations (ketenknelpunt)

    @property
    def from_visit(self) -> bool:
        return self.visits > 0


@dataclass(frozen=True)
class StepColumn:
    id: str
    label: str
    partners: tuple[str, ...]  # partner names from the study's step definition
    cells: dict  # layer -> tuple[Entry, ...]

    def entries(self, layer: str) -> tuple[Entry, ...]:
        return self.cells.get(layer, ())


@dataclass(frozen=True)
class PhaseGroup:
    id: str | None  # None: steps without a phase
    label: str
    steps: tuple[StepColumn, ...]


@dataclass(frozen=True)
class JourneyMap:
    segment: str | None  # None: all segments (and the visits)
    segment_label: str  # "" for all segments
    phases: tuple[PhaseGroup, ...]
    respondents: int  # narratives behind the map
    visits: int  # visits behind the map
    layers: tuple[str, ...] = LAYERS

    @property
    def steps(self) -> list[StepColumn]:
        return [step for phase in self.phases for step in phase.steps]

    @property
    def is_empty(self) -> bool:
        return not any(step.entries(layer) for step in self.steps for layer in self.layers)


def compute(study: Study, segment: str | None = None) -> JourneyMap:
    """The map for one segment (its narratives only) or for all (every narrative and visit)."""
    narratives = [n for n in study.narratives if segment is None or n.meta.segment == segment]
    visits = list(study.visits) if segment is None else []
    partners = {p.id: p.name for p in study.meta.partners}

    cells: dict[tuple[str, str], dict[tuple, dict]] = {}  # (step, layer) -> key -> merged entry

    def add(step: str, layer: str, key: tuple, who: tuple[str, str], **fields) -> None:
        merged = cells.setdefault((step, layer), {}).setdefault(key, {"who": set(), **fields})
        merged["who"].add(who)
        if fields.get("chain"):
            merged["chain"] = True

    sources = [(("r", str(i)), n.meta.experiences) for i, n in enumerate(narratives)]
    sources += [(("v", str(i)), v.meta.experiences) for i, v in enumerate(visits)]
    for who, experiences in sources:
        for exp in experiences:
            partner = partners.get(exp.partner) if exp.partner else None
            if exp.touchpoint and exp.touchpoint.strip():
                add(exp.step, "touchpoints", (_norm(exp.touchpoint), exp.channel, partner), who,
                    text=_clean(exp.touchpoint), channel=exp.channel, partner=partner)
            thought = _clean(exp.thought or "")
            feeling = _clean(exp.feeling or "")
            if thought or feeling:
                add(exp.step, "thoughts", (_norm(thought), _norm(feeling)), who, text=thought, feeling=feeling or None)
            if exp.need and exp.need.strip():
                add(exp.step, "needs", (_norm(exp.need),), who, text=_clean(exp.need))
            if exp.pain and exp.pain.strip():
                add(exp.step, "pains", (_norm(exp.pain),), who, text=_clean(exp.pain), chain=exp.chain)
            if exp.idea and exp.idea.strip():
                add(exp.step, "ideas", (_norm(exp.idea),), who, text=_clean(exp.idea))

    def column(step) -> StepColumn:
        layers = {}
        for layer in LAYERS:
            merged = cells.get((step.id, layer), {})
            entries = []
            for values in merged.values():
                who = values.pop("who")
                entries.append(Entry(respondents=sum(1 for kind, _ in who if kind == "r"),
                                     visits=sum(1 for kind, _ in who if kind == "v"), **values))
            if layer == "pains":  # as the hartmonitor ranks them: most named first, chain pains before others
                entries.sort(key=lambda e: (-(e.respondents + e.visits), not e.chain))
            layers[layer] = tuple(entries)
        return StepColumn(step.id, step.label, tuple(partners[p] for p in step.partners if p in partners), layers)

    groups: list[PhaseGroup] = []
    for step in study.meta.steps:  # consecutive steps of one phase form a group, in journey order
        phase = step.phase
        if groups and groups[-1].id == phase:
            last = groups[-1]
            groups[-1] = PhaseGroup(last.id, last.label, last.steps + (column(step),))
        else:
            label = study.phases[phase].label if phase and phase in study.phases else ""
            groups.append(PhaseGroup(phase, label, (column(step),)))
    label = study.segments[segment].label if segment and segment in study.segments else ""
    return JourneyMap(segment, label, tuple(groups), len(narratives), len(visits))


def maps_for(study: Study) -> list[JourneyMap]:
    """The map for all segments first; then one per segment with narratives, where two or more segments have them."""
    maps = [compute(study, None)]
    with_narratives = [s.id for s in study.meta.segments if any(n.meta.segment == s.id for n in study.narratives)]
    if len(with_narratives) >= 2:
        maps += [compute(study, segment) for segment in with_narratives]
    return maps


def _clean(text: str) -> str:
    return " ".join(text.split())


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())
