"""One build, front-end agnostic: load, validate, anonymise, compute and render.

    files -> model (load_site) -> anonymised model -> computed views -> Publication

Nothing here knows MkDocs; the plugin turns the Publication into its files and nav.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from ..model import Problems, Site, load_site
from ..render import actions as action_pages
from ..export.images import ExportBatch
from ..render import charts
from ..render.i18n import label
from ..render.output import NavSection, Publication
from ..render.studies import home_page, study_nav, study_pages
from .anonymised import Anonymised, anonymise_site
from .options import Options


@dataclass
class Build:
    """The outcome of one run of the pipeline."""

    site: Site  # as loaded (raw): only for knowing which files to leave out
    problems: Problems
    publication: Publication = field(default_factory=Publication)
    anonymised: Anonymised | None = None

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def check(docs_dir: str | os.PathLike, options: Options, exclude: Callable[[str], bool] = lambda rel: False) -> Build:
    """Load and validate only (kekpublish check without --report)."""
    site, problems = load_site(docs_dir, max_bytes=options.max_file_size, exclude=exclude)
    return Build(site, problems)


def run(docs_dir: str | os.PathLike, options: Options, *, exclude: Callable[[str], bool] = lambda rel: False,
        has_home: bool = False) -> Build:
    """Everything a front end needs to publish the docs dir; stops after validation on errors."""
    build = check(docs_dir, options, exclude)
    if not build.ok:
        return build
    anonymised = anonymise_site(build.site, options, build.problems)
    build.anonymised = anonymised
    site, language = anonymised.site, options.language
    pub = build.publication
    exports = ExportBatch(options.cache_dir)
    for study in site.studies:
        pub.add(study_pages(study, language))
        chart = charts.chart_pages(study, options, exports)
        for page in chart.pages:
            page.wide = True
        plan = action_pages.actionplan_pages(study, options) if study.actionplan else Publication()
        pub.add(chart)
        pub.add(plan)
        pub.nav.append(study_nav(study, language, [p.uri for p in chart.pages + plan.pages]))
    exports.run()  # every PNG/PDF of the build at once, in parallel
    tracker = action_pages.tracker_pages(site, options) if any(s.actionplan for s in site.studies) else Publication()
    comparisons = action_pages.comparison_pages(site, options)
    for page in tracker.pages + comparisons.pages:
        page.wide = True
    pub.pages += tracker.pages + comparisons.pages
    pub.files += tracker.files + comparisons.files
    pub.nav += [p.uri for p in tracker.pages]
    if comparisons.pages:
        pub.nav.append(NavSection(label(language, "home.compare"), [p.uri for p in comparisons.pages]))
    if not has_home and not any(s.folder == "" for s in site.studies):
        compared = {p.uri for p in comparisons.pages}
        def comparison_link(journey: str) -> str | None:
            uri = action_pages.comparison_uri(journey)
            return uri.removesuffix(".md") + "/" if uri in compared else None
        home = home_page(site, language, comparison_link, has_tracker=bool(tracker.pages))
        pub.pages.insert(0, home)
        pub.nav.insert(0, home.uri)
    return build
