"""One build, front-end agnostic: load, validate, anonymise, compute and render.

    files -> model (load_site) -> anonymised model -> computed views -> Publication

Nothing here knows MkDocs; the plugin turns the Publication into its files and nav.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..model.problems import Problems
from ..render.output import NavPage, NavSection, Publication
from . import recall
from .options import Options

# The model, the anonymiser and the renderers are imported where a build is computed
# (check, run): a build recalled from its record (publish/recall.py) loads none of them.
if TYPE_CHECKING:
    from ..export.images import ExportBatch
    from ..model import Site
    from .anonymised import Anonymised

log = logging.getLogger("kekpublish")


@dataclass
class Build:
    """The outcome of one run of the pipeline."""

    site: Site | None  # as loaded (raw); None when the build was recalled (run(reuse=True))
    problems: Problems
    publication: Publication = field(default_factory=Publication)
    anonymised: Anonymised | recall.GateTerms | None = None  # recalled: only what the leak gate needs
    studies_in_docs: list[str] = field(default_factory=list)  # study folders found inside docs_dir (format v1)
    located: dict[str, str] = field(default_factory=dict)  # a study source's rel -> the path problems name it by
    root: str | None = None  # the folder problems' paths are relative to
    exports: ExportBatch | None = None  # run(exports="background"): PNG/PDF conversions still under way
    key: str | None = None  # run(reuse=True): the key of its inputs (publish/recall.py)
    recalled: bool = False  # taken from the record of the last published build, nothing computed
    complete: bool = True  # false when something was left out that a later build with the same inputs may make (exports without cairo)
    _study_files: set[str] = field(default_factory=set)  # a recalled build's site.study_files

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    @property
    def study_files(self) -> set[str]:
        """The docs_dir files a front end must leave out: study sources and raw files, never published as such."""
        return self.site.study_files if self.site is not None else self._study_files

    @property
    def pending_exports(self) -> list:
        """The publication's files (OutputFile) whose PNG/PDF is still being converted: empty until finish_exports()."""
        return self.exports.pending if self.exports is not None else []

    def finish_exports(self) -> bool:
        """Wait for the conversions run(exports="background") started and fill their files; a chart
        that could not be converted is an error in problems, naming it. True when the build is still ok."""
        if self.exports is not None:
            exports, self.exports = self.exports, None
            exports.wait(self.problems)
        return self.ok

    def cancel_exports(self) -> None:
        """The build failed or stopped: drop the conversions still queued (their files stay empty)."""
        if self.exports is not None:
            self.exports.cancel()
            self.exports = None


def check(docs_dir: str | os.PathLike, options: Options, exclude: Callable[[str], bool] = lambda rel: False, *,
          studies_dir: str | os.PathLike | None = None) -> Build:
    """Load and validate only (kekpublish check without --report).

    Studies come from `studies_dir` (the recommended layout: outside docs_dir, so no other
    builder finds them) and from docs_dir (format v1). Their pages get the same addresses
    either way: a study's folder relative to the dir it was found in.
    """
    from ..model import load_site
    from ..model.crossref import check_site

    log.info("studies laden")
    # With studies_dir, the rules that span files run once, on both folders together: a journey
    # may have rounds in both while a project moves its studies out of docs_dir one at a time.
    site, problems = load_site(docs_dir, max_bytes=options.max_file_size, exclude=exclude, cross_checks=studies_dir is None)
    in_docs = [s.folder or "." for s in site.studies]
    if studies_dir is None:
        return Build(site, problems, studies_in_docs=in_docs, root=str(docs_dir))
    studies_dir = Path(studies_dir)
    problem = layout_problem(Path(docs_dir), studies_dir)
    if problem:
        problems.add(problem[0], None, "studies_dir", problem[1])
        return Build(site, problems, studies_in_docs=in_docs)
    found, found_problems = load_site(studies_dir, max_bytes=options.max_file_size, cross_checks=False)
    label = _label(studies_dir, Path(docs_dir))
    docs_label = _label(Path(docs_dir), studies_dir)
    merged = Problems()
    merged.extend(dataclasses.replace(p, file=f"{docs_label}/{p.file}") for p in problems.items)
    merged.extend(dataclasses.replace(p, file=f"{label}/{p.file}") for p in found_problems.items)
    folders = {s.folder: s for s in site.studies}
    for study in found.studies:
        if study.folder in folders:
            merged.add(f"{label}/{study.source.rel}", None, "",
                       f"'{docs_label}/{folders[study.folder].source.rel}' is a study at the same address '{study.folder or '.'}/'; "
                       "keep one of the two (move the one in the docs folder into studies_dir)")
    for page in found.pages:
        merged.add(f"{label}/{page.rel}", None, "",
                   "an ordinary page outside any study is not published from studies_dir; move it to the docs folder "
                   f"({docs_label}) or into a study folder", "warning")
    site.studies = sorted(site.studies + [s for s in found.studies if s.folder not in folders],
                          key=lambda s: (s.journey, s.sort_key, s.folder))
    located = {src.rel: f"{docs_label}/{src.rel}" for s in folders.values() for src in s.sources()}
    located |= {src.rel: f"{label}/{src.rel}" for s in found.studies if s.folder not in folders for src in s.sources()}
    across = Problems()
    check_site(site, across)
    merged.extend(dataclasses.replace(p, file=located.get(p.file, p.file)) for p in across.items)
    root = os.path.commonpath([studies_dir.resolve(), Path(docs_dir).resolve()])
    return Build(site, merged, studies_in_docs=in_docs, located=located, root=root)


