"""`kekpublish export DIR`: the whole anonymised publication as plain files for any MkDocs-compatible builder.

    DIR/mkdocs.yml     the project's config without the kekpublish plugin: docs_dir docs,
                       the full nav, kekpublish's CSS/JS, its template fixes as custom_dir
    DIR/docs/          the ordinary pages of docs_dir (study files left out), every generated
                       page as Markdown holding its rendered, sanitised HTML, the SVG/PNG/PDF/
                       CSV/JSON/ICS files, kekpublish's assets
    DIR/overrides/     kekpublish's fixes to Material's templates, then the project's custom_dir

Nothing in DIR is raw: a builder that knows nothing of kekpublish (Zensical, MkDocs
2, a plain `mkdocs build`) publishes the same anonymised site as the plugin. Pages,
nav and assets come from publish/pages.py, as in the plugin.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from ..report import format_problems
from . import pages as kekpages
from . import pipeline
from .project import Project, ProjectError, Tagged, dump_config, resolved

log = logging.getLogger("kekpublish")

MKDOCS_DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs always adds


class ExportError(ProjectError):
    """The studies have problems, or DIR cannot be written; nothing usable was exported."""


@dataclass
class Export:
    """What was exported: the folder, the build behind it (its leak terms for the gate), the pages it promises."""

    folder: Path
    build: pipeline.Build
    config_file: Path
    pages: list[str] = field(default_factory=list)  # docs-relative .md of every page, generated and ordinary
    generated: list[str] = field(default_factory=list)  # the generated pages only

    def expected_html(self, use_directory_urls: bool = True) -> list[str]:
        """The HTML file each exported page must become in the built site."""
        return [html_path(uri, use_directory_urls) for uri in self.pages]


def html_path(uri: str, use_directory_urls: bool = True) -> str:
    """a/b.md -> a/b/index.html (directory URLs) or a/b.html; a/index.md -> a/index.html."""
    stem = uri[: -len(PurePosixPath(uri).suffix)]
    if PurePosixPath(stem).name == "index" or not use_directory_urls:
        return stem + ".html"
    return stem + "/index.html"


def export(project: Project, folder: str | Path, *, site_dir: str | Path | None = None, language: str | None = None,
           builder: str = "mkdocs") -> Export:
    """Write the publication of `project` into `folder` (emptied first); ExportError on any problem.

    `builder` "mkdocs" (MkDocs or ProperDocs with Material) adds kekpublish's fixes to
    Material's templates; "zensical" leaves them out (Zensical's templates differ).
    """
    folder = Path(folder).resolve()
    options = project.options(language)
    docs_dir, studies_dir = project.docs_dir, project.studies_dir
    if not docs_dir.is_dir():
        raise ExportError(f"docs_dir {docs_dir} is not a folder")
    if _inside(folder, docs_dir) or (studies_dir and _inside(folder, studies_dir)):
        raise ExportError(f"{folder} lies inside the sources; export to a folder beside them")
    has_home = (docs_dir / "index.md").is_file()
    build = pipeline.run(docs_dir, options, has_home=has_home, studies_dir=studies_dir,
                         docs_label=_relative(docs_dir, project.base))
    problems = build.problems
    if problems.errors:
        raise ExportError(format_problems(problems.errors + problems.warnings, build.root or str(docs_dir)))
    for problem in problems.warnings + problems.infos:
        log.log(logging.WARNING if problem.severity == "warning" else logging.INFO, str(problem))
    for notice in build.publication.notices:
        log.info(notice)

    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    result = Export(folder, build, folder / "mkdocs.yml")

    ordinary = _copy_ordinary(docs_dir, docs, build)
    use_directory_urls = project.config.get("use_directory_urls", True) is not False
    publication = build.publication
    generated = [p.uri for p in publication.pages]
    urls = None if use_directory_urls else {uri: html_path(uri, False) for uri in generated + ordinary}
    written = _from_here(project.written, project.base) if project.written is not None else None
    render = _markdown_renderer(resolved(written, objects=True) if written is not None else project.config)
    for page in publication.pages:
        html = render(kekpages.page_markdown(page))
        content = kekpages.page_content(page, html, options, urls=urls)
        _write(docs / page.uri, _front_matter(kekpages.page_meta(page)) + _raw_html(content))
    for output in publication.files:
        _write(docs / output.uri, output.content)
    assets = kekpages.assets(options)
    for uri, path in assets.files:
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    overrides = folder / "overrides"
    overrides.mkdir()
    if builder != "zensical":
        shutil.copytree(kekpages.overrides_dir(), overrides, dirs_exist_ok=True)
    for custom in options.override_dirs:
        if Path(custom).is_dir():
            shutil.copytree(custom, overrides, dirs_exist_ok=True)

    config = _config(project, publication, ordinary, assets, site_dir, options.language)
    result.config_file.write_text(dump_config(config), encoding="utf-8")
    result.pages = generated + [p for p in ordinary if p not in generated]
    result.generated = generated
    log.info("geëxporteerd: %d pagina's, %d bestanden naar %s", len(generated), len(publication.files), folder)
    return result


def _copy_ordinary(docs_dir: Path, docs: Path, build: pipeline.Build) -> list[str]:
    """Every file of docs_dir that is not part of a study (as MkDocs would take it); the Markdown pages among them."""
    pages = []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(docs_dir).as_posix()
            if rel in build.site.study_files:
                continue  # study sources and raw files are never exported as such
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            if path.suffix.lower() in (".md", ".markdown"):
                pages.append(rel)
    return pages


def _markdown_renderer(config: dict):
    """Markdown -> HTML with the project's markdown_extensions, as MkDocs renders a page."""
    import markdown

    names, settings = list(MKDOCS_DEFAULT_EXTENSIONS), {}
    entries = config.get("markdown_extensions") or []
    for entry in entries.items() if isinstance(entries, dict) else entries:
        name, value = (entry, None) if isinstance(entry, str) else next(iter(entry.items())) if isinstance(entry, dict) else entry
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(value, dict):
            settings[name] = value
    try:
        md = markdown.Markdown(extensions=names, extension_configs=settings)
    except Exception as exc:  # noqa: BLE001 - a missing or misconfigured extension: say which
        raise ExportError(f"markdown_extensions cannot be loaded ({exc}); fix them in the config") from None

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def _front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def _raw_html(content: str) -> str:
    """The page's HTML as one raw HTML block: builders pass it through, no Markdown inside is read again."""
    return '<div class="kek-export">\n' + content.strip("\n") + "\n</div>\n"


