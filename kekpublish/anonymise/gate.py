"""The leak gate: nothing personal may be found anywhere in the built site.

What it reads: EVERY file under the site directory, and every path (file and
folder names: ``Yasmina-Dirksen-thuis.jpg`` is a leak).

- Known binary formats are opened properly, recognised by their first bytes
  whatever their name: PDF (page text, document information, outline,
  annotations and attachments, through pypdf), zip containers (.docx .xlsx
  .odt .epub ...: every member and member name), gzip of anything (.gz
  .svgz), PNG (tEXt zTXt iTXt eXIf), JPEG (EXIF, XMP, IPTC, comments), GIF
  (comments, XMP), WebP (EXIF, XMP) and fonts (their name table, fontTools).
- Every other file is text: UTF-8 (or UTF-16 with a byte order mark) or,
  when it is not, the runs of printable characters in it (what ``strings``
  shows). .tsv .yml .log .rtf .xhtml .vcf .webmanifest and unknown types are
  all read this way.
- A file the gate cannot read is refused, never skipped: an encrypted or
  broken PDF, a broken or encrypted zip or gzip, a container nested too deep
  or too large to unpack.

Each text is searched in several forms: HTML-unescaped, JSON-unescaped
(search_index.json writes "\\u00ef"), with tags removed ("<b>Jan</b>
Jansen"), percent-decoded, RTF-decoded, with letters spelled apart joined
("J a n s e n"), and every base64 ``data:`` URI decoded and read as a file of
its own. Folding is the anonymiser's (``fold``: case, diacritics, invisible
format characters, look-alike letters), and inside slugs and URLs "-", "_",
".", "/" and "%20" separate words. Generic patterns are flagged too: a valid
BSN (11-proef, any grouping), a valid IBAN, and any e-mail address that is
not on the keep list.

The gate's own message can never leak: the hit is masked ("J****n"), and in
the context printed around it every other term, e-mail address and digit is
masked as well.
"""
from __future__ import annotations

import base64
import binascii
import bisect
import gzip
import hashlib
import html
import io
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote

from ..cache_entries import write_atomically
from .detectors import EMAIL_RE, find_bsns, find_ibans
from .fold import fold as _fold_each, fold_char
from .report import mask
from .terms import TermIndex, identifying, loose, non_overlapping

#: Suffixes whose text is markup: also searched with tags removed.
_MARKUP = {".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom", ".opf", ".ncx"}
#: Suffixes whose text may hold JSON string escapes.
_JSON = {".json", ".js", ".mjs", ".map", ".webmanifest", ".jsonld", ".geojson"}
#: A container inside a container inside ... is refused below this depth.
MAX_DEPTH = 4
#: A zip or gzip that unpacks to more than this is refused (a zip bomb must not stall the build).
MAX_UNPACKED = 256 * 1024 * 1024
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_TAG = re.compile(r"<[^>]*>")
_CONTEXT = 40
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,\s\"')]*)*);base64,([A-Za-z0-9+/=_\-\s]{8,})", re.I)
#: Runs of three or more single letters or digits with one separator between them: "j a n s e n".
#: (Written as "a letter and a separator, then the look-behind": the same matches as
#: ``(?<![^\W_])[^\W_](?:[ .\-_*·|][^\W_]){2,}(?![^\W_])``, but the look-behind is tried only where a
#: letter follows a separator, not at every character.)
_SPACED = re.compile(r"[^\W_][ .\-_*·|](?<![^\W_]..)[^\W_](?:[ .\-_*·|][^\W_])+(?![^\W_])")
_PRINTABLE = re.compile(rb"[\x20-\x7e\t]{4,}")
_PRINTABLE_16LE = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
_PRINTABLE_16BE = re.compile(rb"(?:\x00[\x20-\x7e]){4,}")
_RTF_HEX = re.compile(r"\\'([0-9a-fA-F]{2})")
_RTF_UNICODE = re.compile(r"\\u(-?\d+)\??")
_RTF_CONTROL = re.compile(r"\\[a-zA-Z]+-?\d* ?|[{}]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+")
_PATH_SEP = re.compile(r"((?:[\s\-_.+]|%20)+)")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")


def words(text: str) -> set[str]:
    """``set(_WORD.findall(text))``, in a quarter of the time on a page: a run of letters and digits never
    holds white space, so it lies inside one white-space-separated token, and a token that is all letters and
    digits (``str.isalnum``, the very test of ``[^\\W_]``) is one run. Each distinct token is looked at once."""
    tokens = set(text.split())
    out = {token for token in tokens if token.isalnum()}
    for token in tokens - out:
        out.update(_WORD.findall(token))
    return out


def fold(text: str) -> str:
    """``fold.fold``, faster on long texts with a few non-ASCII letters (a search index, a page): the ASCII
    stretches lower-cased whole, each other character folded alone. ``fold.fold`` maps each character on
    its own through ``fold_char`` (which lower-cases ASCII), so the result is the same, character for
    character (``tests/speed/test_gate_search.py`` compares both)."""
    if text.isascii():
        return text.lower()
    parts = _NON_ASCII.split(text)
    parts[0::2] = [part.lower() for part in parts[0::2]]
    parts[1::2] = ["".join(map(fold_char, part)) for part in parts[1::2]]
    return "".join(parts)


@dataclass(frozen=True)
class Leak:
    """A hit of the gate; term and context are masked so the message cannot leak.

    ``kind`` is "term" (a redact term or a generic identifier in a file's text), "path" (in a file
    or folder name) or "unreadable" (a file the gate refused to pass unread; ``context`` says why).
    """

    file: str
    term: str
    context: str
    kind: str = "term"

    def __str__(self) -> str:
        if self.kind == "unreadable":
            return f"{self.file}: cannot be read, so it cannot be checked ({self.context}); remove it or publish it in a readable form"
        if self.kind == "path":
            return f"{self.file}: '{self.term}' in the file or folder name; rename it"
        return f"{self.file}: '{self.term}' in …{self.context}…"


