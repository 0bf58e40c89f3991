"""Pages of a study: its overview, one page per narrative and per mystery-shopping visit, and the home.

URLs are built from the study folder, respondent codes and ids, never from
titles or names, with the words of render/addresses.py for the site's language
(Dutch sites: `<folder>/narratieven/r01.md`, English: `<folder>/narratives/r01.md`).
With MkDocs' directory URLs that page is served at `<folder>/narratieven/r01/`;
templates link relative to that.
"""

from __future__ import annotations

from collections import Counter

from ..model.site import Narrative, Site, Study, Visit
from .addresses import WORDS, address
from .formats import age_band, long_date, month_year
from .i18n import label
from .output import NavPage, NavSection, OutputPage, Publication

# The page addresses of a study in Dutch; English sites use address(language, ...) (render/addresses.py).
NARRATIVES_DIR = address("nl", "narratives")
SHOPPING_DIR = address("nl", "shopping")


def page_words(language: str) -> dict[str, str]:
    """The address words of every page a template links to, for the site's language."""
    return {key: address(language, key) for key in WORDS}


def study_uri(study: Study, name: str = "index") -> str:
    """The source uri of a page of the study: study_uri(s) is its overview."""
    return f"{study.folder}/{name}.md" if study.folder else f"{name}.md"


def narrative_uri(study: Study, narrative: Narrative, language: str = "nl") -> str:
    return study_uri(study, f"{address(language, 'narratives')}/{narrative.slug}")


def visit_uri(study: Study, visit: Visit, language: str = "nl") -> str:
    return study_uri(study, f"{address(language, 'shopping')}/{visit.slug}")


def study_name(study: Study) -> str:
    """How a study is called in navigation and lists: its life event and round."""
    return f"{study.meta.life_event} ({study.meta.round})"


def study_pages(study: Study, language: str) -> Publication:
    """The overview, narrative and visit pages of one (anonymised) study."""
    pub = Publication()
    steps = {s.id: s.label for s in study.meta.steps}
    partners = {p.id: p.name for p in study.meta.partners}
    segments = {s.id: s.label for s in study.meta.segments}
    t = lambda key, **kw: label(language, key, **kw)  # noqa: E731

    counts = Counter(n.meta.segment for n in study.narratives)
    phases = [(phase.label, [s for s in study.meta.steps if s.phase == phase.id]) for phase in study.meta.phases]
    loose = [s for s in study.meta.steps if s.phase is None or s.phase not in study.phases]
    if loose:
        phases.append(("", loose))
    pub.pages.append(OutputPage(
        uri=study_uri(study),
        title=study.meta.title,
        template="kekpublish/study.html",
        markdown=study.source.body,
        context={
            "study": study.meta,
            "journey_type": t(f"journey_type.{study.meta.journey_type}"),
            "fieldwork": _period(study, language),
            "segments": [(s.label, counts.get(s.id, 0)) for s in study.meta.segments],
            "partners": [p.name for p in study.meta.partners],
            "phases": phases,
            "narratives": [(f"{address(language, 'narratives')}/{n.slug}/", _headline(n), segments.get(n.meta.segment, "")) for n in study.narratives],
            "visits": [(f"{address(language, 'shopping')}/{v.slug}/", v.meta.title or t("visit.untitled", partner=partners.get(v.meta.partner, "")), partners.get(v.meta.partner, "")) for v in study.visits],
            "has_actionplan": study.actionplan is not None,
            "addr": page_words(language),
        },
    ))
    for narrative in study.narratives:
        n = narrative.meta
        published_profile = [(key, value) for key, value in (n.profile.model_extra or {}).items()
                             if key in study.meta.anonymise.publish_profile and value not in (None, "")]
        pub.pages.append(OutputPage(
            uri=narrative_uri(study, narrative, language),
            title=_headline(narrative),
            template="kekpublish/narrative.html",
            markdown=narrative.source.body,
            context={
                "headline": _headline(narrative),
                "respondent": narrative.display_name,
                "code": n.respondent,
                "segment": segments.get(n.segment, n.segment),
                "age_band": age_band(n.profile.age),
                "profile": published_profile,
                "interviewed": month_year(n.interviewed, language) if n.interviewed else None,
                "method": t(f"method.{n.method}") if n.method else None,
                "experiences": _experiences(n.experiences, steps, partners, language),
                "quotes": [(q.text, steps.get(q.step, "")) for q in n.quotes],
                "study_name": study_name(study),
            },
        ))
    for visit in study.visits:
        v = visit.meta
        pub.pages.append(OutputPage(
            uri=visit_uri(study, visit, language),
            title=v.title or t("visit.untitled", partner=partners.get(v.partner, "")),
            template="kekpublish/visit.html",
            markdown=visit.source.body,
            context={
                "headline": v.title or t("visit.untitled", partner=partners.get(v.partner, "")),
                "partner": partners.get(v.partner, v.partner),
                "channel": t(f"channel.{v.channel}"),
                "visited": long_date(v.visited, language) if v.visited else None,
                "experiences": _experiences(v.experiences, steps, partners, language),
                "study_name": study_name(study),
            },
        ))
    return pub