def _config(project: Project, publication, ordinary: list[str], assets, site_dir, language: str) -> dict:
    """The exported mkdocs.yml: the project's settings as written (``!ENV`` and other tags kept,
    ``!relative $config_dir`` made absolute, since the export lives elsewhere), pointed at the export."""
    written = _from_here(project.written, project.base) if project.written is not None else project.config
    config = {k: v for k, v in written.items() if v is not None and k not in ("docs_dir", "site_dir", "nav", "INHERIT")}
    config["docs_dir"] = "docs"
    config["site_dir"] = str(Path(site_dir).resolve()) if site_dir else "site"
    raw_theme = written.get("theme")
    theme = dict(raw_theme) if isinstance(raw_theme, dict) else {"name": raw_theme if isinstance(raw_theme, str) else "material"}
    theme["custom_dir"] = "overrides"
    theme["language"] = language
    config["theme"] = theme
    plugins = written.get("plugins") or ["search"]
    if isinstance(plugins, dict):
        config["plugins"] = {k: v for k, v in plugins.items() if k != "kekpublish"}
    else:
        config["plugins"] = [p for p in plugins if p != "kekpublish" and not (isinstance(p, dict) and "kekpublish" in p)]
    config["extra_css"] = [*(written.get("extra_css") or []), *assets.css]
    config["extra_javascript"] = [*(written.get("extra_javascript") or []), *assets.javascript]
    studies_nav = kekpages.nav_config(publication.nav)
    if isinstance(written.get("nav"), list) and written["nav"]:
        config["nav"] = list(written["nav"]) + studies_nav
    else:
        config["nav"] = studies_nav + kekpages.ordinary_nav(ordinary)
    return config


def _from_here(value, base: Path):
    """``!relative $config_dir[/sub]`` as the absolute path it meant in the project; other tags as written."""
    if isinstance(value, Tagged):
        prefix, _, rest = value.value.partition("/") if isinstance(value.value, str) else ("", "", "")
        if value.tag == "!relative" and prefix == "$config_dir":
            return str(base / rest) if rest else str(base)
        return value
    if isinstance(value, dict):
        return {k: _from_here(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_here(v, base) for v in value]
    return value


def _write(path: Path, content: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


__all__ = ["Export", "ExportError", "export", "html_path"]
