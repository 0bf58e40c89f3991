"""kekpublish's pages as the theme rendered them, kept between builds: a page whose every input is the
same as in the last published build is not rendered by the theme's templates again.

Material's templates (its nav, header, footer around each page) were a third of a warm build,
once for each of kekpublish's pages. Such a page is the same output when it is the same page in
the same site. What the templates read is, for one page: its address, title, content, table of
contents, meta, canonical and edit URL and its neighbours in the nav; for every page: the nav
(titles and addresses, read once all pages are rendered), the whole config but the folders this
build writes to, the theme's settings and template folders (file by file: name, size, time; the
installed Material by its version), the versions of MkDocs and Material and kekpublish's code.
A page's key is the sha256 of all of it (``site_digest`` once a build, ``page_key`` per page).

The output kept is the theme's, before any plugin's ``on_post_page`` (the plugin replays it in
its own on_post_page, which runs first), so every plugin after it sees what it saw before. Only
where the site's plugins are known not to change a page's context (search, offline, privacy,
kekpublish) and no hooks are set: any other plugin may add to the context what no key holds
(a date, a commit), so with one the theme renders every page as it always did. The store is
``page_contents.PageContents`` under another name: sealed, kept once the build is published.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path
from typing import Any

#: Plugins whose on_page_context leaves the context as MkDocs made it (by their names in mkdocs.yml).
SAFE_PLUGINS = frozenset({"kekpublish", "search", "material/search", "offline", "material/offline",
                          "privacy", "material/privacy"})
#: The template a kept page is "rendered" with: nothing (its output comes from the store).
STUB = "kekpublish-stored.html"
FILE_NAME = "theme-pages.bin"
VERSION = "1"
#: Config keys that do not reach a page: where this build writes, how it is served, how strict it is.
_NOT_READ = frozenset({"site_dir", "dev_addr", "config_file_path", "watch", "strict", "validation", "plugins",
                       "theme", "hooks", "_current_page"})


class Unstable(Exception):
    """A value whose form differs from build to build (an object printed with its address)."""


def site_digest(config: Any, nav: Any) -> str | None:
    """What every page of the theme reads, hashed; None where pages cannot be kept (see the module doc)."""
    from . import recall  # noqa: PLC0415

    names = list(config.plugins.keys()) if config.plugins is not None else []
    if any(name not in SAFE_PLUGINS for name in names) or config.get("hooks") or not config.use_directory_urls:
        return None
    try:
        parts = [VERSION, _version("mkdocs"), _version("mkdocs-material"), recall.code_fingerprint(),
                 _stable({k: config[k] for k in config.keys() if k not in _NOT_READ}),
                 _stable([(name, type(plugin).__module__, type(plugin).__qualname__, dict(plugin.config))
                          for name, plugin in config.plugins.items()]),
                 _stable({k: config.theme[k] for k in config.theme}), _stable(config.theme.name),
                 _template_dirs(config.theme.dirs), _nav(nav)]
    except Unstable:
        return None
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def page_key(site: str, page: Any) -> str | None:
    """The key of one page in a site whose digest is ``site``; None when it cannot be kept."""
    try:
        parts = [site, page.file.src_uri, page.url or "", str(page.title), page.content or "", _toc(page.toc),
                 _stable(page.meta), page.canonical_url or "", page.edit_url or "", str(page.is_homepage),
                 _neighbour(page.previous_page), _neighbour(page.next_page),
                 _stable([str(a.title) for a in page.ancestors])]
    except Unstable:
        return None
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _template_dirs(dirs: list[str]) -> str:
    """Each template folder file by file (name, size, time); the installed Material's by its version."""
    import material  # noqa: PLC0415

    from . import recall  # noqa: PLC0415

    own = os.path.realpath(os.path.join(os.path.dirname(material.__file__), "templates"))
    out = []
    for folder in dirs:
        if os.path.realpath(folder) == own:
            out.append(f"material:{_version('mkdocs-material')}")
            continue
        out.append(recall._tree_stat(Path(folder)))
    return "\1".join(out)


def _nav(nav: Any) -> str:
    def walk(items) -> list:
        out = []
        for item in items or ():
            kind = type(item).__name__
            out.append((kind, str(item.title), getattr(item, "url", None) or "", walk(getattr(item, "children", None))))
        return out
    return _stable([walk(nav.items), getattr(nav.homepage, "url", None)])


def _toc(toc) -> str:
    def walk(items) -> list:
        return [(str(i.title), i.url, i.level, walk(i.children)) for i in items or ()]
    return _stable(walk(toc))


def _neighbour(page) -> str:
    return "" if page is None else f"{page.url}\0{page.title}"


def _stable(value) -> str:
    """A form of value that is the same for the same value in every build, or Unstable."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, dict) or hasattr(value, "items") and hasattr(value, "keys"):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v)}" for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    text = repr(value)
    if " at 0x" in text or " object at " in text:
        raise Unstable(type(value).__name__)
    return f"{type(value).__module__}.{type(value).__qualname__}:{text}"