class Unreadable(Exception):
    """A file of a known binary format the gate cannot open: refused, never passed."""


def _json_unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        g = m.group(1)
        if g[0] == "u":
            return chr(int(g[1:], 16))
        return {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}.get(g, g)
    return _JSON_ESCAPE.sub(sub, text)


def _rtf_text(text: str) -> str:
    def unicode(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return chr(n + 65536 if n < 0 else n) if -32768 <= n < 1114112 else " "
    text = _RTF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]).decode("cp1252", "replace"), text)
    text = _RTF_UNICODE.sub(unicode, text)
    return _RTF_CONTROL.sub("", text)


def _join_spaced(text: str) -> str:
    """ "J a n s e n" -> "Jansen": a term spelled apart, one separator between its letters."""
    return _SPACED.sub(lambda m: m.group()[::2], text)


# ---------------------------------------------------------------------------------------------
# Reading: every file as texts to search, by what it is, not what it is called
# ---------------------------------------------------------------------------------------------

def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _strings(data: bytes) -> str:
    """The printable runs of a binary file (ASCII and UTF-16, like ``strings``), one per line."""
    runs = [m.group().decode("ascii") for m in _PRINTABLE.finditer(data)]
    if b"\x00" in data:
        runs += [m.group().decode("utf-16-le") for m in _PRINTABLE_16LE.finditer(data)]
        runs += [m.group()[1:].decode("utf-16-le", "replace") for m in _PRINTABLE_16BE.finditer(data)]
    return "\n".join(runs)


def _as_text(data: bytes) -> list[str]:
    """The bytes as text if they are text, else []: UTF-8, UTF-16 with a byte order mark, or a text in an
    old code page (a .csv from Excel, a .log) read both as UTF-8 with its bad bytes replaced and as cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return [data.decode("utf-16")]
        except UnicodeDecodeError:
            return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", "replace")
        if lenient.count("\ufffd") > len(lenient) // 20 + 1 or _controls(lenient):
            return []
        texts = [lenient]
        try:
            legacy = data.decode("cp1252")
            if not _controls(legacy):
                texts.append(legacy)
        except UnicodeDecodeError:
            pass
        return texts
    return [] if "\x00" in text else [text]


def _controls(text: str) -> bool:
    """More control characters than a text file has: binary."""
    return sum(1 for c in text if c < " " and c not in "\t\r\n\f") > len(text) // 100


def _extract(data: bytes, name: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Yield (text, kind) for everything readable in a file's bytes; kind is a suffix naming how to search it.

    Raises Unreadable for a known container or document format that cannot be opened.
    """
    if depth > MAX_DEPTH:
        raise Unreadable("containers nested too deep")
    head = data[:16]
    suffix = _suffix(name)
    if head.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        yield from _pdf(data, name, depth)
    elif head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        yield from _zip(data, depth)
    elif head.startswith(b"\x1f\x8b"):
        inner = name[:-3] if name.lower().endswith(".gz") else name[:-1] if suffix == ".svgz" else name + ".unpacked"
        yield from _extract(_gunzip(data), inner, depth + 1)
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        yield from _png(data, depth)
    elif head.startswith(b"\xff\xd8\xff"):
        yield from _jpeg(data, depth)
    elif head.startswith((b"GIF87a", b"GIF89a")):
        yield from _gif(data, depth)
    elif head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        yield from _webp(data, depth)
    elif head.startswith((b"wOFF", b"wOF2", b"OTTO", b"\x00\x01\x00\x00", b"true", b"ttcf")) and \
            suffix in (".woff", ".woff2", ".ttf", ".otf", ".ttc", ".eot", ""):
        yield _font(data), ".txt"
    else:
        texts = _as_text(data)
        if not texts:
            yield _strings(data), ".txt"
            return
        for text in texts[1:]:
            yield text, suffix
        text = texts[0]
        kind = suffix
        if kind not in _MARKUP and kind not in _JSON and text.lstrip()[:1] == "<":
            kind = ".xml"
        if text.startswith("{\\rtf"):
            kind = ".rtf"
        yield text, kind
        for mime, _params, payload in _DATA_URI.findall(text):
            try:
                decoded = base64.b64decode(re.sub(r"\s+", "", payload).replace("-", "+").replace("_", "/") + "==")
            except (binascii.Error, ValueError):
                continue
            yield from _extract(decoded, "data" + _MIME_SUFFIX.get(mime.lower(), ""), depth + 1)


_MIME_SUFFIX = {"image/svg+xml": ".svg", "text/html": ".html", "application/json": ".json", "text/javascript": ".js",
                "application/javascript": ".js", "text/css": ".css", "application/xml": ".xml", "text/xml": ".xml",
                "application/pdf": ".pdf"}


def _gunzip(data: bytes) -> bytes:
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > MAX_UNPACKED:
                    raise Unreadable("gzip unpacks to more than 256 MB")
    except (OSError, EOFError, zlib.error) as exc:
        raise Unreadable(f"broken gzip: {exc}") from None
    return bytes(out)


def _zip(data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"broken zip: {exc}") from None
    total = 0
    for info in members:
        yield info.filename, ".path"
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise Unreadable(f"encrypted zip member {info.filename!r}")
        total += info.file_size
        if total > MAX_UNPACKED:
            raise Unreadable("zip unpacks to more than 256 MB")
        try:
            member = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
            raise Unreadable(f"zip member {info.filename!r}: {exc}") from None
        yield from _extract(member, info.filename, depth + 1)


