"""Pages of a study: its overview, one page per narrative and per mystery-shopping visit, and the home.

URLs are built from the study folder, respondent codes and ids, never from
titles or names, with the words of render/addresses.py for the site's language
(Dutch sites: `<folder>/narratieven/r01.md`, English: `<folder>/narratives/r01.md`).
With MkDocs' directory URLs that page is served at `<folder>/narratieven/r01/`;
templates link relative to that.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..compute import actions as act
from ..compute.kern import study_kern
from ..model.site import Narrative, Site, Study, Visit, slug
from .addresses import WORDS, address
from .evidence import narrative_actions
from .formats import age_band, journey_names, long_date, month_year, round_name
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


def study_name(study: Study, language: str = "nl") -> str:
    """How a study is called in navigation and lists: its life event and round ('najaar 2026')."""
    return f"{study.meta.life_event} ({round_name(study.meta.round, language)})"


def plural(language: str, key: str, n: int) -> str:
    """'1 respondent' / '2 respondenten': the count with its noun (labels count.<key>.one / .other)."""
    return label(language, f"count.{key}.{'one' if n == 1 else 'other'}", n=n)


_KERNS: dict = {"options": None, "views": {}}  # this build's kern views: the study page and the home page show the same


def kern_view(study: Study, previous: Study | None, language: str, options=None) -> dict:
    """De kern of a study for a template: its lines in words (render/kern.py) and the small hartmonitor.

    The reference date is the action plan's (as_of, else the build's date), as on the action plan page.
    Within one build (one Options object) a study's view is made once: the same study, previous
    round and language give the same view (the objects are held, so their ids are not reused).
    """
    if options is None:
        return _kern_view(study, previous, language, None)
    if _KERNS["options"] is not options:
        _KERNS["options"], _KERNS["views"] = options, {}
    views = _KERNS["views"]
    key = (id(study), id(previous), language)
    hit = views.get(key)
    if hit is not None and hit[0] is study and hit[1] is previous:
        return hit[2]
    view = _kern_view(study, previous, language, options)
    views[key] = (study, previous, view)
    return view


def _kern_view(study: Study, previous: Study | None, language: str, options=None) -> dict:
    from ..publish.options import Options
    from .kern import hartmonitor_thumbnail, kern_lines

    options = options or Options(language=language)
    kern = study_kern(study, previous, act.reference_date(study, options))
    key = slug(study.folder or study.meta.round or "kek")
    return {
        "id": f"kern-{key}",
        "lines": kern_lines(kern, language),
        "thumbnail": Markup(hartmonitor_thumbnail(kern, language, chart_id=f"kek-kern-{key}", colours=options.colours)),
    }


def study_pages(study: Study, language: str, *, previous: Study | None = None, options=None) -> Publication:
    """The overview, narrative and visit pages of one (anonymised) study; `previous` is the round before it."""
    pub = Publication()
    steps = {s.id: s.label for s in study.meta.steps}
    partners = {p.id: p.name for p in study.meta.partners}
    segments = {s.id: s.label for s in study.meta.segments}
    t = lambda key, **kw: label(language, key, **kw)  # noqa: E731

    counts = Counter(n.meta.segment for n in study.narratives)
    # plain values in the context, not the validation models: a recalled build (publish/recall.py) never loads them
    phases = [(phase.label, [s.model_dump() for s in study.meta.steps if s.phase == phase.id]) for phase in study.meta.phases]
    loose = [s.model_dump() for s in study.meta.steps if s.phase is None or s.phase not in study.phases]
    if loose:
        phases.append(("", loose))
    pub.pages.append(OutputPage(
        uri=study_uri(study),
        title=study.meta.title,
        template="kekpublish/study.html",
        markdown=study.source.body,
        context={
            "study": study.meta.model_dump(),
            "journey_type": t(f"journey_type.{study.meta.journey_type}"),
            "fieldwork": _period(study, language),
            "segments": [(s.label, plural(language, "respondents", counts.get(s.id, 0))) for s in study.meta.segments],
            "counts": t("study.counts_value", narratives=plural(language, "narratives", len(study.narratives)),
                        visits=plural(language, "visits", len(study.visits))),
            "partners": [p.name for p in study.meta.partners],
            "phases": phases,
            "narratives": [(f"{address(language, 'narratives')}/{n.slug}/", _headline(n), segments.get(n.meta.segment, "")) for n in study.narratives],
            "visits": [(f"{address(language, 'shopping')}/{v.slug}/", v.meta.title or t("visit.untitled", partner=partners.get(v.meta.partner, "")), partners.get(v.meta.partner, "")) for v in study.visits],
            "has_actionplan": study.actionplan is not None,
            "addr": page_words(language),
            "round": round_name(study.meta.round, language),
            "kern": kern_view(study, previous, language, options),
        },
    ))
    step_order = [(s.id, s.label) for s in study.meta.steps]
    segment_style = {s.id: i for i, s in enumerate(study.meta.segments)}
    colours = options.colours if options is not None else None
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
                "curve": _person_curve(narrative, step_order, segment_style.get(n.segment, 0), colours, language),
                "study_name": study_name(study, language),
                "answers": narrative_actions(study, narrative, f"../../{address(language, 'actionplan')}/", language),
                "has_actionplan": study.actionplan is not None,
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
                "study_name": study_name(study, language),
            },
        ))
    return pub


def home_page(site: Site, language: str, uri_of_comparison=None, has_tracker: bool = False, *,
              options=None) -> OutputPage:
    """The site home when the docs dir has no index.md: every study with its kern, grouped by journey."""
    journeys = []
    names = journey_names(site)
    for journey, rounds in site.journeys().items():
        rows = []
        for index in reversed(range(len(rounds))):  # newest round first
            study = rounds[index]
            plan = study.actionplan.meta.actions if study.actionplan else []
            rows.append({
                "href": f"{study.folder}/" if study.folder else "./",
                "life_event": study.meta.life_event,
                "title": study.meta.title,
                "round": round_name(study.meta.round, language),
                "kern": kern_view(study, rounds[index - 1] if index else None, language, options),
                "organisation": study.meta.organisation or "",
                "narratives": len(study.narratives),
                "visits": len(study.visits),
                "actions": len(plan),
            })
        comparison = uri_of_comparison(journey) if uri_of_comparison and len(rounds) > 1 else None
        journeys.append({"name": names[journey], "id": "reis-" + slug(journey), "rows": rows,
                         "comparison": comparison})
    return OutputPage(uri="index.md", title=label(language, "home.title"), template="kekpublish/home.html",
                      context={"journeys": journeys, "has_tracker": has_tracker, "addr": page_words(language)})


def studies_nav(site: Site, sections: dict[str, NavSection], language: str) -> list[NavSection]:
    """The studies' part of the nav (`sections`: each study's own, by folder).

    A site that follows one journey lists its rounds as they are ("Verhuizen (voorjaar
    2026)"). With several journeys, each journey is one section holding its rounds, the
    latest first and each named by its round: a municipality that follows eight journeys
    for ten years shows eight entries, not eighty alike, and every page carries a nav of
    that size (navigation.prune keeps only the open section's pages).
    """
    journeys = site.journeys()
    if len(journeys) <= 1:
        return [sections[study.folder] for study in site.studies]
    names = journey_names(site)
    items = []
    for key, rounds in journeys.items():
        if len(rounds) == 1:
            study = rounds[0]
            items.append(NavSection(f"{names[key]} ({round_name(study.meta.round, language)})",
                                    sections[study.folder].children))
        else:
            items.append(NavSection(names[key], [NavSection(round_name(study.meta.round, language),
                                                            sections[study.folder].children)
                                                 for study in reversed(rounds)]))
    return items


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
    return NavSection(study_name(study, language), children)


def _person_curve(narrative: Narrative, steps, style: int, colours, language: str) -> dict | None:
    """The respondent's own small curve (render/svg/sparkline.py) with its numbers in text; None without scores."""
    from .svg import sparkline

    points = sparkline.person_curve(narrative.meta.experiences, steps)
    if not points:
        return None
    who = narrative.display_name
    listed = "; ".join(f"{p.number}. {p.label} {sparkline.whole(p.value)}" for p in points)
    low = min(points, key=lambda p: (p.value, p.number))
    desc = label(language, "narrative.curve_desc", respondent=who, steps=plural(language, "steps", len(points)),
                 points=listed, low=low.label, value=sparkline.whole(low.value))
    title = label(language, "narrative.curve_title", respondent=who)
    kwargs = {"colours": colours} if colours else {}
    svg = sparkline.sparkline_svg(points, title=title, desc=desc, chart_id=f"kek-curve-{slug(narrative.slug)}",
                                  style=style, **kwargs)
    return {"svg": Markup(svg), "title": title,
            "points": [{"number": p.number, "label": p.label, "value": sparkline.whole(p.value), "step": p.step}
                       for p in points]}


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
