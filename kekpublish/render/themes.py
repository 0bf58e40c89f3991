"""The site-wide themes page `themas/index.md` (`themes/index.md` on an English site) and its exports.

Served at `themas/`: studies are linked as `../<folder>/`, their narratives as
`../<folder>/narratieven/<code>/`, action plans as `../<folder>/actieplan/#actie-<id>`;
the exports `themas/themes.csv` and `themes.json` sit beside the page (compute/themes.py
says what is on it and in which order; export/tables.py how the files are written).
"""

from __future__ import annotations

from ..compute import actions as act
from ..compute import themes as th
from ..compute.evidence import Evidence
from ..export import tables
from ..model.site import Site, slug
from . import formats
from .actions import STATUS_ICONS
from .addresses import address
from .evidence import sources
from .i18n import label
from .output import OutputFile, OutputPage, Publication


def themes_uri(language: str = "nl") -> str:
    return f"{address(language, 'themes')}/index.md"


def _folder(study) -> str:
    return f"{study.folder}/" if study.folder else ""


LONG_ROUNDS = 3  # more rounds than this in one journey: the page shows the latest, the rest folded


def _focus(rounds: tuple) -> list:
    """The first, the previous and the latest round of a long history; every round of a short one."""
    return [rounds[0], rounds[-2], rounds[-1]] if len(rounds) > LONG_ROUNDS else list(rounds)


def theme_items(themes: list[th.SiteTheme], site: Site, options) -> list[dict]:
    language = options.language
    plan, hartmonitor = address(language, "actionplan"), address(language, "hartmonitor")
    references = {id(s): act.reference_date(s, options) for s in site.studies}
    items = []
    names = formats.journey_names(site)
    for theme in themes:
        occurrences = []
        for o in theme.occurrences:
            study = o.study
            ev = Evidence(o.sources, len(study.narratives), len(study.visits))
            views = {v.id: v for v in act.action_views(study, references[id(study)])} if study.actionplan else {}
            occurrences.append({
                "study": study.meta.title, "journey": names[study.journey],
                "round": formats.round_name(study.meta.round, language), "href": f"../{_folder(study)}",
                "steps": [{"label": lbl, "href": f"../{_folder(study)}{hartmonitor}/#step-{step}"} for step, lbl in o.steps],
                "sources": sources(ev, f"../{_folder(study)}", language) if o.sources else None,
                "actions": [{"id": a.id, "title": a.title, "status": a.status, "icon": STATUS_ICONS[a.status],
                             "status_label": label(language, f"actions.status.{a.status}"),
                             "overdue": bool(views.get(a.id) and views[a.id].overdue),
                             "href": f"../{_folder(study)}{plan}/#actie-{slug(a.id)}"} for a in o.actions],
            })
        journeys = len(theme.journeys)
        # A journey followed for years: its latest round where the theme occurs shown, the earlier ones folded.
        places = []
        for o, item in zip(theme.occurrences, occurrences):
            if places and places[-1]["journey"] == o.study.journey:
                places[-1]["items"].append(item)
            else:
                places.append({"journey": o.study.journey, "items": [item]})
        long = any(len(p["items"]) > LONG_ROUNDS for p in places) or any(len(m.rounds) > LONG_ROUNDS for m in theme.movements)
        for place in places:
            place["latest"], place["earlier"] = place["items"][-1], list(reversed(place["items"][:-1]))
        items.append({
            "id": theme.id, "anchor": "thema-" + slug(theme.id), "label": theme.label, "chain": theme.chain,
            "journeys": label(language, "themes.journeys." + ("one" if journeys == 1 else "other"), n=journeys),
            "respondents": label(language, "themes.respondents." + ("one" if theme.latest_respondents == 1 else "other"), latest=theme.latest_respondents, total=theme.respondents),
            "partners": theme.partners,
            "occurrences": occurrences,
            "movements": [{"journey": m.journey, "state": m.state, "state_label": label(language, f"themes.state.{m.state}"),
                           "rounds": [label(language, "themes.round_count", round=formats.round_name(r.study.meta.round, language),
                                            n=r.respondents) for r in m.rounds],
                           "focus": [label(language, "themes.round_count", round=formats.round_name(r.study.meta.round, language),
                                           n=r.respondents) for r in _focus(m.rounds)]} for m in theme.movements],
            "long": long,
            "places": places,
            "has_actions": any(o["actions"] for o in occurrences),
        })
    return items


def themes_pages(site: Site, options) -> Publication:
    """The themes page and its CSV/JSON, when any study has a theme."""
    language = options.language
    pub = Publication()
    themes = th.site_themes(site)
    if not themes:
        return pub
    uri, folder = themes_uri(language), address(language, "themes")
    pub.pages.append(OutputPage(
        uri=uri, title=label(language, "themes.title"), template="kekpublish/themes.html", wide=True,
        context={"themes": theme_items(themes, site, options),
                 "count": label(language, "themes.count." + ("one" if len(themes) == 1 else "other"), n=len(themes)),
                 "downloads": [{"href": name, "label": label(language, f"themes.download.{name.rsplit('.', 1)[-1]}")}
                               for name in ("themes.csv", "themes.json")]}))
    pub.files += [OutputFile(f"{folder}/themes.csv", tables.themes_csv(themes, language)),
                  OutputFile(f"{folder}/themes.json", tables.themes_json(themes))]
    pub.nav.append(uri)
    return pub


__all__ = ["theme_items", "themes_pages", "themes_uri"]
