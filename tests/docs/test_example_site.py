"""examples/mkdocs.yml, the runnable example the manual points to, builds strictly and publishes no raw study file."""

from __future__ import annotations

import re
import shutil

from sitebuild import ROOT, run, text_of_site

CONFIG = ROOT / "examples" / "mkdocs.yml"
STUDY = ROOT / "examples" / "studies" / "overlijden"


def test_the_example_site_builds_and_leaks_nothing(tmp_path):
    project = tmp_path / "examples"  # a copy, so the cache and the site land in the temp dir
    shutil.copytree(CONFIG.parent, project, ignore=shutil.ignore_patterns(".cache", "site*"))
    site = project / "site"
    result = run("-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    for page in ("index.html", "overlijden/index.html", "overlijden/hartmonitor/index.html",
                 "overlijden/klantreiskaart/index.html", "overlijden/actieplan/index.html", "acties/index.html",
                 *(f"overlijden/narratieven/r0{i}/index.html" for i in range(1, 6)),
                 "overlijden/mystery-shopping/balie-gemeente/index.html", "overlijden/mystery-shopping/telefoon-svb/index.html"):
        assert (site / page).is_file(), page
    texts = text_of_site(site)
    assert not any("kek: narrative" in text for text in texts.values()), "a raw study file reached the site"
    terms = set()
    for path in STUDY.rglob("*.md"):
        match = re.search(r"^sensitive:\s*\[(.*?)\]", path.read_text("utf-8"), re.M)
        if match:
            terms |= {t.strip() for t in match.group(1).split(",")}
    assert len(terms) > 15
    for rel, text in texts.items():
        if rel.startswith("assets/"):
            continue
        for term in terms:
            assert not re.search(r"(?<!\w)" + re.escape(term) + r"(?![a-z])", text, re.I), f"{term} in {rel}"
