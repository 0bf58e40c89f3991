"""Front matter that could exhaust a machine or hide a value: refused with file and line, never expanded.

The hostile payloads run in a child process with a memory cap and a timeout, so that
a regression fails this test instead of taking CI down with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kekpublish.model import load_site
from kekpublish.model.frontmatter import MAX_DEPTH, FrontMatterError, parse

ROOT = Path(__file__).resolve().parents[2]

NARRATIVE = "kek: narrative\nrespondent: R01\nsegment: a\n"


def billion_laughs(levels: int = 10) -> str:
    """The classic alias bomb: ten levels of ten aliases, 10**10 strings once expanded (about 5 KB written)."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


PAYLOADS = {
    "billion laughs": (billion_laughs(), 5, "anchors (&lol0)"),
    "self-referencing alias": ("sensitive: &a [Jansen, *a]\n", 5, "anchors (&a)"),
    "alias of a mapping": ("profile: &p {age: 40}\nquotes:\n  - *p\n", 5, "anchors (&p)"),
    "alias without anchor": ("sensitive: [*nergens]\n", 5, "aliases (*nergens)"),
    "merge key": ("profile:\n  <<: {age: 40}\n", 6, "merge keys"),
    "deep nesting": ("experiences: " + "[" * 200_000 + "]" * 200_000 + "\n", 5, f"more than {MAX_DEPTH} levels"),
    "deep block nesting": ("experiences:\n" + "".join("  " * i + "- \n" for i in range(1, 150)), None, f"more than {MAX_DEPTH} levels"),
    "python tag": ("title: !!python/object/apply:os.system [echo hoi]\n", 5, "tags (!!python/object/apply:os.system)"),
    "python scalar tag": ("title: !!python/name:os.system x\n", 5, "tags (!!python/name:os.system)"),
}


def run_bounded(code: str, memory_mb: int = 1024, timeout: int = 120) -> dict:
    """Run code in a child with an address-space cap; its last stdout line is JSON."""
    prelude = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} * 2**20, {memory_mb} * 2**20))
    """)
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_front_matter_is_refused_with_file_and_line(tmp_path, name):
    payload, line, words = PAYLOADS[name]
    docs = tmp_path / "docs" / "studie" / "narratives"
    docs.mkdir(parents=True)
    (docs / "r01.md").write_text("---\n" + NARRATIVE + payload + "---\nTekst.\n", encoding="utf-8")
    found = run_bounded(f"""
        import json
        from kekpublish.model import load_site
        site, problems = load_site({str(tmp_path / 'docs')!r})
        print(json.dumps([[p.file, p.line, p.message, p.severity] for p in problems.items]))
    """)
    problem = next(p for p in found if p[0] == "studie/narratives/r01.md")
    assert problem[3] == "error" and words in problem[2], found
    if line is not None:
        assert problem[1] == line, found
    assert "Traceback" not in problem[2]


def test_aliases_are_refused_in_ordinary_pages_too(tmp_path):
    """MkDocs parses an ordinary page's front matter itself: the build must stop before it expands a bomb."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("---\n" + billion_laughs() + "---\n# Welkom\n", encoding="utf-8")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "index.md" and problem.line == 2 and "aliases" not in problem.message and "anchors" in problem.message


@pytest.mark.parametrize("text,line,path", [
    ("a: 1\nb: 2\na: 3\n", 4, ("a",)),
    ("m:\n  x: 1\n  x: 2\n", 4, ("m", "x")),
    ("l:\n  - {k: 1, k: 2}\n", 3, ("l", 0, "k")),
    ("1: a\n1.0: b\n", 3, (1.0,)),
])
def test_a_key_written_twice_is_a_problem_with_both_lines(text, line, path):
    front = parse("---\n" + text + "---\n")
    [(at, where, message)] = front.problems
    assert (at, where) == (line, path) and "written twice" in message and str(line) in message


def test_a_duplicate_keeps_the_first_value_and_reads_no_further():
    front = parse("---\nsensitive: [A]\nsensitive: [B, {x: 1}]\n---\n")
    assert front.data == {"sensitive": ["A"]} and len(front.problems) == 1


def test_lines_of_keys_and_items():
    front = parse("---\nkek: narrative\nexperiences:\n  - step: a\n    score: 1\n  - {step: b, score: 2}\n---\nTekst\n")
    assert front.line_of(("experiences", 0, "score")) == 5 and front.line_of(("experiences", 1)) == 6
    assert front.line_of(("experiences", 1, "step")) == 6 and front.body_line == 8


def test_dates_stay_text_and_values_keep_their_types():
    front = parse("---\nd: 2026-02-31\nn: 3\nf: 2.5\nb: true\nz: ~\ns: '007'\n---\n")
    assert front.data == {"d": "2026-02-31", "n": 3, "f": 2.5, "b": True, "z": None, "s": "007"}


@pytest.mark.parametrize("text", ["a:\n\t- b\n", "a:\n  b: 1\n\tc: 2\n"])
def test_a_tab_says_use_spaces(text):
    with pytest.raises(FrontMatterError) as error:
        parse("---\n" + text + "---\n")
    assert "use spaces, not tabs" in error.value.message and error.value.line in (3, 4)


def test_unclosed_front_matter_is_flagged_not_guessed():
    front = parse("---\nkek: narrative\nrespondent: R01\n\nTekst.\n")
    assert front.unclosed and front.data == {}
    assert not parse("Tekst\n---\n").unclosed and not parse("---\na: 1\n---\n").unclosed
