"""How a generated page becomes a page of any builder: its meta, its content, the nav and the assets.

One place for what the MkDocs plugin and `kekpublish export` both do with the
Publication, so the two cannot drift:

    page_meta(page)              the page's front matter (escaped title, hide toc, search exclude)
    page_content(page, html, ..) the rendered Markdown body sanitised and wrapped in the page's template
    nav_config(publication.nav)  the core's nav as an MkDocs/Zensical `nav` list
    ordinary_nav(paths)          the ordinary pages after it, as MkDocs' default nav orders them
    assets(options)              kekpublish's CSS/JS/fonts and the lines for extra_css / extra_javascript
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markupsafe import Markup, escape

from ..render import links, templates
from ..render.body import demote_headings, sanitise, strip_comments
from ..render.output import NavPage, NavSection, OutputPage
from .options import Options

ASSETS_DIR = "assets/kekpublish"
SHIM = f"{ASSETS_DIR}/vendor/iframe-worker-shim.js"  # from npm's iframe-worker package (MIT)


def page_meta(page: OutputPage) -> dict:
    """Front matter of a generated page: never raw data; the title escaped (themes show it unescaped)."""
    meta: dict = {"title": str(escape(page.title))}
    if page.wide:
        meta["hide"] = ["toc"]
    if not page.search:
        meta["search"] = {"exclude": True}
    return meta


def page_markdown(page: OutputPage) -> str:
    """The Markdown a builder renders for the page: comments (researchers' notes) removed."""
    return strip_comments(page.markdown or "")


def page_content(page: OutputPage, html: str, options: Options, *, urls: dict[str, str] | None = None) -> str:
    """The page's content: `html` (its rendered Markdown) sanitised, headings demoted, in its template.

    `urls` (src uri -> url) is given for sites without directory URLs: the templates'
    links are rewritten to them.
    """
    body = Markup(demote_headings(sanitise(html))) if html.strip() else ""
    content = templates.render(page.template, {**page.context, "body": body},
                               override_dirs=options.override_dirs, language=options.language)
    if urls is not None:
        content = links.undirectory(content, page.uri, urls)
    return content


def nav_config(items: list) -> list:
    """The core's nav as MkDocs' nav config; titles escaped (they are shown unescaped)."""
    return [_nav_entry(item) for item in items]


def _nav_entry(item):
    if isinstance(item, NavSection):
        return {str(escape(item.title)): [_nav_entry(child) for child in item.children]}
    if isinstance(item, NavPage):
        return {str(escape(item.title)): item.uri}
    return item


def ordinary_nav(paths) -> list:
    """Ordinary pages as MkDocs' default nav has them: index first, then by name, folders as sections."""
    def key(path: str):
        parts = PurePosixPath(path).parts
        return (parts[:-1], PurePosixPath(path).stem not in ("index", "README"), parts[-1])

    nested: list = []
    for path in sorted(paths, key=key):
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = part.replace("-", " ").replace("_", " ")
            title = title.capitalize() if title.lower() == title else title
            node = next((item for item in branch if isinstance(item, dict) and title in item), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(path)
    return nested


@dataclass
class Assets:
    files: list[tuple[str, Path]]  # (uri in the site, source file)
    css: list[str]  # for extra_css
    javascript: list[str]  # for extra_javascript


def assets(options: Options) -> Assets:
    """kekpublish's static files (the user's custom_dir first) and which of them every page loads."""
    found = templates.asset_files(options.override_dirs)
    top = [rel for rel, _ in found if "/" not in rel]  # vendor/ and fonts/ are loaded on demand
    return Assets(files=[(f"{ASSETS_DIR}/{rel}", path) for rel, path in found],
                  css=[f"{ASSETS_DIR}/{rel}" for rel in top if rel.endswith(".css")],
                  javascript=[f"{ASSETS_DIR}/{rel}" for rel in top if rel.endswith(".js")])


def overrides_dir() -> Path:
    """kekpublish's fixes to Material's templates (accessibility): a theme dir below the user's custom_dir."""
    return templates.themes_dir() / "kekpublish" / "overrides"


__all__ = ["ASSETS_DIR", "SHIM", "Assets", "assets", "nav_config", "ordinary_nav", "overrides_dir", "page_content", "page_markdown", "page_meta"]
