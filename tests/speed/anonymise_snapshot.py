"""What the anonymiser publishes, as one JSON-able record: the equality check for its speed work.

A speed change to the anonymiser must not change one output character. This module records, for a
site, everything ``anonymise_site`` hands downstream (every anonymised meta and body, the
replacements with file, line and field, the leak terms, the problems, the ordinary pages), and for
the labelled corpus of ``bench/anonymisation.py`` every anonymised paragraph, the replacements and
the leak terms. ``tests/speed/test_anonymise_same.py`` compares a small version against a
committed record; the big comparison is this module run as a script:

    python tests/speed/anonymise_snapshot.py record /tmp/before.json   # at the commit before the change
    python tests/speed/anonymise_snapshot.py compare /tmp/before.json  # after it: exits 1 on any difference
    python tests/speed/anonymise_snapshot.py check   # in one process: with the speed-ups, then without

``check`` is the one to use while the detectors change under you: both sides run the same detection
code, only the speed-ups differ (``shortcuts_off``).

Sources: the demo (content/studies), examples/studies/overlijden, a generated bench corpus
(bench/generate.py -n 100) and the labelled corpus (seeds 7, 11, 23, 99). No span cache is used
(every analysis is made), so the record does not depend on what an earlier build left behind.
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def site_record(docs: Path) -> dict:
    """Everything anonymise_site publishes for the site under docs."""
    from kekpublish.model import load_site
    from kekpublish.model.problems import Problems
    from kekpublish.publish.anonymised import _dump, anonymise_site
    from kekpublish.publish.options import Options

    site, _ = load_site(docs)
    problems = Problems()
    result = anonymise_site(site, Options(cache_dir=None), problems, roots=(docs,))
    return {
        "studies": [_dump(s) for s in result.site.studies],
        "replacements": [list(dataclasses.astuple(r)) for r in result.replacements],
        "leak_terms": sorted(result.leak_terms),
        "problems": [list(dataclasses.astuple(p)) for p in problems.items],
        "pages": result.study_pages,
    }


def labelled_record(seed: int, paragraphs: int = 300) -> dict:
    """The labelled corpus of bench/anonymisation.py, anonymised as measure() does it."""
    sys.path.insert(0, str(ROOT / "bench"))
    import anonymisation
    from kekpublish.anonymise import Anonymiser, Rules

    out = []
    for cases in anonymisation.generate(seed, paragraphs):
        a = Anonymiser(Rules(keep=("Juridisch Loket", "SVB", "UWV", "CAK", "DUO", "Belastingdienst")))
        for i, c in enumerate(cases):
            a.markdown(c.text, file=f"{i}.md", first_line=1)
        a.begin_final_pass()
        texts = [a.markdown(c.text, file=f"{i}.md", first_line=1) for i, c in enumerate(cases)]
        out.append({"texts": texts, "replacements": [list(dataclasses.astuple(r)) for r in a.replacements],
                    "leak_terms": sorted(a.leak_terms())})
    return {"studies": out}


def record(small: bool = False) -> dict:
    """The whole record (small: the demo, the example and seed 11 only, for the committed test)."""
    data = {"demo": site_record(ROOT / "content" / "studies"),
            "overlijden": site_record(ROOT / "examples" / "studies")}
    if small:
        data["labelled-11"] = labelled_record(11, 60)
        return data
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "-n", "100", "--out", tmp],
                       check=True, capture_output=True)
        data["bench-n100"] = site_record(Path(tmp) / "kek" / "docs")
    for seed in (7, 11, 23, 99):
        data[f"labelled-{seed}"] = labelled_record(seed)
    return data


def _fold_with_map_plain(text: str) -> tuple[str, list[int]]:
    from kekpublish.anonymise.fold import fold_char

    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def shortcuts_off(setattr=setattr) -> None:
    """Switch the engine's speed-ups back to the plain computation (``setattr`` may be pytest's
    ``monkeypatch.setattr``): each text laid out and detected afresh, one known-name matcher over
    every known name compiled per block, folding character by character."""
    from kekpublish.anonymise import engine, terms
    from kekpublish.anonymise.engine import Anonymiser
    from kekpublish.anonymise.terms import TermMatcher
    from kekpublish.anonymise.views import markdown_layout, plain_layout

    static = Anonymiser._static_spans

    def layout(self, text, markdown):
        return markdown_layout(text) if markdown else plain_layout(text)

    def static_spans(self, v):
        self._static.clear()
        return static(self, v)

    def names_in(self, v, extra):
        return TermMatcher(sorted(self._known_name_set(extra)))

    def known_name_set(self, extra):
        self._known_state = None  # recomputed from the registry every time
        return known(self, extra)

    def name_matcher(self, extra, loose):
        names = self._known_name_set(extra)
        if loose:
            return TermMatcher(names, sep=terms.LOOSE_SEP, possessive=False, right_boundary=False)
        return TermMatcher(names)

    known = Anonymiser._known_name_set
    setattr(Anonymiser, "_layout", layout)
    setattr(Anonymiser, "_static_spans", static_spans)
    setattr(Anonymiser, "_names_in", names_in)
    setattr(Anonymiser, "_known_name_set", known_name_set)
    setattr(Anonymiser, "_name_matcher", name_matcher)
    setattr(terms, "fold_with_map", _fold_with_map_plain)
    setattr(engine, "fold_with_map", _fold_with_map_plain)


def differences(before: dict, after: dict, path: str = "") -> list[str]:
    """Where two records differ (path and both values, shortened)."""
    if type(before) is not type(after):
        return [f"{path}: {str(before)[:200]!r} != {str(after)[:200]!r}"]
    if isinstance(before, dict):
        out = []
        for k in sorted(set(before) | set(after), key=str):
            if k not in before or k not in after:
                out.append(f"{path}/{k}: only in {'after' if k not in before else 'before'}")
            else:
                out += differences(before[k], after[k], f"{path}/{k}")
        return out
    if isinstance(before, list):
        out = [] if len(before) == len(after) else [f"{path}: {len(before)} items != {len(after)}"]
        for i, (a, b) in enumerate(zip(before, after)):
            out += differences(a, b, f"{path}/{i}")
        return out
    return [] if before == after else [f"{path}: {str(before)[:200]!r} != {str(after)[:200]!r}"]


def main(argv: list[str]) -> int:
    if argv == ["check"]:  # one process, the same detection code: with the shortcuts, then without
        fast = json.loads(json.dumps(record(), ensure_ascii=False))
        shortcuts_off()
        plain = json.loads(json.dumps(record(), ensure_ascii=False))
        diffs = differences(plain, fast)
        for d in diffs[:50]:
            print(d)
        print(f"{len(diffs)} differences ({', '.join(fast)}; "
              f"{sum(len(v.get('replacements', [])) for v in fast.values())} site replacements)")
        return 1 if diffs else 0
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    data = json.loads(json.dumps(record(), ensure_ascii=False))
    if argv[0] == "record":
        Path(argv[1]).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        print(f"recorded {argv[1]}: {', '.join(data)}")
        return 0
    diffs = differences(json.loads(Path(argv[1]).read_text("utf-8")), data)
    for d in diffs[:50]:
        print(d)
    print(f"{len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
