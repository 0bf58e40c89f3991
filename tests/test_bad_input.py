"""A corpus of broken studies, one defect each, built as a user would build it.

`mkdocs build --strict` and `kekpublish build --strict` must both exit non-zero,
name file, line and field of every defect in one run, show no traceback, and
leave the previous site untouched.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitebuild import build, run, write_config
from test_validation import CASES, STARTER, STUDY_FIELDS, edit, line_of

pytestmark = pytest.mark.slow

# The corpus: every rule of test_validation in its own study, plus the file-level defects.
EXTRA = ["not-utf8", "five-mb", "yaml-list", "outside-study", "two-plans"]


def make_corpus(docs: Path) -> list[tuple[str, int | None, str]]:
    """Write the broken corpus; return the (file, line, field) every defect must be reported at."""
    expected = []
    for number, (file, old, new, field, needle, _words, _severity) in enumerate(CASES):
        folder = f"case-{number:02d}"
        shutil.copytree(STARTER, docs / folder)
        study = docs / folder / "study.md"
        # every case is a journey of its own, so that rounds never mix
        edit(study, "journey: nieuw-onderzoek", f"journey: {folder}")
        edit(docs / folder / file, old, new)
        at = f"{folder}/study.md" if field.startswith(STUDY_FIELDS) else f"{folder}/{file}"
        expected.append((at, line_of(docs / at, needle) if needle else None, field))

    shutil.copytree(STARTER, docs / "files")
    edit(docs / "files/study.md", "journey: nieuw-onderzoek", "journey: files")
    (docs / "files/narratives/latin1.md").write_bytes("---\nkek: narrative\nrespondent: R02\nsegment: a\n---\nCaf\xe9\n".encode("latin-1"))
    expected.append(("files/narratives/latin1.md", 6, ""))
    (docs / "files/narratives/groot.md").write_text("---\nkek: narrative\nrespondent: R03\nsegment: a\n---\n" + "tekst " * 900_000, encoding="utf-8")
    expected.append(("files/narratives/groot.md", None, ""))
    (docs / "files/lijst.md").write_text("---\n- kek\n- narrative\n---\n", encoding="utf-8")
    expected.append(("files/lijst.md", 2, ""))
    (docs / "los.md").write_text("---\nkek: narrative\nrespondent: R09\nsegment: a\n---\nLos verhaal.\n", encoding="utf-8")
    expected.append(("los.md", 2, "kek"))
    shutil.copy(docs / "files/actions.md", docs / "files/shopping/tweede-plan.md")
    expected.append(("files/shopping/tweede-plan.md", None, "kek"))

    # front matter that could take the machine down, or hide a value (issue 11.2, 11.10)
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10 if i else ['"lol"'] * 10) + "]\n" for i in range(10))
    (docs / "files/narratives/bom.md").write_text("---\nkek: narrative\nrespondent: R04\nsegment: a\n" + bomb + "---\n", encoding="utf-8")
    expected.append(("files/narratives/bom.md", 5, ""))
    (docs / "files/narratives/zelf.md").write_text("---\nkek: narrative\nrespondent: R05\nsegment: a\nsensitive: &s [Jansen, *s]\n---\n", encoding="utf-8")
    expected.append(("files/narratives/zelf.md", 5, ""))
    (docs / "files/narratives/dubbel.md").write_text("---\nkek: narrative\nrespondent: R06\nsegment: a\nsensitive: [Jansen]\n"
                                                     "method: online\nsensitive: [Pietersen]\n---\n", encoding="utf-8")
    expected.append(("files/narratives/dubbel.md", 7, "sensitive"))
    # files that would vanish, tabs, misspelt privacy keys (issue 13.4, 13.5)
    (docs / "files/narratives/open.md").write_text("---\nkek: narrative\nrespondent: R07\nsegment: a\n\nHet verhaal.\n", encoding="utf-8")
    expected.append(("files/narratives/open.md", 1, ""))
    (docs / "files/narratives/tab.md").write_text("---\nkek: narrative\nrespondent: R08\nsegment: a\nprofile:\n\tage: 40\n---\n", encoding="utf-8")
    expected.append(("files/narratives/tab.md", 6, ""))
    (docs / "files/narratives/r10.md").write_text("---\nkek: narrative\nrespondent: R10\nsegment: a\nsensitve: [Jansen]\n---\n", encoding="utf-8")
    expected.append(("files/narratives/r10.md", 5, "sensitve"))
    # a link out of the docs folder (issue 11.1)
    outside = docs.parent / "buiten"
    outside.mkdir()
    (outside / "transcript.txt").write_text("Interview met Yasmina Dirksen\n", encoding="utf-8")
    (docs / "files/bijlagen").symlink_to(outside)
    expected.append(("files/bijlagen", None, ""))
    # (1.1) an interim measurement read from a CSV
    (docs / "files/metingen/tussenmeting.md").write_text("---\nkek: measurement\ndate: 2026-11-15\nsource: Panel\nscores_csv: meting.csv\n---\n",
                                                          encoding="utf-8")
    (docs / "files/metingen/meting.csv").write_text("step;n;mean\naanvragen;24;10\nafronden;18;-150\n", encoding="utf-8")
    expected.append(("files/metingen/meting.csv", 3, "mean"))
    return expected


def reported(output: str) -> set[tuple[str, int | None, str]]:
    """(file, line, field) of every problem in kekpublish's report."""
    found, file = set(), None
    for line in output.splitlines():
        if re.match(r"^(?:\S.*?- )?\s{2}\S+$", line):
            file = line.strip()
        match = re.match(r"^\s{4}(?:line (\d+)|file):(?: ([^:]+):)? ", line)
        if match and file:
            found.add((file, int(match.group(1)) if match.group(1) else None, match.group(2) or ""))
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    good = folder / "good"
    shutil.copytree(STARTER, good / "studie")
    site_dir = folder / "site"
    config = write_config(folder, good, site_dir=site_dir)
    build(config)  # the last good site
    before = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    docs = folder / "docs"
    docs.mkdir()
    expected = make_corpus(docs)
    broken_config = write_config(folder, docs, site_dir=site_dir)
    return broken_config, site_dir, before, expected


@pytest.mark.parametrize("command", [["-m", "mkdocs", "build", "--strict"], ["-m", "kekpublish.cli", "build", "--strict"]],
                         ids=["mkdocs", "kekpublish"])
def test_every_defect_is_reported_at_once(corpus, command):
    config, site_dir, before, expected = corpus
    result = run(*command, "-f", str(config))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    found = reported(output)
    missing = [(file, line, field) for file, line, field in expected
               if not any(f == file and (line is None or l == line) and (field == "" or fl == field) for f, l, fl in found)]
    assert not missing, f"not reported: {missing}\n{output[-3000:]}"
    after = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert after == before, "the previous site changed"
