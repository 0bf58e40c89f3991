"""The leak gate's searcher runs its expensive detectors only where they can find something: the
result must be exactly what running them on the whole text gives, on generated and fuzzed text."""

from __future__ import annotations

import random

import pytest

from kekpublish.anonymise import gate
from kekpublish.anonymise.detectors import EMAIL_RE, find_bsns, find_ibans
from kekpublish.anonymise.fold import fold
from kekpublish.anonymise.terms import loose

VALID_BSNS = ["123456782", "111222333", "999999990", "11122233"]  # the last: 8 digits, a BSN after the word "BSN"
VALID_IBANS = ["NL91ABNA0417164300", "NL20INGB0001234567", "DE89370400440532013000", "GB82WEST12345698765432"]


def _group(number: str, rng: random.Random) -> str:
    out = []
    for i, ch in enumerate(number):
        if i and rng.random() < 0.3:
            out.append(rng.choice(" .-"))
        out.append(ch)
    return "".join(out)


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["bsn", "BSN:", "burgerservicenummer", "sofi", "IBAN", "rekening", "m19 6 41 17 59 5 10 12",
              "06-12345678", "1234 5678 9012", "12.345.678", "2026-11-15", "NL", "AB12", "CD 34", "x", "\n", "<td>",
              "</td>", "Jansen", "é", "ß", "١٢٣", "0", "9", " ", ".", "-", "--", ". ", "a.b.c"]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 40)):
            roll = rng.random()
            if roll < 0.15:
                parts.append(_group(rng.choice(VALID_BSNS), rng))
            elif roll < 0.25:
                parts.append(_group(rng.choice(VALID_IBANS), rng) if rng.random() < 0.5 else rng.choice(VALID_IBANS))
            elif roll < 0.5:
                parts.append("".join(rng.choice("0123456789 .-") for _ in range(rng.randint(1, 30))))
            elif roll < 0.6:
                parts.append("".join(rng.choice("ABNLZ0123456789 ") for _ in range(rng.randint(1, 30))))
            else:
                parts.append(rng.choice(pieces))
            parts.append(rng.choice(["", " ", "  ", ", ", ".", "-", "\n", " " * rng.randint(20, 60)]))
        texts.append("".join(parts))
    return texts


def _reference(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in find_bsns(text) + find_ibans(text)]


@pytest.mark.parametrize("seed", range(6))
def test_identifier_spans_are_what_the_detectors_find_on_the_whole_text(seed):
    texts = _texts(seed, 400)
    found = 0
    for text in texts:
        expected = _reference(text)
        assert gate.identifier_spans(text) == expected, text
        found += len(expected)
    assert found > 100  # the corpus holds valid numbers: a test that finds nothing proves nothing


def test_identifier_spans_on_long_texts_with_numbers_close_together():
    for text in _texts(99, 30):
        long = " ".join([text] * 20)
        assert gate.identifier_spans(long) == _reference(long)
    dense = "bsn " + ", ".join(VALID_BSNS * 50) + " " + " ".join(VALID_IBANS * 20) + ", NL91 ABNA 0417 1643 00" * 10
    assert gate.identifier_spans(dense) == _reference(dense) and len(_reference(dense)) > 100


def reference_hits(searcher, text: str) -> list[tuple[str, str]]:
    """What the searcher found before it was made fast (gate-4): every detector on the whole text."""
    out = []

    def hits_in(variant: str, folded: str, patterns: bool):
        hits = searcher._term_hits(folded)
        starts = [s for s, _, _ in hits]
        told = set()
        import bisect
        for s, e, term in hits:
            if term in told:
                continue
            told.add(term)
            near = hits[bisect.bisect_left(starts, s - 2 * gate._CONTEXT):bisect.bisect_right(starts, e + gate._CONTEXT)]
            out.append((term, searcher._context(folded, s, e, near)))
        if not patterns:
            return
        for span in find_bsns(variant) + find_ibans(variant):
            value = variant[span.start:span.end]
            if value not in told:
                told.add(value)
                out.append((value, searcher._raw_context(variant, span.start, span.end)))
        for m in EMAIL_RE.finditer(variant):
            if m.group() in told or " ".join(fold(m.group()).split()) in searcher.keep_folded:
                continue
            told.add(m.group())
            out.append((m.group(), searcher._raw_context(variant, m.start(), m.end())))

    folded = fold(text)
    hits_in(text, loose(folded), True)
    if searcher.matcher:
        for m in gate._SPACED.finditer(folded):
            joined = m.group()[::2]
            if joined not in searcher.term_words and not searcher.matcher.search(joined):
                continue
            window = gate._join_spaced(folded[max(0, m.start() - gate._CONTEXT):m.end() + gate._CONTEXT])
            hits_in(window, loose(window), False)
    return out


