"""The MkDocs plugin: wires kekpublish's core into MkDocs events. The only module that imports mkdocs.

    on_startup       which command runs (mike only loads the config: no staging then)
    on_config        options, language, warnings about other hosts, staging dir for the site
    on_files         run the pipeline; replace study files by generated pages and files
    on_env           the theme's templates compiled once, kept between builds
    on_serve         studies_dir is watched by `mkdocs serve`
    on_page_markdown escape titles
    on_page_content  sanitise the rendered body and wrap it in kekpublish's template
    on_page_context  search reads chart pages without their inline SVGs
    on_post_build    the leak gate; publish the staged site only when it passes
    on_build_error   the staged files go, the last good site stays
    on_shutdown      release the site's lock

What a page, the nav and the assets are is decided in the core (publish/pages.py),
which `kekpublish export` uses too, so the two routes cannot drift.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from . import cache_entries
from .publish import pages as kekpages
from .publish import pipeline
from .publish import sitegate
from .publish import theme_pages
from .publish.page_contents import PageContents
from .publish.hosts import external_requests
from .publish.options import DEFAULT_COLOURS, Options, colours_problem
from .publish.staging import PublishError, StagedBuild, disk_problem
from .render import search_text, templates
from .render.body import toc_tokens
from .render.output import OutputPage
from .report import format_problems

log = logging.getLogger("mkdocs.plugins.kekpublish")

COMPACT_SEARCH = True  # tests switch it off to compare the search index both ways
_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what Material's search removes from a page it read

ASSETS_DIR = kekpages.ASSETS_DIR
SHIM = kekpages.SHIM


class _Colours(c.ListOfItems):
    """A list of hex colours; anything else is a config error naming the option, never replaced."""

    def __init__(self):
        super().__init__(c.Type(str), default=list(DEFAULT_COLOURS))

    def run_validation(self, value):
        problem = colours_problem(value)
        if problem:
            raise c.ValidationError(problem)
        return super().run_validation(value)


class _Forward(logging.Handler):
    """The core's logger ("kekpublish") shown through MkDocs' log: its style, quiet under -q."""

    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, record.getMessage())


_FORWARD = _Forward()


class KekpublishConfig(Config):
    enabled = c.Type(bool, default=True)
    language = c.Choice(("nl", "en"), default="nl")
    colours = _Colours()
    exports = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/kekpublish")
    max_file_size = c.Type(int, default=1_000_000)
    leak_gate = c.Type(bool, default=True)
    studies_dir = c.Optional(c.Type(str))  # beside mkdocs.yml: study folders no other builder would publish


class KekpublishPlugin(BasePlugin[KekpublishConfig]):
    """Publishes the KEK studies of studies_dir (and, format v1, those found in docs_dir)."""

    supports_multiple_instances = False

    def __init__(self):
        self.build: pipeline.Build | None = None
        self.command: str | None = None
        self.pages: dict[str, OutputPage] = {}
        self._contents: PageContents | None = None  # this build's page contents, kept for the next (publish/page_contents.py)
        self._themed: PageContents | None = None  # this build's pages as the theme rendered them (publish/theme_pages.py)
        self._theme_keys: dict[str, tuple[str, str | None]] = {}  # src_uri -> (key, kept output or None)
        self._nav = None
        self.exports: list[tuple[File, object]] = []  # (the site's file, its OutputFile): PNG/PDF still converting
        self._svgs: dict[str, list[str]] = {}  # a chart page's inline SVGs while search reads it
        self._originals: dict[str, str] = {}  # a page's content while search reads its compact form
        self._entry_keys: dict[str, str] = {}  # src_uri -> key of the index entries search makes of its compact form
        self._search: search_text.SearchCache | None = None  # compact search forms, kept across `mkdocs serve` builds
        self._compact: bool | None = None  # whether search reads compact forms in this build (None: not decided yet)
        self.site_dir: str | None = None
        self.staging: str | None = None
        self.staged: StagedBuild | None = None
        self.studies_dir: str | None = None
        self.theme_files: set[str] = set()
        self.warnings: CountHandler | None = None

    def on_startup(self, *, command, dirty):
        """Remember the command: mike (`kekpublish deploy`) only loads the config to read site_dir, and builds in a subprocess."""
        self.command = command

    @event_priority(100)  # before search reads the theme language
    def on_config(self, config):
        """Set the language everywhere, warn about other hosts, and build into a staging dir that replaces site_dir only after the leak gate."""
        if not self.config.enabled:
            return
        kekpublish_log = logging.getLogger("kekpublish")
        if _FORWARD not in kekpublish_log.handlers:
            kekpublish_log.addHandler(_FORWARD)
        kekpublish_log.setLevel(logging.DEBUG)
        kekpublish_log.propagate = False  # shown once, through MkDocs' log
        config.theme["language"] = self.config.language
        # kekpublish's fixes to Material's templates (accessibility), below the user's custom_dir.
        overrides = str(kekpages.overrides_dir())
        if os.path.isdir(overrides) and overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        base = Path(config.config_file_path or ".").resolve().parent
        cache = Path(self.config.cache_dir)
        self.options = Options(
            language=self.config.language,
            colours=tuple(self.config.colours),
            exports=self.config.exports,
            cache_dir=cache if cache.is_absolute() else base / cache,
            override_dirs=tuple(d for d in [config.theme.custom_dir] if d),
            max_file_size=self.config.max_file_size,
        )
        self.studies_dir = str(base / self.config.studies_dir) if self.config.studies_dir else None
        if os.environ.get("KEKPUBLISH_OFFLINE") == "1":
            _enable_offline(config)
        if "material/offline" in config.plugins and config.plugins["material/offline"].config.enabled:
            # Material's offline plugin would load the iframe-worker shim from unpkg.com: name our copy first.
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
        if self.command == "mike":
            return config  # mike reads site_dir from this config after its own `mkdocs build`: leave it as it is
        for message in external_requests(_plain(config)):
            log.warning(message)
        self._compact = None  # decided again at this build's first page
        self._entry_keys = {}
        if self._search is not None:  # `mkdocs serve`: start from what the last build parsed
            self._search.next_build()
        self.site_dir = config.site_dir
        # one build at a time per site, a staging folder of its own; the replaced site is deleted off the build's path
        self.staged = StagedBuild(config.site_dir, retired=str(self.options.cache_dir / "retired"))
        try:
            self.staging = self.staged.begin(log.info)
        except PublishError as error:
            raise PluginError(str(error)) from None
        config.site_dir = self.staging
        if self.warnings is not None:  # MkDocs may reuse this instance for the next build: count this build's warnings only
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if config.strict:
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_files(self, files: Files, *, config):
        """Validate and publish the studies; an invalid study stops the build, strict or not."""
        if not self.config.enabled:
            return
        docs_dir = config.docs_dir
        known = {f.src_uri for f in files if not f.generated_by}
        has_home = files.get_file_from_path("index.md") is not None and "index.md" in known
        base = Path(config.config_file_path or ".").resolve().parent
        self.build = pipeline.run(docs_dir, self.options, exclude=lambda rel: rel not in known, has_home=has_home,
                                  studies_dir=self.studies_dir, docs_label=_relative(docs_dir, base),
                                  exports="background",  # PNG/PDF convert while MkDocs renders the pages
                                  reuse=True,  # nothing changed since the last published build: recalled, not computed
                                  release_deduce=self.command in ("build", "gh-deploy"))  # serve keeps it for the next edit
        problems = self.build.problems
        for problem in problems.infos:
            log.info(str(problem))
        if problems.errors:  # every problem at once; warnings too, so nothing needs a second run
            self.build.cancel_exports()
            raise PluginError(format_problems(problems.errors + problems.warnings, self.build.root or docs_dir))
        for problem in problems.warnings:
            log.warning(str(problem))

        self.theme_files = {f.dest_uri for f in files if f.abs_src_path and not _inside(f.abs_src_path, docs_dir)}
        for file in list(files):
            if file.src_uri in self.build.study_files or (
                    self.studies_dir and file.abs_src_path and _inside(file.abs_src_path, self.studies_dir)):
                files.remove(file)  # kek sources and raw files (transcripts, scans) are never published as such
        publication = self.build.publication
        self.pages = {}
        self._contents = PageContents(self.options)
        self._themed = PageContents(self.options, theme_pages.FILE_NAME)
        self._theme_keys = {}
        for page in publication.pages:
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"{page.uri}: this page would replace kekpublish's generated page at the same address; rename it")
            files.append(File.generated(config, page.uri, content=kekpages.page_markdown(page) or "\n",
                                        inclusion=InclusionLevel.INCLUDED))
            self.pages[page.uri] = page
        converting = {id(output) for output in self.build.pending_exports}
        self.exports = []
        for output in publication.files:
            file = File.generated(config, output.uri, content=output.content)  # an export still converting: empty for now
            files.append(file)
            if id(output) in converting:
                self.exports.append((file, output))  # written in on_post_build, before the gate reads it
        assets = kekpages.assets(self.options)
        for uri, path in assets.files:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
            self.theme_files.add(uri)  # kekpublish's own static files, like the theme's
        config.extra_css = [*config.extra_css, *assets.css]
        config.extra_javascript = [*config.extra_javascript, *assets.javascript]
        for notice in publication.notices:
            log.info(notice)
        studies_nav = kekpages.nav_config(publication.nav)
        if config.nav is None:
            ordinary = [f for f in files.documentation_pages() if f.src_uri not in self.pages]
            config.nav = studies_nav + kekpages.ordinary_nav(f.src_uri for f in ordinary if f.inclusion.is_in_nav())
        else:
            config.nav = list(config.nav) + studies_nav
        return files

    def on_nav(self, nav, *, config, files):
        """Remember the nav: once every page is read (on_env), its titles are part of every page's key."""
        self._nav = nav
        return nav

    def on_env(self, env, *, config, files):
        """The theme's templates (Material's and the custom_dir's) are compiled once and kept, as kekpublish's own
        are; and each of kekpublish's pages that is the same page in the same site as last time is not rendered
        by them again (publish/theme_pages.py): it gets an empty template, and on_post_page gives its kept output."""
        if not self.config.enabled:
            return env
        if env.bytecode_cache is None:
            env.bytecode_cache = templates.bytecode_cache()  # each entry is checked against its template's source
        self._theme_keys = {}
        site = theme_pages.site_digest(config, self._nav) if self._themed is not None and self._themed.path else None
        if site is None:
            return env
        for file in files.documentation_pages():
            page = file.page
            if file.src_uri not in self.pages or page is None or "template" in page.meta:
                continue
            key = theme_pages.page_key(site, page)
            if key is None:
                continue
            kept = self._themed.get(key)
            if kept is not None:
                page.meta["template"] = theme_pages.STUB
            self._theme_keys[file.src_uri] = (key, kept)
        log.debug("kekpublish: %d of kekpublish's %d pages as the theme rendered them last time",
                  sum(kept is not None for _, kept in self._theme_keys.values()), len(self.pages))
        return env

    def on_serve(self, server, *, config, builder):
        """`mkdocs serve` rebuilds when a study in studies_dir changes, as it does for docs_dir."""
        if self.config.enabled and self.studies_dir and os.path.isdir(self.studies_dir):
            server.watch(self.studies_dir)
        return server

    def on_page_markdown(self, markdown, *, page, config, files):
        """Front matter is never shown raw: titles are escaped, kekpublish's pages carry no meta of their own."""
        if not self.config.enabled:
            return
        output = self.pages.get(page.file.src_uri)
        if output is not None:
            page.meta = kekpages.page_meta(output)
            return markdown
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = str(escape(page.meta["title"]))
        for key in ("description",):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = str(escape(page.meta[key]))
        return markdown

    def on_page_content(self, html, *, page, config, files):
        """Sanitise the rendered body (no script, no event handlers) and wrap it in the page's template."""
        if not self.config.enabled:
            return
        output = self.pages.get(page.file.src_uri)
        if output is None:
            return html
        urls = None if config.use_directory_urls else {f.src_uri: f.url for f in files}
        key = self._contents.key(output, html) if urls is None else None  # links rewritten per page: made every time
        content = self._contents.get(key)  # the same page from the same Markdown, as published last time
        if content is None:
            content = kekpages.page_content(output, html, self.options, urls=urls)
        self._contents.put(key, content)
        page.toc = get_toc(toc_tokens(content))
        return content

    @event_priority(50)  # before Material's search plugin (priority 0) reads page.content
    def _search_reads_no_svg(self, context, *, page, config, nav):
        """Search indexes kekpublish's pages without their inline SVGs (their words are in each
        chart's description and data table) and, with Material's search, in a compact form that
        its parser reads into the same index entries (render/search_text.py): parsing every
        element of these pages was most of a warm build."""
        if not (self.config.enabled and page.file.src_uri in self.pages and page.content):
            return context
        content, svgs = search_text.without_svg(page.content)
        compact = self._compact_search(config)
        form = None
        if compact is not None:
            try:
                form = compact.compact(content, _material_sections)
            except Exception:  # a page Material's parser cannot read: search reads it itself (and says so)
                form = None
        if form is not None:
            self._originals[page.file.src_uri] = page.content
            page.content = form
            key = _entry_key(form, page)
            if key is not None:
                self._entry_keys[page.file.src_uri] = key
        elif svgs:
            page.content = content
            self._svgs[page.file.src_uri] = svgs
        return context

    @event_priority(-50)  # after search: the page is rendered with its charts
    def _charts_back(self, context, *, page, config, nav):
        original = self._originals.pop(page.file.src_uri, None)
        if original is not None:
            # as Material's search leaves a page it read (the regex only where there is something to
            # remove: its optional leading space makes it try every position of a page, SVGs included)
            page.content = _SEARCH_ATTRS.sub("", original) if "data-search-" in original else original
        svgs = self._svgs.pop(page.file.src_uri, None)
        if svgs:
            page.content = search_text.restore(page.content, svgs)
        return context

    def _compact_search(self, config) -> search_text.SearchCache | None:
        """The compact-search cache, when search is Material's and no other plugin reads or
        changes a page between kekpublish's two page_context hooks (else None: search reads
        the page itself, without its SVGs)."""
        if self._compact is None:
            search = config.plugins.get("search") or config.plugins.get("material/search")
            events = config.plugins.events["page_context"]
            try:
                between = events[events.index(self._search_reads_no_svg) + 1:events.index(self._charts_back)]
            except ValueError:
                between = None
            self._compact = bool(COMPACT_SEARCH and search is not None and between == [search.on_page_context]
                                 and type(search).__module__ == "material.plugins.search.plugin")
            if not self._compact:
                log.debug("kekpublish: search reads kekpublish's pages whole (search plugin %s; between the two hooks: %s)",
                          type(search).__module__ if search is not None else None, between)
            salt = f"{search_text.VERSION}:material-{_material_version()}"
            path = self.options.cache_dir / "search.json"
            # MkDocs keeps one instance of this plugin per process (it has on_startup): a build of
            # another site in the same process has its own cache, never the last site's
            if self._compact and (self._search is None or (self._search.salt, self._search.path) != (salt, path)):
                self._search = search_text.SearchCache(path, salt=salt)
            if self._compact:
                self._replay_entries(search.search_index, self._search)
        return self._search if self._compact else None

    def _replay_entries(self, index, cache: search_text.SearchCache) -> None:
        """Material's search index (made anew each build) adds the entries it made last time of a
        page whose compact form, address, title, tags and table of contents did not change, and
        keeps those it makes of any other: reading even the compact forms was a fifth of a warm
        build. Pages without an entry key (not kekpublish's, or in no compact form) are read as always."""
        read = index.add_entry_from_context
        keys = self._entry_keys

        def add_entry_from_context(page):
            key = keys.pop(page.file.src_uri, None)
            if key is None:
                return read(page)
            kept = cache.entries(key)
            if kept is not None:
                index.entries.extend(kept)
                return None
            start = len(index.entries)
            result = read(page)
            cache.keep_entries(key, index.entries[start:])
            return result

        index.add_entry_from_context = add_entry_from_context

    on_page_context = CombinedEvent(_search_reads_no_svg, _charts_back)

    @event_priority(100)  # first: every other plugin's on_post_page sees the theme's output, kept or made
    def on_post_page(self, output, *, page, config):
        """A page the theme did not render again gets its kept output; a page it rendered is kept for the next build."""
        if not self.config.enabled or self._themed is None:
            return output
        key, kept = self._theme_keys.pop(page.file.src_uri, (None, None))
        if kept is not None:
            output = kept
        self._themed.put(key, output)
        return output

    @event_priority(-1000)  # after search, offline, sitemap and every other plugin wrote its files
    def on_post_build(self, *, config):
        """The leak gate: scan every file of the staged site; publish it only when nothing leaks."""
        if not self.config.enabled or self.staging is None:
            return
        if self._compact and self._search is not None:
            self._search.save()
        anonymised = self.build.anonymised if self.build else None
        gate = self.config.leak_gate and anonymised is not None
        converting = {file.dest_uri for file, _ in self.exports}
        if gate:  # the pages and every other file, while the exports may still be converting
            self._gate(anonymised, lambda rel: rel in self.theme_files or rel in converting, partial=bool(converting))
        if self.build is not None and not self.build.finish_exports():
            raise PluginError(format_problems(self.build.problems.errors, self.build.root or config.docs_dir))
        exports, self.exports = self.exports, []
        for file, output in exports:
            file.content_bytes = output.content
            file.copy_file()
        if gate and exports:  # then the PNG/PDF files, each scanned before anything is published
            self._gate(anonymised, lambda rel: rel not in converting, partial=True)
        if self.warnings is not None and self.warnings.get_counts():
            return  # strict mode will abort: leave the previous site in place
        try:
            self.staged.publish()
        except PublishError as error:
            raise PluginError(str(error)) from None
        config.site_dir = self.site_dir
        if self._contents is not None:
            self._contents.save()  # published: the next build finds these pages made
        if self._themed is not None:
            self._themed.save()
        if self.build is not None and self.build.recalled:
            return  # nothing was computed, so nothing was left behind: no pruning (the entries' times did not move)
        if self.build is not None:
            pipeline.remember(self.build, self.options)  # published: the next build with the same inputs recalls it
        cache_entries.prune(self.options.cache_dir)  # entries no build has used for two weeks

    def _gate(self, anonymised, skip, *, partial: bool) -> None:
        """The leak gate over the staged files skip() does not name (partial: another scan reads the others); a
        leak removes the staged site and stops the build."""
        leaks = sitegate.gate(self.staging, anonymised, skip=skip, cache_dir=self.options.cache_dir, partial=partial)
        if leaks:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise PluginError(sitegate.leak_message(leaks))

    def on_build_error(self, *, error):
        """A failed build publishes nothing: the staged files go, the previous site stays, the lock is released."""
        if self.build is not None:
            self.build.cancel_exports()  # conversions still queued are dropped
        if self.staged is not None:
            self.staged.discard()
        elif self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)
        message = disk_problem(error)
        if message:  # a full or read-only disk is a message, not a traceback
            raise Abort(message)

    def on_shutdown(self):
        """The end of the command (or of `mkdocs serve`): release the lock, stop counting warnings and forwarding the core's log."""
        if self.staged is not None:
            self.staged.discard()
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger("kekpublish").removeHandler(_FORWARD)


