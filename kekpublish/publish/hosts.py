"""Settings that make the built site request another host, told before the build.

A KEK site must work on an intranet and from a USB stick, and a reader's visit
must not be reported to anyone: the built site requests nothing from another
host (brief, non-negotiable 3). MkDocs and Material have settings that break
this without a word; each is judged here, on the config as plain data (any
front end can pass its config), and named with what to write instead.

Judged and found harmless (links, not requests): `extra.generator` (a link to
Material), `extra.social` (links), `repo_url` on a host Material does not query
(only a link), `site_url` (used for canonical links and the sitemap).
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlsplit

# Material's source facts (stars, forks, version) are fetched in the reader's browser from these APIs.
_REPO_APIS = {"github.com": "api.github.com", "gitlab.com": "gitlab.com/api"}


def external_requests(config: Mapping[str, Any]) -> list[str]:
    """One message per setting that makes the built site (or the build) reach another host."""
    found = []
    theme = _get(config, "theme") or {}
    theme_name = _get(theme, "name")
    material = theme_name in (None, "material")
    font = _get(theme, "font")
    if material and font is not False:
        found.append("theme.font is not false: Material loads its fonts from fonts.googleapis.com on every page, "
                     "so each visit is reported to Google and the offline copy needs the internet. Write `font: false` under theme "
                     "(the system fonts are used), or serve a font yourself from docs_dir with extra_css.")
    repo = _get(config, "repo_url")
    if material and isinstance(repo, str):
        host = (urlsplit(repo).hostname or "").lower().removeprefix("www.")
        if host in _REPO_APIS:
            found.append(f"repo_url ({repo}): Material fetches the repository's stars and forks from {_REPO_APIS[host]} "
                         "in the reader's browser. Leave repo_url out of a published study site (or keep it only for an "
                         "internal documentation site).")
    for option in ("extra_css", "extra_javascript"):
        for item in _get(config, option) or []:
            path = item if isinstance(item, str) else _get(item, "path")
            if isinstance(path, str) and _remote(path):
                found.append(f"{option}: {path} is loaded from another host on every page; download the file into docs_dir "
                             "and name it by its path there.")
    for key in ("logo", "favicon"):
        value = _get(theme, key)
        if isinstance(value, str) and _remote(value):
            found.append(f"theme.{key}: {value} is loaded from another host; put the image in docs_dir and name its path.")
    extra = _get(config, "extra") or {}
    analytics = _get(extra, "analytics")
    if analytics and _get(analytics, "provider"):
        found.append(f"extra.analytics (provider {_get(analytics, 'provider')}): every visit is sent to an analytics service. "
                     "Remove extra.analytics from a published study site.")
    for name, settings in _extensions(_get(config, "markdown_extensions") or []):
        if name == "pymdownx.superfences":
            fences = _get(settings or {}, "custom_fences") or []
            if any(_get(f, "name") == "mermaid" for f in fences if isinstance(f, Mapping)):
                found.append("markdown_extensions: pymdownx.superfences has a mermaid fence: Material loads Mermaid from "
                             "unpkg.com on pages with a diagram. Draw diagrams as images, or serve mermaid.min.js from docs_dir.")
        if name == "pymdownx.arithmatex" and not any(
                isinstance(p, str) and not _remote(p) and "mathjax" in p.lower()
                for p in (i if isinstance(i, str) else _get(i, "path") for i in _get(config, "extra_javascript") or [])):
            found.append("markdown_extensions: pymdownx.arithmatex needs MathJax or KaTeX, usually loaded from a CDN; "
                         "serve it from docs_dir (extra_javascript with a local path) or leave formulas out.")
    plugins = _get(config, "plugins") or []
    names = list(plugins.keys()) if isinstance(plugins, Mapping) else [p if isinstance(p, str) else next(iter(p), "") for p in plugins if p]
    if any(n in ("social", "material/social") for n in names):
        found.append("plugins: social fetches fonts from Google while building and writes social cards meant for other "
                     "sites; builds must work offline. Remove the social plugin from a study site.")
    return found


def _remote(url: str) -> bool:
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https")


def _get(value: Any, key: str) -> Any:
    """value[key] for dicts and MkDocs' config objects alike; None when absent."""
    if isinstance(value, Mapping) or hasattr(value, "get"):
        try:
            return value.get(key)
        except Exception:  # noqa: BLE001 - MkDocs config objects raise their own errors for unknown keys
            return None
    return getattr(value, key, None)


def _extensions(entries) -> list[tuple[str, Any]]:
    """markdown_extensions as (name, settings), from a list of names or one-key mappings, or a mapping."""
    if isinstance(entries, Mapping):
        return list(entries.items())
    out = []
    for entry in entries:
        if isinstance(entry, str):
            out.append((entry, None))
        elif isinstance(entry, Mapping):
            out += list(entry.items())
    return out


__all__ = ["external_requests"]