def _pdf(data: bytes, name: str, depth: int) -> Iterator[tuple[str, str]]:
    import pypdf  # a dependency: the gate reads the chart PDFs it publishes

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted PDF")
        parts = _page_texts(data, reader)
        for value in (reader.metadata or {}).values():
            parts.append(str(value))
        parts += [str(getattr(item, "title", "")) for item in _outline(reader.outline)]
        for page in reader.pages:
            parts += _annotations(page)
        attachments = dict(reader.attachments)
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file  # noqa: BLE001
        raise Unreadable(f"PDF pypdf cannot read: {type(exc).__name__}") from None
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S)
    if xmp:
        parts.append(xmp.group().decode("utf-8", "replace"))
    yield "\n".join(parts), ".txt"
    for filename, contents in attachments.items():
        yield filename, ".path"
        for content in contents:
            yield from _extract(content, filename, depth + 1)


def _page_texts(data: bytes, reader) -> list[str]:
    """The text of every page, read by PDFium (pypdfium2, in C: some fifty times faster than pypdf's
    ``extract_text``, which took 40 % of a cold gate). PDFium reads every character of every text
    object on the page, inside form XObjects too, through the font's ToUnicode map or its encoding,
    whether it is drawn, clipped away, off the page or invisible (``tests/speed/test_gate_pdf.py``
    shows it finds every string pypdf finds, in kekpublish's own PDFs and in crafted ones). A file
    PDFium cannot open, or whose page count it reads otherwise than pypdf, is read by pypdf as before.
    """
    try:
        import pypdfium2  # noqa: PLC0415
    except ImportError:
        pypdfium2 = None
    if pypdfium2 is not None:
        try:
            document = pypdfium2.PdfDocument(data)
        except Exception:  # noqa: BLE001  (PdfiumError, or a file pypdf reads and PDFium does not)
            document = None
        if document is not None:
            try:
                if len(document) == len(reader.pages):
                    texts = []
                    for page in document:
                        textpage = page.get_textpage()
                        # PDFium joins a word hyphenated at a line end and marks the hyphen U+FFFE: the
                        # hyphen and the line break back, as pypdf reads them ("doorver-\nwijzing")
                        texts.append(textpage.get_text_range().replace("\ufffe", "-\n"))
                        textpage.close()
                        page.close()
                    return texts
            except Exception:  # noqa: BLE001
                pass
            finally:
                document.close()
    return [page.extract_text() or "" for page in reader.pages]


def _annotations(page) -> list[str]:
    """The texts of a page's annotations: comments, form fields and their values, link targets."""
    out = []
    annots = _resolve(page.get("/Annots"))
    for annot in annots if isinstance(annots, list) else []:
        obj = _resolve(annot)
        if not hasattr(obj, "get"):
            continue
        out += [str(_resolve(obj.get(key)) or "") for key in ("/Contents", "/T", "/TU", "/V")]
        action = _resolve(obj.get("/A"))
        if hasattr(action, "get"):
            out.append(str(_resolve(action.get("/URI")) or ""))
    return out


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _outline(items) -> Iterator:
    for item in items or []:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def _png(data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    """The text chunks and EXIF of a PNG; pixel data is skipped, not read."""
    pos, size = 8, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length] if kind not in (b"IDAT", b"fdAT") else b""
        pos += 12 + length
        if kind == b"tEXt":
            yield body.replace(b"\0", b"\n").decode("latin-1"), ".txt"
        elif kind == b"zTXt":
            keyword, _, rest = body.partition(b"\0")
            yield keyword.decode("latin-1") + "\n" + _inflate(rest[1:]).decode("latin-1"), ".txt"
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\x01", rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = _inflate(text) if compressed else text
            yield "\n".join(part.decode("utf-8", "replace") for part in (keyword, language, translated, text)), ".xml"
        elif kind == b"eXIf":
            yield _strings(body), ".txt"
        elif kind == b"IEND":
            return
    if pos < size:  # data after IEND, or a chunk cut short: read the rest as strings
        yield _strings(data[pos:]), ".txt"


def _inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    try:
        out = decompressor.decompress(data, MAX_UNPACKED)
    except zlib.error:
        return data  # damaged: its bytes as they are
    return out


