"""wordfreq's Zipf frequencies without loading its word lists: a compact copy, read whole in milliseconds.

The anonymiser asks wordfreq how frequent a word is in Dutch and in nine other
languages (anonymise/words.py). ``wordfreq.zipf_frequency`` first loads the
language's whole list into a dict: 0.1-0.3 s a language, 1.3 s for the ten, paid
by every process that analyses a single new paragraph (an edit: one new sentence).

This module keeps, beside deduce's compact copy, one file per language made from
that list the first time wordfreq loads it: the list's words sorted as UTF-8, their
offsets and their frequency buckets, sealed with a sha256 (5-12 MB a language).
Reading one is a file read and a hash; a word is found by bisection (a few
microseconds). Making the ten copies takes a few seconds, once per machine and
wordfreq version, in the first build that loads the lists. The answer is
wordfreq's own, not a copy of its rules:

- the word is tokenised by wordfreq's own ``lossy_tokenize`` for that language (its
  case folding, normalisation and Turkish dots), digits estimated by its own
  ``digit_freq``;
- each token's frequency is its bucket's, and they are combined and rounded by the
  same operations as ``wordfreq._word_frequency`` and ``zipf_frequency``
  (``tests/anonymise/test_frequencies.py`` compares every bucket of every language
  and random words, names, numbers, several-word strings and fuzz with wordfreq's
  own answers);
- the copy is keyed by wordfreq's version and this format; a copy that is missing,
  damaged or for another version is not used (wordfreq answers, and writes it anew).

Only wordfreq's public word list is stored: nothing of the texts analysed.
"""

from __future__ import annotations

import array
import functools
import gc
import hashlib
import importlib.metadata
import itertools
import math
import sys
import tempfile
from pathlib import Path

FORMAT = "1"
_MAGIC = b"kekpublish-wordfreq-copy\n"
_DIGEST = 64  # hex sha256 at the end of the file


@functools.cache
def _version() -> str:
    try:
        return importlib.metadata.version("wordfreq")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def cache_dir() -> Path:
    """Where the copies live: the user's kekpublish cache (beside deduce's), else the temp dir."""
    try:
        import platformdirs  # noqa: PLC0415

        path = Path(platformdirs.user_cache_dir("kekpublish")) / "wordfreq"
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / "kekpublish-wordfreq"
        path.mkdir(parents=True, exist_ok=True)
    return path


def copy_path(folder: Path, lang: str) -> Path:
    key = hashlib.sha256(f"{FORMAT}\0{_version()}\0{sys.byteorder}".encode()).hexdigest()[:16]
    return folder / f"kekpublish-wordfreq-{lang}-{key}.bin"


class Table:
    """One language's copy: sorted words, their offsets and their buckets (centibels below 1)."""

    def __init__(self, data: bytes) -> None:
        body = memoryview(data)[len(_MAGIC):]
        n = int.from_bytes(body[:4], "little")
        start = 4
        self.offsets = body[start:start + 4 * (n + 1)].cast("I")
        start += 4 * (n + 1)
        self.buckets = body[start:start + 2 * n].cast("H")
        start += 2 * n
        self.words = bytes(body[start:]).decode("utf-8")  # offsets count code points
        self.n = n

    def bucket(self, token: str) -> int | None:
        """The bucket of a token in the list, or None when the list does not have it."""
        target = token
        words, offsets = self.words, self.offsets
        lo, hi = 0, self.n
        while lo < hi:
            mid = (lo + hi) // 2
            if words[offsets[mid]:offsets[mid + 1]] < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.n and words[offsets[lo]:offsets[lo + 1]] == target:
            return self.buckets[lo]
        return None


def encode(pack: list[list[str]]) -> bytes:
    """The copy of a wordfreq list (``get_frequency_list``: bucket i holds the words at -i centibels).

    Words are sorted as strings: code point order, which is also their UTF-8 byte order. The
    collector is off meanwhile: a list is up to 630,000 new strings, and nothing here is a cycle."""
    if len(pack) > 0xFFFF:
        raise ValueError("more buckets than the copy can hold")
    enabled = gc.isenabled()
    gc.disable()
    try:
        index: dict[str, int] = {}
        for bucket, words in enumerate(pack):  # as get_frequency_dict: a word in two buckets keeps the last
            index.update(dict.fromkeys(words, bucket))
        words = sorted(index)
        offsets = array.array("I", [0])
        offsets.extend(itertools.accumulate(map(len, words)))  # in code points: the table reads the words as one str
        buckets = array.array("H", map(index.__getitem__, words))
        if sys.byteorder != "little":  # the file is little-endian; memoryview.cast reads native order
            offsets.byteswap()
            buckets.byteswap()
        body = (_MAGIC + len(words).to_bytes(4, "little") + offsets.tobytes() + buckets.tobytes()
                + "".join(words).encode("utf-8"))
    finally:
        if enabled:
            gc.enable()
    return body + hashlib.sha256(body).hexdigest().encode()


