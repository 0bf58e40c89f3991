"""MkDocs hooks of the kekpublish manual (docs/mkdocs.yml).

- `<!-- kek:reference -->` in a page becomes the content format reference, generated from the
  typed model that validates builds (kekpublish/model/reference.py), in the page's language
  (pages under en/ get English). A field without words in that language is a warning, so
  `mkdocs build --strict` fails rather than publish a reference with holes.
- `<!-- kek:example narratives/r01.md -->` becomes a code block with that file of the example
  study (examples/studies/overlijden), as it is in the repository: the manual shows the real files.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kekpublish.model import reference

log = logging.getLogger("mkdocs.hooks.kek_docs")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "studies" / "overlijden"
REFERENCE = "<!-- kek:reference -->"
EXAMPLE_FILE = re.compile(r"<!-- kek:example ([\w./-]+) -->")


def _language(page) -> str:
    return "en" if page.file.src_uri.startswith("en/") else "nl"


def on_page_markdown(markdown, page, config, files):
    """Fill in the generated reference and the example files."""
    language = _language(page)
    if REFERENCE in markdown:
        missing = sorted({d.canonical for d in reference.field_docs() if not reference.description(d, language)})
        if missing:
            log.warning("%s: the reference has no %s words for %s", page.file.src_uri, language, ", ".join(missing))
        markdown = markdown.replace(REFERENCE, reference.markdown(language, example=EXAMPLE))

    def example_file(match: re.Match) -> str:
        path = (EXAMPLE / match.group(1)).resolve()
        if EXAMPLE not in path.parents or not path.is_file():
            log.warning("%s: no example file %s", page.file.src_uri, match.group(1))
            return ""
        return f'```md title="examples/studies/overlijden/{match.group(1)}"\n{path.read_text(encoding="utf-8").rstrip()}\n```'

    return EXAMPLE_FILE.sub(example_file, markdown)
