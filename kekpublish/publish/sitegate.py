"""The leak gate as every front end runs it: on a built site, with the terms of the studies.

The MkDocs plugin runs it on its staging folder; `kekpublish gate SITE_DIR` on any
built site (Zensical's, an old one, one from another tool); `kekpublish build
--engine zensical` between `zensical build` and the swap. The terms always come
from the studies (anonymised afresh, or from the study cache, which only saves time).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from ..anonymise.gate import scan_site

if TYPE_CHECKING:  # the gate needs only its terms: a recalled build never loads the anonymiser
    from .anonymised import Anonymised

MAX_SHOWN = 50


def gate(site_dir: str | Path, anonymised: Anonymised, *, skip: Callable[[str], bool] | None = None,
         cache_dir: Path | None = None, partial: bool = False) -> list:
    """Every leak in the files of site_dir (empty: it passed).

    Without `skip`, a file byte for byte equal to a file the themes ship (Material's or
    Zensical's JavaScript, kekpublish's own CSS) is not read: it holds nothing of a study.
    """
    site_dir = Path(site_dir)
    if skip is None:
        digests = theme_digests()

        def skip(rel: str) -> bool:
            path = site_dir / rel
            try:
                return path.stat().st_size > 0 and _digest(path) in digests
            except OSError:
                return False

    return scan_site(site_dir, anonymised.leak_terms, keep=anonymised.keep, skip=skip, cache_dir=cache_dir,
                     partial=partial)


def leak_message(leaks: list) -> str:
    """What the user reads when the gate stops a build; each leak is told masked, so the message cannot leak."""
    lines = [f"  {leak}" for leak in leaks[:MAX_SHOWN]]
    more = f"\n  … and {len(leaks) - MAX_SHOWN} more" if len(leaks) > MAX_SHOWN else ""
    return ("kekpublish: personal data would be published; nothing was published and the previous site is untouched.\n"
            + "\n".join(lines) + more
            + "\nFix the source (add the term to 'sensitive' or anonymise.redact, or edit the ordinary page) and build again.")


@functools.cache
def theme_digests() -> frozenset[str]:
    """Hashes of the static files the installed themes ship (Material, Zensical, kekpublish)."""
    roots = []
    for module, sub in (("material", "templates"), ("zensical", "templates")):
        try:
            package = __import__(module)
        except ImportError:
            continue
        roots.append(Path(package.__file__).parent / sub)
    from ..render import templates

    roots.append(templates.themes_dir() / "kekpublish" / "assets")
    found = set()
    for root in roots:
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and path.suffix not in (".html", ".py", ".pyc"):  # templates are rendered, never copied
                    found.add(_digest(path))
    return frozenset(found)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


__all__ = ["gate", "leak_message", "theme_digests"]
