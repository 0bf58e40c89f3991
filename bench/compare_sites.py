"""What a reader sees differently between two built sites: the words of every page, compared.

    python bench/compare_sites.py OLD_SITE NEW_SITE [--limit 60]

Build the same project with two versions of kekpublish (an old one on PYTHONPATH, e.g. a
``git worktree`` of an earlier commit, each with its own cache_dir) and compare: every HTML page's
text (scripts, styles and inline SVGs left out, tags removed, entities decoded) word by word, with
a few words of context around each change. This is how a change to the anonymiser is checked on
text nobody wrote for its tests (the demo, the shared example, a generated corpus): a change that
should touch one kind of sentence must not touch others.
"""
from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
from pathlib import Path

_HIDDEN = re.compile(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", re.S)


def words(page: Path) -> list[str]:
    text = _HIDDEN.sub(" ", page.read_text("utf-8", "replace"))
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).split()


def changes(old: Path, new: Path):
    """(page, old words, new words) for every change, in page order; pages only one site has too."""
    old_pages = {p.relative_to(old).as_posix() for p in old.rglob("*.html")}
    new_pages = {p.relative_to(new).as_posix() for p in new.rglob("*.html")}
    for rel in sorted(old_pages ^ new_pages):
        yield rel, ["(page only in the old site)"] if rel in old_pages else [], \
            ["(page only in the new site)"] if rel in new_pages else []
    for rel in sorted(old_pages & new_pages):
        a, b = words(old / rel), words(new / rel)
        if a == b:
            continue
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal":
                yield rel, a[max(0, i1 - 4):i2 + 3], b[max(0, j1 - 4):j2 + 3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--limit", type=int, default=60, help="changes shown (all are counted)")
    args = parser.parse_args()
    count, pages = 0, set()
    for rel, a, b in changes(args.old, args.new):
        count += 1
        pages.add(rel)
        if count <= args.limit:
            print(f"{rel}: {' '.join(a)}  =>  {' '.join(b)}")
    print(f"{count} changes in {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
