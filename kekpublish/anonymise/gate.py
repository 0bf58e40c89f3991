"""The leak gate: nothing personal may be found anywhere in the built site.

Every file under the site directory with a text extension (.html .htm .json
.xml .txt .js .css .svg .csv .ics .md, and any of these gzipped as .gz) is
read, HTML-unescaped and JSON-unescaped (search_index.json writes "\\u00ef"),
and searched for every term with the same folding as the anonymiser (case,
diacritics, white space, possessives, a left word boundary; inside slugs and
URLs "-", "_", "." and "%20" also separate words). HTML/XML/SVG are also
searched with tags removed, so "<b>Jan</b> Jansen" is found. Generic
patterns are flagged too: a valid BSN (11-proef, any grouping), a valid IBAN,
and any e-mail address that is not on the keep list.

PDF files are searched through their text when pypdf is importable; without
pypdf they are skipped (pypdf is not a dependency of kekpublish).
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .detectors import EMAIL_RE, find_bsns, find_ibans
from .fold import fold
from .report import mask
from .terms import TermIndex, identifying, loose

TEXT_SUFFIXES = {".html", ".htm", ".json", ".xml", ".txt", ".js", ".css", ".svg", ".csv",
                 ".ics", ".md"}
_MARKUP = {".html", ".htm", ".xml", ".svg"}
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_TAG = re.compile(r"<[^>]*>")
_CONTEXT = 40


@dataclass(frozen=True)
class Leak:
    """A hit of the gate; term and context are masked so the message cannot leak."""

    file: str
    term: str
    context: str


def _json_unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        g = m.group(1)
        if g[0] == "u":
            return chr(int(g[1:], 16))
        return {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}.get(g, g)
    return _JSON_ESCAPE.sub(sub, text)


def _read(path: Path) -> tuple[str | None, str]:
    """(text, effective suffix) of a site file, None if it is not searched."""
    suffix = path.suffix.lower()
    data: bytes
    if suffix == ".gz":
        inner = Path(path.stem).suffix.lower()
        if inner not in TEXT_SUFFIXES:
            return None, inner
        try:
            data = gzip.decompress(path.read_bytes())
        except (OSError, EOFError):
            return None, inner
        return data.decode("utf-8", errors="replace"), inner
    if suffix == ".pdf":
        return _pdf_text(path), suffix
    if suffix not in TEXT_SUFFIXES:
        return None, suffix
    return path.read_bytes().decode("utf-8", errors="replace"), suffix


def _pdf_text(path: Path) -> str | None:
    try:
        import pypdf  # noqa: PLC0415  (optional)
    except ImportError:
        return None
    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a broken PDF is not ours to judge here
        return None


def _variants(text: str, suffix: str) -> list[str]:
    out = [html.unescape(text)]
    if "\\" in text and suffix in (".json", ".js"):  # search_index.json writes "\u00ef"
        out.append(html.unescape(_json_unescape(text)))
    if suffix in _MARKUP or suffix in (".json", ".js"):
        base = list(out)
        out.extend(_TAG.sub(" ", v) for v in base)  # <td>Jan</td><td>Jansen</td>
        out.extend(_TAG.sub("", v) for v in base)   # Jan<em>sen</em>
    if "%" in text:
        from urllib.parse import unquote  # noqa: PLC0415
        out.append(unquote(out[0]))
    return out


def _context(folded: str, start: int, end: int) -> str:
    before = folded[max(0, start - _CONTEXT):start]
    after = folded[end:end + _CONTEXT]
    return " ".join(f"{before}{mask(folded[start:end])}{after}".split())


def scan_site(site_dir: Path, terms: Iterable[str], *, keep: Iterable[str] = (),
              skip: Callable[[str], bool] = lambda rel: False, cache_dir: Path | None = None) -> list[Leak]:
    """Scan every file under ``site_dir``; return the leaks found (empty: passed).

    With ``cache_dir``, a file whose bytes were found clean before, against the same terms
    and keep list, is not read again: a rebuild scans only what changed.
    """
    site_dir = Path(site_dir)
    keep = [k for k in keep if k and k.strip()]
    keep_folded = {" ".join(fold(k).split()) for k in keep}
    term_list = sorted(t for t in terms if t and len(" ".join(fold(t).split())) >= 2 and identifying(fold(t))
                       and " ".join(fold(t).split()) not in keep_folded)
    matcher = TermIndex(term_list)  # linear in the text, whatever the number of terms
    keep_matcher = TermIndex(keep)
    clean = _CleanFiles(cache_dir, [GATE_VERSION, *term_list, "\0", *sorted(keep)])
    leaks: list[Leak] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if skip(rel):
            continue
        digest = clean.digest(path)
        if digest in clean:
            continue
        text, suffix = _read(path)
        if text is None:
            continue
        before = len(leaks)
        seen: set[tuple[str, str]] = set()
        for variant in _variants(text, suffix):
            folded = loose(fold(variant))
            kept = [(s, e) for s, e, _ in keep_matcher.search(folded)]
            for s, e, term in matcher.search(folded):
                if any(ks <= s and e <= ke for ks, ke in kept):
                    continue
                _add(leaks, seen, rel, term, _context(folded, s, e))
            for span in find_bsns(variant) + find_ibans(variant):
                _add(leaks, seen, rel, variant[span.start:span.end],
                     _context(variant, span.start, span.end))
            for m in EMAIL_RE.finditer(variant):
                if " ".join(fold(m.group()).split()) in keep_folded:
                    continue
                _add(leaks, seen, rel, m.group(), _context(variant, m.start(), m.end()))
        if len(leaks) == before:
            clean.add(digest)
    clean.save()
    return leaks


GATE_VERSION = "gate-3"  # bump when what the gate looks for changes: it empties the record of clean files


class _CleanFiles:
    """The content hashes of files found clean, for one set of terms (kept in cache_dir)."""

    def __init__(self, cache_dir: Path | None, key_parts: list[str]) -> None:
        self.path = Path(cache_dir) / "gate-clean.json" if cache_dir else None
        self.key = hashlib.sha256("\n".join(key_parts).encode("utf-8")).hexdigest()
        self.hashes: set[str] = set()
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text("utf-8"))
                if data.get("key") == self.key:
                    self.hashes = set(data.get("clean", []))
            except (OSError, ValueError):
                pass

    def digest(self, path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest() if self.path else ""

    def __contains__(self, digest: str) -> bool:
        return bool(digest) and digest in self.hashes

    def add(self, digest: str) -> None:
        if digest:
            self.hashes.add(digest)

    def save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"key": self.key, "clean": sorted(self.hashes)}), encoding="utf-8")
        os.replace(partial, self.path)


def _add(leaks: list[Leak], seen: set[tuple[str, str]], rel: str, term: str, context: str) -> None:
    key = (rel, fold(term))
    if key in seen:
        return
    seen.add(key)
    leaks.append(Leak(rel, mask(term), context))