def home_page(site: Site, language: str, uri_of_comparison=None, has_tracker: bool = False) -> OutputPage:
    """The site home when the docs dir has no index.md: every study, grouped by journey."""
    journeys = []
    for journey, rounds in site.journeys().items():
        rows = []
        for study in reversed(rounds):  # newest round first
            plan = study.actionplan.meta.actions if study.actionplan else []
            rows.append({
                "href": f"{study.folder}/" if study.folder else "./",
                "life_event": study.meta.life_event,
                "title": study.meta.title,
                "round": study.meta.round,
                "organisation": study.meta.organisation or "",
                "narratives": len(study.narratives),
                "visits": len(study.visits),
                "actions": len(plan),
            })
        comparison = uri_of_comparison(journey) if uri_of_comparison and len(rounds) > 1 else None
        journeys.append({"name": rounds[-1].meta.life_event, "rows": rows, "comparison": comparison})
    return OutputPage(uri="index.md", title=label(language, "home.title"), template="kekpublish/home.html",
                      context={"journeys": journeys, "has_tracker": has_tracker, "addr": page_words(language)})


def study_nav(study: Study, language: str, extra: list[str]) -> NavSection:
    """The study's section: overview, charts, narratives, visits, action plan (extra: uris in order)."""
    t = lambda key: label(language, key)  # noqa: E731
    plan = study_uri(study, address(language, "actionplan"))
    children: list = [NavPage(t("nav.overview"), study_uri(study))]
    children += [uri for uri in extra if uri != plan]
    if study.narratives:
        children.append(NavSection(t("nav.narratives"), [narrative_uri(study, n, language) for n in study.narratives]))
    if study.visits:
        children.append(NavSection(t("nav.shopping"), [visit_uri(study, v, language) for v in study.visits]))
    children += [uri for uri in extra if uri == plan]
    return NavSection(study_name(study), children)


def _headline(narrative: Narrative) -> str:
    return narrative.meta.title or narrative.display_name


def _period(study: Study, language: str) -> str | None:
    fieldwork = study.meta.fieldwork
    if not fieldwork or not (fieldwork.start or fieldwork.end):
        return None
    return f"{long_date(fieldwork.start, language)} – {long_date(fieldwork.end, language)}"


def _experiences(experiences, steps: dict, partners: dict, language: str) -> list[dict]:
    t = lambda key: label(language, key)  # noqa: E731
    rows = []
    for exp in experiences:
        rows.append({
            "step": steps.get(exp.step, exp.step),
            "step_id": exp.step,
            "partner": partners.get(exp.partner, "") if exp.partner else "",
            "channel": t(f"channel.{exp.channel}") if exp.channel else "",
            "touchpoint": exp.touchpoint or "",
            "score": exp.score,
            "thought": exp.thought or "",
            "feeling": exp.feeling or "",
            "need": exp.need or "",
            "pain": exp.pain or "",
            "chain": exp.chain,
            "idea": exp.idea or "",
            "moment_of_truth": exp.moment_of_truth,
        })
    return rows
