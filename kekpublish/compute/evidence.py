"""Where every claim of a study comes from: the narratives and visits behind a pain, idea, quote or score.

A claim is a text at a step in one layer of the klantreiskaart (pain, idea, need,
touchpoint, thought), a quote, or a score of a segment at a step. Its evidence is
the narratives (respondent codes) and mystery-shopping visits it was found in,
in study order, with the study's totals so a page can say "genoemd door 5 van 8
respondenten". A claim that rests on one respondent and no visit is `single`:
a researcher sees which claims need a second source before a board acts on them.

Texts are matched as the klantreiskaart and the hartmonitor merge them: case and
white space ignored. The respondent codes and visit ids are published anyway (they
name the narrative and visit pages), so nothing here adds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.site import Study

NARRATIVE, VISIT = "narrative", "visit"


@dataclass(frozen=True)
class Source:
    """One narrative or visit a claim was found in."""

    kind: str  # narrative | visit
    key: str  # the page slug: r03, balie-aangifte
    code: str  # what the site shows: the respondent code, or the visit's slug
    segment: str | None = None  # narratives: the segment id


@dataclass(frozen=True)
class Evidence:
    """The sources of one claim, with the study's totals."""

    sources: tuple[Source, ...]
    total_respondents: int
    total_visits: int

    @property
    def narratives(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.kind == NARRATIVE)

    @property
    def visits(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.kind == VISIT)

    @property
    def respondents(self) -> int:
        return len(self.narratives)

    @property
    def single(self) -> bool:
        """The claim rests on one respondent only (no second respondent, no visit)."""
        return self.respondents == 1 and not self.visits

    def __add__(self, other: "Evidence") -> "Evidence":
        return Evidence(tuple(dict.fromkeys(self.sources + other.sources)), self.total_respondents, self.total_visits)


def norm(text: str) -> str:
    """How equal texts are merged on the map and in the hartmonitor: case and white space ignored."""
    return " ".join(text.casefold().split())


LAYER_FIELDS = {"touchpoints": "touchpoint", "thoughts": "thought", "needs": "need", "pains": "pain", "ideas": "idea"}


@dataclass
class StudyEvidence:
    """Every claim of one study and its sources; look-ups return an empty Evidence for an unknown claim."""

    study: Study
    texts: dict[tuple[str, str, str], list[Source]] = field(default_factory=dict)  # (layer, step, norm text)
    themes: dict[str, list[Source]] = field(default_factory=dict)  # theme id -> sources
    scores: dict[tuple[str, str | None], list[Source]] = field(default_factory=dict)  # (step, segment or None) -> sources
    quotes: dict[str, list[Source]] = field(default_factory=dict)  # norm quote text -> sources

    def _evidence(self, found: list[Source] | None) -> Evidence:
        return Evidence(tuple(found or ()), len(self.study.narratives), len(self.study.visits))

    def text(self, layer: str, step: str, text: str, segment: str | None = None) -> Evidence:
        """The sources of a text in a layer of the map at a step (layer: pains, ideas, needs, touchpoints, thoughts).

        With `segment`, only that segment's narratives (as on a segment's own map, which has no visits).
        """
        found = self.texts.get((layer, step, norm(text))) or []
        if segment is not None:
            found = [s for s in found if s.kind == NARRATIVE and s.segment == segment]
        return self._evidence(found)

    def pain(self, step: str, text: str) -> Evidence:
        return self.text("pains", step, text)

    def idea(self, step: str, text: str) -> Evidence:
        return self.text("ideas", step, text)

    def theme(self, theme: str) -> Evidence:
        return self._evidence(self.themes.get(theme))

    def score(self, step: str, segment: str | None = None) -> Evidence:
        """The narratives scoring a step (of one segment; None: all of them, and the visits)."""
        return self._evidence(self.scores.get((step, segment)))

    def quote(self, text: str) -> Evidence:
        return self._evidence(self.quotes.get(norm(text)))

    def pains_at(self, steps) -> list[tuple[str, str, Evidence]]:
        """Every pain named at any of `steps`: (step, text as first written, evidence), most named first."""
        wanted = set(steps)
        found: dict[tuple[str, str], str] = {}
        for narrative_or_visit in [*self.study.narratives, *self.study.visits]:
            for exp in narrative_or_visit.meta.experiences:
                if exp.pain and exp.pain.strip() and exp.step in wanted:
                    found.setdefault((exp.step, norm(exp.pain)), " ".join(exp.pain.split()))
        order = {s.id: i for i, s in enumerate(self.study.meta.steps)}
        result = [(step, text, self.pain(step, text)) for (step, _), text in found.items()]
        return sorted(result, key=lambda r: (-r[2].respondents, -len(r[2].visits), order.get(r[0], 0)))


def _add(table: dict, key, source: Source) -> None:
    found = table.setdefault(key, [])
    if source not in found:
        found.append(source)


def study_evidence(study: Study) -> StudyEvidence:
    """The sources of every claim of a study (narratives in study order, then visits)."""
    ev = StudyEvidence(study)
    people = [(Source(NARRATIVE, n.slug, n.meta.respondent, n.meta.segment), n.meta) for n in study.narratives]
    people += [(Source(VISIT, v.slug, v.slug), v.meta) for v in study.visits]
    for source, meta in people:
        for exp in meta.experiences:
            for layer, name in LAYER_FIELDS.items():
                value = getattr(exp, name)
                if value and value.strip():
                    _add(ev.texts, (layer, exp.step, norm(value)), source)
            if exp.feeling and exp.feeling.strip() and not (exp.thought and exp.thought.strip()):
                _add(ev.texts, ("thoughts", exp.step, norm(exp.feeling)), source)
            if exp.theme:
                _add(ev.themes, exp.theme, source)
            _add(ev.scores, (exp.step, None), source)
            if source.kind == NARRATIVE:
                _add(ev.scores, (exp.step, source.segment), source)
        for quote in getattr(meta, "quotes", []):
            _add(ev.quotes, norm(quote.text), source)
    return ev


__all__ = ["Evidence", "NARRATIVE", "Source", "StudyEvidence", "VISIT", "norm", "study_evidence"]
