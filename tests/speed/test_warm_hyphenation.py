"""The chart text's lazy Dutch hyphenation (render/svg/fonts.py Hyphenator) breaks every word where pyphen does.

pyphen parses all its patterns on load (0.4 s of a warm build); kekpublish's reader parses only
the patterns a word needs. Same break points, or the charts would change.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyphen

from kekpublish.render.svg import fonts

ROOT = Path(__file__).resolve().parents[2]


def _words() -> list[str]:
    path = pyphen.LANGUAGES[pyphen.language_fallback("nl_NL")]
    text = path.read_text("latin-1")
    from_patterns = {re.sub(r"[\d.]", "", line) for line in text.split("\n")[1:] if line.strip()}
    prose = set()
    for md in sorted((ROOT / "content").rglob("*.md"))[:200]:
        prose.update(re.findall(r"[^\W\d_][\w'-]*", md.read_text("utf-8")))
    rng = random.Random(14)
    pool = sorted(w for w in prose | from_patterns if len(w) > 2)
    compounds = {"".join(rng.sample(pool, 3)) for _ in range(3000)}
    capitals = {w.capitalize() for w in rng.sample(pool, min(500, len(pool)))}
    extra = {"kinderopvangtoeslag", "Gemeentebelastingen", "verhuisaangifte", "a", "ab", "ĳsbeer", "één",
             "basisregistratiepersonen", "x" * 40, "café-eigenaar", "IJMUIDEN"}
    return sorted(from_patterns | prose | compounds | capitals | extra)


def test_lazy_hyphenation_has_pyphens_break_points() -> None:
    ours = fonts._hyphenator()
    assert isinstance(ours, fonts.Hyphenator)  # the Dutch file is read lazily, not by pyphen
    theirs = pyphen.Pyphen(lang="nl_NL")
    words = _words()
    assert len(words) > 15000
    differ = [w for w in words if ours.positions(w) != [int(p) for p in theirs.positions(w)]]
    assert differ == []


def test_a_file_with_pyphens_alternatives_goes_to_pyphen(tmp_path) -> None:
    dic = tmp_path / "hyph_xx.dic"
    dic.write_text("UTF-8\n.a4\nc1k/k=k,1,1\n", "utf-8")
    assert fonts.Hyphenator.read(dic) is None
    plain = tmp_path / "hyph_yy.dic"
    plain.write_text("UTF-8\nLEFTHYPHENMIN 2\n% note\n1ba\nb1b\n0a0\n", "utf-8")
    ours = fonts.Hyphenator.read(plain)
    theirs = pyphen.Pyphen(filename=str(plain))
    for word in ["abba", "babab", "bbbbbb", "aa", "abab"]:
        assert ours.positions(word) == [int(p) for p in theirs.positions(word)]