def layout_problem(docs_dir: Path, studies_dir: Path) -> tuple[str, str] | None:
    """Why studies_dir cannot be used with docs_dir, or None: it must exist and lie beside docs_dir."""
    studies, docs = studies_dir.resolve(), docs_dir.resolve()
    if not studies.is_dir():
        return str(studies_dir), "the folder named by the plugin option studies_dir does not exist; create it or fix the option"
    if studies == docs or docs in studies.parents:
        return str(studies_dir), ("studies_dir lies inside docs_dir, so every builder would still find the raw files; "
                                  "put it beside docs_dir (e.g. studies/ next to mkdocs.yml)")
    if studies in docs.parents:
        return str(studies_dir), "docs_dir lies inside studies_dir; put the two folders side by side"
    return None


def _label(folder: Path, other: Path) -> str:
    """A folder as a user reads it in a message: relative to the folder both share."""
    folder, other = folder.resolve(), other.resolve()
    try:
        return folder.relative_to(Path(os.path.commonpath([folder, other]))).as_posix() if folder != other else folder.name
    except ValueError:
        return folder.as_posix()


def moving_notice(build: Build, docs_label: str) -> str | None:
    """Said once per build when studies live in docs_dir: what any other builder would publish, and how to move."""
    if not build.studies_in_docs:
        return None
    folders = ", ".join(build.studies_in_docs)
    return (f"kekpublish: the studies {folders} are inside docs_dir ({docs_label}): any builder that does not run kekpublish "
            "(Zensical, MkDocs with the plugin off) would publish their raw files, names included. Move them beside it, "
            "e.g. `git mv " + f"{docs_label}/{build.studies_in_docs[0]} studies/` and set `studies_dir: studies` in the "
            "kekpublish plugin options; their addresses stay the same.")


