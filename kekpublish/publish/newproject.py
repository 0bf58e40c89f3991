"""`kekpublish new DIR`: a complete project that builds as is (`mkdocs build --strict`, `mkdocs serve`).

    DIR/mkdocs.yml              safe defaults: no Google Fonts, no generator link, Dutch,
                                search + kekpublish, the studies outside the docs folder
    DIR/docs/over.md            an ordinary page (the home page is kekpublish's study list)
    DIR/studies/<name>/         the starter study (kekpublish/starter) with its .schema/
    DIR/.gitignore              the site, the staging folders and the cache stay out of git
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MKDOCS_YML = """\
# A kekpublish site. Written by `kekpublish new`; every setting here keeps the built site on
# this host: no Google Fonts (font: false), no generator link, no repo_url, no analytics.
site_name: {site_name}
docs_dir: docs        # ordinary pages only: any builder may publish these
site_dir: site
theme:
  name: material
  language: nl        # en: every text and address kekpublish writes in English
  font: false         # system fonts; Material would otherwise load fonts from Google on every page
  features:
    - navigation.indexes
    - navigation.top
    - search.highlight
plugins:
  - search
  - kekpublish:
      language: nl
      studies_dir: studies   # the studies, outside docs_dir: only kekpublish reads them, anonymised
extra:
  generator: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""

ABOUT = """\
# Over dit onderzoek

Deze site is gemaakt met kekpublish volgens de methode *Klantervaring in Kaart* (KEK).

- De onderzoeken staan in de map `studies/` (niet in `docs/`): alleen kekpublish leest ze,
  en publiceert ze geanonimiseerd.
- Gewone pagina's, zoals deze, staan in `docs/`.
- Bekijk de site terwijl u schrijft met `mkdocs serve`; publiceer met `kekpublish build`.
"""

GITIGNORE = """\
# Built sites and kekpublish's working folders: never in git.
/site/
/site.kekpublish-*
/site-offline/
/site-offline.zip
# The anonymisation cache holds the originals it replaced: keep it with the sources, never publish it.
/.cache/
"""


@dataclass
class Written:
    study: str  # the study folder, relative to the project
    files: list[str] = field(default_factory=list)


def write_project(target: Path, starter: Path) -> Written:
    """Write the project files into target (which is new or empty); the study folder is left to the caller."""
    target.mkdir(parents=True, exist_ok=True)
    name = target.resolve().name
    site_name = "KEK-onderzoek " + name.replace("-", " ").replace("_", " ").strip() if name else "KEK-onderzoek"
    files = {
        "mkdocs.yml": MKDOCS_YML.format(site_name=_yaml_text(site_name)),
        "docs/over.md": ABOUT,
        ".gitignore": GITIGNORE,
    }
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "onderzoek"
    return Written(study=f"studies/{slug}", files=list(files))


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


__all__ = ["write_project"]