def _jpeg(data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    """The APPn segments (EXIF, XMP, IPTC) and comments of a JPEG; scan data is skipped."""
    pos, size = 2, len(data)
    while pos + 4 <= size and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in (0xDA, 0xD9):  # start of scan / end: no metadata follows in a well-formed file
            tail = data.rfind(b"\xff\xd9")
            if tail != -1 and tail + 2 < size:
                yield _strings(data[tail + 2:]), ".txt"  # bytes appended after the image
            return
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        body = data[pos + 4:pos + 2 + length]
        pos += 2 + length
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            if body.startswith(b"http://ns.adobe.com/"):
                yield body.decode("utf-8", "replace"), ".xml"
            else:
                yield _strings(body), ".txt"
                if marker == 0xFE:
                    yield body.decode("utf-8", "replace"), ".txt"
    if pos < size:
        yield _strings(data[pos:]), ".txt"


def _gif(data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    """The comment and application extensions (XMP) of a GIF; image data is skipped."""
    size = len(data)
    pos = 13
    if data[10] & 0x80:
        pos += 3 * (2 << (data[10] & 7))
    while pos < size:
        block = data[pos]
        if block == 0x3B:
            return
        if block == 0x21 and pos + 1 < size:
            label = data[pos + 1]
            pos += 2
            parts = bytearray()
            while pos < size and data[pos]:
                parts += data[pos + 1:pos + 1 + data[pos]]
                pos += 1 + data[pos]
            pos += 1
            if label in (0xFE, 0xFF, 0x01):
                yield parts.decode("utf-8", "replace"), ".xml"
        elif block == 0x2C and pos + 10 <= size:
            flags = data[pos + 9]
            pos += 10
            if flags & 0x80:
                pos += 3 * (2 << (flags & 7))
            pos += 1  # LZW minimum code size
            while pos < size and data[pos]:
                pos += 1 + data[pos]
            pos += 1
        else:  # not a block we know: read what is left as strings
            yield _strings(data[pos:]), ".txt"
            return


def _webp(data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    pos, size = 12, len(data)
    while pos + 8 <= size:
        kind, length = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        body = data[pos + 8:pos + 8 + length]
        pos += 8 + length + (length & 1)
        if kind == b"XMP ":
            yield body.decode("utf-8", "replace"), ".xml"
        elif kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF", b"VP8X", b"ANIM", b"ICCP"):
            yield _strings(body), ".txt"


def _font(data: bytes) -> str:
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        return "\n".join(str(record.toUnicode()) for record in font["name"].names)
    except Exception:  # noqa: BLE001  (fontTools raises many kinds; a damaged font is read as strings)
        return _strings(data)


# ---------------------------------------------------------------------------------------------
# Searching
# ---------------------------------------------------------------------------------------------

def _variants(text: str, kind: str) -> list[str]:
    out = [html.unescape(text)]
    if "\\" in text and kind in _JSON:  # search_index.json writes "\u00ef"
        out.append(html.unescape(_json_unescape(text)))
    if kind == ".rtf" or text.startswith("{\\rtf"):
        out.append(_rtf_text(text))
    if kind in _MARKUP or kind in _JSON:
        base = list(out)
        out.extend(_TAG.sub(" ", v) for v in base)  # <td>Jan</td><td>Jansen</td>
        out.extend(_TAG.sub("", v) for v in base)   # Jan<em>sen</em>
    if "%" in text:
        out.append(unquote(out[0]))
    if "=" in text and kind in (".vcf", ".eml", ".mht", ".mhtml", ".ics"):
        import quopri  # noqa: PLC0415

        out.append(quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace"))
    return out


#: Where a BSN can be: a run of eight digits or more, each separated from the next by at most one
#: " ", "." or "-" (every match of the detector's pattern lies inside one such run, found whole).
_BSN_RUN = re.compile(r"\d(?:[ .-]?\d){7,}")
#: Where an IBAN can start: two letters, an optional white space, two digits (never overlapping).
_IBAN_START = re.compile(r"[A-Za-z]{2}\s?\d{2}")


def identifier_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``find_bsns(text) + find_ibans(text)`` returns, in that order, from the detectors run only
    on windows around the places a BSN or an IBAN can be (found by one fast pattern each).

    Exact, not an approximation (``tests/speed/test_gate_search.py`` compares both on generated and built
    text): every BSN match lies inside one ``_BSN_RUN`` and every IBAN match starts at an ``_IBAN_START``;
    a window keeps what the detectors look at around a match (BSN: 2 characters before for its
    look-behind and 40 for the word "BSN" before an 8-digit number, 2 after for its look-ahead; IBAN: 1
    before, at most 65 characters of IBAN and 1 after), and of what a detector finds in a window only
    matches that start at a candidate count, so a number cut at the window's edge adds nothing.
    Candidates whose windows overlap are read as one window, so a match never hides another.
    """
    out = _windowed(text, find_bsns, [(m.start(), m.end()) for m in _BSN_RUN.finditer(text)], before=45, after=4)
    if _IBAN_START.search(text):
        out += _windowed(text, find_ibans, [(m.start(), m.end()) for m in _IBAN_START.finditer(text)],
                         before=2, after=70)
    return out


def _windowed(text: str, finder, cores: list[tuple[int, int]], *, before: int, after: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i, count = 0, len(cores)
    while i < count:
        first, last = cores[i][0], cores[i][1]
        i += 1
        while i < count and cores[i][0] - before < last + after:  # the windows overlap: one window
            last = cores[i][1]
            i += 1
        lo = max(0, first - before)
        out += [(lo + span.start, lo + span.end) for span in finder(text[lo:last + after])
                if first <= lo + span.start < last]
    return out


class _Searcher:
    """Everything one scan looks for, and the masking of what it prints."""

    def __init__(self, terms: list[str], keep: list[str]) -> None:
        self.keep_folded = {" ".join(fold(k).split()) for k in keep}
        self.matcher = TermIndex(terms)  # linear in the text, whatever the number of terms
        self.keep_matcher = TermIndex(keep)
        #: every word of every term ("yasmina" of "Yasmina Dirksen"): masked wherever it shows in a context
        self.term_words = {w for t in terms for w in _WORD.findall(loose(fold(t))) if len(w) >= 2}
        #: while a file is read for the record of clean files: (every word of every text the term index
        #: searched, every spelled-apart run joined), see _CleanFiles
        self.record: tuple[set[str], set[str]] | None = None

    def hits(self, text: str) -> Iterator[tuple[str, str]]:
        """(term as found, masked context) for each hit in one text."""
        folded = fold(text)
        searched = loose(folded)
        record = self.record
        if record is not None:
            record[0].update(words(searched))
        yield from self._hits_in(text, searched, patterns=True)
        if not self.matcher:
            return
        # a term spelled apart ("J a n s e n"): each run that joins into a term is searched joined, with its
        # surroundings; runs that join into no term ("a.b.c", "1-2-3", minified JavaScript) cost one lookup
        for m in _SPACED.finditer(folded):
            joined = m.group()[::2]
            if record is not None:
                record[1].add(joined)
            if joined not in self.term_words and not self.matcher.search(joined):
                continue
            window = _join_spaced(folded[max(0, m.start() - _CONTEXT):m.end() + _CONTEXT])
            searched = loose(window)
            if record is not None:
                record[0].update(_WORD.findall(searched))
            yield from self._hits_in(window, searched, patterns=False)

    def _hits_in(self, variant: str, folded: str, *, patterns: bool) -> Iterator[tuple[str, str]]:
        hits = self._term_hits(folded)
        starts = [s for s, _, _ in hits]
        told: set[str] = set()
        for s, e, term in hits:
            if term in told:
                continue  # one report per term and text: a term a thousand times costs one context
            told.add(term)
            near = hits[bisect.bisect_left(starts, s - 2 * _CONTEXT):bisect.bisect_right(starts, e + _CONTEXT)]
            yield term, self._context(folded, s, e, near)
        if not patterns:
            return
        for start, end in identifier_spans(variant):
            value = variant[start:end]
            if value not in told:
                told.add(value)
                yield value, self._raw_context(variant, start, end)
        if "@" not in variant:
            return  # no e-mail address without one
        for m in EMAIL_RE.finditer(variant):
            if m.group() in told or " ".join(fold(m.group()).split()) in self.keep_folded:
                continue
            told.add(m.group())
            yield m.group(), self._raw_context(variant, m.start(), m.end())

    def safe_path(self, rel: str) -> str:
        """A path to print: each word of a name that is a term, holds six digits or more, or an e-mail address, masked."""
        out = []
        for segment in rel.split("/"):
            if EMAIL_RE.search(segment):
                out.append(mask(segment))
                continue
            parts = _PATH_SEP.split(fold(segment))  # words at even places, separators at odd ones
            words = " ".join(parts[0::2])
            hidden: set[int] = set()
            for s, e, _ in self._term_hits(words):
                first, last = words.count(" ", 0, s), words.count(" ", 0, e - 1)
                hidden.update(range(first, last + 1))
            hidden.update(i // 2 for i, p in enumerate(parts) if i % 2 == 0 and sum(c.isdigit() for c in p) >= 6)
            if not hidden:
                out.append(segment)  # as written
                continue
            out.append("".join(mask(p) if i % 2 == 0 and i // 2 in hidden else p for i, p in enumerate(parts)))
        return "/".join(out)

    def _term_hits(self, folded: str) -> list[tuple[int, int, str]]:
        if not self.matcher:
            return []
        # a hit inside a kept name ("Stichting Anna Berg") is dropped before overlapping hits are thinned
        # out, so it can never hide a hit that overlaps it ("Anna Berg Jansen": "Berg Jansen" is reported)
        hits = self.matcher.search_all(folded)
        if hits and self.keep_matcher:
            kept = [(s, e) for s, e, _ in self.keep_matcher.search(folded)]
            if kept:
                hits = [(s, e, t) for s, e, t in hits if not any(ks <= s and e <= ke for ks, ke in kept)]
        return non_overlapping(hits)

    def _context(self, folded: str, start: int, end: int, hits: list[tuple[int, int, str]]) -> str:
        lo, hi = max(0, start - _CONTEXT), min(len(folded), end + _CONTEXT)
        chars = list(folded[lo:hi])
        for s, e, _ in hits:  # every term in the window is masked, not only this one
            if e <= lo or s >= hi:
                continue
            masked = mask(folded[s:e])
            for i in range(max(s, lo), min(e, hi)):
                chars[i - lo] = masked[i - s] if i - s < len(masked) else "*"
        before, after = "".join(chars[:start - lo]), "".join(chars[end - lo:])
        return self._clean(before, lo > 0, after, hi < len(folded), mask(folded[start:end]), masked=True)

    def _raw_context(self, text: str, start: int, end: int) -> str:
        lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
        before, after = loose(fold(text[lo:start])), loose(fold(text[end:hi]))
        return self._clean(before, lo > 0, after, hi < len(text), mask(text[start:end]), masked=False)

    def _clean(self, before: str, cut_before: bool, after: str, cut_after: bool, hit: str, *, masked: bool) -> str:
        if cut_before and " " in before:
            before = before.split(" ", 1)[1]  # a word cut by the window could be the rest of a name
        if cut_after and " " in after:
            after = after.rsplit(" ", 1)[0]
        before, after = self._scrub(before, masked), self._scrub(after, masked)
        return " ".join(f"{before}{hit}{after}".split())

    def _scrub(self, text: str, masked: bool) -> str:
        """Mask every identifier in a piece of context: terms, e-mail addresses, digits (BSN, phone, IBAN, dates)."""
        if not masked and self.matcher:
            for s, e, _ in reversed(self._term_hits(text)):
                text = text[:s] + mask(text[s:e]) + text[e:]
        text = EMAIL_RE.sub(lambda m: mask(m.group()), text)
        text = _WORD.sub(lambda m: mask(m.group()) if m.group() in self.term_words else m.group(), text)
        text = _SPACED.sub(lambda m: self._spaced(m.group()), text)
        return _DIGIT.sub("#", text)

    def _spaced(self, run: str) -> str:
        """A run of letters spelled apart, masked when joined it holds a term ("i n e k e")."""
        joined = run[::2]
        if joined in self.term_words or self._term_hits(joined):
            return run[0] + "*" * (len(run) - 2) + run[-1]
        return run


def scan_site(site_dir: Path, terms: Iterable[str], *, keep: Iterable[str] = (),
              skip: Callable[[str], bool] = lambda rel: False, cache_dir: Path | None = None,
              partial: bool = False) -> list[Leak]:
    """Scan every file and every path under ``site_dir``; return the leaks found (empty: passed).

    ``skip`` names files not to read (the theme's own assets). With ``cache_dir``, a file whose
    bytes were found clean before, with the same keep list, is not read again when no term is new
    or when no new term can be in it (``_CleanFiles`` says why that is sound): a rebuild scans
    only what changed. ``partial``: ``skip`` leaves out files of the site that another scan reads
    (the plugin scans the pages while the PNG/PDF files convert, then those files): the record
    keeps what it knows of the files this scan did not see.
    """
    site_dir = Path(site_dir)
    keep = [k for k in keep if k and k.strip()]
    keep_folded = {" ".join(fold(k).split()) for k in keep}
    term_list = sorted(t for t in terms if t and len(" ".join(fold(t).split())) >= 2 and identifying(fold(t))
                       and " ".join(fold(t).split()) not in keep_folded)
    searcher = _Searcher(term_list, keep)
    clean = _CleanFiles(cache_dir, [GATE_VERSION, "\0", *sorted(keep)], term_list)
    leaks: list[Leak] = []
    seen: set[tuple[str, str, str]] = set()
    # First the walk: what to read (jobs: each distinct file or piece once) and, in order, what to report
    # (events: a leak, a hit in a path, or a file with the jobs of its pieces); then the reading, in
    # workers when there is much; then the report and the record of clean files, in the walk's order.
    jobs: list[tuple[bytes | Path, int, str, bool]] = []  # (a piece, or the file to read; its size; name; record)
    first: dict[tuple[str, str], int] = {}
    events: list = []
    for rel, is_dir, path in _walk(site_dir):
        if skip(rel):
            continue
        label = searcher.safe_path(rel) + ("/" if is_dir else "")
        for term, _context in searcher.hits(rel.rsplit("/", 1)[-1]):
            events.append((label, term, "", "path"))
        if is_dir:
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            events.append(Leak(label, "", exc.strerror or type(exc).__name__, "unreadable"))
            continue
        digest = clean.digest(data)
        if digest in clean:
            clean.seen(digest)
            continue
        # a big JSON file (the search index) is read entry by entry: after one edit only the entries
        # that changed are read again (_json_pieces says why that finds what reading it whole finds)
        pieces = _json_pieces(data) if digest and rel.endswith(".json") else None
        queued = []
        for piece in pieces or [data]:
            piece_digest = clean.digest(piece) if pieces else digest
            if pieces and piece_digest in clean:
                clean.seen(piece_digest)
                continue
            key = (piece_digest, rel.rsplit("/", 1)[-1]) if piece_digest else None  # what a file is read as: its bytes and name
            if key is None or key not in first:
                if key is not None:
                    first[key] = len(jobs)
                # a whole file is read again where it is scanned (the scan holds one file at a time, not the site)
                jobs.append((piece if pieces else path, len(piece), rel, bool(digest) and bool(searcher.matcher)))
            queued.append((first[key] if key is not None else len(jobs) - 1, piece_digest))
        events.append((label, queued, digest if pieces else ""))
    results = _scan_all(searcher, jobs)
    for event in events:  # in the order of the walk, as one reading after the other would report them
        if isinstance(event, Leak):
            leaks.append(event)
            continue
        if len(event) == 4:  # a hit in a path
            _add(leaks, seen, *event)
            continue
        label, queued, whole = event
        file_clean = True
        for job, piece_digest in queued:
            found, unreadable, record = results[job]
            for inner, term, context in found:
                if inner is None:
                    _add(leaks, seen, label, term, context)
                else:
                    _add(leaks, seen, f"{label} > {inner}", term, "", "path")
            if unreadable is not None:
                leaks.append(Leak(label, "", unreadable, "unreadable"))
            if found or unreadable is not None:
                file_clean = False  # (by what the piece holds, not by what is new to the report)
            else:
                clean.add(piece_digest, record)
        if whole and file_clean:
            clean.add(whole)  # whole and unchanged next time: not even split (its pieces hold the words)
    clean.save(prune=not partial)
    return leaks


#: Below this many bytes to read, a scan runs in this process (an edit's rebuild); above it, in one
#: worker per core (a cold build reads every page: 30 MB at 200 narratives).
PARALLEL_FROM = 4 * 1024 * 1024
_PENDING: tuple | None = None  # (searcher, jobs) for the forked workers, which inherit it


def _scan_all(searcher: _Searcher, jobs: list[tuple[bytes | Path, int, str, bool]]) -> list[tuple]:
    """``_scan_piece`` of every job, in order: in forked workers when there is much to read, else here.
    The workers read the same bytes with the same searcher, so the results are the same."""
    import concurrent.futures

    from ..workers import fork_pool, fork_workers

    total = sum(size for _, size, _, _ in jobs)
    workers = fork_workers(len(jobs)) if total >= PARALLEL_FROM else 0
    if not workers:
        return [_scan_piece(searcher, *job) for job in jobs]
    # contiguous runs of about a sixteenth of the bytes: a worker that ends early takes the next run
    size, chunks, current, count = total / (workers * 8), [], [], 0
    for i, (_, piece_size, _, _) in enumerate(jobs):
        current.append(i)
        count += piece_size
        if count >= size:
            chunks.append(current)
            current, count = [], 0
    if current:
        chunks.append(current)
    global _PENDING
    _PENDING = (searcher, jobs)
    results: list[tuple | None] = [None] * len(jobs)
    try:
        with fork_pool(workers) as pool:
            futures = [(chunk, pool.submit(_scan_chunk, chunk)) for chunk in chunks]
            for chunk, future in futures:
                try:
                    for i, result in zip(chunk, future.result()):
                        results[i] = result
                except concurrent.futures.process.BrokenProcessPool:
                    pass  # a worker died (out of memory): what it had is read here
    except OSError:
        pass  # no workers could be started: everything is read here
    finally:
        _PENDING = None
    return [result if result is not None else _scan_piece(searcher, *job) for result, job in zip(results, jobs)]


def _scan_chunk(indices: list[int]) -> list[tuple]:
    """In a worker: ``_scan_piece`` of the jobs at these places of ``_PENDING``."""
    searcher, jobs = _PENDING
    return [_scan_piece(searcher, *jobs[i]) for i in indices]


def _scan_piece(searcher: _Searcher, source: bytes | Path, size: int, rel: str, record: bool) -> tuple:
    """What the gate finds reading one file (or piece of one) named rel: ([(inner, term, context)], why it
    cannot be read or None, the record of its words for _CleanFiles or None). ``inner`` is the masked name
    of a file inside a container (a zip member, a PDF attachment) where the hit is in that name, else None."""
    found: list[tuple[str | None, str, str]] = []
    unreadable = None
    try:
        piece = source.read_bytes() if isinstance(source, Path) else source
    except OSError as exc:
        return found, exc.strerror or type(exc).__name__, None
    if len(piece) != size:  # (the staged site is the build's own: nothing writes it while the gate reads)
        return found, "the file changed while it was read", None
    searcher.record = (set(), set()) if record else None
    try:
        for text, kind in _read(piece, rel):
            if kind == ".path":  # a name inside a container: a zip member, a PDF attachment
                found += [(searcher.safe_path(text), term, "") for term, _context in searcher.hits(text)]
                continue
            for variant in dict.fromkeys(_variants(text, kind)):  # each distinct form once
                found += [(None, term, context) for term, context in searcher.hits(variant)]
    except Unreadable as exc:
        unreadable = str(exc)
    words = searcher.record
    searcher.record = None
    return found, unreadable, (" ".join(sorted(words[0])), " ".join(sorted(words[1]))) if words is not None else None


#: A JSON string, or one of the characters that open, close or separate values.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_PIECES_FROM = 256 * 1024  # smaller JSON files are read whole


def _json_pieces(data: bytes) -> list[bytes] | None:
    """A big JSON file cut after each "," at the second level, or None: the search index
    ``{"config": {...}, "docs": [{...}, {...}]}`` is cut between the members of its config and
    between its docs (a page's section each), so one edit changes a few pieces.

    Every cut lies outside any string, between two values: no text the gate searches (a string,
    an entity, a tag, a percent escape, a data URI, a run of digits or of spelled-apart letters)
    crosses it, and the pieces joined are the file byte for byte. So the hits in the pieces are
    the hits in the whole file, and a piece found clean is clean wherever it reappears.
    None for a small file, one that is not valid UTF-8 JSON, or one with nothing to cut.
    """
    if len(data) < _PIECES_FROM:
        return None
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except ValueError:  # (UnicodeDecodeError and JSONDecodeError are ValueErrors)
        return None
    cuts, depth = [], 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
        elif token == "," and depth == 2:
            cuts.append(m.end())
    if not cuts:
        return None
    bounds = [0, *cuts, len(text)]
    pieces = [text[a:b].encode("utf-8") for a, b in zip(bounds, bounds[1:])]
    return pieces if b"".join(pieces) == data else None


def _read(data: bytes, rel: str) -> Iterator[tuple[str, str]]:
    """What the gate reads of a file: (text, kind) pairs (kind ".path" for names inside a container)."""
    return _extract(data, rel.rsplit("/", 1)[-1])


def _walk(site_dir: Path) -> Iterator[tuple[str, bool, Path]]:
    """(relative path, is a folder, path) of everything under site_dir, links followed once, sorted."""
    visited: set[str] = set()
    for root, dirs, files in os.walk(site_dir, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        base = Path(root)
        rel_root = base.relative_to(site_dir).as_posix()
        prefix = "" if rel_root == "." else rel_root + "/"
        for name in dirs:
            yield prefix + name, True, base / name
        for name in sorted(files):
            yield prefix + name, False, base / name


GATE_VERSION = "gate-6"  # bump when what the gate looks for changes: it empties the record of clean files (6: pieces once recorded clean although they held a hit)


def _term_runs(term: str) -> list[str]:
    return _WORD.findall(loose(fold(term.strip())))


def could_appear(term: str, words: set[str], joined: set[str]) -> bool:
    """Could the gate find ``term`` in a file whose searched texts hold exactly ``words`` (every run of
    letters and digits of every text the term index searched in it) and ``joined`` (every run spelled
    apart, joined)? False only when it cannot: see ``_CleanFiles``."""
    runs = _term_runs(term)
    if not runs:
        return True
    if any(r in joined or r + "s" in joined for r in runs):
        return True  # it would make the gate search a window it did not search
    return all(r in words or r + "s" in words for r in runs)


class _CleanFiles:
    """The content hashes of files found clean (kept in cache_dir), and what each was searched for.

    ``gate-clean.json`` holds the hashes, the keep list and gate version they hold for (any change
    there empties it) and a hash of the terms they were found clean against. ``gate-words.json``
    holds, per clean file, the words the term index searched in it and the spelled-apart runs it
    joined: words of files that passed the gate (so of published text, nothing of a study's own),
    and hashes of the terms, never the terms. It is read only when the terms changed.

    When the terms change, a clean file stays clean without being read again unless a new term
    could be found in it. Why that is sound:

    - A file is clean when every hit of every term in every text searched is inside a kept name
      (``_term_hits`` drops those before it thins out overlapping hits, so a hit is never hidden by
      another). The generic patterns (BSN, IBAN, e-mail) do not depend on the terms; the keep list
      is part of the record's key. So the hits of a set of terms are the union of each term's hits:
      fewer terms find a subset, and a clean file stays clean when terms are removed.
    - The term index finds a term only on word boundaries (no letter or digit before it, none
      after it but a possessive "s"), in ``loose(fold(text))``. So each run of letters and digits
      of the term's own loose form is a whole word of the searched text, or that word without a
      final "s". ``could_appear`` is False only when some run of a new term is no such word of any
      text the file was searched in: then the term has no hit there, the other terms' hits are the
      ones found clean before, and the file is clean against the new terms too.
    - The texts searched are the file's forms (``_variants``) and the windows around spelled-apart
      runs ("J a n s e n"). A run's window is searched only when the joined run is a word of a term
      or is a term; a new term that would open a window not searched before has a run equal to the
      joined run (or it with a final "s"), so ``could_appear`` sends that file to be read again.
      Windows the old terms opened were searched, and their words are recorded.
    - Files without a record of their words (a record from an older gate, a scan without terms)
      are read again.
    """

    def __init__(self, cache_dir: Path | None, key_parts: list[str], terms: list[str]) -> None:
        self.path = Path(cache_dir) / "gate-clean.json" if cache_dir else None
        self.words_path = Path(cache_dir) / "gate-words.json" if cache_dir else None
        self.key = hashlib.sha256("\n".join(key_parts).encode("utf-8")).hexdigest()
        self.term_hashes = sorted({_term_hash(t) for t in terms})
        self.terms_key = hashlib.sha256("\n".join(self.term_hashes).encode("ascii")).hexdigest()
        self.terms = terms
        self.hashes: set[str] = set()
        #: digest -> (words, joined runs) of clean files; None until it is needed (read lazily)
        self.words: dict[str, tuple[str, str]] | None = None
        self._seen: set[str] = set()
        self._changed = False
        self.carried = 0  # clean files kept across a change of terms without being read (for tests and bench)
        if not self.path or not self.path.is_file():
            return
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if not (isinstance(data, dict) and data.get("key") == self.key and isinstance(data.get("clean"), list)):
            return
        hashes = {h for h in data["clean"] if isinstance(h, str) and len(h) == 64}
        if data.get("terms") == self.terms_key:
            self.hashes = hashes
        else:
            self._carry(hashes, data.get("terms"))

    def _load_words(self, terms_key: str | None) -> tuple[dict[str, tuple[str, str]], list[str]]:
        try:
            data = json.loads(self.words_path.read_text("utf-8"))
        except (OSError, ValueError, AttributeError):
            return {}, []
        if not (isinstance(data, dict) and data.get("key") == self.key and data.get("terms") == terms_key
                and isinstance(data.get("words"), dict) and isinstance(data.get("term_hashes"), list)):
            return {}, []
        words = {d: (w[0], w[1]) for d, w in data["words"].items()
                 if isinstance(w, list) and len(w) == 2 and all(isinstance(x, str) for x in w)}
        return words, [h for h in data["term_hashes"] if isinstance(h, str)]

    def _carry(self, hashes: set[str], old_terms_key) -> None:
        """Keep the clean files no new term can be found in (see the class doc)."""
        words, old_hashes = self._load_words(old_terms_key)
        old = set(old_hashes)
        new_terms = [t for t in self.terms if _term_hash(t) not in old]
        self.words = {}
        for digest in hashes:
            record = words.get(digest)
            if record is None:
                continue
            found, joined = set(record[0].split()), set(record[1].split())
            if not any(could_appear(t, found, joined) for t in new_terms):
                self.hashes.add(digest)
                self.words[digest] = record
                self.carried += 1
        self._changed = True

    def digest(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest() if self.path else ""

    def __contains__(self, digest: str) -> bool:
        return bool(digest) and digest in self.hashes

    def seen(self, digest: str) -> None:
        self._seen.add(digest)

    def add(self, digest: str, record: tuple[str, str] | None = None) -> None:
        if not digest:
            return
        self.hashes.add(digest)
        self._seen.add(digest)
        self._changed = True
        if record is not None:  # (words, joined runs), each as one sorted string
            if self.words is None:
                self.words = self._load_words(self.terms_key)[0]
            self.words[digest] = record

    def save(self, prune: bool = True) -> None:
        """Write the record; a cache that cannot be written only costs a rescan next time. ``prune``: the
        words of clean files this scan did not see are dropped (they left the site); not after a scan of
        part of the site, whose other files another scan reads (their words would be lost, and the next
        change of terms would read them all again)."""
        if not self.path or not self._changed:
            return
        if self.words is None:  # nothing was read with a record this time: keep the records already written
            self.words = self._load_words(self.terms_key)[0]
        words = {d: list(w) for d, w in self.words.items() if (d in self._seen or not prune) and d in self.hashes}
        # the words first: a record of clean files never names terms its words were not recorded for
        _write_json(self.words_path, {"key": self.key, "terms": self.terms_key, "term_hashes": self.term_hashes,
                                      "words": words})
        _write_json(self.path, {"key": self.key, "terms": self.terms_key, "clean": sorted(self.hashes)})


def _term_hash(term: str) -> str:
    """The hash of a term as the term index holds it (its loose, folded form)."""
    return hashlib.sha256(loose(fold(term.strip())).strip().encode("utf-8")).hexdigest()


def _write_json(path: Path, data) -> None:
    try:
        write_atomically(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass  # a record that cannot be written costs a full scan next time


def _add(leaks: list[Leak], seen: set[tuple[str, str, str]], rel: str, term: str, context: str, kind: str = "term") -> None:
    key = (rel, kind, fold(term))
    if key in seen:
        return
    seen.add(key)
    leaks.append(Leak(rel, mask(term), context, kind))