def _plain(config) -> dict:
    """The settings external_requests judges, as plain data."""
    theme = {"name": config.theme.name, **{k: config.theme[k] for k in ("font", "logo", "favicon") if k in config.theme}}
    return {"theme": theme, "repo_url": config.repo_url, "extra_css": list(config.extra_css),
            "extra_javascript": [getattr(s, "path", s) for s in config.extra_javascript], "extra": dict(config.extra),
            "markdown_extensions": [{name: config.mdx_configs.get(name)} for name in config.markdown_extensions],
            "plugins": list(config.plugins.keys())}


def _material_sections(html: str) -> list:
    """The sections Material's search parser finds in a page (see search_text.compact)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.el.attrs.get("id"), s.id, s.is_excluded(), s.title, s.text) for s in parser.data]


def _entry_key(form: str, page) -> str | None:
    """The sha256 of what Material's search reads of a page besides its content (its address,
    title, tags, search settings, the ids and addresses of its table of contents, whether it
    segments Chinese) and of its compact form; None where it reads something a key cannot hold."""
    from material.plugins.search import plugin as search_plugin

    meta = page.meta
    search = meta.get("search") or {}
    if not isinstance(search, dict):
        return None
    toc: list = []
    stack = list(reversed(list(page.toc or [])))
    while stack:  # pre-order, as search looks an id up
        item = stack.pop()
        toc.append((getattr(item, "id", None), getattr(item, "url", None)))
        stack.extend(reversed(list(getattr(item, "children", None) or [])))
    try:
        payload = json.dumps([form, page.url, str(meta.get("title", page.title)), meta.get("tags"), search,
                              toc, getattr(search_plugin, "jieba", None) is not None],
                             ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _material_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-material")
    except PackageNotFoundError:
        return "-"


def _enable_offline(config) -> None:
    """`kekpublish build --offline`: Material's offline plugin, no version selector (one round per folder)."""
    if "material/offline" not in config.plugins:
        from material.plugins.offline.plugin import OfflinePlugin

        offline = OfflinePlugin()
        offline.load_config({})
        config.plugins["material/offline"] = offline
    offline = config.plugins["material/offline"]
    offline.config.enabled = True
    config.use_directory_urls = False
    config.extra.pop("version", None)


def _relative(path: str, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _inside(path: str, folder: str) -> bool:
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


__all__ = ["KekpublishPlugin"]