def run(docs_dir: str | os.PathLike, options: Options, *, exclude: Callable[[str], bool] = lambda rel: False,
        has_home: bool = False, studies_dir: str | os.PathLike | None = None, docs_label: str | None = None,
        exports: str = "wait", reuse: bool = False, release_deduce: bool = False) -> Build:
    """Everything a front end needs to publish the docs dir (and studies_dir); stops after validation on errors.

    `exports` "wait": every PNG/PDF is converted before run() returns. "background": the
    conversions start in worker processes and run() returns at once; the front end renders
    its pages meanwhile and calls `build.finish_exports()` before it writes the files in
    `build.pending_exports` (and before the leak gate reads them), or `build.cancel_exports()`.
    "defer": nothing is converted unless finish_exports() is called (`kekpublish gate`, `check
    --report`: a front end that needs the terms and pages, not the PNG/PDF files).

    `release_deduce`: a front end that builds once (`mkdocs build`) lets go of deduce once the
    studies are anonymised (anonymise/nlp.py release) when PNG/PDF conversions are about to
    start: the worker processes then fork from a smaller process. When every export is in the
    cache (an edit, a new day) deduce stays until the process ends: giving it back costs a full
    collection of the heap (about 0.25 s) and saves nothing a later step needs.

    `reuse`: when every input is as it was for the last build the front end published and
    remembered (`remember`), that build is recalled (publish/recall.py) instead of computed:
    `build.recalled` is true, `build.site` is None, its exports are filled.
    """
    if exports not in ("wait", "background", "defer"):
        raise ValueError(f"exports={exports!r}: 'wait', 'background' or 'defer'")
    key = None
    if reuse and options.cache_dir is not None:
        key = recall.inputs_key(docs_dir, options, exclude=exclude, studies_dir=studies_dir, has_home=has_home,
                                docs_label=docs_label)
        record = recall.recall(key, options.cache_dir)
        if record is not None:
            log.info("kekpublish: nothing changed since the last published build; its pages are used again")
            return Build(None, record.problems, publication=record.publication, anonymised=record.gate,
                         located=record.located, root=record.root, key=key, recalled=True,
                         _study_files=record.study_files)
    from ..export.images import ExportBatch
    from ..render import actions as action_pages
    from ..render import charts
    from ..render.i18n import label
    from ..render.measurements import measurement_pages
    from ..render.studies import home_page, studies_nav, study_nav, study_pages
    from ..render.themes import themes_pages
    from .anonymised import anonymise_site

    build = check(docs_dir, options, exclude, studies_dir=studies_dir)
    build.key = key
    if not build.ok:
        return build
    notice = moving_notice(build, docs_label or Path(docs_dir).name)
    if notice:
        build.publication.notices.append(notice)
    found = Problems()
    anonymised = anonymise_site(build.site, options, found, roots=(docs_dir, studies_dir))
    build.problems.extend(dataclasses.replace(p, file=build.located.get(p.file, p.file)) for p in found.items)
    build.anonymised = anonymised
    site, language = anonymised.site, options.language
    pub = build.publication
    pub.add(anonymised.publication())  # (1.1) ordinary pages of study folders, anonymised with their study's rules
    batch = ExportBatch(options.cache_dir)
    timelines = measurement_pages(site, options)  # (1.1) one time-line page per journey with interim measurements
    sections = {}
    for study in site.studies:
        pub.add(study_pages(study, language, previous=site.previous_round(study), options=options))
        chart = charts.chart_pages(study, options, batch, previous=site.previous_round(study))
        if options.exports and chart.notices:  # its only notice: PNG/PDF skipped (no cairo), which a later build may have
            build.complete = False
        for page in chart.pages:
            page.wide = True
        plan = action_pages.actionplan_pages(study, options) if study.actionplan else Publication()
        timeline = timelines.get(study.folder, Publication())
        pub.add(chart)
        pub.add(plan)
        pub.pages += timeline.pages
        sections[study.folder] = study_nav(study, language, [p.uri for p in chart.pages + timeline.pages + plan.pages])
    pub.nav += studies_nav(site, sections, language)
    if batch.jobs:
        log.info("grafieken exporteren: %d bestanden", len(batch.jobs))
    if release_deduce and exports != "defer" and not batch.all_cached(batch.jobs):
        from ..anonymise import nlp

        nlp.release()
    if exports == "background":
        if build.ok:
            build.exports = batch.start()  # converting in worker processes while the front end renders the pages
    elif exports == "defer":
        build.exports = batch  # converted only if the front end calls finish_exports()
    else:
        batch.run(build.problems)  # every PNG/PDF of the build at once, in parallel; a chart that fails is an error naming it
    if not build.ok:
        build.cancel_exports()
        return build
    tracker = action_pages.tracker_pages(site, options) if any(s.actionplan for s in site.studies) else Publication()
    comparisons = action_pages.comparison_pages(site, options)
    for page in tracker.pages + comparisons.pages:
        page.wide = True
    pub.pages += tracker.pages + comparisons.pages
    pub.files += tracker.files + comparisons.files
    pub.nav += [p.uri for p in tracker.pages]
    themes = themes_pages(site, options)  # (1.1) themes across journeys, with CSV/JSON
    for page in themes.pages:
        page.wide = True
    pub.pages += themes.pages
    pub.files += themes.files
    pub.nav += themes.nav
    if comparisons.pages:
        # under "Rondes vergelijken" each journey by its name alone (the page's title says "…: rondes vergeleken")
        pub.nav.append(NavSection(label(language, "home.compare"),
                                  [NavPage(p.context["name"], p.uri) for p in comparisons.pages]))
    if not has_home and not any(s.folder == "" for s in site.studies):
        compared = {p.uri for p in comparisons.pages}
        def comparison_link(journey: str) -> str | None:
            uri = action_pages.comparison_uri(journey, language)
            return uri.removesuffix(".md") + "/" if uri in compared else None
        home = home_page(site, language, comparison_link, has_tracker=bool(tracker.pages), options=options)
        pub.pages.insert(0, home)
        pub.nav.insert(0, home.uri)
    return build


def remember(build: Build, options: Options) -> bool:
    """Keep a published build for the next run(reuse=True) with the same inputs (publish/recall.py).

    Call it only after the build passed the leak gate and was published, with its exports
    finished; a recalled build is already remembered. True when a record was written.
    """
    if (build.key is None or build.recalled or not build.ok or not build.complete or build.exports is not None
            or build.site is None):
        return False
    from .anonymised import Anonymised

    if not isinstance(build.anonymised, Anonymised):
        return False
    pub = build.publication
    files, exported = [], {}
    for index, output in enumerate(pub.files):
        if output.export is not None and isinstance(output.content, bytes) and output.content:
            exported[index] = output.export
            output = dataclasses.replace(output, content=b"")  # the export cache holds its bytes
        files.append(output)
    record = recall.Record(
        key=build.key, publication=Publication(pages=pub.pages, files=files, nav=pub.nav, notices=pub.notices),
        problems=build.problems, study_files=set(build.site.study_files),
        gate=recall.GateTerms(set(build.anonymised.leak_terms), set(build.anonymised.keep)),
        root=build.root, located=dict(build.located), exports=exported)
    return recall.remember(record, options.cache_dir)
