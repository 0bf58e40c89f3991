"""(1.1) Themes across journeys: every theme of every study and round, site-wide.

A theme (study `themes`, experience `theme`) is one pain across files, rounds
and journeys; the same id in two studies is the same theme (content-format.md,
"What is computed"). Per theme:

- where it occurs: per study (journey and round), the steps where an
  experience names it, the narratives and visits naming it (codes, for links)
  and the partners involved (the experiences' partners, else the steps');
- whether it is a chain pain (marked `chain` anywhere);
- the actions addressing it: actions of a study whose `steps` hold a step where
  that study's experiences name the theme, with their status;
- how it moved between rounds: per journey, respondents naming it in each round,
  and its state in the latest round against the round before (persisting, new,
  no longer mentioned; never "resolved", as on the comparison page).

Reach, the page's order: the number of journeys it occurs in (in any round),
then the respondents naming it in the latest round of each journey, summed,
then all respondents over all rounds. A theme declared but never named is kept
(reach 0), so a researcher sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.site import Site, Study
from ..model.types import Action
from .evidence import NARRATIVE, Source, study_evidence


@dataclass(frozen=True)
class Occurrence:
    """A theme in one study (one round of one journey)."""

    study: Study
    steps: tuple[tuple[str, str], ...]  # (id, label) where it is named, in journey order
    sources: tuple[Source, ...]  # narratives, then visits
    partners: tuple[str, ...]  # names
    chain: bool
    actions: tuple[Action, ...]

    @property
    def respondents(self) -> int:
        return sum(1 for s in self.sources if s.kind == NARRATIVE)

    @property
    def visits(self) -> int:
        return sum(1 for s in self.sources if s.kind != NARRATIVE)


@dataclass(frozen=True)
class RoundCount:
    study: Study
    respondents: int
    visits: int


@dataclass(frozen=True)
class Movement:
    """A theme in the rounds of one journey."""

    journey: str
    rounds: tuple[RoundCount, ...]  # every round of the journey, oldest first (0 where not named)
    state: str  # persisting | new | no_longer_mentioned | only_round (one round) | not_named


@dataclass
class SiteTheme:
    id: str
    label: str
    occurrences: list[Occurrence] = field(default_factory=list)  # in journey, then round order
    movements: list[Movement] = field(default_factory=list)

    @property
    def journeys(self) -> list[str]:
        return list(dict.fromkeys(o.study.journey for o in self.occurrences if o.sources))

    @property
    def chain(self) -> bool:
        return any(o.chain for o in self.occurrences)

    @property
    def partners(self) -> list[str]:
        return list(dict.fromkeys(p for o in self.occurrences for p in o.partners))

    @property
    def respondents(self) -> int:
        """Respondents naming it over every round."""
        return sum(o.respondents for o in self.occurrences)

    @property
    def latest_respondents(self) -> int:
        """Respondents naming it in the latest round of each journey, summed."""
        return sum(m.rounds[-1].respondents for m in self.movements if m.rounds)

    @property
    def visits(self) -> int:
        return sum(o.visits for o in self.occurrences)

    @property
    def actions(self) -> list[tuple[Study, Action]]:
        return [(o.study, a) for o in self.occurrences for a in o.actions]

    @property
    def reach(self) -> tuple[int, int, int]:
        return (len(self.journeys), self.latest_respondents, self.respondents)


def _occurrence(study: Study, theme: str, evidence) -> Occurrence:
    order = {s.id: i for i, s in enumerate(study.meta.steps)}
    steps: list[str] = []
    partners: list[str] = []
    chain = False
    for person in [*study.narratives, *study.visits]:
        for exp in person.meta.experiences:
            if exp.theme != theme:
                continue
            steps.append(exp.step)
            chain = chain or exp.chain
            if exp.partner and exp.partner in study.partners:
                partners.append(study.partners[exp.partner].name)
    steps = sorted(dict.fromkeys(steps), key=lambda s: order.get(s, len(order)))
    if not partners:
        partners = [study.partners[p].name for s in steps if s in study.steps for p in study.steps[s].partners
                    if p in study.partners]
    actions = tuple(a for a in (study.actionplan.meta.actions if study.actionplan else []) if set(a.steps) & set(steps))
    return Occurrence(study, tuple((s, study.steps[s].label if s in study.steps else s) for s in steps),
                      evidence.theme(theme).sources, tuple(dict.fromkeys(partners)), chain, actions)


def site_themes(site: Site) -> list[SiteTheme]:
    """Every theme of the site, widest reach first (see the module's docstring)."""
    themes: dict[str, SiteTheme] = {}
    journeys = site.journeys()
    for journey, rounds in journeys.items():
        for study in rounds:
            evidence = study_evidence(study)
            named = {e.theme for p in [*study.narratives, *study.visits] for e in p.meta.experiences if e.theme}
            for theme_id in [t.id for t in study.meta.themes] + sorted(named - set(study.themes)):
                entry = themes.setdefault(theme_id, SiteTheme(theme_id, theme_id))
                if theme_id in study.themes:
                    entry.label = study.themes[theme_id].label  # the latest round's label wins (rounds oldest first)
                entry.occurrences.append(_occurrence(study, theme_id, evidence))
    for entry in themes.values():
        for journey in dict.fromkeys(o.study.journey for o in entry.occurrences):
            rounds = journeys[journey]
            by_study = {id(o.study): o for o in entry.occurrences}
            counts = tuple(RoundCount(s, by_study[id(s)].respondents if id(s) in by_study else 0,
                                      by_study[id(s)].visits if id(s) in by_study else 0) for s in rounds)
            entry.movements.append(Movement(journey, counts, _state(counts)))
    return sorted(themes.values(), key=lambda t: (tuple(-r for r in t.reach), t.label.casefold()))


def _state(counts: tuple[RoundCount, ...]) -> str:
    named = [c.respondents + c.visits > 0 for c in counts]
    if not any(named):
        return "not_named"
    if len(counts) == 1:
        return "only_round"
    if named[-1]:
        return "persisting" if any(named[:-1]) else "new"
    return "no_longer_mentioned"


STATES = ("persisting", "new", "only_round", "no_longer_mentioned", "not_named")

__all__ = ["Movement", "Occurrence", "RoundCount", "STATES", "SiteTheme", "site_themes"]
