"""What a front end publishes: pages, files and the navigation, in the core's own terms.

The MkDocs plugin turns these into `File.generated` files and nav items; another
front end (Zensical, a plain static writer) would turn them into its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OutputPage:
    """A generated page.

    `markdown` is the (already anonymised) Markdown body that the front end
    renders and sanitises; the result is given to `template` as `body`, beside
    `context`. The template renders the page's content (not the whole HTML
    document: the theme wraps it).
    """

    uri: str  # docs-relative source path, e.g. "verhuizen/narratieven/r01.md"
    title: str  # plain text; escaped wherever it lands
    template: str  # e.g. "kekpublish/narrative.html"
    context: dict = field(default_factory=dict)
    markdown: str = ""
    search: bool = True  # false keeps the page out of the search index
    wide: bool = False  # charts and big tables: the front end gives the content the full width
    #: the sha256 of uri, template and context, once a front end asked (publish/page_contents.py page_digest)
    digest: str | None = field(default=None, compare=False, repr=False)


@dataclass
class OutputFile:
    """A generated file that is not a page: SVG, PNG, PDF, CSV, JSON, ICS."""

    uri: str  # docs-relative path, e.g. "verhuizen/hartmonitor.svg"
    content: bytes | str
    #: a PNG/PDF export once filled: (its entry in the export cache, its kind); a record of the
    #: build (publish/recall.py) names that entry instead of holding the bytes again
    export: tuple[str, str] | None = field(default=None, repr=False, compare=False)


@dataclass
class NavPage:
    """A page in the navigation under a title of its own (else the page's title is used)."""

    title: str
    uri: str


@dataclass
class NavSection:
    """A navigation section; children are page uris, titled pages or sections, in order."""

    title: str
    children: list["NavSection | NavPage | str"] = field(default_factory=list)


@dataclass
class Publication:
    """Everything the core generated for one build."""

    pages: list[OutputPage] = field(default_factory=list)
    files: list[OutputFile] = field(default_factory=list)
    nav: list[NavSection | str] = field(default_factory=list)  # placed where the studies' folders would be
    notices: list[str] = field(default_factory=list)  # said once to the user (e.g. exports skipped)

    def add(self, other: "Publication") -> None:
        self.pages += other.pages
        self.files += other.files
        self.nav += other.nav
        self.notices += [n for n in other.notices if n not in self.notices]  # each notice is said once