def decode(data: bytes) -> Table | None:
    """The table in a copy, or None when it is damaged (seal, magic or sizes do not match)."""
    body, seal = data[:-_DIGEST], data[-_DIGEST:]
    if len(data) <= len(_MAGIC) + 4 + _DIGEST or not body.startswith(_MAGIC):
        return None
    if hashlib.sha256(body).hexdigest().encode() != seal:
        return None
    n = int.from_bytes(body[len(_MAGIC):len(_MAGIC) + 4], "little")
    if len(body) < len(_MAGIC) + 4 + 6 * n + 4:
        return None
    try:
        table = Table(body)
    except (UnicodeDecodeError, TypeError, ValueError):
        return None
    if table.offsets[n] != len(table.words) or any(table.offsets[i] > table.offsets[i + 1] for i in range(0, n, max(1, n // 64))):
        return None
    return table


_TABLES: dict[str, Table | None] = {}
_LOADED: set[str] = set()  # languages whose list wordfreq has loaded in this process: asked directly from then on
_OWN_TOKENS = ("zh",)  # languages wordfreq tokenises with jieba and scores in its own way: always asked directly
_FORMULA = "3."  # the wordfreq whose arithmetic zipf_frequency follows; any other is always asked directly


def _table(lang: str) -> Table | None:
    if lang not in _TABLES:
        table = None
        try:
            table = decode(copy_path(cache_dir(), lang).read_bytes())
        except OSError:
            pass
        _TABLES[lang] = table
    return _TABLES[lang]


def _write_copy(lang: str) -> None:
    """Write the copy of a list wordfreq has just loaded (it keeps it: nothing is read twice)."""
    from wordfreq import get_frequency_list  # noqa: PLC0415

    from ..cache_entries import write_atomically  # noqa: PLC0415

    folder = cache_dir()
    path = copy_path(folder, lang)
    try:
        write_atomically(path, encode(get_frequency_list(lang, "best")))  # as get_frequency_dict asked: read once
    except (OSError, ValueError):
        return  # a cache that cannot be written: wordfreq answers, as before
    for old in folder.glob(f"kekpublish-wordfreq-{lang}-*.bin"):  # for another wordfreq or format
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def zipf_frequency(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``, from the copy when there is one.

    The steps of ``wordfreq._word_frequency`` and ``zipf_frequency`` (wordfreq 3.x), with
    its own tokeniser and digit estimates: the tokens' frequencies combined as
    1 / f = 1 / f1 + 1 / f2 + ..., a missing token gives the minimum (Zipf 0), the result
    rounded to three significant digits, then to two decimals on the Zipf scale."""
    from wordfreq import cB_to_freq, digit_freq, freq_to_zipf, smash_numbers, zipf_to_freq  # noqa: PLC0415
    from wordfreq import zipf_frequency as wordfreq_zipf  # noqa: PLC0415
    from wordfreq.tokens import lossy_tokenize  # noqa: PLC0415

    if lang in _LOADED or lang in _OWN_TOKENS or not _version().startswith(_FORMULA):
        return wordfreq_zipf(word, lang)
    table = _table(lang)
    if table is None:
        value = wordfreq_zipf(word, lang)  # loads wordfreq's list for the language
        _LOADED.add(lang)
        _write_copy(lang)
        return value
    minimum = zipf_to_freq(0.0)
    tokens = lossy_tokenize(word, lang)
    if not tokens:
        return round(freq_to_zipf(minimum), 2)
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        bucket = table.bucket(smashed)
        if bucket is None:
            return round(freq_to_zipf(minimum), 2)
        freq = cB_to_freq(-bucket)
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    unrounded = max(1.0 / one_over_result, minimum)  # never 0: the minimum is Zipf 0, a frequency of 1e-9
    return round(freq_to_zipf(round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)), 2)