TERMS = ["Jansen", "Jenny Jansen", "Yıldız", "de Vries", "06-12345678", "lisa.brinkman88@hotmail.com", "Müller"]
KEEP = ["Stichting de Vries", "info@gemeente.nl"]


@pytest.mark.parametrize("seed", range(4))
def test_the_searcher_reports_what_it_reported_before(seed):
    searcher = gate._Searcher(sorted(TERMS), KEEP)
    rng = random.Random(seed)
    words = ["Jansen", "jenny jansen", "J a n s e n", "Y ı l d ı z", "Yildiz", "Stichting de Vries", "de vries",
             "info@gemeente.nl", "p.devries@example.org", "lisa.brinkman88@hotmail.com", "06-12345678", "Müller",
             "MULLER", "Jansens", "Jansen's", "<b>Jan</b>sen", "%20", "het", "loket", "de", "aanvraag"]
    total = 0
    for text in _texts(seed, 150):
        mixed = " ".join(rng.choice(words) if rng.random() < 0.4 else part for part in text.split(" "))
        expected = reference_hits(searcher, mixed)
        assert list(searcher.hits(mixed)) == expected, mixed
        total += len(expected)
    assert total > 100


def test_the_gates_fold_is_fold():
    from kekpublish.anonymise import fold as folding

    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x250)] + list("ıİłŁøßẞæœĳ\u2019\u201c\u2013\u00ad\u200b\u2060\ufeffаοеÅÉéëïöüçñ١٢٣") + \
        [chr(rng.randrange(0x250, 0x30000)) for _ in range(3000)]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) if rng.random() < 0.3 else rng.choice("Jansen loket 06-12 ") for _ in range(200))
        assert gate.fold(text) == folding.fold(text)
    every = "".join(alphabet)
    assert gate.fold(every) == folding.fold(every)


def _unicode_texts(seed: int, count: int, size: int = 300) -> list[str]:
    """Texts of separators, single letters, words, white space of every kind, %20, digits and scripts."""
    rng = random.Random(seed)
    alphabet = (list(" .-_*·|+/%20\t\n\r\f\v\u00a0\u2003\u3000\u1680\u200b\u0085\x1c\x1f,;:<>'\"")
                + list("abcJyıİßéÅ1٢_") + [chr(rng.randrange(0x80, 0x30000)) for _ in range(200)])
    pieces = ["%20", "%2%20", "%%20", "j a n s e n", "J.A.N", "a-b-c", "x_y_z", "ab c d e", "a  b c", "<td>", "Jansen"]
    return ["".join(rng.choice(pieces) if rng.random() < 0.1 else rng.choice(alphabet) for _ in range(size))
            for _ in range(count)]


def test_loose_is_the_separator_runs_of_before():
    import re

    before = re.compile(r"(?:[\s\-_.+/]|%20)+")
    texts = _unicode_texts(11, 600)
    for text in texts:
        assert loose(text) == before.sub(" ", text), repr(text)
    assert sum(loose(t) != t for t in texts) > 500  # the texts hold runs to collapse


def test_the_spaced_runs_are_the_ones_of_before():
    import re

    before = re.compile(r"(?<![^\W_])[^\W_](?:[ .\-_*·|][^\W_]){2,}(?![^\W_])")
    found = 0
    for text in _unicode_texts(12, 600):
        expected = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in gate._SPACED.finditer(text)] == expected, repr(text)
        found += len(expected)
    assert found > 300


def test_the_words_of_a_text_are_its_letter_and_digit_runs():
    for text in _unicode_texts(13, 600) + [loose(fold(t)) for t in _unicode_texts(14, 200)]:
        assert gate.words(text) == set(gate._WORD.findall(text)), repr(text)
    assert gate.words("") == set() and gate.words("jan_sen a.b 12 ß") == {"jan", "sen", "a", "b", "12", "ß"}
